// A path into an object value ('value.n') after a custom groupBy reducer.
// Per country: number of events; then rows regrouped by that number: 1 -> null, FR; 2 -> CA; 6 -> US.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['properties.country'], function (accs, items) {
      var n = items.length;
      accs.forEach(function (a) { n += a.n; });
      return { n: n };
    })
    .groupBy(['value.n'], mixpanel.reducer.count());
}
