// Formerly a known bug (fixed): InvalidQuery errors found after planning (key values, reducer arguments, cohorts) do not say where in the user's file
// The unknown-cohort error must point at the user's line 4.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17', cohort: 'nobody' });
}
