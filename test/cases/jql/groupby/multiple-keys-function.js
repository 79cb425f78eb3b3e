// multiple_keys over a function key giving [name, country]: every event goes into its
// name group and its country group (e8 country null -> null, e9 FR).
// Counts: null 1, CA 2, FR 1, US 6, purchase 3, signup 2, view 5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.multiple_keys(function (e) { return [e.name, e.properties.country]; })], mixpanel.reducer.count());
}
