//! The `events` table (the audit trail: append-only, without gaps, its actor and time the server's: the columns'
//! defaults, which only the owner may override) and `settings`. Event ids are given here, following on from the
//! last one read under the desk lock, and a batch goes in as one statement over arrays.

use super::{count, parse, time, Conn, Q};
use crate::backend::EventRow;
use crate::error::Result;
use crate::model::{Action, ClaimId, Event};

/// Writes `rows` with the next ids; their actor and time only when `keep` (the owner keeping its stamps), else
/// the server's defaults stand, as they must for anyone else (the grants leave those columns out).
pub(super) fn insert(
    conn: &Conn,
    next: &mut Option<i64>,
    keep: bool,
    rows: &[EventRow<'_>],
) -> Q<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let first = match *next {
        Some(id) => id,
        None => conn
            .query_one(
                "SELECT coalesce(max(id), 0) + 1 FROM claimtrack.events",
                &[],
            )?
            .try_get(0)?,
    };
    let ids: Vec<i64> = (first..).take(rows.len()).collect();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    let articles: Vec<Option<i64>> = rows.iter().map(|r| r.refs.article.map(|id| id.0)).collect();
    let claims: Vec<Option<i64>> = rows.iter().map(|r| r.refs.claim.map(|id| id.0)).collect();
    let evidence: Vec<Option<i64>> = rows
        .iter()
        .map(|r| r.refs.evidence.map(|id| id.0))
        .collect();
    let sources: Vec<Option<i64>> = rows.iter().map(|r| r.refs.source.map(|id| id.0)).collect();
    let details: Vec<&str> = rows.iter().map(|r| r.detail.as_str()).collect();
    if keep {
        let at: Vec<_> = rows.iter().map(|r| r.at.as_datetime()).collect();
        let actors: Vec<&str> = rows.iter().map(|r| r.actor).collect();
        conn.execute(
            "INSERT INTO claimtrack.events (id, at, actor, action, article_id, claim_id, evidence_id, source_id, detail)
             SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[],
                 $6::bigint[], $7::bigint[], $8::bigint[], $9::text[])
             ORDER BY 1",
            &[&ids, &at, &actors, &actions, &articles, &claims, &evidence, &sources, &details],
        )?;
    } else {
        conn.execute(
            "INSERT INTO claimtrack.events (id, action, article_id, claim_id, evidence_id, source_id, detail)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
                 $7::text[])
             ORDER BY 1",
            &[&ids, &actions, &articles, &claims, &evidence, &sources, &details],
        )?;
    }
    *next = Some(first + rows.len() as i64);
    Ok(())
}

pub(super) fn each_of_claim(
    conn: &Conn,
    claim: ClaimId,
    evidence_action: Action,
    source_action: Action,
    each: &mut dyn FnMut(Event) -> Result<()>,
) -> Q<()> {
    let (evidence_action, source_action) = (evidence_action.as_str(), source_action.as_str());
    conn.stream(
        "SELECT id, at, actor, action, detail FROM claimtrack.events WHERE claim_id = $1
         UNION
         SELECT ev.id, ev.at, ev.actor, ev.action, ev.detail FROM claimtrack.events ev
         JOIN claimtrack.links l ON l.evidence_id = ev.evidence_id AND l.claim_id = $1
         WHERE ev.claim_id IS NULL AND ev.action = $2
         UNION
         SELECT ev.id, ev.at, ev.actor, ev.action, ev.detail FROM claimtrack.events ev
         JOIN claimtrack.evidence e ON e.origin_id = ev.source_id
         JOIN claimtrack.links l ON l.evidence_id = e.id AND l.claim_id = $1
         WHERE ev.action = $3
         ORDER BY id",
        &[&claim.0, &evidence_action, &source_action],
        &mut |row| {
            let event = (|| -> Q<Event> {
                Ok(Event {
                    id: row.try_get("id")?,
                    at: time(row, "at")?,
                    actor: row.try_get("actor")?,
                    action: parse(row, "action")?,
                    detail: row.try_get("detail")?,
                })
            })()
            .map_err(super::into_error)?;
            each(event)
        },
    )
}

pub(super) fn count_all(conn: &Conn) -> Q<u64> {
    let row = conn.query_one("SELECT count(*) AS n FROM claimtrack.events", &[])?;
    count(&row, "n")
}

pub(super) fn last_at(conn: &Conn) -> Q<Option<crate::model::Timestamp>> {
    match conn.query_opt(
        "SELECT at FROM claimtrack.events ORDER BY id DESC LIMIT 1",
        &[],
    )? {
        Some(row) => Ok(Some(time(&row, "at")?)),
        None => Ok(None),
    }
}

pub(super) fn setting(conn: &Conn, name: &str) -> Q<Option<String>> {
    Ok(conn
        .query_opt(
            "SELECT value FROM claimtrack.settings WHERE name = $1",
            &[&name],
        )?
        .map(|row| row.try_get(0))
        .transpose()?)
}

pub(super) fn put_setting(conn: &Conn, name: &str, value: &str) -> Q<()> {
    conn.execute(
        "INSERT INTO claimtrack.settings (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        &[&name, &value],
    )?;
    Ok(())
}
