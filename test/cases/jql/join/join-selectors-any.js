// Two selectors, a row kept when ANY matches: CA events (e4, e5) or users named Carol (e6, e10).
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People(), { type: 'inner', selectors: [
      { selector: 'properties["country"] == "CA"' }, { selector: 'user["$name"] == "Carol"' }] })
    .reduce(mixpanel.reducer.count());
}
