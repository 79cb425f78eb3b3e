// More than 8 reducers in one call is allowed: 10 counts of 10.
function main() {
  var r = [];
  for (var i = 0; i < 10; i++) r.push(mixpanel.reducer.count());
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(r);
}
