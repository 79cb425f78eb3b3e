// timezone: America/New_York
// 2016-03-14 local = 14th 04:00Z .. 15th 04:00Z: e1 e2 e3.
function main() {
  return Events({ from_date: '2016-03-14', to_date: '2016-03-14' })
    .map(function (e) { return e.properties.$insert_id; });
}
// rowsort
