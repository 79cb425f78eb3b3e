// Numeric amounts sorted ascending by a path: e4 5, e2 10, e3 25.5, e10 40, e5 100.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return typeof e.properties.amount === 'number'; })
    .map(function (e) { return { id: e.properties.$insert_id, a: e.properties.amount }; })
    .sortAsc('a');
}
