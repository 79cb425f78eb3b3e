// properties.tags.0: e2 'a', e4 'b'; e6 [] and the others have none -> null (8).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['properties.tags.0'], mixpanel.reducer.count());
}
