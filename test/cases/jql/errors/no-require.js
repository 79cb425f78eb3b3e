// require does not exist in the sandbox.
var fs = require('fs');
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' });
}
