// Every event of the years the stress tests write, counted in the sandbox-facing JQL path.
function main() {
  return Events({ from_date: '2016-01-01', to_date: '2016-12-31' }).reduce(mixpanel.reducer.count());
}
