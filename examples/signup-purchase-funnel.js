// A two-step funnel with a custom groupByUser reducer: state carries over between calls
// and each user's events arrive in time order. Users are counted by [signed up in the
// window, purchased at or after their sign-up].
function main() {
  return Events({ from_date: '2024-01-02', to_date: '2024-03-31',
                  event_selectors: [{ event: 'Sign up' }, { event: 'Purchase' }] })
    .groupByUser(function (state, events) {
      state = state || { signedUp: false, converted: false };
      for (var i = 0; i < events.length; i++) {
        if (events[i].name === 'Sign up') state.signedUp = true;
        else if (state.signedUp) state.converted = true;
      }
      return state;
    })
    .groupBy(['value.signedUp', 'value.converted'], mixpanel.reducer.count());
}
