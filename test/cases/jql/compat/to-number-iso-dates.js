// Issue 11 item 4: mixpanel.to_number on ISO date strings gives epoch seconds (no zone:
// UTC), as the hosted docs' numeric_summary(mixpanel.to_number('properties.signup_date'))
// example relies on; other non-numeric strings give no value.
// signup: e1 "2016-03-15T00:00:00" = 1458000000, e8 "2016-03-17T02:00:00" = 1458180000;
// purchase: dates only, e3 2016-03-15 = 1458000000, e5 2016-03-16 = 1458086400,
// e10 2016-03-17 = 1458172800; view: "not a date" -> no values (min/max null).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .map(function (e) {
      var iso = new Date(e.time).toISOString();
      return { name: e.name, d: e.name === 'signup' ? iso.slice(0, 19) : e.name === 'view' ? 'not a date' : iso.slice(0, 10) };
    })
    .groupBy(['name'], [mixpanel.reducer.min(mixpanel.to_number('d')), mixpanel.reducer.max(mixpanel.to_number('d'))]);
}
