// sortDesc by a dotted path into raw events: properties.amount on purchases: e5 100, e10 40, e3 25.5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.name === 'purchase'; })
    .sortDesc('properties.amount')
    .map(function (e) { return e.properties.amount; });
}
