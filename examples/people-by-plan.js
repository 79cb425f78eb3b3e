// People() with a user selector: newsletter subscribers per plan, with their average
// age (profiles without an age are skipped by avg).
function main() {
  return People({ user_selectors: [{ selector: 'properties["newsletter"] == true' }] })
    .groupBy(['properties.plan'], [mixpanel.reducer.count(), mixpanel.reducer.avg('properties.age')]);
}
