//! The `evidence` table: items, with their origin's name and grade beside their own.

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::Row;

use super::claims::COPY_FROM;
use super::{parse, parse_optional, time, Conn, Q};
use crate::backend::{EvidenceDetails, EvidenceRecord, EvidenceRow, Provenance};
use crate::error::Result;
use crate::model::{EvidenceGrades, EvidenceId, Reliability, SourceId};
use crate::status::Origin;

const SELECT_EVIDENCE: &str = "SELECT e.id, e.key, e.title, e.url, e.archived_url, e.retrieved_at, e.origin_id,
        s.name AS origin, e.derived_from, e.reliability AS own_reliability, s.reliability AS origin_reliability,
        e.credibility, e.sha256, e.notes, e.created_at, e.desk
     FROM claimtrack.evidence e LEFT JOIN claimtrack.sources s ON s.id = e.origin_id";

pub(super) fn from_row(row: &Row) -> Q<EvidenceRecord> {
    Ok(EvidenceRecord {
        id: EvidenceId(row.try_get("id")?),
        key: row.try_get("key")?,
        title: row.try_get("title")?,
        url: row.try_get("url")?,
        archived_url: row.try_get("archived_url")?,
        retrieved_at: row.try_get("retrieved_at")?,
        origin: origin_from_row(row)?,
        derived_from: row
            .try_get::<_, Option<i64>>("derived_from")?
            .map(EvidenceId),
        own_reliability: parse_optional(row, "own_reliability")?,
        origin_reliability: parse_optional(row, "origin_reliability")?,
        credibility: parse(row, "credibility")?,
        sha256: row.try_get("sha256")?,
        notes: row.try_get("notes")?,
        created_at: time(row, "created_at")?,
        desk: row.try_get("desk")?,
    })
}

/// The origin of a row that has `origin_id` and `origin` (its name) columns.
pub(super) fn origin_from_row(row: &Row) -> Q<Option<Origin>> {
    let id: Option<i64> = row.try_get("origin_id")?;
    let name: Option<String> = row.try_get("origin")?;
    Ok(id.zip(name).map(|(id, name)| Origin {
        id: SourceId(id),
        name,
    }))
}

pub(super) fn by_id(conn: &Conn, id: EvidenceId) -> Q<Option<EvidenceRecord>> {
    conn.query_opt(&format!("{SELECT_EVIDENCE} WHERE e.id = $1"), &[&id.0])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn by_key(conn: &Conn, key: &str) -> Q<Option<EvidenceRecord>> {
    conn.query_opt(&format!("{SELECT_EVIDENCE} WHERE e.key = $1"), &[&key])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn id_of(conn: &Conn, key: &str) -> Q<Option<EvidenceId>> {
    Ok(conn
        .query_opt("SELECT id FROM claimtrack.evidence WHERE key = $1", &[&key])?
        .map(|row| row.try_get(0).map(EvidenceId))
        .transpose()?)
}

/// One statement over an array of keys, however many: an import asks for a file's keys at once. Planned afresh
/// each time ([`Conn::query_planned`]): a plan cached while an import's first files were being written read the
/// whole table for every file after (profiled: 6 ms a file at 15k items).
pub(super) fn ids_of(
    conn: &Conn,
    keys: &[&str],
) -> Q<std::collections::HashMap<String, EvidenceId>> {
    if keys.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    conn.query_planned(
        "SELECT key, id FROM claimtrack.evidence WHERE key = ANY($1)",
        &[(&keys, Type::TEXT_ARRAY)],
    )?
    .iter()
    .map(|row| Ok((row.try_get(0)?, EvidenceId(row.try_get(1)?))))
    .collect()
}

pub(super) fn last_id(conn: &Conn) -> Q<Option<EvidenceId>> {
    let row = conn.query_one("SELECT max(id) FROM claimtrack.evidence", &[])?;
    Ok(row.try_get::<_, Option<i64>>(0)?.map(EvidenceId))
}

pub(super) fn provenance(conn: &Conn, id: EvidenceId) -> Q<Option<Provenance>> {
    conn.query_opt(
        "SELECT e.origin_id, s.name AS origin, e.derived_from FROM claimtrack.evidence e
         LEFT JOIN claimtrack.sources s ON s.id = e.origin_id WHERE e.id = $1",
        &[&id.0],
    )?
    .map(|row| {
        Ok(Provenance {
            origin: origin_from_row(&row)?,
            derived_from: row
                .try_get::<_, Option<i64>>("derived_from")?
                .map(EvidenceId),
        })
    })
    .transpose()
}

pub(super) fn each(conn: &Conn, each: &mut dyn FnMut(EvidenceRecord) -> Result<()>) -> Q<()> {
    conn.stream(
        &format!("{SELECT_EVIDENCE} ORDER BY e.id"),
        &[],
        &mut |row| each(from_row(row).map_err(super::into_error)?),
    )
}

/// One query, as on SQLite: every item reached from a link, down the chains it derives from, is left out.
pub(super) fn each_outside_claims(
    conn: &Conn,
    each: &mut dyn FnMut(EvidenceRecord) -> Result<()>,
) -> Q<()> {
    conn.stream(
        &format!(
            "WITH RECURSIVE reached (id) AS (
                 SELECT evidence_id FROM claimtrack.links
                 UNION SELECT e.derived_from FROM claimtrack.evidence e JOIN reached r ON e.id = r.id
                  WHERE e.derived_from IS NOT NULL)
             {SELECT_EVIDENCE} WHERE NOT EXISTS (SELECT 1 FROM reached r WHERE r.id = e.id) ORDER BY e.id"
        ),
        &[],
        &mut |row| each(from_row(row).map_err(super::into_error)?),
    )
}

pub(super) fn insert(conn: &Conn, row: &EvidenceRow<'_>) -> Q<EvidenceId> {
    let (details, grades) = (&row.details, &row.grades);
    let id = conn.query_one(
        "INSERT INTO claimtrack.evidence (key, title, url, archived_url, retrieved_at, origin_id, derived_from,
            reliability, credibility, sha256, notes, created_at, desk)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        &[
            &row.key,
            &details.title,
            &details.url,
            &details.archived_url,
            &details.retrieved_at,
            &grades.origin.map(|o| o.0),
            &grades.derived_from.map(|p| p.0),
            &grades.reliability.map(Reliability::as_str),
            &grades.credibility.as_str(),
            &details.sha256,
            &details.notes,
            &row.created_at.as_datetime(),
            &row.desk,
        ],
    )?;
    Ok(EvidenceId(id.try_get(0)?))
}

/// Many items (an import) in one statement over arrays, or from [`COPY_FROM`] rows in one `COPY` with their ids
/// drawn from the sequence first; either way in order, so they get the ids one-by-one inserts would have given.
/// A row derives only from an item stored before, so no order within the batch matters to the foreign key.
pub(super) fn insert_many(conn: &Conn, rows: &[EvidenceRow<'_>]) -> Q<Vec<EvidenceId>> {
    match rows.len() {
        0 => return Ok(Vec::new()),
        1 => return rows.iter().map(|row| insert(conn, row)).collect(),
        n if n < COPY_FROM => {
            let keys: Vec<&str> = rows.iter().map(|r| r.key).collect();
            let titles: Vec<&str> = rows.iter().map(|r| r.details.title).collect();
            let urls: Vec<Option<&str>> = rows.iter().map(|r| r.details.url).collect();
            let archived: Vec<Option<&str>> = rows.iter().map(|r| r.details.archived_url).collect();
            let retrieved: Vec<Option<&str>> =
                rows.iter().map(|r| r.details.retrieved_at).collect();
            let origins: Vec<Option<i64>> =
                rows.iter().map(|r| r.grades.origin.map(|o| o.0)).collect();
            let parents: Vec<Option<i64>> = rows
                .iter()
                .map(|r| r.grades.derived_from.map(|p| p.0))
                .collect();
            let reliabilities: Vec<Option<&str>> = rows
                .iter()
                .map(|r| r.grades.reliability.map(Reliability::as_str))
                .collect();
            let credibilities: Vec<&str> =
                rows.iter().map(|r| r.grades.credibility.as_str()).collect();
            let hashes: Vec<Option<&str>> = rows.iter().map(|r| r.details.sha256).collect();
            let notes: Vec<Option<&str>> = rows.iter().map(|r| r.details.notes).collect();
            let created: Vec<_> = rows.iter().map(|r| r.created_at.as_datetime()).collect();
            let desks: Vec<Option<&str>> = rows.iter().map(|r| r.desk).collect();
            let inserted = conn.query(
                "INSERT INTO claimtrack.evidence (key, title, url, archived_url, retrieved_at, origin_id,
                    derived_from, reliability, credibility, sha256, notes, created_at, desk)
                 SELECT u.key, u.title, u.url, u.archived_url, u.retrieved_at, u.origin_id, u.derived_from,
                    u.reliability, u.credibility, u.sha256, u.notes, u.created_at, u.desk
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                     $7::bigint[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[],
                     $13::text[])
                     WITH ORDINALITY AS u (key, title, url, archived_url, retrieved_at, origin_id, derived_from,
                         reliability, credibility, sha256, notes, created_at, desk, n)
                 ORDER BY u.n
                 RETURNING id",
                &[
                    &keys, &titles, &urls, &archived, &retrieved, &origins, &parents, &reliabilities,
                    &credibilities, &hashes, &notes, &created, &desks,
                ],
            )?;
            return Ok(super::claims::ids_in_order(inserted)?
                .into_iter()
                .map(EvidenceId)
                .collect());
        }
        _ => {}
    }
    let ids = super::reserve_ids(conn, "claimtrack.evidence_id_seq", rows.len())?;
    let mut client = conn.client.borrow_mut();
    let sink = client.copy_in(
        "COPY claimtrack.evidence (id, key, title, url, archived_url, retrieved_at, origin_id, derived_from,
            reliability, credibility, sha256, notes, created_at, desk) FROM STDIN (FORMAT binary)",
    )?;
    let types = [
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TIMESTAMPTZ,
        Type::TEXT,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for (id, row) in ids.iter().zip(rows) {
        let (details, grades) = (&row.details, &row.grades);
        writer.write(&[
            id,
            &row.key,
            &details.title,
            &details.url,
            &details.archived_url,
            &details.retrieved_at,
            &grades.origin.map(|o| o.0),
            &grades.derived_from.map(|p| p.0),
            &grades.reliability.map(Reliability::as_str),
            &grades.credibility.as_str(),
            &details.sha256,
            &details.notes,
            &row.created_at.as_datetime(),
            &row.desk,
        ])?;
    }
    writer.finish()?;
    Ok(ids.into_iter().map(EvidenceId).collect())
}

pub(super) fn update_grades(conn: &Conn, id: EvidenceId, grades: &EvidenceGrades) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.evidence SET origin_id = $1, derived_from = $2, reliability = $3, credibility = $4
         WHERE id = $5",
        &[
            &grades.origin.map(|o| o.0),
            &grades.derived_from.map(|p| p.0),
            &grades.reliability.map(Reliability::as_str),
            &grades.credibility.as_str(),
            &id.0,
        ],
    )?;
    Ok(())
}

pub(super) fn update_details(conn: &Conn, id: EvidenceId, details: &EvidenceDetails<'_>) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.evidence SET title = $1, url = $2, archived_url = $3, retrieved_at = $4, sha256 = $5,
            notes = $6 WHERE id = $7",
        &[
            &details.title,
            &details.url,
            &details.archived_url,
            &details.retrieved_at,
            &details.sha256,
            &details.notes,
            &id.0,
        ],
    )?;
    Ok(())
}
