// properties.country: e8 has country null -> key null; FR e9, CA e4 e5, US the other 6.
// Order: null first, then strings.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['properties.country'], mixpanel.reducer.count());
}
