//! The `claims` and `verdicts` tables, and the counts reports are built from. Many claims at once (an import)
//! go in with `COPY`, their ids drawn from the sequence first so they come back in order.

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::Row;

use super::{count, parse, parse_optional, time, Conn, Q};
use crate::backend::{ArticleCount, ClaimFilter, ClaimRow, VerdictRow};
use crate::error::Result;
use crate::model::{ArticleId, Claim, ClaimId, Status, Strength, Verdict};

/// From how many rows an insert goes through `COPY` rather than one statement over arrays. An import writes an
/// article's claims, links and evidence a few dozen at a time, where `COPY` (the ids drawn from the sequence
/// first, then the copy: four round trips) cost more than the rows: one `INSERT … SELECT FROM unnest(…)` is one
/// round trip whatever the count. Past a thousand rows the binary copy's cheaper rows win.
pub(super) const COPY_FROM: usize = 1000;

/// Ids the identity column gave a batch inserted in order (`ORDER BY` the arrays' ordinality), ascending as the
/// rows went in: the ids one-by-one inserts would have given.
pub(super) fn ids_in_order(rows: Vec<Row>) -> Q<Vec<i64>> {
    let mut ids = rows
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<Vec<i64>, _>>()?;
    // RETURNING follows the order rows were inserted in; sorting only makes that independent of it.
    ids.sort_unstable();
    Ok(ids)
}

const SELECT_CLAIM: &str = "SELECT c.id, c.article_id, c.key, c.text, c.span_start, c.span_end, c.source, c.cue,
        c.strength, c.response, c.status, c.created_at,
        (SELECT v.rating FROM claimtrack.verdicts v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1) AS verdict,
        c.source_kind
     FROM claimtrack.claims c";

pub(super) fn from_row(row: &Row) -> Q<Claim> {
    let start: Option<i64> = row.try_get("span_start")?;
    let end: Option<i64> = row.try_get("span_end")?;
    Ok(Claim {
        id: ClaimId(row.try_get("id")?),
        article: ArticleId(row.try_get("article_id")?),
        text: row.try_get("text")?,
        source: row.try_get("source")?,
        cue: row.try_get("cue")?,
        strength: parse(row, "strength")?,
        response: parse_optional(row, "response")?,
        status: parse(row, "status")?,
        verdict: parse_optional(row, "verdict")?,
        source_kind: parse_optional(row, "source_kind")?,
        key: row.try_get("key")?,
        span: start.zip(end).map(|(s, e)| (s as usize, e as usize)),
        created_at: time(row, "created_at")?,
    })
}

pub(super) fn verdict_from_row(row: &Row) -> Q<Verdict> {
    Ok(Verdict {
        id: row.try_get("id")?,
        claim: ClaimId(row.try_get("claim_id")?),
        rating: parse(row, "rating")?,
        rationale: row.try_get("rationale")?,
        confidence: parse(row, "confidence")?,
        author: row.try_get("author")?,
        created_at: time(row, "created_at")?,
        summary: row.try_get("summary")?,
        revision: row
            .try_get::<_, Option<i32>>("revision")?
            .map(|n| n.max(0) as u32),
        on_earlier_text: row.try_get("on_earlier_text")?,
        imported_by: row.try_get("imported_by")?,
        imported_at: super::optional_time(row, "imported_at")?,
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

pub(super) fn by_id(conn: &Conn, id: ClaimId) -> Q<Option<Claim>> {
    conn.query_opt(&format!("{SELECT_CLAIM} WHERE c.id = $1"), &[&id.0])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn by_key(conn: &Conn, article: ArticleId, key: &str) -> Q<Option<Claim>> {
    conn.query_opt(
        &format!("{SELECT_CLAIM} WHERE c.article_id = $1 AND c.key = $2"),
        &[&article.0, &key],
    )?
    .map(|row| from_row(&row))
    .transpose()
}

pub(super) fn id_of(conn: &Conn, article: ArticleId, key: &str) -> Q<Option<ClaimId>> {
    Ok(conn
        .query_opt(
            "SELECT id FROM claimtrack.claims WHERE article_id = $1 AND key = $2",
            &[&article.0, &key],
        )?
        .map(|row| row.try_get(0).map(ClaimId))
        .transpose()?)
}

pub(super) fn at(
    conn: &Conn,
    article: ArticleId,
    span: (usize, usize),
    text: &str,
) -> Q<Option<ClaimId>> {
    Ok(conn
        .query_opt(
            "SELECT id FROM claimtrack.claims
             WHERE article_id = $1 AND span_start = $2 AND span_end = $3 AND text = $4",
            &[&article.0, &(span.0 as i64), &(span.1 as i64), &text],
        )?
        .map(|row| row.try_get(0).map(ClaimId))
        .transpose()?)
}

pub(super) fn place(conn: &Conn, id: ClaimId) -> Q<Option<(ArticleId, Status)>> {
    conn.query_opt(
        "SELECT article_id, status FROM claimtrack.claims WHERE id = $1",
        &[&id.0],
    )?
    .map(|row| Ok((ArticleId(row.try_get(0)?), parse(&row, "status")?)))
    .transpose()
}

pub(super) fn count_of(conn: &Conn, article: ArticleId) -> Q<u64> {
    let row = conn.query_one(
        "SELECT count(*) AS n FROM claimtrack.claims WHERE article_id = $1",
        &[&article.0],
    )?;
    count(&row, "n")
}

pub(super) fn each(
    conn: &Conn,
    filter: &ClaimFilter,
    each: &mut dyn FnMut(Claim) -> Result<()>,
) -> Q<()> {
    let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
    let strengths: Vec<&str> = filter.strengths.iter().map(|s| s.as_str()).collect();
    let article = filter.article.map(|a| a.0);
    let mut conditions = Vec::new();
    let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
    // Each condition names its own parameter, so the statement text says which filters are on (and one
    // statement is prepared per combination).
    if !statuses.is_empty() {
        params.push(&statuses);
        conditions.push(format!("c.status = ANY(${})", params.len()));
    }
    if !strengths.is_empty() {
        params.push(&strengths);
        conditions.push(format!("c.strength = ANY(${})", params.len()));
    }
    if let Some(article) = &article {
        params.push(article);
        conditions.push(format!("c.article_id = ${}", params.len()));
    }
    if filter.open {
        conditions.push(
            "NOT EXISTS (SELECT 1 FROM claimtrack.verdicts v WHERE v.claim_id = c.id)".to_string(),
        );
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
    conn.stream(&sql, &params, &mut |row| {
        each(from_row(row).map_err(super::into_error)?)
    })
}

pub(super) fn totals(conn: &Conn, article: Option<ArticleId>) -> Q<Vec<(Status, Strength, u64)>> {
    let rows = match article {
        Some(id) => conn.query(
            "SELECT status, strength, count(*) AS n FROM claimtrack.claims WHERE article_id = $1
             GROUP BY status, strength",
            &[&id.0],
        )?,
        None => conn.query(
            "SELECT status, strength, count(*) AS n FROM claimtrack.claims GROUP BY status, strength",
            &[],
        )?,
    };
    rows.iter()
        .map(|row| {
            Ok((
                parse(row, "status")?,
                parse(row, "strength")?,
                count(row, "n")?,
            ))
        })
        .collect()
}

pub(super) fn each_article_count(
    conn: &Conn,
    article: Option<ArticleId>,
    each: &mut dyn FnMut(ArticleCount) -> Result<()>,
) -> Q<()> {
    let sql = "SELECT a.id, a.title, c.status, c.strength, count(c.id) AS n
         FROM claimtrack.articles a LEFT JOIN claimtrack.claims c ON c.article_id = a.id
         WHERE $1::bigint IS NULL OR a.id = $1
         GROUP BY a.id, c.status, c.strength ORDER BY a.id, c.status, c.strength";
    let article = article.map(|a| a.0);
    conn.stream(sql, &[&article], &mut |row| {
        let group = (|| -> Q<ArticleCount> {
            Ok(ArticleCount {
                article: ArticleId(row.try_get("id")?),
                title: row.try_get("title")?,
                status: parse_optional(row, "status")?,
                strength: parse_optional(row, "strength")?,
                claims: count(row, "n")?,
            })
        })()
        .map_err(super::into_error)?;
        each(group)
    })
}

pub(super) fn verdicts(conn: &Conn, claim: ClaimId) -> Q<Vec<Verdict>> {
    conn.query(
        "SELECT v.id, v.claim_id, v.rating, v.rationale, v.confidence, v.author, v.created_at, v.summary,
            v.revision, v.imported_by, v.imported_at, v.claim_revision < c.revision AS on_earlier_text
         FROM claimtrack.verdicts v JOIN claimtrack.claims c ON c.id = v.claim_id
         WHERE v.claim_id = $1 ORDER BY v.id",
        &[&claim.0],
    )?
    .iter()
    .map(verdict_from_row)
    .collect()
}

pub(super) fn insert(conn: &Conn, rows: &[ClaimRow<'_>]) -> Q<Vec<ClaimId>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    if rows.len() < COPY_FROM {
        let articles: Vec<i64> = rows.iter().map(|r| r.article.0).collect();
        let keys: Vec<&str> = rows.iter().map(|r| r.key).collect();
        let texts: Vec<&str> = rows.iter().map(|r| r.text).collect();
        let starts: Vec<Option<i64>> = rows.iter().map(|r| r.span.map(|s| s.0 as i64)).collect();
        let ends: Vec<Option<i64>> = rows.iter().map(|r| r.span.map(|s| s.1 as i64)).collect();
        let sources: Vec<Option<&str>> = rows.iter().map(|r| r.source).collect();
        let cues: Vec<Option<&str>> = rows.iter().map(|r| r.cue).collect();
        let strengths: Vec<&str> = rows.iter().map(|r| r.strength.as_str()).collect();
        let responses: Vec<Option<&str>> = rows
            .iter()
            .map(|r| r.response.map(|x| x.as_str()))
            .collect();
        let statuses: Vec<&str> = rows.iter().map(|r| r.status.as_str()).collect();
        let created: Vec<_> = rows.iter().map(|r| r.created_at.as_datetime()).collect();
        let kinds: Vec<Option<&str>> = rows
            .iter()
            .map(|r| r.source_kind.map(|k| k.as_str()))
            .collect();
        let inserted = conn.query(
            "INSERT INTO claimtrack.claims (article_id, key, text, span_start, span_end, source, cue, strength,
                response, status, created_at, source_kind)
             SELECT u.article_id, u.key, u.text, u.span_start, u.span_end, u.source, u.cue, u.strength,
                u.response, u.status, u.created_at, u.source_kind
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[],
                 $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::text[])
                 WITH ORDINALITY AS u (article_id, key, text, span_start, span_end, source, cue, strength,
                     response, status, created_at, source_kind, n)
             ORDER BY u.n
             RETURNING id",
            &[
                &articles, &keys, &texts, &starts, &ends, &sources, &cues, &strengths, &responses,
                &statuses, &created, &kinds,
            ],
        )?;
        return Ok(ids_in_order(inserted)?.into_iter().map(ClaimId).collect());
    }
    let ids = super::reserve_ids(conn, "claimtrack.claims_id_seq", rows.len())?;
    let mut client = conn.client.borrow_mut();
    let sink = client.copy_in(
        "COPY claimtrack.claims (id, article_id, key, text, span_start, span_end, source, cue, strength,
            response, status, created_at, source_kind) FROM STDIN (FORMAT binary)",
    )?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TIMESTAMPTZ,
        Type::TEXT,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for (id, row) in ids.iter().zip(rows) {
        writer.write(&[
            id,
            &row.article.0,
            &row.key,
            &row.text,
            &row.span.map(|s| s.0 as i64),
            &row.span.map(|s| s.1 as i64),
            &row.source,
            &row.cue,
            &row.strength.as_str(),
            &row.response.map(|r| r.as_str()),
            &row.status.as_str(),
            &row.created_at.as_datetime(),
            &row.source_kind.map(|k| k.as_str()),
        ])?;
    }
    writer.finish()?;
    Ok(ids.into_iter().map(ClaimId).collect())
}

pub(super) fn update(conn: &Conn, id: ClaimId, row: &ClaimRow<'_>) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.claims SET text = $1, span_start = $2, span_end = $3, source = $4, cue = $5,
            strength = $6, response = $7, source_kind = $9 WHERE id = $8",
        &[
            &row.text,
            &row.span.map(|s| s.0 as i64),
            &row.span.map(|s| s.1 as i64),
            &row.source,
            &row.cue,
            &row.strength.as_str(),
            &row.response.map(|r| r.as_str()),
            &id.0,
            &row.source_kind.map(|k| k.as_str()),
        ],
    )?;
    Ok(())
}

pub(super) fn set_status(conn: &Conn, id: ClaimId, status: Status) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.claims SET status = $1 WHERE id = $2",
        &[&status.as_str(), &id.0],
    )?;
    Ok(())
}

pub(super) fn insert_verdict(conn: &Conn, row: &VerdictRow<'_>) -> Q<i64> {
    let id = conn.query_one(
        "INSERT INTO claimtrack.verdicts (claim_id, rating, rationale, confidence, author, created_at, summary,
            imported_by, imported_at, revision, claim_revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
            (SELECT revision FROM claimtrack.claims WHERE id = $1) - $11) RETURNING id",
        &[
            &row.claim.0,
            &row.rating.as_str(),
            &row.rationale,
            &row.confidence.as_str(),
            &row.author,
            &row.created_at.as_datetime(),
            &row.summary,
            &row.imported.map(|(by, _)| by),
            &row.imported.map(|(_, at)| at.as_datetime()),
            &row.revision.map(super::revisions::number_of).transpose()?,
            &i32::from(row.on_earlier_text),
        ],
    )?;
    Ok(id.try_get(0)?)
}

/// Many verdicts (an import) in one statement over arrays, each on its claim's current revision. Not `COPY`: the
/// claim's revision is read in the same statement. Every row still passes the BEFORE INSERT trigger that stamps
/// `session_user` and `now()`, as a row-by-row insert does. Rows go in in order, so their ids are ascending.
pub(super) fn insert_verdicts(conn: &Conn, rows: &[VerdictRow<'_>]) -> Q<Vec<i64>> {
    if rows.len() < 2 {
        return rows.iter().map(|row| insert_verdict(conn, row)).collect();
    }
    let claims: Vec<i64> = rows.iter().map(|r| r.claim.0).collect();
    let ratings: Vec<&str> = rows.iter().map(|r| r.rating.as_str()).collect();
    let rationales: Vec<&str> = rows.iter().map(|r| r.rationale).collect();
    let confidences: Vec<&str> = rows.iter().map(|r| r.confidence.as_str()).collect();
    let authors: Vec<&str> = rows.iter().map(|r| r.author).collect();
    let created: Vec<_> = rows.iter().map(|r| r.created_at.as_datetime()).collect();
    let summaries: Vec<Option<&str>> = rows.iter().map(|r| r.summary).collect();
    let imported_by: Vec<Option<&str>> =
        rows.iter().map(|r| r.imported.map(|(by, _)| by)).collect();
    let imported_at: Vec<_> = rows
        .iter()
        .map(|r| r.imported.map(|(_, at)| at.as_datetime()))
        .collect();
    let revisions: Vec<Option<i32>> = rows
        .iter()
        .map(|r| r.revision.map(super::revisions::number_of).transpose())
        .collect::<Q<_>>()?;
    let earlier: Vec<i32> = rows.iter().map(|r| i32::from(r.on_earlier_text)).collect();
    // A subquery per row, not a join: the planner, not knowing the array's length, hashed the whole claims table
    // for every batch (profiled: 5× slower than one INSERT per verdict). A verdict on a claim that is not there
    // fails on claim_revision NOT NULL, as one insert does.
    let inserted = conn.query(
        "INSERT INTO claimtrack.verdicts (claim_id, rating, rationale, confidence, author, created_at, summary,
            imported_by, imported_at, revision, claim_revision)
         SELECT v.claim_id, v.rating, v.rationale, v.confidence, v.author, v.created_at, v.summary,
            v.imported_by, v.imported_at, v.revision,
            (SELECT c.revision FROM claimtrack.claims c WHERE c.id = v.claim_id) - v.earlier
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
             $6::timestamptz[], $7::text[], $8::text[], $9::timestamptz[], $10::integer[], $11::integer[])
             WITH ORDINALITY AS v (claim_id, rating, rationale, confidence, author, created_at, summary,
                 imported_by, imported_at, revision, earlier, n)
         ORDER BY v.n
         RETURNING id",
        &[
            &claims,
            &ratings,
            &rationales,
            &confidences,
            &authors,
            &created,
            &summaries,
            &imported_by,
            &imported_at,
            &revisions,
            &earlier,
        ],
    )?;
    ids_in_order(inserted)
}
