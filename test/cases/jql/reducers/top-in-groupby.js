// top inside a second groupBy: per name, the top 1 country.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name', 'properties.country'], mixpanel.reducer.count())
    .groupBy([mixpanel.slice('key', 0, 1)], mixpanel.reducer.top(1));
}
