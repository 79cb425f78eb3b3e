// null() and noop() always give null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], [mixpanel.reducer.null(), mixpanel.reducer.noop(), mixpanel.reducer.count()]);
}
