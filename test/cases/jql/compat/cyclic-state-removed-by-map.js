// Issue 11 item 7: a groupByUser state that refers to itself (state.self = state) passes
// to the next step with its cycle; the map removes it, so the output is JSON.
// Events per user: alice 4, bob 2, carol 2, dave 1.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) { state = state || { n: 0 }; state.self = state; state.n += events.length; return state; })
    .map(function (r) { var same = r.value.self === r.value; delete r.value.self; return [r.key[0], r.value.n, same]; });
}
