// from_date == to_date: one day, both inclusive. 2016-03-16 holds e4, e5, e6 (bob, bob, carol).
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .map(function (e) { return e.properties.$insert_id; });
}
// rowsort
