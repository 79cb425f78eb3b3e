// Custom reducer with an object accumulator: names seen (sorted) and the number of events.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(function (accs, items) {
    var acc = { n: 0, names: [] };
    accs.forEach(function (a) { acc.n += a.n; acc.names = _.union(acc.names, a.names); });
    items.forEach(function (e) { acc.n += 1; acc.names = _.union(acc.names, [e.name]); });
    acc.names.sort();
    return acc;
  });
}
