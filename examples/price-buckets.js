// Item views by price band: numeric_bucket with a list of boundaries. Prices sent as
// strings are not numbers, so they fall in the null bucket (nest mixpanel.to_number to
// convert them).
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'View Item' }] })
    .groupBy([mixpanel.numeric_bucket('properties.price', [0, 10, 25, 50, 100, 250])], mixpanel.reducer.count());
}
