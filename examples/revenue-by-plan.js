// join(Events, People) inner: purchases paired with the buyer's profile, revenue and
// purchase count per profile plan (users without a profile are left out).
function main() {
  return join(
    Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'Purchase' }] }),
    People(),
    { type: 'inner' },
  ).groupBy(['user.properties.plan'], [mixpanel.reducer.count(), mixpanel.reducer.sum('event.properties.amount')]);
}
