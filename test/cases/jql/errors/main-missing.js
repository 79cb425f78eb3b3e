// No main() at all.
function notMain() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' });
}
