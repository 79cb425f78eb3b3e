// A missing to_date names the field.
function main() {
  return Events({ from_date: '2016-03-15' });
}
