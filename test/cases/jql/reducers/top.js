// top(2) over groupBy rows: the 2 largest values, largest first.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], mixpanel.reducer.count()).reduce(mixpanel.reducer.top(2));
}
