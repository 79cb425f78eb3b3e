// event.sampling_factor on join rows (section 8): every fixture event has factor 1; the
// min_by picks some row, whose factor is 1.
function main() {
  return join(Events({ from_date: '2016-03-15', to_date: '2016-03-17' }), People(), { type: 'inner' })
    .reduce(mixpanel.reducer.min_by('event.sampling_factor'))
    .map(function (r) { return r.event.sampling_factor; });
}
