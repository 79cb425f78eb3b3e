// Percentiles of purchase amounts in USD (exact, linear interpolation between ranks),
// the whole distribution in one reduce. Amounts sent as strings are converted with
// mixpanel.to_number.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31',
                  event_selectors: [{ event: 'Purchase', selector: 'properties["currency"] == "USD"' }] })
    .reduce(mixpanel.reducer.numeric_percentiles(mixpanel.to_number('properties.amount'), [10, 25, 50, 75, 90, 99]));
}
