// params: {"day": "2016-03-15", "keep": "me"}
// Assigning params = {...} at top level replaces it (day 17th: 4 events; keep is gone).
params = { day: '2016-03-17' };
function main() {
  return Events({ from_date: params.day, to_date: params.day })
    .reduce(mixpanel.reducer.count())
    .map(function (n) { return [n, params.keep === undefined]; });
}
