// With no params given, params is {}.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(function (e) { return e.properties.$insert_id === 'e1'; })
    .map(function () { return [typeof params, JSON.stringify(params)]; });
}
