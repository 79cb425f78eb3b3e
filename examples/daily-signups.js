// Sign-ups per day in January 2024, keyed by the day's start (ms), with
// event_selectors picking one event name and mixpanel.daily_time_buckets.
function main() {
  return Events({ from_date: '2024-01-01', to_date: '2024-01-31', event_selectors: [{ event: 'Sign up' }] })
    .groupBy([mixpanel.numeric_bucket('time', mixpanel.daily_time_buckets)], mixpanel.reducer.count());
}
