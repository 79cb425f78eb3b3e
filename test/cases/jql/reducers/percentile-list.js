// Sorted 5, 10, 25.5, 40, 100, h = 4p/100, linear between ranks:
// 0 -> 5; 12.5 -> h 0.5 -> 7.5; 50 -> 25.5; 62.5 -> h 2.5 -> 32.75; 75 -> 40; 100 -> 100.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.numeric_percentiles('properties.amount', [0, 12.5, 50, 62.5, 75, 100]));
}
