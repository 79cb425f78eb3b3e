// A per-user funnel: did the user sign up and later purchase? alice yes (signup 15th, purchase 15th 02:00);
// bob no signup; carol no signup; dave signup, no purchase. Then count users per outcome.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) {
      state = state || { signed: false, converted: false };
      events.forEach(function (e) {
        if (e.name === 'signup') state.signed = true;
        if (e.name === 'purchase' && state.signed) state.converted = true;
      });
      return state;
    })
    .groupBy(['value.signed', 'value.converted'], mixpanel.reducer.count());
}
