// The built-in reducers are enumerable properties of mixpanel.reducer.
var want = ['any', 'avg', 'count', 'max', 'max_by', 'min', 'min_by', 'noop', 'null', 'numeric_percentiles', 'numeric_summary', 'object_merge', 'sum', 'top'];
function main() {
  var names = Object.keys(mixpanel.reducer);
  var missing = want.filter(function (n) { return names.indexOf(n) < 0; });
  return People()
    .filter(function (u) { return u.distinct_id === 'bob'; })
    .map(function () { return missing; });
}
