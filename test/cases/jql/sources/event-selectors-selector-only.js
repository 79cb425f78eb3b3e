// A selector string alone: country == "CA" -> bob's e4 (view) and e5 (purchase).
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17',
                  event_selectors: [{ selector: 'properties["country"] == "CA"' }] })
    .map(function (e) { return e.properties.$insert_id; });
}
// rowsort
