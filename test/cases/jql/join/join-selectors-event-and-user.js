// selectors with event name and user[]: purchases by premium users = e3 (alice), e10 (carol).
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People(), { selectors: [{ event: 'purchase', selector: 'user["plan"] == "premium"' }] })
    .map(function (r) { return r.event.properties.$insert_id; });
}
// rowsort
