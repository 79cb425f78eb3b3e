// top(3) of countries: US 6, CA 2, then null 1 and FR 1 tie: key order puts null first.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['properties.country'], mixpanel.reducer.count()).reduce(mixpanel.reducer.top(3));
}
