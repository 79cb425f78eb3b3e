// q2: a selector filter and a count.
function main() {
  return Events({
    from_date: "2024-01-02", to_date: "2024-03-31",
    event_selectors: [{ selector: 'properties["mp_country_code"] == "US" and properties["amount"] > 10' }],
  }).reduce(mixpanel.reducer.count());
}
