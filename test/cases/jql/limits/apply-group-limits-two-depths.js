// Rows of name x country: purchase CA 1, US 2 (weight 3); signup null 1, US 1 (weight 2);
// view CA 1, FR 1, US 3 (weight 5).
// applyGroupLimits([2, 1]): top 2 names, then the top country in each: purchase US 2, view US 3.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name', 'properties.country'], mixpanel.reducer.count()).applyGroupLimits([2, 1]);
}
