-- The sqlite3 shell's equivalent of `claimtrack report --format json`: the store's one GROUP BY of claims per
-- article, status and strength (src/store/claims.rs, article_counts), written as JSON.
.mode json
SELECT a.id, a.title, c.status, c.strength, count(c.id) AS n
  FROM articles a LEFT JOIN claims c ON c.article_id = a.id
 GROUP BY a.id, c.status, c.strength
 ORDER BY a.id;
