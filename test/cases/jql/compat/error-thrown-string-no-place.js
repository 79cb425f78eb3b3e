// Issue 11 item 8: with two filters quarry cannot tell which one threw a string (no
// stack): the first line still names the script, then the kind and message.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return true; })
    .filter(function (e) { throw 'boom'; });
}
