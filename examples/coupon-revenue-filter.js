// Filter and map in JavaScript: purchases with a coupon, mapped to {coupon, amount}
// (numeric strings converted with Number), then revenue and count per coupon.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'Purchase' }] })
    .filter(function (e) { return e.properties.coupon; })
    .map(function (e) { return { coupon: e.properties.coupon, amount: Number(e.properties.amount) }; })
    .groupBy(['coupon'], [mixpanel.reducer.count(), mixpanel.reducer.sum('amount')]);
}
