// groupByUser after groupBy is misplaced too.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], mixpanel.reducer.count()).groupByUser(mixpanel.reducer.count());
}
