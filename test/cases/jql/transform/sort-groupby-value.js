// Sorting groupBy rows by value: view 5, purchase 3, signup 2.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], mixpanel.reducer.count()).sortDesc('value');
}
