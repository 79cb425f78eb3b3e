// An object as a key component is a script error.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([function (e) { return { name: e.name }; }], mixpanel.reducer.count());
}
