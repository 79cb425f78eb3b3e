// A percentile outside [0, 100] is an invalid query.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.numeric_percentiles('properties.amount', 150));
}
