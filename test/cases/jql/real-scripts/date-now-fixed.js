// Date.now() is the run's clock (fixed at 2016-03-20T12:00Z in the harness): 3 days back is the 17th (4 events).
function main() {
  var day = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10);
  return Events({ from_date: day, to_date: day }).reduce(mixpanel.reducer.count());
}
