-- Twin of examples/price-buckets.js (price: JSON numbers only; strings -> null bucket)
SELECT [b] AS key, count(*)::DOUBLE AS value FROM (
  SELECT CASE WHEN price >= 250 THEN 250 WHEN price >= 100 THEN 100 WHEN price >= 50 THEN 50
              WHEN price >= 25 THEN 25 WHEN price >= 10 THEN 10 WHEN price >= 0 THEN 0 END::DOUBLE AS b
  FROM events WHERE name = 'View Item'
) GROUP BY b ORDER BY b NULLS FIRST;
