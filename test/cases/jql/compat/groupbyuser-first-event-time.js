// Issue 11 item 2, the issue's own script: each user's first event time of the range.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) { return events[0].time; });
}
