// Events per name over March 2024 on the demo store: the hello-world of JQL.
function main() {
  return Events({ from_date: '2024-03-01', to_date: '2024-03-31' })
    .groupBy(['name'], mixpanel.reducer.count());
}
