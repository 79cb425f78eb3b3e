// Weekly active users: groupByUser keyed by mixpanel.weekly_time_buckets (weeks start
// Monday; keys are the week's start in ms), then users counted per week.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31' })
    .groupByUser([mixpanel.numeric_bucket('time', mixpanel.weekly_time_buckets)], mixpanel.reducer.null())
    .groupBy([mixpanel.slice('key', 1)], mixpanel.reducer.count());
}
