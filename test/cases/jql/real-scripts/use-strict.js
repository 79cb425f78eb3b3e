'use strict';
// A script starting with 'use strict' runs (strict code: declared variables only).
const kinds = ['purchase'];
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter((e) => kinds.includes(e.name)).reduce(mixpanel.reducer.count());
}
