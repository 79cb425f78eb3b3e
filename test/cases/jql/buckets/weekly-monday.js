// Weeks start Monday. time - 2 days: the 15th (Tue) -> the 13th (Sun) -> week of Mon 2016-03-07
// (1457308800000): e1 e2 e3; the 16th/17th -> 14th/15th -> week of Mon 2016-03-14 (1457913600000): 7.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket(function (e) { return e.time - 2 * 86400000; }, mixpanel.weekly_time_buckets)], mixpanel.reducer.count());
}
