// Logins by hour of day (UTC) with a key function using a local-time Date method:
// the sandbox's local timezone is the project's clock, so getHours() is the UTC hour here.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31', event_selectors: [{ event: 'Login' }] })
    .groupBy([function (e) { return new Date(e.time).getHours(); }], mixpanel.reducer.count());
}
