// sortAsc on a key component path 'key.1' (country) after a 2-key groupBy of purchases:
// CA (bob) before the two US rows (alice, carol; tied, so only the countries are compared).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.name === 'purchase'; })
    .groupBy(['distinct_id', 'properties.country'], mixpanel.reducer.count())
    .sortAsc('key.1')
    .map(function (r) { return r.key[1]; });
}
