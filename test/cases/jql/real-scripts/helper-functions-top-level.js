// Top-level helpers and constants used from callbacks.
var MIN = 20;
function big(e) { return typeof e.properties.amount === 'number' && e.properties.amount > MIN; }
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(big).groupBy(['distinct_id'], mixpanel.reducer.sum('properties.amount'));
}
