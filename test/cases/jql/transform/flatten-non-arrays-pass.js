// Non-arrays pass through flatten: tags where present (a, b, b; e6 [] gives nothing),
// else the event name: signup e1 e8, purchase e3 e5 e10, view e7 e9.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) { return e.properties.tags || e.name; })
    .flatten()
    .groupBy([function (t) { return t; }], mixpanel.reducer.count());
}
