// Profiles per favourite category with mixpanel.multiple_keys: a profile with
// ["books", "games"] counts in both; [] in none; a profile without the property has
// the key null.
function main() {
  return People().groupBy([mixpanel.multiple_keys('properties.favorite_categories')], mixpanel.reducer.count());
}
