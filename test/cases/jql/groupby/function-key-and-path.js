// A function key (day of month, UTC) then a path key: 15: alice 3; 16: bob 2, carol 1;
// 17: null 1 (e9), alice 1, carol 1, dave 1.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([function (e) { return new Date(e.time).getUTCDate(); }, 'distinct_id'], mixpanel.reducer.count());
}
