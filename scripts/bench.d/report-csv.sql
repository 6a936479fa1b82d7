-- The sqlite3 shell's equivalent of `claimtrack report --format csv`: the same rows in the same order (every claim,
-- weakest attribution first, then by id; src/report.rs, each_claim, and src/render/rows.rs, ClaimLine), with the
-- same joins and per-claim work. Each claim's newest verdict by the store's subquery; its lines of support from
-- every supporting link's derived-from chain (a recursive CTE over evidence, as the store's one-pass read walks it),
-- grouped per claim: a line here is the distinct origin of the chain's top item (that item itself when it has no
-- origin). The status engine merges lines that meet anywhere in their chains (union-find over every item, ancestor
-- and origin), so where two chains share an item or an origin below their tops this count is higher than
-- claimtrack's (1.2% of the rows of the generated 100k desk, seed 1); every other cell is the same. The work, the
-- joins, the chain walk and one aggregate per claim, is the same. Written by `.mode csv` with a header.
.headers on
.mode csv
WITH RECURSIVE chain (claim_id, evidence_id, item, depth) AS (
    SELECT l.claim_id, l.evidence_id, l.evidence_id, 0 FROM links l WHERE l.stance = 'supports'
    UNION ALL
    SELECT chain.claim_id, chain.evidence_id, e.derived_from, chain.depth + 1
      FROM chain JOIN evidence e ON e.id = chain.item
     WHERE e.derived_from IS NOT NULL AND chain.depth < 1000
),
tops AS (
    SELECT claim_id, evidence_id, item, max(depth) FROM chain GROUP BY claim_id, evidence_id
),
lines (claim_id, n) AS (
    SELECT t.claim_id, count(DISTINCT coalesce('S' || e.origin_id, 'E' || e.id))
      FROM tops t JOIN evidence e ON e.id = t.item
     GROUP BY t.claim_id
)
SELECT 'C' || c.id AS claim, 'A' || c.article_id AS article, c.strength, c.status,
       (SELECT v.rating FROM verdicts v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1) AS verdict,
       coalesce(lines.n, 0) AS lines, c.source, c.source_kind AS "source kind", c.cue, c.response, c.text
  FROM claims c LEFT JOIN lines ON lines.claim_id = c.id
 ORDER BY CASE c.strength WHEN 'unattributed' THEN 0 WHEN 'hedged' THEN 1 WHEN 'reported' THEN 2
                          WHEN 'anonymous' THEN 3 WHEN 'document' THEN 4 WHEN 'on_record' THEN 5 END, c.id;
