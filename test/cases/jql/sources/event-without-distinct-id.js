// e9 has no distinct_id: the field is undefined (so typeof is 'undefined').
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return typeof e.distinct_id === 'undefined'; })
    .map(function (e) { return [e.name, e.properties.$insert_id, 'distinct_id' in e.properties]; });
}
