-- q6: events of premium-plan users, per event country.
SELECT e.mp_country_code, count(*) AS value
FROM events e JOIN profiles p ON e.distinct_id = p.distinct_id
WHERE e.time >= epoch(TIMESTAMP '2024-01-02') AND e.time < epoch(TIMESTAMP '2024-04-01')
  AND p.plan = 'premium'
GROUP BY e.mp_country_code
