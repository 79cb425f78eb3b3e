// Every profile: alice, bob, carol, erin (dave has events but no profile).
function main() {
  return People().map(function (u) { return u.distinct_id; });
}
// rowsort
