// A key function returning an array is spliced into the composite key: 2 keys, 3 components.
// Purchases: [purchase, CA, bob], [purchase, US, alice], [purchase, US, carol].
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.name === 'purchase'; })
    .groupBy([function (e) { return [e.name, e.properties.country]; }, 'distinct_id'], mixpanel.reducer.count());
}
