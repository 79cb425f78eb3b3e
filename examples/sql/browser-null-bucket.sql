-- Twin of examples/browser-null-bucket.js
SELECT [browser, method] AS key, count(*)::DOUBLE AS value
FROM events WHERE name = 'Login'
GROUP BY browser, method ORDER BY browser NULLS FIRST, method NULLS FIRST;
