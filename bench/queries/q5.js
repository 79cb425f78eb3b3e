// q5: a custom groupByUser reducer: the furthest step of a sequential funnel each user
// reached, then the number of users per step.
var STEPS = ["Sign up", "View Item", "Add To Cart", "Purchase"];

function funnelStep(state, events) {
  var step = state || 0;
  for (var i = 0; i < events.length && step < STEPS.length; i++) {
    if (events[i].name === STEPS[step]) step++;
  }
  return step;
}

function main() {
  return Events({ from_date: "2024-01-02", to_date: "2024-03-31" })
    .groupByUser(funnelStep)
    .groupBy(["value"], mixpanel.reducer.count());
}
