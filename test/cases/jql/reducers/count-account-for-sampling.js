// Formerly a known bug (fixed): count({account_for_sampling: true}) ignores item.sampling_factor on derived (mapped) items
// account_for_sampling: each item counts 1/sampling_factor. Items carry their own factor:
// views 0.5 (count 2 each, 5 views -> 10), the other 5 events factor 1 -> 5. Total 15; plain count 10.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) { return { name: e.name, sampling_factor: e.name === 'view' ? 0.5 : 1 }; })
    .reduce([mixpanel.reducer.count({ account_for_sampling: true }), mixpanel.reducer.count()]);
}
