// A Date returned from map becomes its ISO string (e4 01:00, e5 02:00, e6 03:00 on 2016-03-16 UTC).
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .map(function (e) { return new Date(e.time); });
}
// rowsort
