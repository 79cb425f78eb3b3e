// Daily buckets of time: 2016-03-15 (1458000000000 ms): 3, 16th: 3, 17th: 4.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket('time', mixpanel.daily_time_buckets)], mixpanel.reducer.count());
}
