// groupByUser after filter(): views per user: alice 2 (e2 e7), bob 1, carol 1 (e9 has no user).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.name === 'view'; })
    .groupByUser(mixpanel.reducer.count());
}
