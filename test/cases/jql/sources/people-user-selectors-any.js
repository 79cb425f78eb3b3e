// A profile is kept when ANY selector is true: age > 30 -> alice (34), erin (41);
// plan premium -> alice, carol. Union: alice, carol, erin.
function main() {
  return People({ user_selectors: [{ selector: 'properties["age"] > 30' },
                                   { selector: 'user["plan"] == "premium"' }] })
    .map(function (u) { return u.distinct_id; });
}
// rowsort
