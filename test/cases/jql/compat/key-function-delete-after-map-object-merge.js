// Issue 11 item 3: after a map, a key function that deletes a field before object_merge
// (function (i) { var d = i.date; delete i.date; return d; }): the merged objects have
// no date. 15th: signup view purchase; 16th: view purchase view;
// 17th: view signup view purchase.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) {
      var kind = {};
      kind[e.name] = 1;
      return { date: new Date(e.time).toISOString().slice(0, 10), n: 1, kind: kind };
    })
    .groupBy([function (i) { var d = i.date; delete i.date; return d; }], mixpanel.reducer.object_merge());
}
