// tags: e2 [a,b], e4 [b], e6 [] ; others map to [] -> flatten gives a, b, b.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) { return e.properties.tags || []; })
    .flatten()
    .groupBy([function (t) { return t; }], mixpanel.reducer.count());
}
