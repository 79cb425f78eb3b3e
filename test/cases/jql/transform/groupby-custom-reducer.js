// groupBy with a custom reducer: distinct users per name, as a sorted list.
// purchase: alice bob carol; signup: alice dave; view: alice bob carol + e9 (no id, skipped here).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], function (accs, items) {
    var set = {};
    accs.forEach(function (a) { a.forEach(function (u) { set[u] = true; }); });
    items.forEach(function (e) { if (e.distinct_id) set[e.distinct_id] = true; });
    return Object.keys(set).sort();
  });
}
