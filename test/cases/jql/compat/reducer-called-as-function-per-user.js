// Issue 11 item 6: avg, numeric_percentiles, count_unique and numeric_summary called as
// functions in a groupByUser reducer (one call per user, so no earlier result).
// Numeric amounts: alice 10, 25.5 (and "7", a string); bob 5, 100; carol 40; dave none.
function main() {
  var R = mixpanel.reducer;
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) {
      return [
        R.avg('properties.amount')(state, events),
        R.numeric_percentiles('properties.amount', 50)(state, events),
        R.count_unique('name')(state, events),
        R.numeric_summary('properties.amount')(state, events),
      ];
    });
}
