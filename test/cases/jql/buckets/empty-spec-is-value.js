// numeric_bucket(acc, []) means "no bucketing": the value itself is the key (jql.md section 8).
// Read literally for every value, the string "7" (e7) stays "7" (strings sort after numbers);
// no amount (e1 e6 e8 e9) -> null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket('properties.amount', [])], mixpanel.reducer.count());
}
