// An Error thrown by main() itself.
function main() {
  throw new Error('no query today');
}
