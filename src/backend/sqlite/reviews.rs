//! The `reviews` table: published fact-checks imported from ClaimReview JSON-LD.

use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::{parse_column, Q};
use crate::backend::StoredReview;
use crate::error::Result;
use crate::matching::claimreview::{ExternalReview, Rating};
use crate::model::Timestamp;

const SELECT_REVIEW: &str =
    "SELECT id, claim_reviewed, rating_text, rating_value, rating_best, rating_worst,
        reviewer, url, published, language, headline, claimant, created_at, updated_at
     FROM reviews";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<StoredReview> {
    let published: Option<String> = row.get("published")?;
    let date = published
        .map(|d| d.parse::<chrono::NaiveDate>())
        .transpose()
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?;
    Ok(StoredReview {
        id: row.get("id")?,
        review: ExternalReview {
            claim_reviewed: row.get("claim_reviewed")?,
            rating: Rating {
                text: row.get("rating_text")?,
                value: row.get("rating_value")?,
                best: row.get("rating_best")?,
                worst: row.get("rating_worst")?,
            },
            reviewer: row.get("reviewer")?,
            url: row.get("url")?,
            date,
            language: row.get("language")?,
            headline: row.get("headline")?,
            claimant: row.get("claimant")?,
        },
        created_at: parse_column(row, "created_at")?,
        updated_at: parse_column(row, "updated_at")?,
    })
}

pub(super) fn by_id(conn: &Connection, id: i64) -> Q<Option<StoredReview>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_REVIEW} WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub(super) fn by_key(
    conn: &Connection,
    url: Option<&str>,
    claim_reviewed: &str,
) -> Q<Option<StoredReview>> {
    // Spelled as the unique index is, so that the lookup uses it.
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT_REVIEW} WHERE ifnull(url, '') = ifnull(?1, '') AND claim_reviewed = ?2"
        ))?
        .query_row(rusqlite::params![url, claim_reviewed], from_row)
        .optional()?)
}

pub(super) fn each(conn: &Connection, each: &mut dyn FnMut(StoredReview) -> Result<()>) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_REVIEW} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

fn write(
    conn: &Connection,
    sql: &str,
    id: Option<i64>,
    r: &ExternalReview,
    at: Timestamp,
) -> Q<()> {
    conn.prepare_cached(sql)?.execute(named_params! {
        ":id": id, ":claim": r.claim_reviewed, ":text": r.rating.text, ":value": r.rating.value,
        ":best": r.rating.best, ":worst": r.rating.worst, ":reviewer": r.reviewer, ":url": r.url,
        ":published": r.date.map(|d| d.to_string()), ":language": r.language, ":headline": r.headline,
        ":claimant": r.claimant, ":at": at.to_string(),
    })?;
    Ok(())
}

pub(super) fn insert(conn: &Connection, review: &ExternalReview, at: Timestamp) -> Q<i64> {
    write(
        conn,
        "INSERT INTO reviews (id, claim_reviewed, rating_text, rating_value, rating_best, rating_worst, reviewer,
            url, published, language, headline, claimant, created_at, updated_at)
         VALUES (:id, :claim, :text, :value, :best, :worst, :reviewer, :url, :published, :language, :headline,
            :claimant, :at, :at)",
        None,
        review,
        at,
    )?;
    Ok(conn.last_insert_rowid())
}

/// A review as stored, its id and times included (a desk being copied in).
pub(super) fn restore(conn: &Connection, stored: &StoredReview) -> Q<()> {
    let r = &stored.review;
    conn.prepare_cached(
        "INSERT INTO reviews (id, claim_reviewed, rating_text, rating_value, rating_best, rating_worst, reviewer,
            url, published, language, headline, claimant, created_at, updated_at)
         VALUES (:id, :claim, :text, :value, :best, :worst, :reviewer, :url, :published, :language, :headline,
            :claimant, :at, :updated)",
    )?
    .execute(named_params! {
        ":id": stored.id, ":claim": r.claim_reviewed, ":text": r.rating.text, ":value": r.rating.value,
        ":best": r.rating.best, ":worst": r.rating.worst, ":reviewer": r.reviewer, ":url": r.url,
        ":published": r.date.map(|d| d.to_string()), ":language": r.language, ":headline": r.headline,
        ":claimant": r.claimant, ":at": stored.created_at.to_string(),
        ":updated": stored.updated_at.to_string(),
    })?;
    Ok(())
}

pub(super) fn update(conn: &Connection, id: i64, review: &ExternalReview, at: Timestamp) -> Q<()> {
    write(
        conn,
        "UPDATE reviews SET claim_reviewed = :claim, rating_text = :text, rating_value = :value,
            rating_best = :best, rating_worst = :worst, reviewer = :reviewer, url = :url, published = :published,
            language = :language, headline = :headline, claimant = :claimant, updated_at = :at
         WHERE id = :id",
        Some(id),
        review,
        at,
    )
}
