// country US: e1 e2 e3 e6 e7 e10 = 6.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(function (e) { return e.properties.country === 'US'; })
    .reduce(mixpanel.reducer.count());
}
