// params: {"from": "2016-03-15", "to": "2016-03-16", "name": "view", "min": 6}
// Injected params: views on the 15th..16th (e2 10, e4 5, e6 none) with amount >= 6 -> e2.
function main() {
  return Events({ from_date: params.from, to_date: params.to, event_selectors: [{ event: params.name }] })
    .filter(function (e) { return e.properties.amount >= params.min; })
    .map(function (e) { return e.properties.$insert_id; });
}
