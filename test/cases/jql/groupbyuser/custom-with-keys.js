// groupByUser with keys and a custom reducer: per user and name, the $insert_ids in time order.
// alice: purchase [e3], signup [e1], view [e2, e7]; bob: purchase [e5], view [e4];
// carol: purchase [e10], view [e6]; dave: signup [e8].
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupByUser(['name'], function (state, events) {
    return (state || []).concat(events.map(function (e) { return e.properties.$insert_id; }));
  });
}
