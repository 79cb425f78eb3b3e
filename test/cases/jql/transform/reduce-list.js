// reduce with a list: one item, a list of results [count 10, sum 180.5, max 100].
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce([mixpanel.reducer.count(), mixpanel.reducer.sum('properties.amount'), mixpanel.reducer.max('properties.amount')]);
}
