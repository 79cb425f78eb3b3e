// timezone: America/New_York
// event.time is project-time ms (UTC ms - 4 h). Daily buckets in local days:
// 15th: e4 21:00, e5 22:00, e6 23:00; 16th: e7 e8 e9 (21-23h); 17th: e10 00:00 (04:00Z).
// Bucket keys are local midnights as project-time ms. Hours via getHours (sandbox zone UTC = wall clock).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy([mixpanel.numeric_bucket('time', mixpanel.daily_time_buckets),
              function (e) { return new Date(e.time).getHours(); }], mixpanel.reducer.count());
}
