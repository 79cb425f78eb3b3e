// plan == "free": bob and erin.
function main() {
  return People({ user_selectors: [{ selector: 'properties["plan"] == "free"' }] })
    .reduce(mixpanel.reducer.count());
}
