// All 10 fixture events fall on 2016-03-15..17 (UTC): count = 10.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.count());
}
