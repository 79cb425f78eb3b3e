// q6: events joined with profiles, a profile-property filter, grouped by an event property.
function main() {
  return join(
    Events({ from_date: "2024-01-02", to_date: "2024-03-31" }),
    People(),
    { type: "inner", selectors: [{ selector: 'user["plan"] == "premium"' }] }
  ).groupBy(["event.properties.mp_country_code"], mixpanel.reducer.count());
}
