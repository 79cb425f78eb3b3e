// reduce with one reducer: one item, the sum of numeric amounts 10+25.5+5+100+40 = 180.5 ("7" is a string: skipped).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.sum('properties.amount'));
}
