// Full join over 2016-03-16 only: events e4, e5 (bob), e6 (carol); the users with no
// event in the range (alice, erin) appear once each with event undefined: 5 rows.
function main() {
  return join(Events({ from_date: '2016-03-16', to_date: '2016-03-16' }), People())
    .map(function (r) { return [r.distinct_id, r.event ? r.event.properties.$insert_id : null]; });
}
// rowsort
