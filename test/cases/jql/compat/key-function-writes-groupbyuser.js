// Issue 11 item 3: a groupByUser key function that writes to its event: the custom
// reducer receives the events as the key function left them (every one tagged).
// Per (user, name): alice purchase 1, signup 1, view 2; bob purchase 1, view 1;
// carol purchase 1, view 1; dave signup 1.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser([function (e) { e.properties.tagged = true; return e.name; }], function (state, events) {
      var n = state || 0;
      for (var i = 0; i < events.length; i++) if (events[i].properties.tagged === true) n++;
      return n;
    });
}
