// numeric_summary per name, without e3 (25.5) so every number is exact:
// purchase 100, 40: count 2, sum 140, sum_squares 11600, avg 70, stddev (population) 30;
// signup: no values; view 10, 5: 2, 15, 125, 7.5, 2.5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.properties.$insert_id !== 'e3'; })
    .groupBy(['name'], mixpanel.reducer.numeric_summary('properties.amount'));
}
