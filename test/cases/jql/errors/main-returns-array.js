// main() returns a plain array of collections, which is not a collection.
function main() {
  return [Events({ from_date: '2016-03-15', to_date: '2016-03-17' })];
}
