// Median of 5, 10, 25.5, 40, 100: h = 4 * 0.5 = 2 -> 25.5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.numeric_percentiles('properties.amount', 50));
}
