-- Twin of examples/events-by-name.js
SELECT [name] AS key, count(*)::DOUBLE AS value
FROM events WHERE day BETWEEN '2024-03-01' AND '2024-03-31'
GROUP BY name ORDER BY name;
