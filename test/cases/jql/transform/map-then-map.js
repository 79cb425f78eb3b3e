// A map after a map sees the first map's values.
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .map(function (e) { return { n: e.name }; })
    .map(function (x) { return x.n.toUpperCase(); });
}
// rowsort
