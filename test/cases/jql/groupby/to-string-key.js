// to_string: numbers as text, sorted as strings by code unit: "10" < "100" < "25.5" < "40" < "5" < "7";
// no amount -> undefined -> null (e1 e6 e8 e9).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.to_string('properties.amount')], mixpanel.reducer.count());
}
