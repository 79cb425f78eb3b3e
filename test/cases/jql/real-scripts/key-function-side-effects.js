// Formerly a known bug (fixed): a key function's side effects (delete e.properties.amount) do not reach the reducer's items
// A key function that deletes a property changes what the reducer sees: amounts are gone -> sums 0.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([function (e) { var n = e.name; delete e.properties.amount; return n; }],
                     [mixpanel.reducer.sum('properties.amount'), mixpanel.reducer.count()]);
}
