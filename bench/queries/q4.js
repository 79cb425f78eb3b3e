// q4: a user filter function and a user key function (both simple enough to translate).
function main() {
  return Events({ from_date: "2024-01-02", to_date: "2024-03-31" })
    .filter(e => e.properties.mp_country_code == "US")
    .groupBy([e => e.name], mixpanel.reducer.count());
}
