// {bucket_size: 50} (offset 0): 5, 10, 25.5, 40 -> 0; 100 -> 100.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket('properties.amount', { bucket_size: 50 })], mixpanel.reducer.count());
}
