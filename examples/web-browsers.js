// Page views by browser in February, keeping only web traffic with a selector string;
// events without $browser (none here, since mp_lib == "web") would group under null.
function main() {
  return Events({
    from_date: '2024-02-01', to_date: '2024-02-29',
    event_selectors: [{ event: 'Page View', selector: 'properties["mp_lib"] == "web"', label: 'web views' }],
  }).groupBy(['properties.$browser'], mixpanel.reducer.count());
}
