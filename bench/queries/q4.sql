-- q4: a filter and a key function.
SELECT name, count(*) AS value
FROM events
WHERE time >= epoch(TIMESTAMP '2024-01-02') AND time < epoch(TIMESTAMP '2024-04-01')
  AND mp_country_code = 'US'
GROUP BY name
