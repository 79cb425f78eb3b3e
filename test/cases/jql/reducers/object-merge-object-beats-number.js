// When one path holds an object and numbers, the object wins: signups give p: {a: 1} (twice -> a 2),
// other events give p: 1.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) { return { p: e.name === 'signup' ? { a: 1 } : 1 }; })
    .reduce(mixpanel.reducer.object_merge());
}
