-- Twin of examples/unique-users-count-unique.js
SELECT [name] AS key, [count(DISTINCT distinct_id)::DOUBLE, count(DISTINCT item_id)::DOUBLE] AS value
FROM events WHERE day BETWEEN '2024-01-02' AND '2024-01-31'
GROUP BY name ORDER BY name;
