// Issue 11 item 2: a retention-style script that ignores state and compares events[0]
// with events[events.length - 1]: users whose first and last events of the range fall
// on different days. alice (15th, 17th) and carol (16th, 17th); bob's two events and
// dave's one are on one day each.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) {
      var day = function (e) { return new Date(e.time).toISOString().slice(0, 10); };
      return day(events[0]) !== day(events[events.length - 1]);
    })
    .filter(function (r) { return r.value; })
    .map(function (r) { return r.key[0]; });
}
