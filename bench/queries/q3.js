// q3: unique users per country (events without a distinct_id belong to no user).
function main() {
  return Events({ from_date: "2024-01-02", to_date: "2024-03-31" })
    .groupByUser(["properties.mp_country_code"], mixpanel.reducer.null())
    .groupBy([mixpanel.slice("key", 1)], mixpanel.reducer.count());
}
