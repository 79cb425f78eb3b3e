// Issue 11 item 7: a custom groupBy reducer whose accumulator refers to itself: chunk
// results keep their cycle through the combine call; the final map removes it.
// purchase 3, signup 2, view 5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name'], function (accs, items) {
      var acc = { n: items.length };
      acc.me = acc;
      accs.forEach(function (a) { if (a.me === a) acc.n += a.n; });
      return acc;
    })
    .map(function (r) { return [r.key[0], r.value.n, r.value.me === r.value]; });
}
