// Two entries: an event matches ANY. purchase: e3 e5 e10; signup: e1 e8.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17',
                  event_selectors: [{ event: 'purchase' }, { event: 'signup' }] })
    .groupBy(['name'], mixpanel.reducer.count());
}
