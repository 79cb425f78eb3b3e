// map to an object; missing properties become absent members (undefined vanishes).
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .map(function (e) { return { id: e.properties.$insert_id, who: e.distinct_id, amount: e.properties.amount }; });
}
// rowsort
