// A syntax error on line 4: the message names the user's file and line and shows it.
function main() {
  var x = 1;
  var y = x +* 2;
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' });
}
