// groupBy with a list of reducers: value is a list [count, sum(amount)].
// purchase: 3, 25.5+100+40 = 165.5; signup: 2, 0; view: 5, 10+5 = 15 ("7" skipped).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], [mixpanel.reducer.count(), mixpanel.reducer.sum('properties.amount')]);
}
