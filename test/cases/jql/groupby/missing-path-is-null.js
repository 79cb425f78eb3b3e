// properties.plan exists only on e1 ('free'); the 9 others have no such path -> null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['properties.plan'], mixpanel.reducer.count());
}
