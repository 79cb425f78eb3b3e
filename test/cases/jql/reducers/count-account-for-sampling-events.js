// On raw events (factor 1 everywhere) account_for_sampling changes nothing: per name 3, 2, 5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], mixpanel.reducer.count({ account_for_sampling: true }));
}
