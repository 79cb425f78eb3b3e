// Underscore at top level: _.chain(...).uniq().sortBy().value() and _.contains in a filter.
var NAMES = _.chain(['view', 'purchase', 'view']).uniq().sortBy(_.identity).value();
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return _.contains(NAMES, e.name) && _.includes(NAMES, e.name); })
    .groupBy(['name'], mixpanel.reducer.count())
    .map(function (r) { return [r.key[0], r.value, NAMES]; });
}
