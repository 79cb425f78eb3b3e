-- q2: a selector filter and a count. A selector's numeric comparison never matches a numeric
-- string ("24.99" > 10 is false), so only JSON numbers count.
SELECT count(*) AS value
FROM events
WHERE time >= epoch(TIMESTAMP '2024-01-02') AND time < epoch(TIMESTAMP '2024-04-01')
  AND mp_country_code = 'US'
  AND json_type(amount) IN ('UBIGINT', 'BIGINT', 'DOUBLE') AND amount::DOUBLE > 10
