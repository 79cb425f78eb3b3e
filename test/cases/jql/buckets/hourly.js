// Hourly buckets on 2016-03-16, of time + 30 min (so the value is mid-hour): e4 01:00,
// e5 02:00, e6 03:00 -> their own hours 1458090000000, 1458093600000, 1458097200000.
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .groupBy([mixpanel.numeric_bucket(function (e) { return e.time + 1800000; }, mixpanel.hourly_time_buckets)],
             mixpanel.reducer.count());
}
