// groupByUser(['name'], count): distinct_id is the implicit first key.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(['name'], mixpanel.reducer.count());
}
