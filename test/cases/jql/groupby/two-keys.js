// name x country. purchase: CA 1 (e5), US 2 (e3 e10); signup: null 1 (e8), US 1 (e1);
// view: CA 1 (e4), FR 1 (e9), US 3 (e2 e6 e7).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name', 'properties.country'], mixpanel.reducer.count());
}
