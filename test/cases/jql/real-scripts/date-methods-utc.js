// event.time with local-time Date methods: the sandbox's local zone is UTC.
// getHours: e1 0; e2 e4 e7 1; e3 e5 e8 2; e6 e9 3; e10 4. getDay: 15th Tue 2, 16th Wed 3, 17th Thu 4.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([function (e) { return new Date(e.time).getHours(); }], mixpanel.reducer.count())
    .map(function (r) { return [r.key[0], r.value]; })
    .reduce(function (accs, rows) { return _.sortBy(_.flatten(accs, true).concat(rows), function (x) { return x[0]; }); })
    .map(function (hours) { return { hours: hours, day: new Date(1458000000000).getDay(), offset: new Date(0).getTimezoneOffset() }; });
}
