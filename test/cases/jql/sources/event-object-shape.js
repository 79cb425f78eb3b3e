// The whole event e8 (dave's signup, 2016-03-17 02:00 UTC = 1458180000 s): name,
// distinct_id, time in ms, sampling_factor 1, properties without time/distinct_id
// (the JSON null of country kept, $insert_id kept).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).filter(function (e) { return e.distinct_id == 'dave'; });
}
