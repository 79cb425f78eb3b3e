// All in March 2016: month 2016-03-01 = 1456790400000; quarter and year 2016-01-01 = 1451606400000.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' }).groupBy([mixpanel.numeric_bucket('time', mixpanel.monthly_time_buckets),
                      mixpanel.numeric_bucket('time', mixpanel.quarterly_time_buckets),
                      mixpanel.numeric_bucket('time', mixpanel.annual_time_buckets)], mixpanel.reducer.count());
}
