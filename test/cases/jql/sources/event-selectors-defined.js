// defined(): tags present (e2 [a,b], e4 [b], e6 []) -> 3 events.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17',
                  event_selectors: [{ selector: 'defined(properties["tags"])' }] })
    .reduce(mixpanel.reducer.count());
}
