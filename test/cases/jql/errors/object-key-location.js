// Formerly a known bug (fixed): InvalidQuery errors found after planning (key values, reducer arguments, cohorts) do not say where in the user's file
// The object-key error must point at the user's line (jql.md section 7): line 5, the groupBy call.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy([function (e) { return { name: e.name }; }], mixpanel.reducer.count());
}
