// main() returns something that is not a collection.
function main() {
  return 42;
}
