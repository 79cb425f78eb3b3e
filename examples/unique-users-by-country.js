// Unique users per country the classic JQL way: groupByUser with a key (one row per
// user and country), then regroup with mixpanel.slice to count users per country.
function main() {
  return Events({ from_date: '2024-03-01', to_date: '2024-03-31' })
    .groupByUser(['properties.mp_country_code'], mixpanel.reducer.null())
    .groupBy([mixpanel.slice('key', 1)], mixpanel.reducer.count());
}
