// The stage after a map sees the JSON value: the Date is a string there.
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .map(function (e) { return { d: new Date(e.time), u: undefined }; })
    .map(function (x) { return [typeof x.d, 'u' in x, x.d.slice(0, 10)]; });
}
