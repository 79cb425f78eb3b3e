-- Twin of examples/people-by-plan.js
SELECT [plan] AS key, [count(*)::DOUBLE, avg(age)] AS value
FROM profiles WHERE newsletter = true
GROUP BY plan ORDER BY plan NULLS FIRST;
