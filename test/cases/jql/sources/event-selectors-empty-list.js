// An empty event_selectors list keeps every event: 10.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17', event_selectors: [] })
    .reduce(mixpanel.reducer.count());
}
