// sortDesc with a function: event times, latest first.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.name === 'purchase'; })
    .sortDesc(function (e) { return e.time; })
    .map(function (e) { return e.properties.$insert_id; });
}
