// Key order null < false < true < numbers (numerically) < strings.
// key: e9 (no id) null; otherwise amount if present, else (name == signup):
// e6 false; e1 e8 true; 5 10 25.5 40 100; "7".
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([function (e) {
    if (e.distinct_id === undefined) return null;
    return e.properties.amount !== undefined ? e.properties.amount : e.name === 'signup';
  }], mixpanel.reducer.count());
}
