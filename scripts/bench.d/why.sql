-- The sqlite3 shell's equivalent of `claimtrack why C1`: the claim, and each linked item with its grade, its origin
-- and its derived-from chain (what the status engine reads).
.mode json
SELECT 'C' || c.id AS id, c.status FROM claims c WHERE c.id = 1;
WITH RECURSIVE chain (item, root, depth) AS (
    SELECT l.evidence_id, l.evidence_id, 0 FROM links l WHERE l.claim_id = 1
    UNION
    SELECT e.derived_from, chain.root, chain.depth + 1
      FROM chain JOIN evidence e ON e.id = chain.item
     WHERE e.derived_from IS NOT NULL AND chain.depth < 100
)
SELECT l.stance, 'E' || e.id AS item, coalesce(e.reliability, s.reliability, 'F') AS reliability, e.credibility,
       s.name AS origin, 'S' || s.id AS origin_id,
       (SELECT group_concat('E' || item, ' < ') FROM chain WHERE chain.root = e.id AND depth > 0) AS derived_from
  FROM links l
  JOIN evidence e ON e.id = l.evidence_id
  LEFT JOIN sources s ON s.id = e.origin_id
 WHERE l.claim_id = 1
 ORDER BY e.id;
