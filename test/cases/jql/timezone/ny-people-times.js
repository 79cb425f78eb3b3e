// timezone: America/New_York
// $last_seen without a zone is read in the project timezone, and times are project-time ms:
// bob's 2016-03-16T00:00:00 is wall-clock midnight -> 1458086400000.
function main() {
  return People().filter(function (u) { return u.distinct_id === 'bob'; })
    .map(function (u) { return [u.time, u.last_seen]; });
}
