// Issue 11 item 2: over a full join too, one call per user with all of the user's pairs
// in time order. alice (premium): 4 events on the 15th and 17th; bob (free): 2 on the
// 16th; carol (premium): 16th and 17th; dave: no profile; erin: a profile and no
// events (one pair without an event).
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People(), { type: 'full' })
    .groupByUser(function (state, rows) {
      return {
        calls: (state ? state.calls : 0) + 1,
        plan: rows[0].user ? rows[0].user.properties.plan : null,
        names: rows.map(function (r) { return r.event ? r.event.name : null; }),
      };
    });
}
