// A filter that returns the item or falls off the end (undefined): signups only.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(function (e) { if (e.name === 'signup') return e; }).map(function (e) { return e.distinct_id; });
}
// rowsort
