// The five items added to carts most often: a groupBy, then reduce(top(5)) to one list
// (ties broken by key), then sortDesc on the one-item collection as real scripts do.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'Add To Cart' }] })
    .groupBy(['properties.item_id'], mixpanel.reducer.count())
    .reduce(mixpanel.reducer.top(5))
    .sortDesc('value');
}
