// The usual unique count through groupByUser: users per event name
// (purchase: alice bob carol; signup: alice dave; view: alice bob carol).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(['name'], mixpanel.reducer.null())
    .groupBy([mixpanel.slice('key', 1)], mixpanel.reducer.count());
}
