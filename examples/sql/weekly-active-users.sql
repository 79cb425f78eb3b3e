-- Twin of examples/weekly-active-users.js (date_trunc('week') starts weeks on Monday)
SELECT [epoch_ms(date_trunc('week', ts))::DOUBLE] AS key, count(DISTINCT distinct_id)::DOUBLE AS value
FROM events WHERE distinct_id IS NOT NULL
GROUP BY 1 ORDER BY 1;
