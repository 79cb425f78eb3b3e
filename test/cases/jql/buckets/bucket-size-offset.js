// {bucket_size: 30, offset: 5}: floor((v-5)/30)*30+5. 5, 10, 25.5 -> 5; 40 -> 35; 100 -> 95.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket('properties.amount', { bucket_size: 30, offset: 5 })], mixpanel.reducer.count());
}
