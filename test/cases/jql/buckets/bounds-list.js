// Boundaries [6, 20, 50]: the largest bound <= value. 10 -> 6; 25.5, 40 -> 20; 100 -> 50;
// 5 is below the first bound -> null; non-numbers ("7", missing) -> null: null = 5 + 1 = 6.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket('properties.amount', [6, 20, 50])], mixpanel.reducer.count());
}
