-- Twin of examples/top-categories-items.js: categories ranked by total quantity (top 3),
-- items ranked within each (top 2); ties by key; rows in key order.
WITH g AS (
  SELECT category, item_id, sum(quantity)::DOUBLE AS v FROM events WHERE name = 'Add To Cart' GROUP BY 1, 2
), c AS (
  SELECT category, sum(v) AS w FROM g GROUP BY 1 ORDER BY w DESC, category NULLS FIRST LIMIT 3
), r AS (
  SELECT g.*, row_number() OVER (PARTITION BY g.category ORDER BY v DESC, item_id NULLS FIRST) AS rn
  FROM g JOIN c USING (category)
)
SELECT [category, item_id] AS key, v AS value FROM r WHERE rn <= 2 ORDER BY category, item_id;
