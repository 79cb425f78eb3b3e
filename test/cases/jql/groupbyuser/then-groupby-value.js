// Users by number of events: 1 -> dave; 2 -> bob, carol; 4 -> alice.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(mixpanel.reducer.count()).groupBy(['value'], mixpanel.reducer.count());
}
