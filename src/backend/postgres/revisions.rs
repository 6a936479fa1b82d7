//! The `revisions` and `anchors` tables, as on SQLite: the latest revision's text is the article's `body` (its
//! row's `text` is NULL), and recording a revision moves the article's text into the row of the revision before,
//! then puts the new text in its place. Who recorded a revision, and when, the server stamps (a trigger).

use postgres::Row;

use super::{parse, parse_optional, time, Conn, PgError, Q};
use crate::backend::{AnchorRow, RevisionRow};
use crate::error::Error;
use crate::model::{ArticleId, ArticleRevision, ClaimId};
use crate::revision::Attribution;

/// A revision number as the server's `integer`.
pub(super) fn number_of(number: u32) -> Q<i32> {
    i32::try_from(number).map_err(|_| {
        PgError::Ledger(Error::invalid(format!(
            "a revision number of {number} does not fit the server's schema"
        )))
    })
}

/// A revision number read back.
fn number_from(row: &Row, column: &str) -> Q<u32> {
    Ok(row.try_get::<_, i32>(column)?.max(0) as u32)
}

pub(super) fn of_article(conn: &Conn, article: ArticleId) -> Q<Vec<ArticleRevision>> {
    conn.query(
        "SELECT number, created_at, actor FROM claimtrack.revisions WHERE article_id = $1 ORDER BY number",
        &[&article.0],
    )?
    .iter()
    .map(|row| {
        Ok(ArticleRevision {
            number: number_from(row, "number")?,
            created_at: time(row, "created_at")?,
            actor: row.try_get("actor")?,
        })
    })
    .collect()
}

pub(super) fn text(conn: &Conn, article: ArticleId, number: u32) -> Q<Option<String>> {
    Ok(conn
        .query_opt(
            "SELECT coalesce(r.text, a.body) AS text FROM claimtrack.revisions r
             JOIN claimtrack.articles a ON a.id = r.article_id
             WHERE r.article_id = $1 AND r.number = $2",
            &[&article.0, &number_of(number)?],
        )?
        .map(|row| row.try_get::<_, Option<String>>("text"))
        .transpose()?
        .flatten())
}

pub(super) fn articles_with_text(conn: &Conn, text: &str) -> Q<Vec<(ArticleId, u32)>> {
    // The length first, so that the partial indexes on it find the few texts worth comparing.
    let rows = conn.query(
        "SELECT article, max(number) AS number FROM (
             SELECT a.id AS article,
                 coalesce((SELECT max(r.number) FROM claimtrack.revisions r WHERE r.article_id = a.id), 1)
                     AS number
             FROM claimtrack.articles a
             WHERE a.body IS NOT NULL AND octet_length(a.body) = $1 AND a.body = $2
             UNION ALL
             SELECT article_id, max(number) FROM claimtrack.revisions
             WHERE text IS NOT NULL AND octet_length(text) = $1 AND text = $2 GROUP BY article_id) t
         GROUP BY article ORDER BY article",
        &[&(text.len() as i32), &text],
    )?;
    rows.iter()
        .map(|row| {
            Ok((
                ArticleId(row.try_get("article")?),
                number_from(row, "number")?,
            ))
        })
        .collect()
}

pub(super) fn revised_articles(
    conn: &Conn,
    article: Option<ArticleId>,
) -> Q<Vec<(ArticleId, u32)>> {
    let rows = conn.query(
        "SELECT article_id, max(number) AS latest FROM claimtrack.revisions
         WHERE $1::bigint IS NULL OR article_id = $1
         GROUP BY article_id HAVING max(number) > 1 ORDER BY article_id",
        &[&article.map(|a| a.0)],
    )?;
    rows.iter()
        .map(|row| {
            Ok((
                ArticleId(row.try_get("article_id")?),
                number_from(row, "latest")?,
            ))
        })
        .collect()
}

pub(super) fn insert(conn: &Conn, row: &RevisionRow<'_>) -> Q<()> {
    if row.number > 1 {
        let kept = conn.execute(
            "UPDATE claimtrack.revisions SET text = (SELECT body FROM claimtrack.articles WHERE id = $1)
             WHERE article_id = $1 AND number = $2 AND text IS NULL",
            &[&row.article.0, &number_of(row.number - 1)?],
        )?;
        if kept != 1 {
            return Err(PgError::Ledger(Error::Storage {
                message: format!(
                    "revision {} of article {} cannot follow: revision {} is not its latest",
                    row.number,
                    row.article,
                    row.number - 1
                ),
            }));
        }
    }
    // One statement, one round trip: the revision, and the article's text when it is not that already (a first
    // revision is the text the article was just written with).
    conn.execute(
        "WITH added AS (
             INSERT INTO claimtrack.revisions (article_id, number, text, created_at, actor)
             VALUES ($1, $2, NULL, $3, $4) RETURNING article_id)
         UPDATE claimtrack.articles a SET body = $5 FROM added
         WHERE a.id = added.article_id AND a.body IS DISTINCT FROM $5",
        &[
            &row.article.0,
            &number_of(row.number)?,
            &row.created_at.as_datetime(),
            &row.actor,
            &row.text,
        ],
    )?;
    Ok(())
}

const SELECT_ANCHOR: &str =
    "SELECT n.claim_id, n.revision, n.how, n.score, n.span_start, n.span_end,
        n.strength, n.source, n.cue, n.response FROM claimtrack.anchors n";

pub(super) fn anchor_from_row(row: &Row) -> Q<AnchorRow> {
    let start: Option<i64> = row.try_get("span_start")?;
    let end: Option<i64> = row.try_get("span_end")?;
    let attribution = match parse_optional(row, "strength")? {
        Some(strength) => Some(Attribution {
            strength,
            source: row.try_get("source")?,
            cue: row.try_get("cue")?,
            response: parse_optional(row, "response")?,
        }),
        None => None,
    };
    Ok(AnchorRow {
        claim: ClaimId(row.try_get("claim_id")?),
        revision: number_from(row, "revision")?,
        kind: parse(row, "how")?,
        score: row.try_get("score")?,
        span: start.zip(end).map(|(s, e)| (s as usize, e as usize)),
        attribution,
    })
}

pub(super) fn anchors_of_claim(conn: &Conn, claim: ClaimId) -> Q<Vec<AnchorRow>> {
    conn.query(
        &format!("{SELECT_ANCHOR} WHERE n.claim_id = $1 ORDER BY n.revision"),
        &[&claim.0],
    )?
    .iter()
    .map(anchor_from_row)
    .collect()
}

pub(super) fn anchors_at(conn: &Conn, article: ArticleId, revision: u32) -> Q<Vec<AnchorRow>> {
    conn.query(
        &format!(
            "{SELECT_ANCHOR} JOIN claimtrack.claims c ON c.id = n.claim_id
             WHERE c.article_id = $1 AND n.revision = $2 ORDER BY n.claim_id"
        ),
        &[&article.0, &number_of(revision)?],
    )?
    .iter()
    .map(anchor_from_row)
    .collect()
}

pub(super) fn put_anchors(conn: &Conn, rows: &[AnchorRow]) -> Q<()> {
    for row in rows {
        let attribution = row.attribution.as_ref();
        conn.execute(
            "INSERT INTO claimtrack.anchors (claim_id, revision, how, score, span_start, span_end, strength,
                source, cue, response)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (claim_id, revision) DO UPDATE SET how = excluded.how, score = excluded.score,
                span_start = excluded.span_start, span_end = excluded.span_end, strength = excluded.strength,
                source = excluded.source, cue = excluded.cue, response = excluded.response",
            &[
                &row.claim.0,
                &number_of(row.revision)?,
                &row.kind.as_str(),
                &row.score,
                &row.span.map(|s| s.0 as i64),
                &row.span.map(|s| s.1 as i64),
                &attribution.map(|a| a.strength.as_str()),
                &attribution.and_then(|a| a.source.as_deref()),
                &attribution.and_then(|a| a.cue.as_deref()),
                &attribution.and_then(|a| a.response.map(|r| r.as_str())),
            ],
        )?;
    }
    Ok(())
}
