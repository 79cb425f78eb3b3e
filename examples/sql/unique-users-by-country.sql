-- Twin of examples/unique-users-by-country.js (events without a distinct_id belong to no user)
SELECT [country] AS key, count(DISTINCT distinct_id)::DOUBLE AS value
FROM events WHERE day BETWEEN '2024-03-01' AND '2024-03-31' AND distinct_id IS NOT NULL
GROUP BY country ORDER BY country NULLS FIRST;
