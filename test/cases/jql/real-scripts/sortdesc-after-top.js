// sortDesc after reduce(top(5)): sorting a one-item collection leaves it as is.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], mixpanel.reducer.count()).reduce(mixpanel.reducer.top(5)).sortDesc('value');
}
