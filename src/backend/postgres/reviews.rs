//! The `reviews` table: published fact-checks imported from ClaimReview JSON-LD, as on SQLite.

use postgres::Row;

use super::{time, Conn, Q};
use crate::backend::StoredReview;
use crate::error::Result;
use crate::matching::claimreview::{ExternalReview, Rating};
use crate::model::Timestamp;

const SELECT_REVIEW: &str =
    "SELECT id, claim_reviewed, rating_text, rating_value, rating_best, rating_worst, reviewer, url, published,
        language, headline, claimant, created_at, updated_at
     FROM claimtrack.reviews";

pub(super) fn from_row(row: &Row) -> Q<StoredReview> {
    Ok(StoredReview {
        id: row.try_get("id")?,
        review: ExternalReview {
            claim_reviewed: row.try_get("claim_reviewed")?,
            rating: Rating {
                text: row.try_get("rating_text")?,
                value: row.try_get("rating_value")?,
                best: row.try_get("rating_best")?,
                worst: row.try_get("rating_worst")?,
            },
            reviewer: row.try_get("reviewer")?,
            url: row.try_get("url")?,
            date: row.try_get("published")?,
            language: row.try_get("language")?,
            headline: row.try_get("headline")?,
            claimant: row.try_get("claimant")?,
        },
        created_at: time(row, "created_at")?,
        updated_at: time(row, "updated_at")?,
    })
}

pub(super) fn by_id(conn: &Conn, id: i64) -> Q<Option<StoredReview>> {
    conn.query_opt(&format!("{SELECT_REVIEW} WHERE id = $1"), &[&id])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn by_key(
    conn: &Conn,
    url: Option<&str>,
    claim_reviewed: &str,
) -> Q<Option<StoredReview>> {
    // Spelled as the unique index is, so that the lookup uses it.
    conn.query_opt(
        &format!(
            "{SELECT_REVIEW} WHERE coalesce(url, '') = coalesce($1, '') AND claim_reviewed = $2"
        ),
        &[&url, &claim_reviewed],
    )?
    .map(|row| from_row(&row))
    .transpose()
}

pub(super) fn each(conn: &Conn, each: &mut dyn FnMut(StoredReview) -> Result<()>) -> Q<()> {
    conn.stream(&format!("{SELECT_REVIEW} ORDER BY id"), &[], &mut |row| {
        each(from_row(row).map_err(super::into_error)?)
    })
}

/// Adds a review; `None` when the desk holds one of that address and claim already. The statement does not fail
/// then, so the transaction goes on, as on SQLite.
pub(super) fn insert(conn: &Conn, r: &ExternalReview, at: Timestamp) -> Q<Option<i64>> {
    let row = conn.query_opt(
        "INSERT INTO claimtrack.reviews (claim_reviewed, rating_text, rating_value, rating_best, rating_worst,
            reviewer, url, published, language, headline, claimant, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
         ON CONFLICT DO NOTHING RETURNING id",
        &[
            &r.claim_reviewed,
            &r.rating.text,
            &r.rating.value,
            &r.rating.best,
            &r.rating.worst,
            &r.reviewer,
            &r.url,
            &r.date,
            &r.language,
            &r.headline,
            &r.claimant,
            &at.as_datetime(),
        ],
    )?;
    Ok(row.map(|row| row.try_get(0)).transpose()?)
}

pub(super) fn update(conn: &Conn, id: i64, r: &ExternalReview, at: Timestamp) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.reviews SET claim_reviewed = $2, rating_text = $3, rating_value = $4, rating_best = $5,
            rating_worst = $6, reviewer = $7, url = $8, published = $9, language = $10, headline = $11,
            claimant = $12, updated_at = $13
         WHERE id = $1",
        &[
            &id,
            &r.claim_reviewed,
            &r.rating.text,
            &r.rating.value,
            &r.rating.best,
            &r.rating.worst,
            &r.reviewer,
            &r.url,
            &r.date,
            &r.language,
            &r.headline,
            &r.claimant,
            &at.as_datetime(),
        ],
    )?;
    Ok(())
}
