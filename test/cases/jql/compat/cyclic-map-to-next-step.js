// Issue 11 item 7: a cyclic value returned by map reaches the next step's function with
// its cycle (o.me === o), through the sandbox and back; the groupBy key is a boolean.
// 10 events, all with the cycle intact.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) { var o = { name: e.name, tags: [] }; o.me = o; o.tags.push(o); return o; })
    .map(function (o) { return { ok: o.me === o && o.tags[0] === o, o: o }; })
    .groupBy([function (x) { return x.ok && x.o.me === x.o; }], mixpanel.reducer.count());
}
