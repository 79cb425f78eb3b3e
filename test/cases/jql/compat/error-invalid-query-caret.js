// Issue 11 item 8: an invalid query found when the plan is read: file, line and message
// on the first line, then the offending line and a caret.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016/03/17' });
}
