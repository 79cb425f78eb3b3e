// Issue 11 item 6: a built-in reducer called as a function inside a custom reducer
// gives the built-in's result (also when quarry combines chunk results: batches of 3).
// purchase e3 e5 e10; signup e1 e8; view e2 e4 e6 e7 e9.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name'], function (accs, items) { return mixpanel.reducer.count()(accs, items); });
}
