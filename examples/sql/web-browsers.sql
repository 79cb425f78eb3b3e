-- Twin of examples/web-browsers.js
SELECT [browser] AS key, count(*)::DOUBLE AS value
FROM events WHERE name = 'Page View' AND mp_lib = 'web' AND day BETWEEN '2024-02-01' AND '2024-02-29'
GROUP BY browser ORDER BY browser NULLS FIRST;
