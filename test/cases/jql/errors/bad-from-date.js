// A malformed from_date names the field.
function main() {
  return Events({ from_date: '2016-3-15', to_date: '2016-03-17' });
}
