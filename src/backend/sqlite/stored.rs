//! Whole tables as stored, ids and stamps included: what `copy` reads from a desk file and writes into one. The
//! foreign keys wait for the commit (`PRAGMA defer_foreign_keys`), so an item may derive from one written later.

use rusqlite::{params, Connection, Row};

use super::{parse_column, parse_optional_column, Q};
use crate::backend::{EventRefs, StoredEvent, StoredRevision, StoredRow, StoredSource, Table};
use crate::error::Result;
use crate::model::{Article, ArticleId, ClaimId, EvidenceId, Reliability, SourceId};

fn select(table: Table) -> &'static str {
    match table {
        Table::Articles => {
            "SELECT id, key, title, outlet, url, published, author, body, created_at, desk FROM articles ORDER BY id"
        }
        Table::Sources => {
            "SELECT id, name, identity, kind, reliability, created_at FROM sources ORDER BY id"
        }
        Table::Claims => {
            "SELECT c.id, c.article_id, c.key, c.text, c.span_start, c.span_end, c.source, c.cue, c.strength,
                c.response, c.status, c.created_at, NULL AS verdict, c.source_kind, c.revision FROM claims c
             ORDER BY c.id"
        }
        Table::Evidence => {
            "SELECT e.id, e.key, e.title, e.url, e.archived_url, e.retrieved_at, e.origin_id, s.name AS origin,
                e.derived_from, e.reliability AS own_reliability, s.reliability AS origin_reliability,
                e.credibility, e.sha256, e.notes, e.created_at, e.desk
             FROM evidence e LEFT JOIN sources s ON s.id = e.origin_id ORDER BY e.id"
        }
        Table::Links => {
            "SELECT claim_id, evidence_id, stance, note, created_at FROM links ORDER BY claim_id, evidence_id"
        }
        Table::Verdicts => {
            "SELECT v.id, v.claim_id, v.rating, v.rationale, v.confidence, v.author, v.created_at, v.summary,
                v.revision, v.claim_revision, v.imported_by, v.imported_at, v.claim_revision < c.revision AS on_earlier_text
             FROM verdicts v JOIN claims c ON c.id = v.claim_id ORDER BY v.id"
        }
        Table::Events => {
            "SELECT id, at, actor, action, article_id, claim_id, evidence_id, source_id, detail FROM events
             ORDER BY id"
        }
        Table::Settings => "SELECT name, value FROM settings ORDER BY name",
        Table::Revisions => {
            "SELECT id, article_id, number, text, created_at, actor FROM revisions ORDER BY id"
        }
        Table::Reviews => {
            "SELECT id, claim_reviewed, rating_text, rating_value, rating_best, rating_worst, reviewer, url,
                published, language, headline, claimant, created_at, updated_at FROM reviews ORDER BY id"
        }
        Table::MatchSegments => {
            "SELECT id, docs, live_docs, len_claim, len_title, len_context, doc_list, deleted FROM match_segments
             ORDER BY id"
        }
        Table::MatchTerms => {
            "SELECT segment, term, postings FROM match_terms ORDER BY segment, term"
        }
        Table::Anchors => {
            "SELECT n.claim_id, n.revision, n.how, n.score, n.span_start, n.span_end, n.strength, n.source, n.cue,
                n.response FROM anchors n ORDER BY n.claim_id, n.revision"
        }
    }
}

fn from_row(table: Table, row: &Row<'_>) -> rusqlite::Result<StoredRow> {
    Ok(match table {
        Table::Articles => StoredRow::Article(Article {
            id: ArticleId(row.get("id")?),
            key: row.get("key")?,
            title: row.get("title")?,
            outlet: row.get("outlet")?,
            url: row.get("url")?,
            published: row.get("published")?,
            author: row.get("author")?,
            body: row.get("body")?,
            claims: 0,
            created_at: parse_column(row, "created_at")?,
            desk: row.get("desk")?,
        }),
        Table::Sources => StoredRow::Source(StoredSource {
            id: SourceId(row.get("id")?),
            name: row.get("name")?,
            identity: row.get("identity")?,
            kind: parse_column(row, "kind")?,
            reliability: parse_optional_column(row, "reliability")?,
            created_at: parse_column(row, "created_at")?,
        }),
        Table::Claims => StoredRow::Claim {
            claim: super::claims::from_row(row)?,
            revision: row.get("revision")?,
        },
        Table::Evidence => StoredRow::Evidence(super::evidence::from_row(row)?),
        Table::Links => StoredRow::Link(super::links::from_row(row)?),
        Table::Verdicts => StoredRow::Verdict {
            verdict: super::claims::verdict_from_row(row)?,
            claim_revision: row.get("claim_revision")?,
        },
        Table::Events => StoredRow::Event(StoredEvent {
            id: row.get("id")?,
            at: parse_column(row, "at")?,
            actor: row.get("actor")?,
            action: parse_column(row, "action")?,
            refs: EventRefs {
                article: row.get::<_, Option<i64>>("article_id")?.map(ArticleId),
                claim: row.get::<_, Option<i64>>("claim_id")?.map(ClaimId),
                evidence: row.get::<_, Option<i64>>("evidence_id")?.map(EvidenceId),
                source: row.get::<_, Option<i64>>("source_id")?.map(SourceId),
            },
            detail: row.get("detail")?,
        }),
        Table::Revisions => StoredRow::Revision(StoredRevision {
            id: row.get("id")?,
            article: ArticleId(row.get("article_id")?),
            number: row.get("number")?,
            text: row.get("text")?,
            created_at: parse_column(row, "created_at")?,
            actor: row.get("actor")?,
        }),
        Table::Anchors => StoredRow::Anchor(super::revisions::anchor_from_row(row)?),
        Table::Reviews => StoredRow::Review(super::reviews::from_row(row)?),
        Table::MatchSegments => StoredRow::MatchSegment {
            info: super::matching::segment_from_row(row)?,
            doc_list: row.get("doc_list")?,
        },
        Table::MatchTerms => StoredRow::MatchTerm(crate::matching::segment::TermBlob {
            segment: row.get("segment")?,
            term: row.get("term")?,
            postings: row.get("postings")?,
        }),
        Table::Settings => StoredRow::Setting {
            name: row.get("name")?,
            value: row.get("value")?,
        },
    })
}

pub(super) fn each(
    conn: &Connection,
    table: Table,
    each: &mut dyn FnMut(StoredRow) -> Result<()>,
) -> Q<()> {
    let mut stmt = conn.prepare_cached(select(table))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(from_row(table, row)?)?;
    }
    Ok(())
}

pub(super) fn count(conn: &Connection, table: Table) -> Q<u64> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM {}", table.name()),
        [],
        |row| row.get(0),
    )?)
}

pub(super) fn restore(conn: &Connection, rows: &[StoredRow]) -> Q<()> {
    if rows.is_empty() {
        return Ok(());
    }
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    for row in rows {
        match row {
            StoredRow::Article(a) => conn
                .prepare_cached(
                    "INSERT INTO articles (id, key, title, outlet, url, published, author, body, created_at,
                        desk) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                    a.id.0,
                    a.key,
                    a.title,
                    a.outlet,
                    a.url,
                    a.published,
                    a.author,
                    a.body,
                    a.created_at.to_string(),
                    a.desk,
                ])?,
            StoredRow::Source(s) => conn
                .prepare_cached(
                    "INSERT INTO sources (id, name, identity, kind, reliability, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    s.id.0,
                    s.name,
                    s.identity,
                    s.kind.as_str(),
                    s.reliability.map(Reliability::as_str),
                    s.created_at.to_string()
                ])?,
            StoredRow::Claim { claim: c, revision } => conn
                .prepare_cached(
                    "INSERT INTO claims (id, article_id, key, text, span_start, span_end, source, cue, strength,
                        response, status, created_at, revision, source_kind)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )?
                .execute(params![
                    c.id.0,
                    c.article.0,
                    c.key,
                    c.text,
                    c.span.map(|s| s.0 as i64),
                    c.span.map(|s| s.1 as i64),
                    c.source,
                    c.cue,
                    c.strength.as_str(),
                    c.response.map(|r| r.as_str()),
                    c.status.as_str(),
                    c.created_at.to_string(),
                    revision,
                    c.source_kind.map(|k| k.as_str()),
                ])?,
            StoredRow::Evidence(e) => conn
                .prepare_cached(
                    "INSERT INTO evidence (id, key, title, url, archived_url, retrieved_at, origin_id,
                        derived_from, reliability, credibility, sha256, notes, created_at, desk)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )?
                .execute(params![
                    e.id.0,
                    e.key,
                    e.title,
                    e.url,
                    e.archived_url,
                    e.retrieved_at,
                    e.origin.as_ref().map(|o| o.id.0),
                    e.derived_from.map(|d| d.0),
                    e.own_reliability.map(Reliability::as_str),
                    e.credibility.as_str(),
                    e.sha256,
                    e.notes,
                    e.created_at.to_string(),
                    e.desk,
                ])?,
            StoredRow::Link(l) => conn
                .prepare_cached(
                    "INSERT INTO links (claim_id, evidence_id, stance, note, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    l.claim.0,
                    l.evidence.0,
                    l.stance.as_str(),
                    l.note,
                    l.created_at.to_string()
                ])?,
            StoredRow::Verdict {
                verdict: v,
                claim_revision,
            } => conn
                .prepare_cached(
                    "INSERT INTO verdicts (id, claim_id, rating, rationale, confidence, author, created_at,
                        summary, claim_revision, imported_by, imported_at, revision)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    v.id,
                    v.claim.0,
                    v.rating.as_str(),
                    v.rationale,
                    v.confidence.as_str(),
                    v.author,
                    v.created_at.to_string(),
                    v.summary,
                    claim_revision,
                    v.imported_by,
                    v.imported_at.map(|at| at.to_string()),
                    v.revision,
                ])?,
            StoredRow::Event(e) => conn
                .prepare_cached(
                    "INSERT INTO events (id, at, actor, action, article_id, claim_id, evidence_id, source_id,
                        detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    e.id,
                    e.at.to_string(),
                    e.actor,
                    e.action.as_str(),
                    e.refs.article.map(|id| id.0),
                    e.refs.claim.map(|id| id.0),
                    e.refs.evidence.map(|id| id.0),
                    e.refs.source.map(|id| id.0),
                    e.detail
                ])?,
            StoredRow::Revision(r) => conn
                .prepare_cached(
                    "INSERT INTO revisions (id, article_id, number, text, created_at, actor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    r.id,
                    r.article.0,
                    r.number,
                    r.text,
                    r.created_at.to_string(),
                    r.actor,
                ])?,
            StoredRow::Anchor(a) => {
                super::revisions::put_anchors(conn, std::slice::from_ref(a))?;
                1
            }
            StoredRow::Review(r) => {
                super::reviews::restore(conn, r)?;
                1
            }
            StoredRow::MatchSegment { info, doc_list } => {
                super::matching::restore_segment(conn, info, doc_list)?;
                1
            }
            StoredRow::MatchTerm(t) => conn
                .prepare_cached("INSERT INTO match_terms (segment, term, postings) VALUES (?1, ?2, ?3)")?
                .execute(params![t.segment, t.term, t.postings])?,
            // A new desk has its own id: the copied desk's replaces it, as the desk it is.
            StoredRow::Setting { name, value } => conn
                .prepare_cached("INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)")?
                .execute(params![name, value])?,
        };
    }
    Ok(())
}

/// Nothing to do: a rowid table's next id already follows its highest.
pub(super) fn restore_done(_conn: &Connection) -> Q<()> {
    Ok(())
}
