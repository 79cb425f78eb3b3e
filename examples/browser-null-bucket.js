// Logins by browser over the whole window: app users (swift/android) have no
// $browser, so they land in the null bucket, which sorts first.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'Login' }] })
    .groupBy(['properties.$browser', 'properties.method'], mixpanel.reducer.count());
}
