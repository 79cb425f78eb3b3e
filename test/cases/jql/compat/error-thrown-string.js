// Issue 11 item 8: a thrown value that is not an Error has no stack; the error is placed
// at the only user function that can have raised it, file and line first.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { throw 'boom'; });
}
