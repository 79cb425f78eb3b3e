-- Twin of examples/coupon-revenue-filter.js (Number() converts numeric strings)
SELECT [coupon] AS key, [count(*)::DOUBLE, sum(coalesce(amount, TRY_CAST(amount_text AS DOUBLE)))] AS value
FROM events WHERE name = 'Purchase' AND coupon IS NOT NULL AND coupon <> ''
GROUP BY coupon ORDER BY coupon;
