// Formerly a known bug (fixed): InvalidQuery errors found after planning (key values, reducer arguments, cohorts) do not say where in the user's file
// The bad-percentile error must point at the user's line 5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .reduce(mixpanel.reducer.numeric_percentiles('properties.amount', -1));
}
