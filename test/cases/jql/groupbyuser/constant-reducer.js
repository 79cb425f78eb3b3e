// A constant reducer (state => 1), as real scripts write it: 1 per user.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(function () { return 1; }).reduce(mixpanel.reducer.sum('value'));
}
