// No accessor: the item itself. Map to amount and sum: 180.5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) { return e.properties.amount; })
    .reduce(mixpanel.reducer.sum());
}
