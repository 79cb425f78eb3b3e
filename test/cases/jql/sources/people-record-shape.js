// bob's profile: time and last_seen both come from $last_seen 2016-03-16T00:00:00
// (read as UTC) = 1458086400000 ms; properties as imported.
function main() {
  return People()
    .filter(function (u) { return u.distinct_id === 'bob'; })
    .map(function (u) { return [u.time, u.last_seen, u.properties.$name, u.properties.plan, u.properties.age]; });
}
