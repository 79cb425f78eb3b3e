-- Twin of examples/revenue-by-plan.js
SELECT [p.plan] AS key, [count(*)::DOUBLE, coalesce(sum(e.amount), 0)] AS value
FROM events e JOIN profiles p ON p.distinct_id = e.distinct_id
WHERE e.name = 'Purchase'
GROUP BY p.plan ORDER BY p.plan NULLS FIRST;
