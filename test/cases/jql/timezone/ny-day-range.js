// timezone: America/New_York
// Project timezone New York (EDT, UTC-4, from 2016-03-13). Days 15..17 local are 15th 04:00Z..18th 04:00Z:
// e1 e2 e3 (15th 00-02Z = 14th local) are out; e4..e10 are in (7).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(mixpanel.reducer.count());
}
