//! The match index's tables, `match_segments` and `match_terms`: rows of blobs stored and returned exactly as
//! `crate::matching::segment` made them.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Q;
use crate::matching::index::CorpusStats;
use crate::matching::segment::{NewSegment, SegmentInfo, TermBlob};

fn count(row: &Row<'_>, column: &str) -> rusqlite::Result<u64> {
    let value: i64 = row.get(column)?;
    u64::try_from(value).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Integer, Box::new(e))
    })
}

fn stored(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) fn segments(conn: &Connection) -> Q<Vec<SegmentInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, docs, live_docs, len_claim, len_title, len_context, deleted FROM match_segments ORDER BY id",
    )?;
    let rows = stmt.query_map([], segment_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn segment_from_row(row: &Row<'_>) -> rusqlite::Result<SegmentInfo> {
    Ok(SegmentInfo {
        id: row.get("id")?,
        docs: count(row, "docs")?,
        live: CorpusStats {
            docs: count(row, "live_docs")?,
            length_sums: [
                count(row, "len_claim")?,
                count(row, "len_title")?,
                count(row, "len_context")?,
            ],
        },
        deleted: row.get("deleted")?,
    })
}

/// A segment as stored, its id included (a desk being copied in).
pub(super) fn restore_segment(conn: &Connection, info: &SegmentInfo, doc_list: &[u8]) -> Q<()> {
    let live = &info.live;
    conn.prepare_cached(
        "INSERT INTO match_segments (id, docs, live_docs, len_claim, len_title, len_context, doc_list, deleted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        info.id,
        stored(info.docs),
        stored(live.docs),
        stored(live.length_sums[0]),
        stored(live.length_sums[1]),
        stored(live.length_sums[2]),
        doc_list,
        info.deleted
    ])?;
    Ok(())
}

pub(super) fn doc_list(conn: &Connection, segment: i64) -> Q<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT doc_list FROM match_segments WHERE id = ?1")?
        .query_row([segment], |row| row.get(0))
        .optional()?)
}

/// One point lookup per (segment, term): the primary key's order, so each is a seek, whatever the planner would
/// make of `term IN (…)` across segments.
pub(super) fn postings(conn: &Connection, terms: &[String]) -> Q<Vec<TermBlob>> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare_cached("SELECT id FROM match_segments ORDER BY id")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut stmt =
        conn.prepare_cached("SELECT postings FROM match_terms WHERE segment = ?1 AND term = ?2")?;
    let mut out = Vec::new();
    for &segment in &ids {
        for term in terms {
            if let Some(postings) = stmt
                .query_row(params![segment, term], |row| row.get(0))
                .optional()?
            {
                out.push(TermBlob {
                    segment,
                    term: term.clone(),
                    postings,
                });
            }
        }
    }
    Ok(out)
}

pub(super) fn segment_terms(conn: &Connection, segment: i64) -> Q<Vec<(String, Vec<u8>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT term, postings FROM match_terms WHERE segment = ?1")?;
    let rows = stmt.query_map([segment], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn insert_segment(conn: &Connection, segment: &NewSegment) -> Q<i64> {
    let live = &segment.live;
    conn.prepare_cached(
        "INSERT INTO match_segments (docs, live_docs, len_claim, len_title, len_context, doc_list, deleted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, x'')",
    )?
    .execute(params![
        stored(segment.docs),
        stored(live.docs),
        stored(live.length_sums[0]),
        stored(live.length_sums[1]),
        stored(live.length_sums[2]),
        segment.doc_list
    ])?;
    let id = conn.last_insert_rowid();
    insert_terms(conn, id, &segment.terms)?;
    Ok(id)
}

/// Term rows of a segment. Terms come sorted, so the rows go in in key order: appended to the table's B-tree.
pub(super) fn insert_terms(conn: &Connection, segment: i64, terms: &[(String, Vec<u8>)]) -> Q<()> {
    let mut insert = conn
        .prepare_cached("INSERT INTO match_terms (segment, term, postings) VALUES (?1, ?2, ?3)")?;
    for (term, postings) in terms {
        insert.execute(params![segment, term, postings])?;
    }
    Ok(())
}

pub(super) fn update_segment(
    conn: &Connection,
    segment: i64,
    live: &CorpusStats,
    deleted: &[u8],
) -> Q<()> {
    conn.prepare_cached(
        "UPDATE match_segments SET live_docs = ?2, len_claim = ?3, len_title = ?4, len_context = ?5, deleted = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        segment,
        stored(live.docs),
        stored(live.length_sums[0]),
        stored(live.length_sums[1]),
        stored(live.length_sums[2]),
        deleted
    ])?;
    Ok(())
}

pub(super) fn delete_segment(conn: &Connection, segment: i64) -> Q<()> {
    conn.prepare_cached("DELETE FROM match_terms WHERE segment = ?1")?
        .execute([segment])?;
    conn.prepare_cached("DELETE FROM match_segments WHERE id = ?1")?
        .execute([segment])?;
    Ok(())
}
