// any(): one item of the group. Every group's item has the group's name; one-item group gives that item.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name', 'distinct_id'], mixpanel.reducer.any())
    .filter(function (r) { return r.key[0] === r.value.name && (r.value.distinct_id === r.key[1]); })
    .map(function (r) { return r.key.concat([r.key[1] === 'bob' && r.key[0] === 'view' ? r.value.properties.$insert_id : '']); });
}
