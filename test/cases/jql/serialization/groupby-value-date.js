// A custom reducer returning a Date: the value is written as its ISO string (latest event per name).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name'], function (accs, items) {
      var best = null;
      accs.concat(items.map(function (e) { return new Date(e.time); })).forEach(function (d) {
        d = new Date(d);
        if (best === null || d.getTime() > best.getTime()) best = d;
      });
      return best;
    });
}
