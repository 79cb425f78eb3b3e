// Events per user: alice 4, bob 2, carol 2, dave 1; e9 has no distinct_id and belongs to no user.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(mixpanel.reducer.count());
}
