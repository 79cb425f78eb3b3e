-- Twin of examples/signup-purchase-funnel.js: per user, the first sign-up and the last
-- purchase; converted when a purchase comes at or after the sign-up.
WITH u AS (
  SELECT distinct_id,
         min(CASE WHEN name = 'Sign up' THEN time END) AS signup,
         max(CASE WHEN name = 'Purchase' THEN time END) AS last_purchase
  FROM events WHERE distinct_id IS NOT NULL AND name IN ('Sign up', 'Purchase')
  GROUP BY distinct_id
)
SELECT [signup IS NOT NULL, coalesce(last_purchase >= signup, false)] AS key, count(*)::DOUBLE AS value
FROM u GROUP BY 1 ORDER BY 1;
