// Numeric amounts per name (the string "7" of e7 is skipped):
// purchase 25.5, 100, 40: sum 165.5, avg 165.5/3, min 25.5, max 100;
// signup: none: sum 0, avg/min/max null; view 10, 5: sum 15, avg 7.5, min 5, max 10.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], [mixpanel.reducer.sum('properties.amount'), mixpanel.reducer.avg('properties.amount'),
                                mixpanel.reducer.min('properties.amount'), mixpanel.reducer.max('properties.amount')]);
}
