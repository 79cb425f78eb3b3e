// People narrowed to plan free (bob, erin); inner join keeps bob's two events.
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People({ user_selectors: [{ selector: 'properties["plan"] == "free"' }] }), { type: 'inner' })
    .map(function (r) { return r.event.properties.$insert_id; });
}
// rowsort
