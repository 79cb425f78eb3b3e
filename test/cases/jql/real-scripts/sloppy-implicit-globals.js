// Sloppy mode: undeclared assignment creates globals, at top level and inside main().
counter = 0;
function main() {
  wanted = 'signup';
  counter = counter + 1;
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.name === wanted && counter === 1; })
    .map(function (e) { return e.distinct_id; });
}
// rowsort
