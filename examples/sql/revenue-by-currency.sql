-- Twin of examples/revenue-by-currency.js (amount: JSON numbers only)
SELECT [currency] AS key, [count(*)::DOUBLE, coalesce(sum(amount), 0), avg(amount)] AS value
FROM events WHERE name = 'Purchase'
GROUP BY currency ORDER BY currency NULLS FIRST;
