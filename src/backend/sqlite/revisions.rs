//! The `revisions` and `anchors` tables. The latest revision's text is the article's `body` (its row's `text` is
//! NULL), so the current text is stored once and an earlier revision keeps its own: recording a revision moves the
//! article's text into the row of the revision before, then puts the new text in its place.

use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::{parse_column, parse_optional_column, SqlError, Q};
use crate::backend::{AnchorRow, RevisionRow};
use crate::error::Error;
use crate::model::{ArticleId, ArticleRevision, ClaimId};
use crate::revision::Attribution;

pub(super) fn of_article(conn: &Connection, article: ArticleId) -> Q<Vec<ArticleRevision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, created_at, actor FROM revisions WHERE article_id = ?1 ORDER BY number",
    )?;
    let rows = stmt.query_map([article.0], |row| {
        Ok(ArticleRevision {
            number: row.get("number")?,
            created_at: parse_column(row, "created_at")?,
            actor: row.get("actor")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn text(conn: &Connection, article: ArticleId, number: u32) -> Q<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(r.text, a.body) FROM revisions r JOIN articles a ON a.id = r.article_id
             WHERE r.article_id = ?1 AND r.number = ?2",
        )?
        .query_row(rusqlite::params![article.0, number], |row| row.get(0))
        .optional()?
        .flatten())
}

/// The articles holding a text (`?2`, of `?1` bytes), now or at an earlier revision. The length comes first so
/// that the partial indexes on it find the few texts worth comparing.
pub(super) const WITH_TEXT: &str =
    "SELECT a.id AS article, coalesce((SELECT max(r.number) FROM revisions r WHERE r.article_id = a.id), 1)
            AS number
     FROM articles a WHERE a.body IS NOT NULL AND octet_length(a.body) = ?1 AND a.body = ?2
     UNION ALL
     SELECT article_id AS article, max(number) AS number FROM revisions
     WHERE text IS NOT NULL AND octet_length(text) = ?1 AND text = ?2 GROUP BY article_id";

pub(super) fn articles_with_text(conn: &Connection, text: &str) -> Q<Vec<(ArticleId, u32)>> {
    let mut stmt = conn.prepare_cached(WITH_TEXT)?;
    let rows = stmt.query_map(rusqlite::params![text.len() as i64, text], |row| {
        Ok((ArticleId(row.get("article")?), row.get::<_, u32>("number")?))
    })?;
    let mut found: Vec<(ArticleId, u32)> = Vec::new();
    for row in rows {
        let (article, number) = row?;
        match found.iter_mut().find(|(a, _)| *a == article) {
            Some(entry) => entry.1 = entry.1.max(number),
            None => found.push((article, number)),
        }
    }
    found.sort();
    Ok(found)
}

pub(super) fn revised_articles(
    conn: &Connection,
    article: Option<ArticleId>,
) -> Q<Vec<(ArticleId, u32)>> {
    // Covered by the (article_id, number) index: no text is read.
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, max(number) AS latest FROM revisions WHERE ?1 IS NULL OR article_id = ?1
         GROUP BY article_id HAVING max(number) > 1 ORDER BY article_id",
    )?;
    let rows = stmt.query_map([article.map(|a| a.0)], |row| {
        Ok((ArticleId(row.get(0)?), row.get::<_, u32>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn insert(conn: &Connection, row: &RevisionRow<'_>) -> Q<()> {
    if row.number > 1 {
        let kept = conn
            .prepare_cached(
                "UPDATE revisions SET text = (SELECT body FROM articles WHERE id = ?1)
                 WHERE article_id = ?1 AND number = ?2 AND text IS NULL",
            )?
            .execute(rusqlite::params![row.article.0, row.number - 1])?;
        if kept != 1 {
            return Err(SqlError::Ledger(Error::Storage {
                message: format!(
                    "revision {} of article {} cannot follow: revision {} is not its latest",
                    row.number,
                    row.article,
                    row.number - 1
                ),
            }));
        }
    }
    conn.prepare_cached(
        "INSERT INTO revisions (article_id, number, text, created_at, actor)
         VALUES (:article, :number, NULL, :at, :actor)",
    )?
    .execute(named_params! {
        ":article": row.article.0, ":number": row.number, ":at": row.created_at.to_string(),
        ":actor": row.actor,
    })?;
    conn.prepare_cached("UPDATE articles SET body = ?1 WHERE id = ?2")?
        .execute(rusqlite::params![row.text, row.article.0])?;
    Ok(())
}

const SELECT_ANCHOR: &str =
    "SELECT n.claim_id, n.revision, n.how, n.score, n.span_start, n.span_end,
        n.strength, n.source, n.cue, n.response FROM anchors n";

pub(super) fn anchor_from_row(row: &Row<'_>) -> rusqlite::Result<AnchorRow> {
    let start: Option<i64> = row.get("span_start")?;
    let end: Option<i64> = row.get("span_end")?;
    let attribution = match parse_optional_column(row, "strength")? {
        Some(strength) => Some(Attribution {
            strength,
            source: row.get("source")?,
            cue: row.get("cue")?,
            response: parse_optional_column(row, "response")?,
        }),
        None => None,
    };
    Ok(AnchorRow {
        claim: ClaimId(row.get("claim_id")?),
        revision: row.get("revision")?,
        kind: parse_column(row, "how")?,
        score: row.get("score")?,
        span: start.zip(end).map(|(s, e)| (s as usize, e as usize)),
        attribution,
    })
}

pub(super) fn anchors_of_claim(conn: &Connection, claim: ClaimId) -> Q<Vec<AnchorRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_ANCHOR} WHERE n.claim_id = ?1 ORDER BY n.revision"
    ))?;
    let rows = stmt.query_map([claim.0], anchor_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn anchors_at(
    conn: &Connection,
    article: ArticleId,
    revision: u32,
) -> Q<Vec<AnchorRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_ANCHOR} JOIN claims c ON c.id = n.claim_id WHERE c.article_id = ?1 AND n.revision = ?2
         ORDER BY n.claim_id"
    ))?;
    let rows = stmt.query_map(rusqlite::params![article.0, revision], anchor_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn put_anchors(conn: &Connection, rows: &[AnchorRow]) -> Q<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO anchors (claim_id, revision, how, score, span_start, span_end, strength, source,
            cue, response)
         VALUES (:claim, :revision, :how, :score, :start, :end, :strength, :source, :cue, :response)",
    )?;
    for row in rows {
        let attribution = row.attribution.as_ref();
        stmt.execute(named_params! {
            ":claim": row.claim.0, ":revision": row.revision, ":how": row.kind.as_str(), ":score": row.score,
            ":start": row.span.map(|s| s.0 as i64), ":end": row.span.map(|s| s.1 as i64),
            ":strength": attribution.map(|a| a.strength.as_str()),
            ":source": attribution.and_then(|a| a.source.as_deref()),
            ":cue": attribution.and_then(|a| a.cue.as_deref()),
            ":response": attribution.and_then(|a| a.response.map(|r| r.as_str())),
        })?;
    }
    Ok(())
}
