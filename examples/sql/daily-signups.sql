-- Twin of examples/daily-signups.js
SELECT [epoch_ms(date_trunc('day', ts))::DOUBLE] AS key, count(*)::DOUBLE AS value
FROM events WHERE name = 'Sign up' AND day BETWEEN '2024-01-01' AND '2024-01-31'
GROUP BY 1 ORDER BY 1;
