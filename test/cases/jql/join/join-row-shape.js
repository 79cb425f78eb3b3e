// One inner row: distinct_id, the whole event, the whole user.
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People(), { type: 'inner' })
    .filter(function (r) { return r.event.properties.$insert_id === 'e5'; })
    .map(function (r) { return { id: r.distinct_id, ev: [r.event.name, r.event.distinct_id, r.event.time, r.event.properties.amount],
                                  user: [r.user.distinct_id, r.user.properties.plan, r.user.last_seen] }; });
}
