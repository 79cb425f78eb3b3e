-- q3: unique users per country.
SELECT mp_country_code, count(DISTINCT distinct_id) AS value
FROM events
WHERE time >= epoch(TIMESTAMP '2024-01-02') AND time < epoch(TIMESTAMP '2024-04-01')
  AND distinct_id IS NOT NULL
GROUP BY mp_country_code
