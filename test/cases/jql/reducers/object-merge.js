// object_merge: numeric leaves summed, objects merged deeply.
// counts per name: signup 2, view 5, purchase 3; money.total = 180.5; money.n = 5 numeric amounts.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) {
      var o = {};
      o[e.name] = 1;
      var a = e.properties.amount;
      o.money = typeof a === 'number' ? { total: a, n: 1 } : {};
      return o;
    })
    .reduce(mixpanel.reducer.object_merge());
}
