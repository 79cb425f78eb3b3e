-- q5: furthest step of the sequential funnel Sign up -> View Item -> Add To Cart -> Purchase
-- per user (each step at or after the previous one, ties in time in file order), users per step.
WITH e AS (
  SELECT distinct_id, name, time, seq
  FROM events
  WHERE time >= epoch(TIMESTAMP '2024-01-02') AND time < epoch(TIMESTAMP '2024-04-01')
    AND distinct_id IS NOT NULL
),
s1 AS (SELECT distinct_id, min(seq) AS seq FROM e WHERE name = 'Sign up' GROUP BY 1),
s2 AS (SELECT e.distinct_id, min(e.seq) AS seq FROM e JOIN s1 USING (distinct_id)
       WHERE e.name = 'View Item' AND e.seq > s1.seq GROUP BY 1),
s3 AS (SELECT e.distinct_id, min(e.seq) AS seq FROM e JOIN s2 USING (distinct_id)
       WHERE e.name = 'Add To Cart' AND e.seq > s2.seq GROUP BY 1),
s4 AS (SELECT e.distinct_id, min(e.seq) AS seq FROM e JOIN s3 USING (distinct_id)
       WHERE e.name = 'Purchase' AND e.seq > s3.seq GROUP BY 1),
u AS (SELECT DISTINCT distinct_id FROM e)
SELECT (s1.distinct_id IS NOT NULL)::INT + (s2.distinct_id IS NOT NULL)::INT
     + (s3.distinct_id IS NOT NULL)::INT + (s4.distinct_id IS NOT NULL)::INT AS step,
       count(*) AS value
FROM u
LEFT JOIN s1 USING (distinct_id) LEFT JOIN s2 USING (distinct_id)
LEFT JOIN s3 USING (distinct_id) LEFT JOIN s4 USING (distinct_id)
GROUP BY step
