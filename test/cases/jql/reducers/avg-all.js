// avg over all numeric amounts: 180.5 / 5 = 36.1.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.avg('properties.amount'));
}
