// A custom reducer keeps state across calls and sees each user's events in time order:
// alice: signup (15th 00:00), view (01:00), purchase (02:00), view (17th 01:00).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(function (state, events) {
    state = state || { n: 0, names: [] };
    for (var i = 0; i < events.length; i++) { state.n++; state.names.push(events[i].name); }
    return state;
  });
}
