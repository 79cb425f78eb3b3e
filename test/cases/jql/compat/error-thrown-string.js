// Issue 11 item 8: a thrown value that is not an Error has no stack; the first line of
// the error still names the script, then the kind and message.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { throw 'boom'; });
}
