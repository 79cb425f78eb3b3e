// count_unique(): distinct distinct_ids (default): alice bob carol dave = 4 (e9's undefined not counted);
// of country: US CA FR = 3 (null not counted); of amount: 10 25.5 5 100 "7" 40 = 6.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce([mixpanel.reducer.count_unique(), mixpanel.reducer.count_unique('properties.country'),
                     mixpanel.reducer.count_unique('properties.amount')]);
}
