// undefined object members and functions vanish; undefined in a list becomes null; nested Dates -> ISO.
function main() {
  return Events({ from_date: '2016-03-16', to_date: '2016-03-16' })
    .filter(function (e) { return e.properties.$insert_id === 'e6'; })
    .map(function (e) {
      return { a: undefined, b: e.properties.amount, f: function () {}, l: [undefined, 1, e.properties.amount],
               d: { when: new Date(e.time) }, n: NaN };
    });
}
