// mixpanel.slice('key', 0, 1): the first component of the earlier key: totals per name.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name', 'properties.country'], mixpanel.reducer.count())
    .groupBy([mixpanel.slice('key', 0, 1)], mixpanel.reducer.sum('value'));
}
