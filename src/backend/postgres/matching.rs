//! The match index's tables, `match_segments` and `match_terms`: rows of blobs (`bytea`) stored and returned
//! exactly as `crate::matching::segment` made them. The server never ranks: the ledger ranks in Rust from the same
//! blobs, so a desk's matches are the same on either engine.

use postgres::Row;

use super::{Conn, PgError, Q};
use crate::error::Error;
use crate::matching::index::CorpusStats;
use crate::matching::segment::{NewSegment, SegmentInfo, TermBlob};

fn count(row: &Row, column: &str) -> Q<u64> {
    let value: i64 = row.try_get(column)?;
    u64::try_from(value).map_err(|_| {
        PgError::Ledger(Error::Storage {
            message: format!("the match index holds a negative `{column}`"),
        })
    })
}

fn stored(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) fn segment_from_row(row: &Row) -> Q<SegmentInfo> {
    Ok(SegmentInfo {
        id: row.try_get("id")?,
        docs: count(row, "docs")?,
        live: CorpusStats {
            docs: count(row, "live_docs")?,
            length_sums: [
                count(row, "len_claim")?,
                count(row, "len_title")?,
                count(row, "len_context")?,
            ],
        },
        deleted: row.try_get("deleted")?,
    })
}

pub(super) fn segments(conn: &Conn) -> Q<Vec<SegmentInfo>> {
    conn.query(
        "SELECT id, docs, live_docs, len_claim, len_title, len_context, deleted FROM claimtrack.match_segments
         ORDER BY id",
        &[],
    )?
    .iter()
    .map(segment_from_row)
    .collect()
}

pub(super) fn doc_list(conn: &Conn, segment: i64) -> Q<Option<Vec<u8>>> {
    Ok(conn
        .query_opt(
            "SELECT doc_list FROM claimtrack.match_segments WHERE id = $1",
            &[&segment],
        )?
        .map(|row| row.try_get(0))
        .transpose()?)
}

/// Every (segment, term) row of these terms in one round trip: the primary key serves `term = ANY(…)` per segment.
pub(super) fn postings(conn: &Conn, terms: &[String]) -> Q<Vec<TermBlob>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    conn.query(
        "SELECT segment, term, postings FROM claimtrack.match_terms WHERE term = ANY($1)",
        &[&terms],
    )?
    .iter()
    .map(|row| {
        Ok(TermBlob {
            segment: row.try_get("segment")?,
            term: row.try_get("term")?,
            postings: row.try_get("postings")?,
        })
    })
    .collect()
}

pub(super) fn segment_terms(conn: &Conn, segment: i64) -> Q<Vec<(String, Vec<u8>)>> {
    conn.query(
        "SELECT term, postings FROM claimtrack.match_terms WHERE segment = $1",
        &[&segment],
    )?
    .iter()
    .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
    .collect()
}

pub(super) fn insert_segment(conn: &Conn, segment: &NewSegment) -> Q<i64> {
    let live = &segment.live;
    let id: i64 = conn
        .query_one(
            "INSERT INTO claimtrack.match_segments (docs, live_docs, len_claim, len_title, len_context, doc_list,
                deleted)
             VALUES ($1, $2, $3, $4, $5, $6, ''::bytea) RETURNING id",
            &[
                &stored(segment.docs),
                &stored(live.docs),
                &stored(live.length_sums[0]),
                &stored(live.length_sums[1]),
                &stored(live.length_sums[2]),
                &segment.doc_list,
            ],
        )?
        .try_get(0)?;
    insert_terms(conn, id, &segment.terms)?;
    Ok(id)
}

/// A segment's term rows, in statements of many rows each (arrays unnested), not a round trip per term.
pub(super) fn insert_terms(conn: &Conn, segment: i64, terms: &[(String, Vec<u8>)]) -> Q<()> {
    for chunk in terms.chunks(2_000) {
        let names: Vec<&str> = chunk.iter().map(|(t, _)| t.as_str()).collect();
        let blobs: Vec<&[u8]> = chunk.iter().map(|(_, p)| p.as_slice()).collect();
        conn.execute(
            "INSERT INTO claimtrack.match_terms (segment, term, postings)
             SELECT $1, t, p FROM unnest($2::text[], $3::bytea[]) AS u (t, p)",
            &[&segment, &names, &blobs],
        )?;
    }
    Ok(())
}

pub(super) fn update_segment(
    conn: &Conn,
    segment: i64,
    live: &CorpusStats,
    deleted: &[u8],
) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.match_segments SET live_docs = $2, len_claim = $3, len_title = $4, len_context = $5,
            deleted = $6
         WHERE id = $1",
        &[
            &segment,
            &stored(live.docs),
            &stored(live.length_sums[0]),
            &stored(live.length_sums[1]),
            &stored(live.length_sums[2]),
            &deleted,
        ],
    )?;
    Ok(())
}

pub(super) fn delete_segment(conn: &Conn, segment: i64) -> Q<()> {
    conn.execute(
        "DELETE FROM claimtrack.match_terms WHERE segment = $1",
        &[&segment],
    )?;
    conn.execute(
        "DELETE FROM claimtrack.match_segments WHERE id = $1",
        &[&segment],
    )?;
    Ok(())
}
