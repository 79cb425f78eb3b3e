// fix_reducer_signature is a global the script never defines: it flattens accumulators into a list.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(function (accs, items) {
    var flat = fix_reducer_signature(accs);
    var s = items.length;
    for (var i = 0; i < flat.length; i++) s += flat[i];
    return s;
  }).map(function (n) { return [n, fix_reducer_signature([[1, 2], 3])]; });
}
