// properties[] and user[] in one selector (full join): amount >= 40 -> e5, e10;
// user age > 30 -> alice's e1 e2 e3 e7 and erin's event-less row. 7 rows.
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People(), { selectors: [{ selector: 'properties["amount"] >= 40 or user["age"] > 30' }] })
    .map(function (r) { return [r.distinct_id, r.event ? r.event.properties.$insert_id : null]; });
}
// rowsort
