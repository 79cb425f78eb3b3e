-- Twin of examples/cart-percentiles.js: quantile_cont is the same linear interpolation
-- between closest ranks; to_number converts numeric strings too.
WITH q AS (
  SELECT quantile_cont(coalesce(amount, TRY_CAST(amount_text AS DOUBLE)), [0.10, 0.25, 0.50, 0.75, 0.90, 0.99]) AS v
  FROM events WHERE name = 'Purchase' AND currency = 'USD'
)
SELECT [{'percentile': 10::DOUBLE, 'value': v[1]}, {'percentile': 25::DOUBLE, 'value': v[2]}, {'percentile': 50::DOUBLE, 'value': v[3]},
        {'percentile': 75::DOUBLE, 'value': v[4]}, {'percentile': 90::DOUBLE, 'value': v[5]}, {'percentile': 99::DOUBLE, 'value': v[6]}] AS value
FROM q;
