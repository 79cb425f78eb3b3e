// Custom reducer: accumulators are earlier partial results (numbers), items events.
// Counts views weighted 2, others 1: 5*2 + 5 = 15.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce(function (accs, items) {
    var s = 0;
    for (var i = 0; i < accs.length; i++) s += accs[i];
    for (var j = 0; j < items.length; j++) s += items[j].name === 'view' ? 2 : 1;
    return s;
  });
}
