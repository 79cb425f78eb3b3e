// ES2020: const/let, arrows, template literals, spread, destructuring, includes, ?. and ??.
const US = ['US'];
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(({ properties }) => US.includes(properties.country ?? 'none'))
    .map((e) => `${e.name}:${e.properties?.amount ?? '-'}`)
    .groupBy([(s) => s], mixpanel.reducer.count());
}
