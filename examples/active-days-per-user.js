// How many distinct days each user was active in March, with a custom groupByUser
// reducer keeping a Set in its state, then users counted per number of active days
// (a map turns each user's state into a number first).
function main() {
  return Events({ from_date: '2024-03-01', to_date: '2024-03-31' })
    .groupByUser(function (state, events) {
      state = state || { days: new Set() };
      events.forEach(function (e) { state.days.add(new Date(e.time).toISOString().slice(0, 10)); });
      state.n = state.days.size;
      return state;
    })
    .map(function (row) { return row.value.n; })
    .groupBy([function (n) { return n; }], mixpanel.reducer.count());
}
