// A filter that returns the item itself (or a falsy amount): e2 e3 e4 e5 e7 ("7") e10 have a truthy amount.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(function (e) { return e.properties.amount && e; }).reduce(mixpanel.reducer.count());
}
