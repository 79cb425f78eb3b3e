// Formerly a known bug (fixed): a key function's side effects (e.seen = 1) do not reach the custom reducer's items
// A key function that adds a field: the custom reducer sees it on every item.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([function (e) { e.seen = (e.seen || 0) + 1; return e.name; }], function (accs, items) {
    var n = 0;
    accs.forEach(function (a) { n += a; });
    items.forEach(function (e) { if (e.seen === 1) n++; });
    return n;
  });
}
