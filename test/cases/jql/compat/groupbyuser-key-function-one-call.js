// Issue 11 item 2: groupByUser with a key function and a custom reducer: one call per
// (user, key) group with that group's items in time order, even when the user's items
// alternate between groups and span days.
// alice: signup(o) view(v) purchase(o) | view(v, 17th); bob: view(v) purchase(o);
// carol: view(v) | purchase(o, 17th); dave: signup(o).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser([function (e) { return e.name === 'view' ? 'v' : 'o'; }], function (state, events) {
      return { calls: (state ? state.calls : 0) + 1, ids: events.map(function (e) { return e.properties.$insert_id; }) };
    });
}
