// Issue 11 item 7: only the final output must be acyclic; the error names the last step
// and where the cycle is.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) { state = state || { n: 0 }; state.self = state; return state; });
}
