// A user filter function and a user key function (sandboxed callbacks).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.properties.country == 'US'; })
    .groupBy([function (e) { return e.name; }], mixpanel.reducer.count());
}
