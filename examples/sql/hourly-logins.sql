-- Twin of examples/hourly-logins.js
SELECT [hour(ts)::DOUBLE] AS key, count(*)::DOUBLE AS value
FROM events WHERE name = 'Login'
GROUP BY 1 ORDER BY 1;
