// Numeric strings are not numbers for min/max/sum: only e7 carries "7" -> sum 0, min/max null;
// with to_number: 7.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.properties.$insert_id === 'e7'; })
    .reduce([mixpanel.reducer.sum('properties.amount'), mixpanel.reducer.min('properties.amount'),
             mixpanel.reducer.max(mixpanel.to_number('properties.amount'))]);
}
