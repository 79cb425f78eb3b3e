-- Twin of examples/purchase-amount-summary.js (population stddev)
SELECT [currency] AS key,
       {'count': count(amount)::DOUBLE, 'sum': coalesce(sum(amount), 0), 'sum_squares': coalesce(sum(amount * amount), 0),
        'avg': avg(amount), 'stddev': stddev_pop(amount)} AS value
FROM events WHERE name = 'Purchase'
GROUP BY currency ORDER BY currency NULLS FIRST;
