// groupByUser on a source with event_selectors: purchases summed per user (alice 25.5, bob 100, carol 40).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17', event_selectors: [{ event: 'purchase' }] })
    .groupByUser(mixpanel.reducer.sum('properties.amount'));
}
