// Events narrowed to purchases, left join: e3 alice, e5 bob, e10 carol, with plans.
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17', event_selectors: [{ event: 'purchase' }] }),
              People(), { type: 'left' })
    .groupBy(['user.properties.plan'], mixpanel.reducer.sum('event.properties.amount'));
}
