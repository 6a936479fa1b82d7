//! The `claims` and `verdicts` tables, and the counts reports are built from.

use rusqlite::types::Value;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::{insert_groups, insert_rows, next_id, parse_column, parse_optional_column, Q};
use crate::backend::{ArticleCount, ClaimFilter, ClaimRow, VerdictRow};
use crate::error::Result;
use crate::model::{ArticleId, Claim, ClaimId, Status, Strength, Verdict};

const SELECT_CLAIM: &str = "SELECT c.id, c.article_id, c.key, c.text, c.span_start, c.span_end, c.source, c.cue,
        c.strength, c.response, c.status, c.created_at,
        (SELECT v.rating FROM verdicts v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1) AS verdict,
        c.source_kind
     FROM claims c";

/// The columns of [`SELECT_CLAIM`], in its order: `from_row` reads them by position, because by name each value
/// was a search of the statement's column names, a fifth of a full `list`. A test checks the two agree.
#[cfg(test)]
const CLAIM_COLUMNS: [&str; 14] = [
    "id",
    "article_id",
    "key",
    "text",
    "span_start",
    "span_end",
    "source",
    "cue",
    "strength",
    "response",
    "status",
    "created_at",
    "verdict",
    "source_kind",
];

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Claim> {
    let start: Option<i64> = row.get(4)?;
    let end: Option<i64> = row.get(5)?;
    Ok(Claim {
        id: ClaimId(row.get(0)?),
        article: ArticleId(row.get(1)?),
        key: row.get(2)?,
        text: row.get(3)?,
        span: start.zip(end).map(|(s, e)| (s as usize, e as usize)),
        source: row.get(6)?,
        cue: row.get(7)?,
        strength: parse_column(row, 8)?,
        response: parse_optional_column(row, 9)?,
        status: parse_column(row, 10)?,
        created_at: parse_column(row, 11)?,
        verdict: parse_optional_column(row, 12)?,
        source_kind: parse_optional_column(row, 13)?,
    })
}

pub(super) fn verdict_from_row(row: &Row<'_>) -> rusqlite::Result<Verdict> {
    Ok(Verdict {
        id: row.get("id")?,
        claim: ClaimId(row.get("claim_id")?),
        rating: parse_column(row, "rating")?,
        rationale: row.get("rationale")?,
        confidence: parse_column(row, "confidence")?,
        author: row.get("author")?,
        created_at: parse_column(row, "created_at")?,
        summary: row.get("summary")?,
        revision: row.get("revision")?,
        on_earlier_text: row.get("on_earlier_text")?,
        imported_by: row.get("imported_by")?,
        imported_at: parse_optional_column(row, "imported_at")?,
    })
}

/// Strengths weakest first, as an SQL expression: the reverse of `Strength`'s order, written from it.
fn weakest_first() -> String {
    let cases: String = Strength::ALL
        .iter()
        .rev()
        .enumerate()
        .map(|(rank, strength)| format!(" WHEN '{}' THEN {rank}", strength.as_str()))
        .collect();
    format!("CASE c.strength{cases} END")
}

pub(super) fn by_id(conn: &Connection, id: ClaimId) -> Q<Option<Claim>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_CLAIM} WHERE c.id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?)
}

pub(super) fn by_key(conn: &Connection, article: ArticleId, key: &str) -> Q<Option<Claim>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT_CLAIM} WHERE c.article_id = ?1 AND c.key = ?2"
        ))?
        .query_row(rusqlite::params![article.0, key], from_row)
        .optional()?)
}

pub(super) fn id_of(conn: &Connection, article: ArticleId, key: &str) -> Q<Option<ClaimId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM claims WHERE article_id = ?1 AND key = ?2")?
        .query_row(rusqlite::params![article.0, key], |row| row.get(0))
        .optional()?
        .map(ClaimId))
}

pub(super) fn at(
    conn: &Connection,
    article: ArticleId,
    span: (usize, usize),
    text: &str,
) -> Q<Option<ClaimId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM claims WHERE article_id = ?1 AND span_start = ?2 AND span_end = ?3 AND text = ?4",
        )?
        .query_row(
            rusqlite::params![article.0, span.0 as i64, span.1 as i64, text],
            |row| row.get(0),
        )
        .optional()?
        .map(ClaimId))
}

pub(super) fn place(conn: &Connection, id: ClaimId) -> Q<Option<(ArticleId, Status)>> {
    let mut stmt = conn.prepare_cached("SELECT article_id, status FROM claims WHERE id = ?1")?;
    Ok(stmt
        .query_row([id.0], |row| {
            Ok((ArticleId(row.get(0)?), parse_column(row, "status")?))
        })
        .optional()?)
}

pub(super) fn count(conn: &Connection, article: ArticleId) -> Q<u64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM claims WHERE article_id = ?1")?
        .query_row([article.0], |row| row.get(0))?)
}

pub(super) fn each(
    conn: &Connection,
    filter: &ClaimFilter,
    each: &mut dyn FnMut(Claim) -> Result<()>,
) -> Q<()> {
    let mut conditions = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    // `column IN (?, ?, …)` for each vocabulary filter that names values; none named means no filter.
    let mut any_of = |column: &str, names: Vec<&'static str>| {
        if !names.is_empty() {
            conditions.push(format!(
                "{column} IN ({})",
                vec!["?"; names.len()].join(", ")
            ));
            values.extend(names.into_iter().map(|n| Value::Text(n.to_string())));
        }
    };
    any_of(
        "c.status",
        filter.statuses.iter().map(|s| s.as_str()).collect(),
    );
    any_of(
        "c.strength",
        filter.strengths.iter().map(|s| s.as_str()).collect(),
    );
    if let Some(article) = filter.article {
        conditions.push("c.article_id = ?".to_string());
        values.push(Value::Integer(article.0));
    }
    if filter.open {
        conditions
            .push("NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id)".to_string());
    }
    let mut sql = SELECT_CLAIM.to_string();
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    if filter.weakest_first {
        sql.push_str(&format!(" ORDER BY {}, c.id", weakest_first()));
    } else {
        sql.push_str(" ORDER BY c.id");
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

pub(super) fn totals(
    conn: &Connection,
    article: Option<ArticleId>,
) -> Q<Vec<(Status, Strength, u64)>> {
    // Two statements rather than `?1 IS NULL OR article_id = ?1`, which would keep SQLite off the index.
    let (sql, params) = match article {
        Some(id) => (
            "SELECT status, strength, count(*) AS n FROM claims WHERE article_id = ?1 GROUP BY status, strength",
            vec![id.0],
        ),
        // `+` keeps the GROUP BY off `claims_by_status`, whose order it would use at the price of reading every
        // row for its strength: grouping the few pairs from the covering `claims_by_article` took 0.21 s where
        // that took 0.28 s, at 100k claims.
        None => (
            "SELECT status, strength, count(*) AS n FROM claims GROUP BY +status, +strength",
            vec![],
        ),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |row| {
        Ok((
            parse_column(row, "status")?,
            parse_column(row, "strength")?,
            row.get("n")?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn each_article_count(
    conn: &Connection,
    article: Option<ArticleId>,
    each: &mut dyn FnMut(ArticleCount) -> Result<()>,
) -> Q<()> {
    let sql = "SELECT a.id, a.title, c.status, c.strength, count(c.id) AS n
         FROM articles a LEFT JOIN claims c ON c.article_id = a.id
         WHERE ?1 IS NULL OR a.id = ?1
         GROUP BY a.id, c.status, c.strength ORDER BY a.id, c.status, c.strength";
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([article.map(|a| a.0)])?;
    while let Some(row) = rows.next()? {
        each(ArticleCount {
            article: ArticleId(row.get("id")?),
            title: row.get("title")?,
            status: parse_optional_column(row, "status")?,
            strength: parse_optional_column(row, "strength")?,
            claims: row.get("n")?,
        })?;
    }
    Ok(())
}

pub(super) fn verdicts(conn: &Connection, claim: ClaimId) -> Q<Vec<Verdict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.claim_id, v.rating, v.rationale, v.confidence, v.author, v.created_at, v.summary,
            v.revision, v.imported_by, v.imported_at, v.claim_revision < c.revision AS on_earlier_text
         FROM verdicts v JOIN claims c ON c.id = v.claim_id
         WHERE v.claim_id = ?1 ORDER BY v.id",
    )?;
    let rows = stmt.query_map([claim.0], verdict_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn insert(conn: &Connection, rows: &[ClaimRow<'_>]) -> Q<Vec<ClaimId>> {
    let first = next_id(conn, "claims")?;
    // Rows of one bulk insert are usually entered at one moment: its text is made once.
    let mut at = (None, String::new());
    insert_rows(
        conn,
        "INSERT INTO claims (id, article_id, key, text, span_start, span_end, source, cue, strength, response,
            status, created_at, source_kind)",
        13,
        rows,
        |stmt, p, index, row| {
            if at.0 != Some(row.created_at) {
                at = (Some(row.created_at), row.created_at.to_string());
            }
            stmt.raw_bind_parameter(p, first + index as i64)?;
            stmt.raw_bind_parameter(p + 1, row.article.0)?;
            stmt.raw_bind_parameter(p + 2, row.key)?;
            stmt.raw_bind_parameter(p + 3, row.text)?;
            stmt.raw_bind_parameter(p + 4, row.span.map(|s| s.0 as i64))?;
            stmt.raw_bind_parameter(p + 5, row.span.map(|s| s.1 as i64))?;
            stmt.raw_bind_parameter(p + 6, row.source)?;
            stmt.raw_bind_parameter(p + 7, row.cue)?;
            stmt.raw_bind_parameter(p + 8, row.strength.as_str())?;
            stmt.raw_bind_parameter(p + 9, row.response.map(|r| r.as_str()))?;
            stmt.raw_bind_parameter(p + 10, row.status.as_str())?;
            stmt.raw_bind_parameter(p + 11, at.1.as_str())?;
            stmt.raw_bind_parameter(p + 12, row.source_kind.map(|k| k.as_str()))
        },
    )?;
    Ok((0..rows.len() as i64).map(|i| ClaimId(first + i)).collect())
}

pub(super) fn update(conn: &Connection, id: ClaimId, row: &ClaimRow<'_>) -> Q<()> {
    conn.prepare_cached(
        "UPDATE claims SET revision = revision + (text IS NOT :text), text = :text, span_start = :start,
            span_end = :end, source = :source, cue = :cue, strength = :strength, response = :response,
            source_kind = :source_kind
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":text": row.text, ":start": row.span.map(|s| s.0 as i64), ":end": row.span.map(|s| s.1 as i64),
        ":source": row.source, ":cue": row.cue, ":strength": row.strength.as_str(),
        ":response": row.response.map(|r| r.as_str()),
        ":source_kind": row.source_kind.map(|k| k.as_str()), ":id": id.0,
    })?;
    Ok(())
}

pub(super) fn set_status(conn: &Connection, id: ClaimId, status: Status) -> Q<()> {
    conn.prepare_cached("UPDATE claims SET status = ?1 WHERE id = ?2")?
        .execute(rusqlite::params![status.as_str(), id.0])?;
    Ok(())
}

pub(super) fn insert_verdict(conn: &Connection, row: &VerdictRow<'_>) -> Q<i64> {
    conn.prepare_cached(
        "INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at, summary,
            imported_by, imported_at, revision, claim_revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, (SELECT revision FROM claims WHERE id = ?1) - ?11)",
    )?
    .execute(rusqlite::params![
        row.claim.0,
        row.rating.as_str(),
        row.rationale,
        row.confidence.as_str(),
        row.author,
        row.created_at.to_string(),
        row.summary,
        row.imported.map(|(by, _)| by),
        row.imported.map(|(_, at)| at.to_string()),
        row.revision,
        i64::from(row.on_earlier_text),
    ])?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn insert_verdicts(conn: &Connection, rows: &[VerdictRow<'_>]) -> Q<Vec<i64>> {
    let first = next_id(conn, "verdicts")?;
    insert_groups(
        conn,
        "INSERT INTO verdicts (id, claim_id, rating, rationale, confidence, author, created_at, summary,
            imported_by, imported_at, revision, claim_revision)",
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT revision FROM claims WHERE id = ?) - ?)",
        13,
        rows,
        |stmt, p, index, row| {
            stmt.raw_bind_parameter(p, first + index as i64)?;
            stmt.raw_bind_parameter(p + 1, row.claim.0)?;
            stmt.raw_bind_parameter(p + 2, row.rating.as_str())?;
            stmt.raw_bind_parameter(p + 3, row.rationale)?;
            stmt.raw_bind_parameter(p + 4, row.confidence.as_str())?;
            stmt.raw_bind_parameter(p + 5, row.author)?;
            stmt.raw_bind_parameter(p + 6, row.created_at.to_string())?;
            stmt.raw_bind_parameter(p + 7, row.summary)?;
            stmt.raw_bind_parameter(p + 8, row.imported.map(|(by, _)| by))?;
            stmt.raw_bind_parameter(p + 9, row.imported.map(|(_, at)| at.to_string()))?;
            stmt.raw_bind_parameter(p + 10, row.revision)?;
            stmt.raw_bind_parameter(p + 11, row.claim.0)?;
            stmt.raw_bind_parameter(p + 12, i64::from(row.on_earlier_text))
        },
    )?;
    Ok((0..rows.len() as i64).map(|i| first + i).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_claim_columns_are_the_select_s_in_its_order() {
        let backend = super::super::SqliteBackend::open_in_memory().unwrap();
        let stmt = backend.connection().prepare(SELECT_CLAIM).unwrap();
        assert_eq!(stmt.column_names(), CLAIM_COLUMNS);
    }
}
