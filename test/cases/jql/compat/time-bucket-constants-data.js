// Issue 11 item 5: the time-bucket constants are data, {offset, bucket_size} in ms; a
// segmentation tool divides bucket_size by 1000. Weekly buckets start on Monday
// (1970-01-05 = 4 days after the epoch).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-15' })
    .reduce(mixpanel.reducer.count())
    .map(function () {
      var out = {};
      ['hourly', 'daily', 'weekly', 'monthly'].forEach(function (u) {
        var c = mixpanel[u + '_time_buckets'];
        out[u] = [c.offset, c.bucket_size / 1000, Object.keys(c).sort().join(',')];
      });
      return out;
    });
}
