// 2016-03-14..2016-03-15: only the 15th has data (e1, e2, e3: signup, view, purchase).
function main() {
  return Events({ from_date: '2016-03-14', to_date: '2016-03-15' })
    .groupBy(['name'], mixpanel.reducer.count());
}
