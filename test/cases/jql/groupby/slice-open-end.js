// mixpanel.slice('key', 1): components from 1 on, spread in: 3-component keys
// [day, name, distinct_id] -> [name, distinct_id] totals.
// purchase: alice 1, bob 1, carol 1; signup: alice 1, dave 1; view: null 1 (e9), alice 2, bob 1, carol 1.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy([function (e) { return new Date(e.time).getUTCDate(); }, 'name', 'distinct_id'], mixpanel.reducer.count())
    .groupBy([mixpanel.slice('key', 1)], mixpanel.reducer.sum('value'));
}
