// event.sampling_factor is 1 on every fixture event.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['sampling_factor'], mixpanel.reducer.count());
}
