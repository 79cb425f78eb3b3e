// Issue 11 item 6: top(n) called as a function on {key, value} rows.
// Counts: purchase 3, signup 2, view 5 -> the two largest: view, purchase.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name'], mixpanel.reducer.count())
    .reduce(function (accs, items) { return mixpanel.reducer.top(2)(accs, items); });
}
