// Issue 11 item 3: after a map, a key function that deletes one field and rewrites
// another: the custom reducer receives the same objects. Per day: items still having
// `date` (none) and the sum of the rewritten `v` (1 -> 10 per item).
// 15th: 3 items, 16th: 3, 17th: 4.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) { return { date: new Date(e.time).toISOString().slice(0, 10), v: 1 }; })
    .groupBy([function (i) { var d = i.date; delete i.date; i.v = i.v * 10; return d; }], function (accs, items) {
      var out = { withDate: 0, v: 0 };
      accs.forEach(function (a) { out.withDate += a.withDate; out.v += a.v; });
      items.forEach(function (i) { if ('date' in i) out.withDate++; out.v += i.v; });
      return out;
    });
}
