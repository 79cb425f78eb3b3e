// params: {"task": "sum"}
// Reducers are plain enumerable properties: mixpanel.reducer[params.task](acc) -> sum of amounts 180.5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer[params.task]('properties.amount'));
}
