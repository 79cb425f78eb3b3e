// Per country median: CA 5, 100 -> 52.5; US 10, 25.5, 40 -> 25.5; null and FR have no amount -> null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['properties.country'], mixpanel.reducer.numeric_percentiles('properties.amount', 50));
}
