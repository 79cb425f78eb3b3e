// join(People(), Events()) means the same join: inner rows per user = alice 4, bob 2, carol 2.
function main() {
  return join(People(), Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), { type: 'inner' })
    .groupBy(['distinct_id'], mixpanel.reducer.count());
}
