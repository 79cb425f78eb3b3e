// _.mapObject, _.pluck, _.countBy, _.groupBy, _.range, _.pick/_.omit, _.now (fixed clock 2016-03-20T12:00Z).
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .reduce(function (accs, items) {
      var names = _.pluck(items, 'name').concat(_.flatten(_.pluck(accs, 'names')));
      return { names: names };
    })
    .map(function (acc) {
      var counts = _.countBy(acc.names, _.identity);
      return {
        counts: counts,
        doubled: _.mapObject(counts, function (v) { return v * 2; }),
        byLen: _.keys(_.groupBy(acc.names, 'length')).sort(),
        range: _.range(3),
        pick: _.pick({ a: 1, b: 2 }, 'a'),
        omit: _.omit({ a: 1, b: 2 }, 'a'),
        now: _.now(),
        empty: [_.isEmpty({}), _.has({ x: 1 }, 'x'), _.isArray([]), _.max([3, 9, 2]), _.first([7, 8]), _.last([7, 8])]
      };
    });
}
