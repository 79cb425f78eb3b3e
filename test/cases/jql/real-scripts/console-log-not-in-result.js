// console.log goes to standard error, never into the result.
console.log('top level');
function main() {
  console.log('in main');
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(function (e) { console.log('filter', e.name); return e.name === 'signup'; })
    .reduce(mixpanel.reducer.count());
}
