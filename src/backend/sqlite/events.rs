//! The `events` table (the audit trail, append-only: the schema's triggers refuse any change) and `settings`.

use rusqlite::{Connection, OptionalExtension};

use super::{insert_rows, parse_column, Q};
use crate::backend::EventRow;
use crate::error::Result;
use crate::model::{Action, ClaimId, Event, Timestamp};

pub(super) fn insert(conn: &Connection, rows: &[EventRow<'_>]) -> Q<()> {
    // The events of one write share their time: its text is made once.
    let mut at = (None, String::new());
    insert_rows(
        conn,
        "INSERT INTO events (at, actor, action, article_id, claim_id, evidence_id, source_id, detail)",
        8,
        rows,
        |stmt, p, _, row| {
            if at.0 != Some(row.at) {
                at = (Some(row.at), row.at.to_string());
            }
            let refs = row.refs;
            stmt.raw_bind_parameter(p, at.1.as_str())?;
            stmt.raw_bind_parameter(p + 1, row.actor)?;
            stmt.raw_bind_parameter(p + 2, row.action.as_str())?;
            stmt.raw_bind_parameter(p + 3, refs.article.map(|id| id.0))?;
            stmt.raw_bind_parameter(p + 4, refs.claim.map(|id| id.0))?;
            stmt.raw_bind_parameter(p + 5, refs.evidence.map(|id| id.0))?;
            stmt.raw_bind_parameter(p + 6, refs.source.map(|id| id.0))?;
            stmt.raw_bind_parameter(p + 7, row.detail.as_str())
        },
    )?;
    Ok(())
}

pub(super) fn each_of_claim(
    conn: &Connection,
    claim: ClaimId,
    evidence_action: Action,
    source_action: Action,
    each: &mut dyn FnMut(Event) -> Result<()>,
) -> Q<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, detail FROM events WHERE claim_id = ?1
         UNION
         SELECT ev.id, ev.at, ev.actor, ev.action, ev.detail FROM events ev
         JOIN links l ON l.evidence_id = ev.evidence_id AND l.claim_id = ?1
         WHERE ev.claim_id IS NULL AND ev.action = ?2
         UNION
         SELECT ev.id, ev.at, ev.actor, ev.action, ev.detail FROM events ev
         JOIN evidence e ON e.origin_id = ev.source_id
         JOIN links l ON l.evidence_id = e.id AND l.claim_id = ?1
         WHERE ev.action = ?3
         ORDER BY id",
    )?;
    let mut rows = stmt.query(rusqlite::params![
        claim.0,
        evidence_action.as_str(),
        source_action.as_str()
    ])?;
    while let Some(row) = rows.next()? {
        each(Event {
            id: row.get("id")?,
            at: parse_column(row, "at")?,
            actor: row.get("actor")?,
            action: parse_column(row, "action")?,
            detail: row.get("detail")?,
        })?;
    }
    Ok(())
}

pub(super) fn count(conn: &Connection) -> Q<u64> {
    Ok(conn.query_row("SELECT count(*) FROM events", [], |row| row.get(0))?)
}

pub(super) fn last_at(conn: &Connection) -> Q<Option<Timestamp>> {
    let mut stmt = conn.prepare_cached("SELECT at FROM events ORDER BY id DESC LIMIT 1")?;
    let mut rows = stmt.query([])?;
    match rows.next()? {
        Some(row) => Ok(Some(parse_column(row, "at")?)),
        None => Ok(None),
    }
}

pub(super) fn setting(conn: &Connection, name: &str) -> Q<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?)
}

pub(super) fn put_setting(conn: &Connection, name: &str, value: &str) -> Q<()> {
    conn.prepare_cached(
        "INSERT INTO settings (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )?
    .execute([name, value])?;
    Ok(())
}
