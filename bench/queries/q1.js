// q1: events per name in a date range.
function main() {
  return Events({ from_date: "2024-02-01", to_date: "2024-03-15" })
    .groupBy(["name"], mixpanel.reducer.count());
}
