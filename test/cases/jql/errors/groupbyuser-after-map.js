// groupByUser must come right after the source (or filters): after map it is an invalid query.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).map(function (e) { return e; }).groupByUser(mixpanel.reducer.count());
}
