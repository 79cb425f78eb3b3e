// max_by returns the whole event (here bob's 100 purchase, e5).
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .reduce(mixpanel.reducer.max_by('properties.amount'));
}
