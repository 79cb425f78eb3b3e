// Top-level this is the global object; module, exports, define, require are not predefined.
this.helper = function (e) { return e.name.length; };
var flags = [typeof module, typeof exports, typeof define, typeof require, typeof process];
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) { return e.properties.$insert_id === 'e5'; })
    .map(function (e) { return [helper(e), flags]; });
}
