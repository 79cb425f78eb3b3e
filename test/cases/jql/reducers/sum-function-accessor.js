// A function accessor: amount * 2 for numbers, 0 otherwise -> 2 * 180.5 = 361.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.sum(function (e) {
    return typeof e.properties.amount === 'number' ? e.properties.amount * 2 : 0;
  }));
}
