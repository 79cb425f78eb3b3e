// numeric_bucket as a reducer accessor: the max of amounts bucketed by 50 = 100 (from 100); min = 0.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).reduce([mixpanel.reducer.max(mixpanel.numeric_bucket('properties.amount', { bucket_size: 50 })),
                     mixpanel.reducer.min(mixpanel.numeric_bucket('properties.amount', { bucket_size: 50 }))]);
}
