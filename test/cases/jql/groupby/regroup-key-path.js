// Paths into derived rows: regroup name x country rows by 'key.1', summing 'value':
// country totals null 1, CA 2, FR 1, US 6.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name', 'properties.country'], mixpanel.reducer.count())
    .groupBy(['key.1'], mixpanel.reducer.sum('value'));
}
