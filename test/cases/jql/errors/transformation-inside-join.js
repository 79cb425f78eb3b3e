// join's arguments must be bare sources.
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(function (e) { return true; }), People());
}
