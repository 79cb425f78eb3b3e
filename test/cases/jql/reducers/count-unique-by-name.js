// Unique users per name: purchase alice bob carol 3; signup alice dave 2; view alice bob carol 3.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], mixpanel.reducer.count_unique('distinct_id'));
}
