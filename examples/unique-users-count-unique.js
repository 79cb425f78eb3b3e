// The same kind of question with quarry's count_unique reducer: distinct users and
// distinct items per event name in January.
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-01-31' })
    .groupBy(['name'], [mixpanel.reducer.count_unique(), mixpanel.reducer.count_unique('properties.item_id')]);
}
