// A cyclic object in state survives between calls (no JSON round trip): the cycle is a
// non-enumerable property, so the final value still serializes; 'ok' stays true only if
// state.self is the state itself on every later call. n = events per user.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(function (state, events) {
    if (!state) {
      state = { n: 0, ok: true };
      Object.defineProperty(state, 'self', { value: state, enumerable: false });
    } else {
      state.ok = state.ok && state.self === state;
    }
    state.n += events.length;
    return state;
  });
}
