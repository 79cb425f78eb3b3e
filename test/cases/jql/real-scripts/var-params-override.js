// params: {"day": "2016-03-15"}
// `var params` at top level overrides the injected params: the run uses 2016-03-16 (3 events).
var params = { day: '2016-03-16' };
function main() {
  return Events({ from_date: params.day, to_date: params.day }).reduce(mixpanel.reducer.count());
}
