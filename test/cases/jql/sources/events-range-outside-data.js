// A range with no events: groupBy over nothing gives no rows.
function main() {
  return Events({ from_date: '2016-03-18', to_date: '2016-03-31' })
    .groupBy(['name'], mixpanel.reducer.count());
}
