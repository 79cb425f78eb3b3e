// "Top 3 categories, and the top 2 items of each" with applyGroupLimits over a two-key
// groupBy (categories ranked by their total; rows stay in key order).
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'Add To Cart' }] })
    .groupBy(['properties.category', 'properties.item_id'], mixpanel.reducer.sum('properties.quantity'))
    .applyGroupLimits([3, 2]);
}
