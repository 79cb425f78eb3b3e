// min_by/max_by return the whole item; shown as its $insert_id. Ranking puts numbers before strings,
// so for views max_by is e7 (amount "7"), min_by is e4 (5). purchase: min e3 (25.5), max e5 (100).
// signup has no amounts -> null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name'], [mixpanel.reducer.min_by('properties.amount'), mixpanel.reducer.max_by('properties.amount')])
    .map(function (r) { return [r.key[0]].concat(r.value.map(function (e) { return e ? e.properties.$insert_id : null; })); });
}
