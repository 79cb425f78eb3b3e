-- Twin of examples/favorite-categories.js: one row per distinct listed category; a
-- missing list is the key null; an empty list counts nowhere.
SELECT [k] AS key, count(*)::DOUBLE AS value FROM (
  SELECT unnest(list_distinct(favorite_categories)) AS k FROM profiles WHERE favorite_categories IS NOT NULL
  UNION ALL
  SELECT NULL AS k FROM profiles WHERE favorite_categories IS NULL
) GROUP BY k ORDER BY k NULLS FIRST;
