// numeric_bucket(to_number(path), [0, 20]): "7" converts to 7. 5, 7, 10 -> 0; 25.5, 40, 100 -> 20;
// no amount (e1 e6 e8 e9) -> null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket(mixpanel.to_number('properties.amount'), [0, 20])], mixpanel.reducer.count());
}
