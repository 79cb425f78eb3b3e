// {event, selector}: views from the US = e2, e6, e7 (e4 is CA, e9 FR).
// {event, label}: the label changes nothing: purchases e3, e5, e10.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17',
                  event_selectors: [
                    { event: 'view', selector: 'properties["country"] == "US"', label: 'US views' },
                    { event: 'purchase', label: 'buys' }] })
    .groupBy(['name'], mixpanel.reducer.count());
}
