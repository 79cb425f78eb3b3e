// to_number reads "7" as 7: sum = 180.5 + 7 = 187.5; as a key it turns the string into a number.
// Keys: undefined -> null (e1 e6 e8 e9), then 5 7 10 25.5 40 100.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.to_number('properties.amount')], mixpanel.reducer.sum(mixpanel.to_number('properties.amount')));
}
