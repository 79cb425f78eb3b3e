// join type full (no options: the default type is full): every event (dave has no profile, e9 no distinct_id) and every user (erin has no events): 11 rows.
// Each row as [distinct_id, event $insert_id, user $name].
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People())
    .map(function (r) { return [r.distinct_id === undefined ? null : r.distinct_id, r.event ? r.event.properties.$insert_id : null, r.user ? r.user.properties.$name : null]; });
}
// rowsort
