// count_unique distinguishes 1 and "1": the values 1, "1", 1, "1" -> 2.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.name === 'view' && e.distinct_id; })
    .map(function (e) { return e.properties.$insert_id === 'e2' || e.properties.$insert_id === 'e4' ? 1 : '1'; })
    .reduce(mixpanel.reducer.count_unique(function (x) { return x; }));
}
