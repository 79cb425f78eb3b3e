// numeric_summary of purchase amounts per currency: count, sum, sum of squares, mean
// and population standard deviation in one reducer.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'Purchase' }] })
    .groupBy(['properties.currency'], mixpanel.reducer.numeric_summary('properties.amount'));
}
