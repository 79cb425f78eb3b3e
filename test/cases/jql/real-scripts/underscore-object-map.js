// _.object(_.map(...)) in a custom reducer over groupBy rows, merged with _.extend: {name: count}.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy(['name'], mixpanel.reducer.count()).reduce(function (accs, rows) {
    var o = _.object(_.map(rows, function (r) { return [r.key[0], r.value]; }));
    return _.extend.apply(_, [{}].concat(accs, [o]));
  });
}
