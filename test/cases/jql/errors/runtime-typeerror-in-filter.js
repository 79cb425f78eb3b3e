// A TypeError inside a filter callback, at line 5 of the user's file.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .filter(function (e) {
      return e.properties.nothing.here === 1;
    });
}
