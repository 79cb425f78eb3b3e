// Issue 11 item 2: the reducer is called once per user with all of the user's events of
// the range, across day partitions, in time order (also with batches of 3 rows: a
// user is never cut below the documented bound). events[0] is the user's first event.
// alice: 15th 00:00 signup, 01:00 view, 02:00 purchase, 17th 01:00 view;
// bob: 16th 01:00 view, 02:00 purchase; carol: 16th 03:00 view, 17th 04:00 purchase;
// dave: 17th 02:00 signup. The event without a distinct_id belongs to no user.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(function (state, events) {
    return { calls: (state ? state.calls : 0) + 1, first: events[0].time, last: events[events.length - 1].name, n: events.length };
  });
}
