//! Whole tables as stored, ids and stamps included: what `copy` and `backup` read, and what a desk being copied
//! in writes, with `COPY` (the owner's session keeps the stamps it gives, and the foreign keys wait for the
//! commit).

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::Row;

use super::{count, parse, parse_optional, time, Conn, PgError, Q};
use crate::backend::{StoredEvent, StoredRevision, StoredRow, StoredSource, Table};
use crate::error::{Error, Result};
use crate::model::{Article, ArticleId, ClaimId, EvidenceId, Reliability, SourceId};

/// What each table is read with, in id order.
fn select(table: Table) -> &'static str {
    match table {
        Table::Articles => {
            "SELECT id, key, title, outlet, url, to_char(published, 'YYYY-MM-DD') AS published, author, body,
                created_at, desk FROM claimtrack.articles ORDER BY id"
        }
        Table::Sources => {
            "SELECT id, name, identity, kind, reliability, created_at FROM claimtrack.sources ORDER BY id"
        }
        Table::Claims => {
            "SELECT c.id, c.article_id, c.key, c.text, c.span_start, c.span_end, c.source, c.cue, c.strength,
                c.response, c.status, c.created_at, c.revision, NULL::text AS verdict, c.source_kind
             FROM claimtrack.claims c
             ORDER BY c.id"
        }
        Table::Evidence => {
            "SELECT e.id, e.key, e.title, e.url, e.archived_url, e.retrieved_at, e.origin_id, s.name AS origin,
                e.derived_from, e.reliability AS own_reliability, s.reliability AS origin_reliability,
                e.credibility, e.sha256, e.notes, e.created_at, e.desk
             FROM claimtrack.evidence e LEFT JOIN claimtrack.sources s ON s.id = e.origin_id ORDER BY e.id"
        }
        Table::Links => {
            "SELECT claim_id, evidence_id, stance, note, created_at FROM claimtrack.links
             ORDER BY claim_id, evidence_id"
        }
        Table::Verdicts => {
            "SELECT v.id, v.claim_id, v.rating, v.rationale, v.confidence, v.author, v.created_at, v.summary,
                v.revision, v.claim_revision, v.imported_by, v.imported_at, v.claim_revision < c.revision AS on_earlier_text
             FROM claimtrack.verdicts v JOIN claimtrack.claims c ON c.id = v.claim_id ORDER BY v.id"
        }
        Table::Events => {
            "SELECT id, at, actor, action, article_id, claim_id, evidence_id, source_id, detail
             FROM claimtrack.events ORDER BY id"
        }
        Table::Settings => "SELECT name, value FROM claimtrack.settings ORDER BY name",
        Table::Revisions => {
            "SELECT id, article_id, number, text, created_at, actor FROM claimtrack.revisions ORDER BY id"
        }
        Table::Reviews => {
            "SELECT id, claim_reviewed, rating_text, rating_value, rating_best, rating_worst, reviewer, url,
                published, language, headline, claimant, created_at, updated_at FROM claimtrack.reviews ORDER BY id"
        }
        Table::MatchSegments => {
            "SELECT id, docs, live_docs, len_claim, len_title, len_context, doc_list, deleted
             FROM claimtrack.match_segments ORDER BY id"
        }
        Table::MatchTerms => {
            "SELECT segment, term, postings FROM claimtrack.match_terms ORDER BY segment, term"
        }
        Table::Anchors => {
            "SELECT n.claim_id, n.revision, n.how, n.score, n.span_start, n.span_end, n.strength, n.source, n.cue,
                n.response FROM claimtrack.anchors n ORDER BY n.claim_id, n.revision"
        }
    }
}

fn from_row(table: Table, row: &Row) -> Q<StoredRow> {
    let id = |column: &str| -> Q<Option<i64>> { Ok(row.try_get(column)?) };
    Ok(match table {
        Table::Articles => StoredRow::Article(Article {
            id: ArticleId(row.try_get("id")?),
            key: row.try_get("key")?,
            title: row.try_get("title")?,
            outlet: row.try_get("outlet")?,
            url: row.try_get("url")?,
            published: row.try_get("published")?,
            author: row.try_get("author")?,
            body: row.try_get("body")?,
            claims: 0,
            created_at: time(row, "created_at")?,
            desk: row.try_get("desk")?,
        }),
        Table::Sources => StoredRow::Source(StoredSource {
            id: SourceId(row.try_get("id")?),
            name: row.try_get("name")?,
            identity: row.try_get("identity")?,
            kind: parse(row, "kind")?,
            reliability: parse_optional(row, "reliability")?,
            created_at: time(row, "created_at")?,
        }),
        Table::Claims => StoredRow::Claim {
            claim: super::claims::from_row(row)?,
            revision: i64::from(row.try_get::<_, i32>("revision")?),
        },
        Table::Evidence => StoredRow::Evidence(super::evidence::from_row(row)?),
        Table::Links => StoredRow::Link(super::links::from_row(row)?),
        Table::Verdicts => StoredRow::Verdict {
            verdict: super::claims::verdict_from_row(row)?,
            claim_revision: i64::from(row.try_get::<_, i32>("claim_revision")?),
        },
        Table::Events => StoredRow::Event(StoredEvent {
            id: row.try_get("id")?,
            at: time(row, "at")?,
            actor: row.try_get("actor")?,
            action: parse(row, "action")?,
            refs: crate::backend::EventRefs {
                article: id("article_id")?.map(ArticleId),
                claim: id("claim_id")?.map(ClaimId),
                evidence: id("evidence_id")?.map(EvidenceId),
                source: id("source_id")?.map(SourceId),
            },
            detail: row.try_get("detail")?,
        }),
        Table::Revisions => StoredRow::Revision(StoredRevision {
            id: row.try_get("id")?,
            article: ArticleId(row.try_get("article_id")?),
            number: row.try_get::<_, i32>("number")?.max(0) as u32,
            text: row.try_get("text")?,
            created_at: time(row, "created_at")?,
            actor: row.try_get("actor")?,
        }),
        Table::Anchors => StoredRow::Anchor(super::revisions::anchor_from_row(row)?),
        Table::Reviews => StoredRow::Review(super::reviews::from_row(row)?),
        Table::MatchSegments => StoredRow::MatchSegment {
            info: super::matching::segment_from_row(row)?,
            doc_list: row.try_get("doc_list")?,
        },
        Table::MatchTerms => StoredRow::MatchTerm(crate::matching::segment::TermBlob {
            segment: row.try_get("segment")?,
            term: row.try_get("term")?,
            postings: row.try_get("postings")?,
        }),
        Table::Settings => StoredRow::Setting {
            name: row.try_get("name")?,
            value: row.try_get("value")?,
        },
    })
}

pub(super) fn each(
    conn: &Conn,
    table: Table,
    each: &mut dyn FnMut(StoredRow) -> Result<()>,
) -> Q<()> {
    conn.stream(select(table), &[], &mut |row| {
        each(from_row(table, row).map_err(super::into_error)?)
    })
}

pub(super) fn count_of(conn: &Conn, table: Table) -> Q<u64> {
    let row = conn.query_one(
        &format!("SELECT count(*) AS n FROM claimtrack.{}", table.name()),
        &[],
    )?;
    count(&row, "n")
}

/// The columns `COPY` writes for a table, and their types.
fn columns(table: Table) -> (&'static str, &'static [Type]) {
    use Type as T;
    match table {
        Table::Articles => (
            "id, key, title, outlet, url, published, author, body, created_at, desk",
            &[
                T::INT8, T::TEXT, T::TEXT, T::TEXT, T::TEXT, T::DATE, T::TEXT, T::TEXT, T::TIMESTAMPTZ, T::TEXT,
            ],
        ),
        Table::Sources => (
            "id, name, identity, kind, reliability, created_at",
            &[T::INT8, T::TEXT, T::TEXT, T::TEXT, T::TEXT, T::TIMESTAMPTZ],
        ),
        Table::Claims => (
            "id, article_id, key, text, span_start, span_end, source, cue, strength, response, status, created_at,
             revision, source_kind",
            &[
                T::INT8, T::INT8, T::TEXT, T::TEXT, T::INT8, T::INT8, T::TEXT, T::TEXT, T::TEXT, T::TEXT,
                T::TEXT, T::TIMESTAMPTZ, T::INT4, T::TEXT,
            ],
        ),
        Table::Evidence => (
            "id, key, title, url, archived_url, retrieved_at, origin_id, derived_from, reliability, credibility,
             sha256, notes, created_at, desk",
            &[
                T::INT8, T::TEXT, T::TEXT, T::TEXT, T::TEXT, T::TEXT, T::INT8, T::INT8, T::TEXT, T::TEXT,
                T::TEXT, T::TEXT, T::TIMESTAMPTZ, T::TEXT,
            ],
        ),
        Table::Links => (
            "claim_id, evidence_id, stance, note, created_at",
            &[T::INT8, T::INT8, T::TEXT, T::TEXT, T::TIMESTAMPTZ],
        ),
        Table::Verdicts => (
            "id, claim_id, rating, rationale, confidence, author, created_at, summary, claim_revision, imported_by,
             imported_at, revision",
            &[
                T::INT8, T::INT8, T::TEXT, T::TEXT, T::TEXT, T::TEXT, T::TIMESTAMPTZ, T::TEXT, T::INT4, T::TEXT,
                T::TIMESTAMPTZ, T::INT4,
            ],
        ),
        Table::Events => (
            "id, at, actor, action, article_id, claim_id, evidence_id, source_id, detail",
            &[T::INT8, T::TIMESTAMPTZ, T::TEXT, T::TEXT, T::INT8, T::INT8, T::INT8, T::INT8, T::TEXT],
        ),
        Table::Settings => ("name, value", &[T::TEXT, T::TEXT]),
        Table::Reviews => (
            "id, claim_reviewed, rating_text, rating_value, rating_best, rating_worst, reviewer, url, published,
             language, headline, claimant, created_at, updated_at",
            &[
                T::INT8, T::TEXT, T::TEXT, T::FLOAT8, T::FLOAT8, T::FLOAT8, T::TEXT, T::TEXT, T::DATE, T::TEXT,
                T::TEXT, T::TEXT, T::TIMESTAMPTZ, T::TIMESTAMPTZ,
            ],
        ),
        Table::MatchSegments => (
            "id, docs, live_docs, len_claim, len_title, len_context, doc_list, deleted",
            &[T::INT8, T::INT8, T::INT8, T::INT8, T::INT8, T::INT8, T::BYTEA, T::BYTEA],
        ),
        Table::MatchTerms => ("segment, term, postings", &[T::INT8, T::TEXT, T::BYTEA]),
        Table::Revisions => (
            "id, article_id, number, text, created_at, actor",
            &[T::INT8, T::INT8, T::INT4, T::TEXT, T::TIMESTAMPTZ, T::TEXT],
        ),
        Table::Anchors => (
            "claim_id, revision, how, score, span_start, span_end, strength, source, cue, response",
            &[
                T::INT8, T::INT4, T::TEXT, T::FLOAT8, T::INT8, T::INT8, T::TEXT, T::TEXT, T::TEXT, T::TEXT,
            ],
        ),
    }
}

/// Writes rows of one table with their ids and stamps.
pub(super) fn restore(conn: &Conn, rows: &[StoredRow]) -> Q<()> {
    let Some(table) = rows.first().map(StoredRow::table) else {
        return Ok(());
    };
    if rows.iter().any(|row| row.table() != table) {
        return Err(PgError::Ledger(Error::Storage {
            message: "a restore batch mixes tables".to_string(),
        }));
    }
    conn.batch("SET LOCAL claimtrack.keep_stamps = 'on'; SET CONSTRAINTS ALL DEFERRED")?;
    // The stamps are kept whole, so the triggers that stamp and check each row of the trail have nothing to do;
    // turned off for this transaction only (the owner may; `restore_done`, or a rollback, turns them on again),
    // they no longer cost a call per row. Before the first row: the server refuses to alter a table with checks
    // still pending.
    if !conn.triggers_off.get() {
        // Every row is a whole desk's, so its references are checked once per table at the end (`bulk`).
        super::bulk::defer(conn)?;
        conn.batch(
            "ALTER TABLE claimtrack.events DISABLE TRIGGER events_follow_on;
             ALTER TABLE claimtrack.verdicts DISABLE TRIGGER verdicts_are_stamped",
        )?;
        conn.triggers_off.set(true);
    }
    if table == Table::Settings {
        // A new desk has its own id: the copied desk's replaces it, as the desk it is.
        let names: Vec<&str> = rows
            .iter()
            .filter_map(|row| match row {
                StoredRow::Setting { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        conn.execute(
            "DELETE FROM claimtrack.settings WHERE name = ANY($1)",
            &[&names],
        )?;
    }
    let (names, types) = columns(table);
    let mut client = conn.client.borrow_mut();
    let sink = client.copy_in(&format!(
        "COPY claimtrack.{} ({names}) FROM STDIN (FORMAT binary)",
        table.name()
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, types);
    for row in rows {
        match row {
            StoredRow::Article(a) => {
                let published = a
                    .published
                    .as_deref()
                    .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
                    .transpose()
                    .map_err(|_| {
                        PgError::Ledger(Error::invalid(format!(
                            "article {} has the publication date `{}`, which is not YYYY-MM-DD",
                            a.id,
                            a.published.as_deref().unwrap_or_default()
                        )))
                    })?;
                writer.write(&[
                    &a.id.0,
                    &a.key,
                    &a.title,
                    &a.outlet,
                    &a.url,
                    &published,
                    &a.author,
                    &a.body,
                    &a.created_at.as_datetime(),
                    &a.desk,
                ])?
            }
            StoredRow::Source(s) => writer.write(&[
                &s.id.0,
                &s.name,
                &s.identity,
                &s.kind.as_str(),
                &s.reliability.map(Reliability::as_str),
                &s.created_at.as_datetime(),
            ])?,
            StoredRow::Claim { claim: c, revision } => writer.write(&[
                &c.id.0,
                &c.article.0,
                &c.key,
                &c.text,
                &c.span.map(|s| s.0 as i64),
                &c.span.map(|s| s.1 as i64),
                &c.source,
                &c.cue,
                &c.strength.as_str(),
                &c.response.map(|r| r.as_str()),
                &c.status.as_str(),
                &c.created_at.as_datetime(),
                &revision_of(*revision)?,
                &c.source_kind.map(|k| k.as_str()),
            ])?,
            StoredRow::Evidence(e) => writer.write(&[
                &e.id.0,
                &e.key,
                &e.title,
                &e.url,
                &e.archived_url,
                &e.retrieved_at,
                &e.origin.as_ref().map(|o| o.id.0),
                &e.derived_from.map(|d| d.0),
                &e.own_reliability.map(Reliability::as_str),
                &e.credibility.as_str(),
                &e.sha256,
                &e.notes,
                &e.created_at.as_datetime(),
                &e.desk,
            ])?,
            StoredRow::Link(l) => writer.write(&[
                &l.claim.0,
                &l.evidence.0,
                &l.stance.as_str(),
                &l.note,
                &l.created_at.as_datetime(),
            ])?,
            StoredRow::Verdict {
                verdict: v,
                claim_revision,
            } => writer.write(&[
                &v.id,
                &v.claim.0,
                &v.rating.as_str(),
                &v.rationale,
                &v.confidence.as_str(),
                &v.author,
                &v.created_at.as_datetime(),
                &v.summary,
                &revision_of(*claim_revision)?,
                &v.imported_by,
                &v.imported_at.map(|at| at.as_datetime()),
                &v.revision.map(super::revisions::number_of).transpose()?,
            ])?,
            StoredRow::Review(r) => {
                let v = &r.review;
                writer.write(&[
                    &r.id,
                    &v.claim_reviewed,
                    &v.rating.text,
                    &v.rating.value,
                    &v.rating.best,
                    &v.rating.worst,
                    &v.reviewer,
                    &v.url,
                    &v.date,
                    &v.language,
                    &v.headline,
                    &v.claimant,
                    &r.created_at.as_datetime(),
                    &r.updated_at.as_datetime(),
                ])?
            }
            StoredRow::MatchSegment { info, doc_list } => {
                let big = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
                writer.write(&[
                    &info.id,
                    &big(info.docs),
                    &big(info.live.docs),
                    &big(info.live.length_sums[0]),
                    &big(info.live.length_sums[1]),
                    &big(info.live.length_sums[2]),
                    doc_list,
                    &info.deleted,
                ])?
            }
            StoredRow::MatchTerm(t) => writer.write(&[&t.segment, &t.term, &t.postings])?,
            StoredRow::Revision(r) => writer.write(&[
                &r.id,
                &r.article.0,
                &super::revisions::number_of(r.number)?,
                &r.text,
                &r.created_at.as_datetime(),
                &r.actor,
            ])?,
            StoredRow::Anchor(a) => {
                let attribution = a.attribution.as_ref();
                writer.write(&[
                    &a.claim.0,
                    &super::revisions::number_of(a.revision)?,
                    &a.kind.as_str(),
                    &a.score,
                    &a.span.map(|s| s.0 as i64),
                    &a.span.map(|s| s.1 as i64),
                    &attribution.map(|a| a.strength.as_str()),
                    &attribution.and_then(|a| a.source.as_deref()),
                    &attribution.and_then(|a| a.cue.as_deref()),
                    &attribution.and_then(|a| a.response.map(|r| r.as_str())),
                ])?
            }
            StoredRow::Event(e) => {
                let refs: [&(dyn ToSql + Sync); 4] = [
                    &e.refs.article.map(|id| id.0),
                    &e.refs.claim.map(|id| id.0),
                    &e.refs.evidence.map(|id| id.0),
                    &e.refs.source.map(|id| id.0),
                ];
                writer.write(&[
                    &e.id,
                    &e.at.as_datetime(),
                    &e.actor,
                    &e.action.as_str(),
                    refs[0],
                    refs[1],
                    refs[2],
                    refs[3],
                    &e.detail,
                ])?
            }
            StoredRow::Setting { name, value } => writer.write(&[name, value])?,
        }
    }
    writer.finish()?;
    Ok(())
}

/// A revision number as the server's `integer`.
fn revision_of(revision: i64) -> Q<i32> {
    i32::try_from(revision).map_err(|_| {
        PgError::Ledger(Error::invalid(format!(
            "a revision number of {revision} does not fit the server's schema"
        )))
    })
}

/// Moves each identity past the highest id restored, so the next record gets the next id.
pub(super) fn restore_done(conn: &Conn) -> Q<()> {
    if conn.triggers_off.get() {
        // The deferred foreign-key checks run now (any left: the keys dropped are added back, each checked in
        // one pass), so that the tables may be altered back.
        conn.batch("SET CONSTRAINTS ALL IMMEDIATE")?;
        super::bulk::restore(conn)?;
        conn.batch(
            "ALTER TABLE claimtrack.events ENABLE TRIGGER events_follow_on;
             ALTER TABLE claimtrack.verdicts ENABLE TRIGGER verdicts_are_stamped",
        )?;
        conn.triggers_off.set(false);
    }
    for table in [
        "articles",
        "revisions",
        "sources",
        "claims",
        "evidence",
        "verdicts",
        "reviews",
        "match_segments",
    ] {
        conn.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('claimtrack.{table}', 'id'), coalesce(max(id), 0) + 1, false)
                 FROM claimtrack.{table}"
            ),
            &[],
        )?;
    }
    Ok(())
}
