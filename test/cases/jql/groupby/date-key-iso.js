// A Date as a key component becomes its ISO string: days 15 (3), 16 (3), 17 (4).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([function (e) { return new Date(e.time - e.time % 86400000); }], mixpanel.reducer.count());
}
