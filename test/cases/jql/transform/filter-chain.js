// Several filters in a row: US, then has a numeric amount (e2 10, e3 25.5, e10 40), then amount > 20.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.properties.country === 'US'; })
    .filter(function (e) { return typeof e.properties.amount === 'number'; })
    .filter(function (e) { return e.properties.amount > 20; })
    .map(function (e) { return e.properties.$insert_id; });
}
// rowsort
