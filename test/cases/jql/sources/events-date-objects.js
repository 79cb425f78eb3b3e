// Date objects for the range: 2016-03-16 and 2016-03-17 (UTC midnights) -> e4..e10 = 7 events.
function main() {
  return Events({ from_date: new Date('2016-03-16T00:00:00Z'), to_date: new Date(Date.UTC(2016, 2, 17)) })
    .reduce(mixpanel.reducer.count());
}
