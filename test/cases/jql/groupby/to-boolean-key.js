// to_boolean: numbers and the string "7" are truthy -> true (6); no amount -> null (4).
// Second key: to_boolean of tags: lists are truthy ([] too, JavaScript truthiness); no tags -> null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.to_boolean('properties.amount'), mixpanel.to_boolean('properties.tags')], mixpanel.reducer.count());
}
