// Issue 11 item 5: the constants are still recognised by numeric_bucket (calendar
// buckets), and a copy of the daily one is a fixed 1-day spec with the same buckets.
// Per day: 15th e1 e2 e3 (3), 16th e4 e5 e6 (3), 17th e7 e8 e9 e10 (4); the 15th is a
// Tuesday, so every event is in the week of Monday 2016-03-14 (1457913600000);
// month bucket 2016-03-01 (1456790400000).
function main() {
  var daily = mixpanel.daily_time_buckets;
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy([
      mixpanel.numeric_bucket('time', mixpanel.daily_time_buckets),
      mixpanel.numeric_bucket('time', { offset: daily.offset, bucket_size: daily.bucket_size }),
      mixpanel.numeric_bucket('time', mixpanel.weekly_time_buckets),
      mixpanel.numeric_bucket('time', mixpanel.monthly_time_buckets),
    ], mixpanel.reducer.count());
}
