//! The `links` table, and the queries that find which claims an item's or a source's change can move.

use rusqlite::{Connection, OptionalExtension, Row};

use super::evidence::origin_from_row;
use super::{insert_rows, parse_column, parse_optional_column, Q};
use crate::backend::{ChainStep, GradedLink, LinkRow, CHAIN_LIMIT};
use crate::error::Result;
use crate::model::{ClaimId, EvidenceId, Link, SourceId, Status};

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        claim: ClaimId(row.get("claim_id")?),
        evidence: EvidenceId(row.get("evidence_id")?),
        stance: parse_column(row, "stance")?,
        note: row.get("note")?,
        created_at: parse_column(row, "created_at")?,
    })
}

/// A link with its item's grades and provenance; the row has the columns of `GRADED`.
fn graded_from_row(row: &Row<'_>) -> rusqlite::Result<GradedLink> {
    Ok(GradedLink {
        claim: ClaimId(row.get("claim_id")?),
        evidence: EvidenceId(row.get("evidence_id")?),
        stance: parse_column(row, "stance")?,
        own_reliability: parse_optional_column(row, "own_reliability")?,
        origin_reliability: parse_optional_column(row, "origin_reliability")?,
        credibility: parse_column(row, "credibility")?,
        origin: origin_from_row(row)?,
        derived_from: row.get::<_, Option<i64>>("derived_from")?.map(EvidenceId),
    })
}

/// The columns `graded_from_row` reads, over `links l JOIN evidence e LEFT JOIN sources s`.
const GRADED: &str = "l.claim_id, l.evidence_id, l.stance, e.reliability AS own_reliability,
    s.reliability AS origin_reliability, e.credibility, e.origin_id, s.name AS origin, e.derived_from";

pub(super) fn between(conn: &Connection, claim: ClaimId, evidence: EvidenceId) -> Q<Option<Link>> {
    Ok(conn
        .prepare_cached("SELECT * FROM links WHERE claim_id = ?1 AND evidence_id = ?2")?
        .query_row([claim.0, evidence.0], from_row)
        .optional()?)
}

pub(super) fn of_claim(conn: &Connection, claim: ClaimId) -> Q<Vec<Link>> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM links WHERE claim_id = ?1 ORDER BY evidence_id")?;
    let rows = stmt.query_map([claim.0], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn of_evidence(conn: &Connection, evidence: EvidenceId) -> Q<Vec<Link>> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM links WHERE evidence_id = ?1 ORDER BY claim_id")?;
    let rows = stmt.query_map([evidence.0], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn graded_of_claim(conn: &Connection, claim: ClaimId) -> Q<Vec<GradedLink>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {GRADED}
         FROM links l JOIN evidence e ON e.id = l.evidence_id LEFT JOIN sources s ON s.id = e.origin_id
         WHERE l.claim_id = ?1 ORDER BY l.evidence_id"
    ))?;
    let rows = stmt.query_map([claim.0], graded_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn each_graded(
    conn: &Connection,
    each: &mut dyn FnMut(GradedLink, Status) -> Result<()>,
) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {GRADED}, c.status AS stored
         FROM links l JOIN claims c ON c.id = l.claim_id JOIN evidence e ON e.id = l.evidence_id
         LEFT JOIN sources s ON s.id = e.origin_id
         ORDER BY l.claim_id, l.evidence_id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(graded_from_row(row)?, parse_column(row, "stored")?)?;
    }
    Ok(())
}

/// Supporting links, each row one step of the item's chain (the steps by a recursive CTE, depth first
/// counted from the link), ordered so that a claim's links and each link's steps come together.
pub(super) fn each_supporting_chain(
    conn: &Connection,
    each: &mut dyn FnMut(GradedLink, Option<ChainStep>) -> Result<()>,
) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH RECURSIVE chain (claim_id, evidence_id, step, depth) AS (
             SELECT l.claim_id, l.evidence_id, e.derived_from, 1
               FROM links l JOIN evidence e ON e.id = l.evidence_id
              WHERE l.stance = 'supports' AND e.derived_from IS NOT NULL
             UNION ALL
             SELECT chain.claim_id, chain.evidence_id, e.derived_from, chain.depth + 1
               FROM chain JOIN evidence e ON e.id = chain.step
              WHERE e.derived_from IS NOT NULL AND chain.depth < {CHAIN_LIMIT})
         SELECT {GRADED}, chain.step, a.id AS step_found, a.origin_id AS step_origin_id,
                sa.name AS step_origin
           FROM links l JOIN evidence e ON e.id = l.evidence_id LEFT JOIN sources s ON s.id = e.origin_id
           LEFT JOIN chain ON chain.claim_id = l.claim_id AND chain.evidence_id = l.evidence_id
           LEFT JOIN evidence a ON a.id = chain.step LEFT JOIN sources sa ON sa.id = a.origin_id
          WHERE l.stance = 'supports'
          ORDER BY l.claim_id, l.evidence_id, chain.depth"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let step = match row.get::<_, Option<i64>>("step")? {
            None => None,
            Some(id) => {
                let origin_id: Option<i64> = row.get("step_origin_id")?;
                let origin: Option<String> = row.get("step_origin")?;
                Some(ChainStep {
                    evidence: EvidenceId(id),
                    origin: origin_id
                        .zip(origin)
                        .map(|(id, name)| crate::status::Origin {
                            id: SourceId(id),
                            name,
                        }),
                    exists: row.get::<_, Option<i64>>("step_found")?.is_some(),
                })
            }
        };
        each(graded_from_row(row)?, step)?;
    }
    Ok(())
}

pub(super) fn each_unlinked_claim_not(
    conn: &Connection,
    expected: Status,
    each: &mut dyn FnMut(ClaimId, Status) -> Result<()>,
) -> Q<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.status FROM claims c
         WHERE c.status <> ?1 AND NOT EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id)
         ORDER BY c.id",
    )?;
    let mut rows = stmt.query([expected.as_str()])?;
    while let Some(row) = rows.next()? {
        each(ClaimId(row.get("id")?), parse_column(row, "status")?)?;
    }
    Ok(())
}

pub(super) fn claims_of_descendants(conn: &Connection, evidence: EvidenceId) -> Q<Vec<ClaimId>> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE family (id) AS (
             SELECT ?1 UNION SELECT e.id FROM evidence e JOIN family f ON e.derived_from = f.id)
         SELECT DISTINCT l.claim_id FROM links l JOIN family f ON l.evidence_id = f.id ORDER BY l.claim_id",
    )?;
    let rows = stmt.query_map([evidence.0], |row| row.get(0).map(ClaimId))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn each_graded_to_origin(
    conn: &Connection,
    source: SourceId,
    each: &mut dyn FnMut(GradedLink) -> Result<()>,
) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {GRADED}
         FROM evidence e JOIN links l ON l.evidence_id = e.id LEFT JOIN sources s ON s.id = e.origin_id
         WHERE e.origin_id = ?1 ORDER BY l.claim_id, l.evidence_id"
    ))?;
    let mut rows = stmt.query([source.0])?;
    while let Some(row) = rows.next()? {
        each(graded_from_row(row)?)?;
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, rows: &[LinkRow<'_>]) -> Q<()> {
    let mut at = (None, String::new());
    insert_rows(
        conn,
        "INSERT INTO links (claim_id, evidence_id, stance, note, created_at)",
        5,
        rows,
        |stmt, p, _, row| {
            if at.0 != Some(row.created_at) {
                at = (Some(row.created_at), row.created_at.to_string());
            }
            stmt.raw_bind_parameter(p, row.claim.0)?;
            stmt.raw_bind_parameter(p + 1, row.evidence.0)?;
            stmt.raw_bind_parameter(p + 2, row.stance.as_str())?;
            stmt.raw_bind_parameter(p + 3, row.note)?;
            stmt.raw_bind_parameter(p + 4, at.1.as_str())
        },
    )?;
    Ok(())
}

pub(super) fn update(conn: &Connection, row: &LinkRow<'_>) -> Q<()> {
    conn.prepare_cached(
        "UPDATE links SET stance = ?1, note = ?2 WHERE claim_id = ?3 AND evidence_id = ?4",
    )?
    .execute(rusqlite::params![
        row.stance.as_str(),
        row.note,
        row.claim.0,
        row.evidence.0
    ])?;
    Ok(())
}

pub(super) fn delete(conn: &Connection, claim: ClaimId, evidence: EvidenceId) -> Q<bool> {
    let removed = conn
        .prepare_cached("DELETE FROM links WHERE claim_id = ?1 AND evidence_id = ?2")?
        .execute([claim.0, evidence.0])?;
    Ok(removed > 0)
}
