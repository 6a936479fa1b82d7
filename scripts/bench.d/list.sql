-- The sqlite3 shell's equivalent of `claimtrack list --status unverified --format json`: the same columns, the
-- same verdict subquery, the same filter and order (src/store/claims.rs), written as JSON by `.mode json`.
.mode json
SELECT 'C' || c.id AS id, 'A' || c.article_id AS article, c.text, c.source, c.cue, c.strength, c.response,
       c.status,
       (SELECT v.rating FROM verdicts v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1) AS verdict,
       c.key,
       CASE WHEN c.span_start IS NULL THEN NULL ELSE json_array(c.span_start, c.span_end) END AS span,
       c.created_at
  FROM claims c
 WHERE c.status IN ('unverified')
 ORDER BY c.id;
