-- q7: profiles of the cohort "did Purchase at least 2 times between 2024-03-01 and 2024-03-31,
-- and profile $country_code is US", exported as CSV ($distinct_id, $email, plan, $country_code).
-- quarry side: bench/queries/q7.sh (cohort create once, untimed; cohort members --format csv timed).
WITH buyers AS (
  SELECT distinct_id
  FROM events
  WHERE name = 'Purchase' AND distinct_id IS NOT NULL
    AND time >= epoch(TIMESTAMP '2024-03-01') AND time < epoch(TIMESTAMP '2024-04-01')
  GROUP BY distinct_id
  HAVING count(*) >= 2
)
SELECT p.distinct_id, p."$email", p.plan, p."$country_code"
FROM profiles p JOIN buyers USING (distinct_id)
WHERE p."$country_code" = 'US'
