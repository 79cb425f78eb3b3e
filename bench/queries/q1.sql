-- q1: events per name in a date range (days inclusive, UTC).
SELECT name, count(*) AS value
FROM events
WHERE time >= epoch(TIMESTAMP '2024-02-01') AND time < epoch(TIMESTAMP '2024-03-16')
GROUP BY name
