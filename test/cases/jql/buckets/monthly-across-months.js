// time - 16 days (2016 is a leap year): the 15th -> Feb 28, the 16th -> Feb 29 (month 2016-02-01 =
// 1454284800000: 6 events); the 17th -> Mar 1 (month 1456790400000: 4 events).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket(function (e) { return e.time - 16 * 86400000; }, mixpanel.monthly_time_buckets)], mixpanel.reducer.count());
}
