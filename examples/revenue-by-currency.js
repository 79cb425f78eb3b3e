// Purchases per currency: count, sum and average of `amount`, with several reducers in
// one groupBy. Numeric reducers skip the ~0.4% of amounts sent as strings ("138.5").
// `params.event` may name another event (default Purchase).
function main() {
  var event = params.event || 'Purchase';
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: event }] })
    .groupBy(['properties.currency'], [
      mixpanel.reducer.count(),
      mixpanel.reducer.sum('properties.amount'),
      mixpanel.reducer.avg('properties.amount'),
    ]);
}
