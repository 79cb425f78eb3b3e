-- Twin of examples/top-cart-items.js: one item, the 5 largest counts (ties by item id)
SELECT list({'key': [item_id], 'value': n} ORDER BY n DESC, item_id)[1:5] AS value
FROM (SELECT item_id, count(*)::DOUBLE AS n FROM events WHERE name = 'Add To Cart' GROUP BY item_id);
