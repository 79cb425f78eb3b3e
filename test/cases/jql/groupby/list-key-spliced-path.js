// A list property used as a key without multiple_keys is spliced: e2 [a,b,view], e4 [b,view].
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.properties.tags && e.properties.tags.length > 0; })
    .groupBy(['properties.tags', 'name'], mixpanel.reducer.count());
}
