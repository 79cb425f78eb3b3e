// With a list of reducers the first element ranks: [count, sum]: purchase 3, signup 2, view 5 -> top 1: view.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], [mixpanel.reducer.count(), mixpanel.reducer.sum('properties.amount')])
    .applyGroupLimits([1]);
}
