// Issue 11 item 1: the whole key list is one multiple_keys (the hosted docs' campaign
// example). tags: e2 [a,b] in a and b, e4 [b] in b, e6 [] in no group; the 7 events
// without tags have the single key null.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(mixpanel.multiple_keys(['properties.tags']), mixpanel.reducer.count());
}
