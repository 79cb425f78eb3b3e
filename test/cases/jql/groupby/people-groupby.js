// groupBy over People(): plan -> free: bob erin; premium: alice carol; with avg age:
// free (28+41)/2 = 34.5, premium: only alice has an age -> 34.
function main() {
  return People().groupBy(['properties.plan'], [mixpanel.reducer.count(), mixpanel.reducer.avg('properties.age')]);
}
