// Math.random() works (seeded): every draw is in [0, 1).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).map(function () { var r = Math.random(); return r >= 0 && r < 1; }).groupBy([function (b) { return b; }], mixpanel.reducer.count());
}
