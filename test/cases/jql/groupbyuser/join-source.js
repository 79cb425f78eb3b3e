// groupByUser over an inner join: the items are the pairs; collect each user's plan and event count.
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People(), { type: 'inner' }).groupByUser(function (state, rows) {
    state = state || { plan: rows[0].user.properties.plan, n: 0 };
    state.n += rows.length;
    return state;
  });
}
