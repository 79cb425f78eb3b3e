// Dates kept in state survive between calls (no JSON round trip of the state): 'ok' stays
// true only if state.first is still a Date on every later call; the output writes Dates as ISO.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(function (state, events) {
    if (!state) state = { first: new Date(events[0].time), ok: true };
    else state.ok = state.ok && state.first instanceof Date && typeof state.first.getTime === 'function';
    state.last = new Date(events[events.length - 1].time);
    return state;
  });
}
