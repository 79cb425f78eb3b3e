// Issue 11 item 6: sum, min, max and max_by called as functions, their earlier results
// passed back as accumulators. amount: e2 10, e3 25.5, e4 5, e5 100, e7 "7" (a string:
// not a number for sum/min/max; max_by ranks it above numbers, as groupBy keys sort),
// e10 40; e1 e6 e8 e9 have none.
// purchase: sum 165.5, min 25.5, max 100, max_by e5; signup: 0, null, null, null;
// view: sum 15, min 5, max 10, max_by e7.
function main() {
  var R = mixpanel.reducer;
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name'], function (accs, items) {
      var field = function (k) { return accs.map(function (a) { return a[k]; }); };
      return {
        sum: R.sum('properties.amount')(field('sum'), items),
        min: R.min('properties.amount')(field('min'), items),
        max: R.max(function (e) { return e.properties.amount; })(field('max'), items),
        maxBy: R.max_by('properties.amount')(field('maxBy'), items),
      };
    })
    .map(function (r) {
      var v = r.value;
      return [r.key[0], v.sum, v.min, v.max, v.maxBy ? v.maxBy.properties.$insert_id : null];
    });
}
