// Formerly a known bug (fixed): read-plan rejects a null limit ("needs a list of whole numbers"); docs/reducers.md says null = not limited
// Rows of name x country: purchase CA 1, US 2 (weight 3); signup null 1, US 1 (weight 2);
// view CA 1, FR 1, US 3 (weight 5).
// A null limit at depth 0 does not limit; depth 1 keeps 1 per name: ties in signup (null 1, US 1) -> null first.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name', 'properties.country'], mixpanel.reducer.count()).applyGroupLimits([null, 1]);
}
