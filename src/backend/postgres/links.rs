//! The `links` table, and the queries that find which claims an item's or a source's change can move.

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::Row;

use super::claims::COPY_FROM;
use super::evidence::origin_from_row;
use super::{parse, parse_optional, time, Conn, Q};
use crate::backend::{ChainStep, GradedLink, LinkRow, CHAIN_LIMIT};
use crate::error::Result;
use crate::model::{ClaimId, EvidenceId, Link, SourceId, Status};

pub(super) fn from_row(row: &Row) -> Q<Link> {
    Ok(Link {
        claim: ClaimId(row.try_get("claim_id")?),
        evidence: EvidenceId(row.try_get("evidence_id")?),
        stance: parse(row, "stance")?,
        note: row.try_get("note")?,
        created_at: time(row, "created_at")?,
    })
}

/// A link with its item's grades and provenance; the row has the columns of `GRADED`.
fn graded_from_row(row: &Row) -> Q<GradedLink> {
    Ok(GradedLink {
        claim: ClaimId(row.try_get("claim_id")?),
        evidence: EvidenceId(row.try_get("evidence_id")?),
        stance: parse(row, "stance")?,
        own_reliability: parse_optional(row, "own_reliability")?,
        origin_reliability: parse_optional(row, "origin_reliability")?,
        credibility: parse(row, "credibility")?,
        origin: origin_from_row(row)?,
        derived_from: row
            .try_get::<_, Option<i64>>("derived_from")?
            .map(EvidenceId),
    })
}

/// The columns `graded_from_row` reads, over `links l JOIN evidence e LEFT JOIN sources s`.
const GRADED: &str = "l.claim_id, l.evidence_id, l.stance, e.reliability AS own_reliability,
    s.reliability AS origin_reliability, e.credibility, e.origin_id, s.name AS origin, e.derived_from";

const LINK: &str = "SELECT claim_id, evidence_id, stance, note, created_at FROM claimtrack.links";

pub(super) fn between(conn: &Conn, claim: ClaimId, evidence: EvidenceId) -> Q<Option<Link>> {
    conn.query_opt(
        &format!("{LINK} WHERE claim_id = $1 AND evidence_id = $2"),
        &[&claim.0, &evidence.0],
    )?
    .map(|row| from_row(&row))
    .transpose()
}

pub(super) fn of_claim(conn: &Conn, claim: ClaimId) -> Q<Vec<Link>> {
    conn.query(
        &format!("{LINK} WHERE claim_id = $1 ORDER BY evidence_id"),
        &[&claim.0],
    )?
    .iter()
    .map(from_row)
    .collect()
}

pub(super) fn of_evidence(conn: &Conn, evidence: EvidenceId) -> Q<Vec<Link>> {
    conn.query(
        &format!("{LINK} WHERE evidence_id = $1 ORDER BY claim_id"),
        &[&evidence.0],
    )?
    .iter()
    .map(from_row)
    .collect()
}

pub(super) fn graded_of_claim(conn: &Conn, claim: ClaimId) -> Q<Vec<GradedLink>> {
    conn.query(
        &format!(
            "SELECT {GRADED}
             FROM claimtrack.links l JOIN claimtrack.evidence e ON e.id = l.evidence_id
             LEFT JOIN claimtrack.sources s ON s.id = e.origin_id
             WHERE l.claim_id = $1 ORDER BY l.evidence_id"
        ),
        &[&claim.0],
    )?
    .iter()
    .map(graded_from_row)
    .collect()
}

pub(super) fn each_graded(
    conn: &Conn,
    each: &mut dyn FnMut(GradedLink, Status) -> Result<()>,
) -> Q<()> {
    let sql = format!(
        "SELECT {GRADED}, c.status AS stored
         FROM claimtrack.links l JOIN claimtrack.claims c ON c.id = l.claim_id
         JOIN claimtrack.evidence e ON e.id = l.evidence_id LEFT JOIN claimtrack.sources s ON s.id = e.origin_id
         ORDER BY l.claim_id, l.evidence_id"
    );
    conn.stream(&sql, &[], &mut |row| {
        let link = graded_from_row(row).map_err(super::into_error)?;
        let stored = parse(row, "stored").map_err(super::into_error)?;
        each(link, stored)
    })
}

/// Supporting links, each row one step of the item's chain (the steps by a recursive CTE, depth first
/// counted from the link), ordered so that a claim's links and each link's steps come together.
pub(super) fn each_supporting_chain(
    conn: &Conn,
    each: &mut dyn FnMut(GradedLink, Option<ChainStep>) -> Result<()>,
) -> Q<()> {
    let sql = format!(
        "WITH RECURSIVE chain (claim_id, evidence_id, step, depth) AS (
             SELECT l.claim_id, l.evidence_id, e.derived_from, 1
               FROM claimtrack.links l JOIN claimtrack.evidence e ON e.id = l.evidence_id
              WHERE l.stance = 'supports' AND e.derived_from IS NOT NULL
             UNION ALL
             SELECT chain.claim_id, chain.evidence_id, e.derived_from, chain.depth + 1
               FROM chain JOIN claimtrack.evidence e ON e.id = chain.step
              WHERE e.derived_from IS NOT NULL AND chain.depth < {CHAIN_LIMIT})
         SELECT {GRADED}, chain.step, a.id AS step_found, a.origin_id AS step_origin_id,
                sa.name AS step_origin
           FROM claimtrack.links l JOIN claimtrack.evidence e ON e.id = l.evidence_id
           LEFT JOIN claimtrack.sources s ON s.id = e.origin_id
           LEFT JOIN chain ON chain.claim_id = l.claim_id AND chain.evidence_id = l.evidence_id
           LEFT JOIN claimtrack.evidence a ON a.id = chain.step
           LEFT JOIN claimtrack.sources sa ON sa.id = a.origin_id
          WHERE l.stance = 'supports'
          ORDER BY l.claim_id, l.evidence_id, chain.depth"
    );
    conn.stream(&sql, &[], &mut |row| {
        let link = graded_from_row(row).map_err(super::into_error)?;
        let step = (|| -> Q<Option<ChainStep>> {
            let Some(id) = row.try_get::<_, Option<i64>>("step")? else {
                return Ok(None);
            };
            let origin_id: Option<i64> = row.try_get("step_origin_id")?;
            let origin: Option<String> = row.try_get("step_origin")?;
            Ok(Some(ChainStep {
                evidence: EvidenceId(id),
                origin: origin_id
                    .zip(origin)
                    .map(|(id, name)| crate::status::Origin {
                        id: SourceId(id),
                        name,
                    }),
                exists: row.try_get::<_, Option<i64>>("step_found")?.is_some(),
            }))
        })()
        .map_err(super::into_error)?;
        each(link, step)
    })
}

pub(super) fn each_unlinked_claim_not(
    conn: &Conn,
    expected: Status,
    each: &mut dyn FnMut(ClaimId, Status) -> Result<()>,
) -> Q<()> {
    let expected = expected.as_str();
    conn.stream(
        "SELECT c.id, c.status FROM claimtrack.claims c
         WHERE c.status <> $1 AND NOT EXISTS (SELECT 1 FROM claimtrack.links l WHERE l.claim_id = c.id)
         ORDER BY c.id",
        &[&expected],
        &mut |row| {
            let id = row.try_get("id").map_err(|e| super::into_error(e.into()))?;
            each(ClaimId(id), parse(row, "status").map_err(super::into_error)?)
        },
    )
}

pub(super) fn claims_of_descendants(conn: &Conn, evidence: EvidenceId) -> Q<Vec<ClaimId>> {
    conn.query(
        "WITH RECURSIVE family (id) AS (
             SELECT $1::bigint UNION SELECT e.id FROM claimtrack.evidence e JOIN family f ON e.derived_from = f.id)
         SELECT DISTINCT l.claim_id FROM claimtrack.links l JOIN family f ON l.evidence_id = f.id
         ORDER BY l.claim_id",
        &[&evidence.0],
    )?
    .iter()
    .map(|row| Ok(ClaimId(row.try_get(0)?)))
    .collect()
}

pub(super) fn each_graded_to_origin(
    conn: &Conn,
    source: SourceId,
    each: &mut dyn FnMut(GradedLink) -> Result<()>,
) -> Q<()> {
    let sql = format!(
        "SELECT {GRADED}
         FROM claimtrack.evidence e JOIN claimtrack.links l ON l.evidence_id = e.id
         LEFT JOIN claimtrack.sources s ON s.id = e.origin_id
         WHERE e.origin_id = $1 ORDER BY l.claim_id, l.evidence_id"
    );
    conn.stream(&sql, &[&source.0], &mut |row| {
        each(graded_from_row(row).map_err(super::into_error)?)
    })
}

pub(super) fn insert(conn: &Conn, rows: &[LinkRow<'_>]) -> Q<()> {
    if rows.is_empty() {
        return Ok(());
    }
    if rows.len() < COPY_FROM {
        let claims: Vec<i64> = rows.iter().map(|r| r.claim.0).collect();
        let evidence: Vec<i64> = rows.iter().map(|r| r.evidence.0).collect();
        let stances: Vec<&str> = rows.iter().map(|r| r.stance.as_str()).collect();
        let notes: Vec<Option<&str>> = rows.iter().map(|r| r.note).collect();
        let created: Vec<_> = rows.iter().map(|r| r.created_at.as_datetime()).collect();
        conn.execute(
            "INSERT INTO claimtrack.links (claim_id, evidence_id, stance, note, created_at)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[])",
            &[&claims, &evidence, &stances, &notes, &created],
        )?;
        return Ok(());
    }
    let mut client = conn.client.borrow_mut();
    let sink = client.copy_in(
        "COPY claimtrack.links (claim_id, evidence_id, stance, note, created_at) FROM STDIN (FORMAT binary)",
    )?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TIMESTAMPTZ,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for row in rows {
        writer.write(&[
            &row.claim.0,
            &row.evidence.0,
            &row.stance.as_str(),
            &row.note,
            &row.created_at.as_datetime(),
        ])?;
    }
    writer.finish()?;
    Ok(())
}

pub(super) fn update(conn: &Conn, row: &LinkRow<'_>) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.links SET stance = $1, note = $2 WHERE claim_id = $3 AND evidence_id = $4",
        &[&row.stance.as_str(), &row.note, &row.claim.0, &row.evidence.0],
    )?;
    Ok(())
}

pub(super) fn delete(conn: &Conn, claim: ClaimId, evidence: EvidenceId) -> Q<bool> {
    let removed = conn.execute(
        "DELETE FROM claimtrack.links WHERE claim_id = $1 AND evidence_id = $2",
        &[&claim.0, &evidence.0],
    )?;
    Ok(removed > 0)
}
