//! Claims and their verdicts.

use rusqlite::types::Value;
use rusqlite::{named_params, OptionalExtension, Row};

use super::{
    check_optional, check_text, limits, parse_column, parse_optional_column, Db, EventRefs,
};
use crate::error::{Error, Result};
use crate::model::{
    Action, ArticleId, Claim, ClaimId, NewClaim, NewVerdict, RecordKind, Status, Strength, Verdict,
};

const SELECT_CLAIM: &str = "SELECT c.id, c.article_id, c.key, c.text, c.span_start, c.span_end, c.source, c.cue,
        c.strength, c.response, c.status, c.created_at,
        (SELECT v.rating FROM verdicts v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1) AS verdict
     FROM claims c";

/// Orders strengths weakest first in SQL, for reports that lead with the most weakly held-up claims.
const WEAKEST_FIRST: &str =
    "CASE c.strength WHEN 'unattributed' THEN 0 WHEN 'hedged' THEN 1 WHEN 'reported' THEN 2
        WHEN 'anonymous' THEN 3 WHEN 'document' THEN 4 ELSE 5 END";

fn claim_from_row(row: &Row<'_>) -> rusqlite::Result<Claim> {
    let start: Option<i64> = row.get("span_start")?;
    let end: Option<i64> = row.get("span_end")?;
    Ok(Claim {
        id: ClaimId(row.get("id")?),
        article: ArticleId(row.get("article_id")?),
        text: row.get("text")?,
        source: row.get("source")?,
        cue: row.get("cue")?,
        strength: parse_column(row, "strength")?,
        response: parse_optional_column(row, "response")?,
        status: parse_column(row, "status")?,
        verdict: parse_optional_column(row, "verdict")?,
        key: row.get("key")?,
        span: start.zip(end).map(|(s, e)| (s as usize, e as usize)),
        created_at: parse_column(row, "created_at")?,
    })
}

fn verdict_from_row(row: &Row<'_>) -> rusqlite::Result<Verdict> {
    Ok(Verdict {
        id: row.get("id")?,
        claim: ClaimId(row.get("claim_id")?),
        rating: parse_column(row, "rating")?,
        rationale: row.get("rationale")?,
        confidence: parse_column(row, "confidence")?,
        author: row.get("author")?,
        created_at: parse_column(row, "created_at")?,
    })
}

/// Which claims `list` and `report` want.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFilter {
    /// Any of these statuses; all when empty.
    pub statuses: Vec<Status>,
    /// Any of these strengths; all when empty.
    pub strengths: Vec<Strength>,
    pub article: Option<ArticleId>,
    /// Only claims without a verdict.
    pub open: bool,
    /// Weakest attribution first, oldest first within a strength; else by id.
    pub weakest_first: bool,
}

fn check_claim(new: &NewClaim) -> Result<()> {
    check_text("claim text", &new.text, limits::CLAIM)?;
    check_optional("claim's source", new.source.as_deref(), limits::SHORT)?;
    check_optional("cue", new.cue.as_deref(), limits::SHORT)?;
    check_optional("claim key", new.key.as_deref(), limits::SHORT)
}

impl Db<'_> {
    /// Records a claim and returns its id. Without a key, the next free `c<N>` of the article is used.
    pub fn add_claim(&self, new: &NewClaim) -> Result<ClaimId> {
        check_claim(new)?;
        let body = self.article_body(new.article)?;
        if new.text.trim().is_empty() {
            return Err(Error::invalid_with(
                "the claim text is empty",
                "give the claim's sentence as TEXT",
            ));
        }
        if let (Some((start, end)), Some(body)) = (new.span, &body) {
            if body.get(start..end) != Some(new.text.as_str()) {
                return Err(Error::invalid(format!(
                    "the span {start}..{end} does not hold the claim's text in article {}",
                    new.article
                )));
            }
        }
        let key = match &new.key {
            Some(key) => key.clone(),
            None => self.free_claim_key(new.article)?,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO claims (article_id, key, text, span_start, span_end, source, cue, strength, response,
                    created_at)
                 VALUES (:article, :key, :text, :start, :end, :source, :cue, :strength, :response, :at)",
            )?
            .execute(named_params! {
                ":article": new.article.0, ":key": key, ":text": new.text,
                ":start": new.span.map(|s| s.0 as i64), ":end": new.span.map(|s| s.1 as i64),
                ":source": new.source, ":cue": new.cue, ":strength": new.strength.as_str(),
                ":response": new.response.map(|r| r.as_str()), ":at": self.actor().at.to_string(),
            })
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    Error::Conflict {
                        message: format!("article {} already has a claim with key `{key}`", new.article),
                        hint: None,
                    }
                }
                other => other.into(),
            })?;
        let id = ClaimId(self.conn.last_insert_rowid());
        let source = new
            .source
            .as_deref()
            .map(|s| format!(", source {s:?}"))
            .unwrap_or_default();
        self.event(
            Action::ClaimAdd,
            EventRefs {
                article: Some(new.article.0),
                claim: Some(id.0),
                ..Default::default()
            },
            &format!(
                "recorded claim {id} in {} as {}{source}",
                new.article, new.strength
            ),
        )?;
        Ok(id)
    }

    /// Replaces a claim's attribution and text (the key and article stay), recording what changed.
    pub fn update_claim(&self, id: ClaimId, new: &NewClaim) -> Result<bool> {
        check_claim(new)?;
        let old = self.claim(id)?;
        let mut changed = Vec::new();
        if old.text != new.text {
            changed.push("text".to_string());
        }
        if old.span != new.span {
            changed.push("span".to_string());
        }
        if old.source != new.source {
            changed.push("source".to_string());
        }
        if old.cue != new.cue {
            changed.push("cue".to_string());
        }
        if old.strength != new.strength {
            changed.push(format!(
                "strength from {} to {}",
                old.strength, new.strength
            ));
        }
        if old.response != new.response {
            changed.push("response".to_string());
        }
        if changed.is_empty() {
            return Ok(false);
        }
        self.conn
            .prepare_cached(
                "UPDATE claims SET text = :text, span_start = :start, span_end = :end, source = :source, cue = :cue,
                    strength = :strength, response = :response WHERE id = :id",
            )?
            .execute(named_params! {
                ":text": new.text, ":start": new.span.map(|s| s.0 as i64), ":end": new.span.map(|s| s.1 as i64),
                ":source": new.source, ":cue": new.cue, ":strength": new.strength.as_str(),
                ":response": new.response.map(|r| r.as_str()), ":id": id.0,
            })?;
        self.event(
            Action::ClaimEdit,
            EventRefs {
                article: Some(old.article.0),
                claim: Some(id.0),
                ..Default::default()
            },
            &format!("changed claim {id}: {}", changed.join(", ")),
        )?;
        Ok(true)
    }

    fn free_claim_key(&self, article: ArticleId) -> Result<String> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM claims WHERE article_id = ?1")?
            .query_row([article.0], |row| row.get(0))?;
        let mut n = count + 1;
        loop {
            let key = format!("c{n}");
            if self.claim_by_key(article, &key)?.is_none() {
                return Ok(key);
            }
            n += 1;
        }
    }

    /// The claim with this id, or a not-found error.
    pub fn claim(&self, id: ClaimId) -> Result<Claim> {
        self.conn
            .prepare_cached(&format!("{SELECT_CLAIM} WHERE c.id = ?1"))?
            .query_row([id.0], claim_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(RecordKind::Claim, id))
    }

    /// The claim stored under a key in an article.
    pub fn claim_by_key(&self, article: ArticleId, key: &str) -> Result<Option<Claim>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{SELECT_CLAIM} WHERE c.article_id = ?1 AND c.key = ?2"
            ))?
            .query_row(rusqlite::params![article.0, key], claim_from_row)
            .optional()?)
    }

    /// The claim of an article at exactly this span with this text, if one was recorded (re-scans use it to
    /// record nothing twice).
    pub fn claim_at(
        &self,
        article: ArticleId,
        span: (usize, usize),
        text: &str,
    ) -> Result<Option<ClaimId>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM claims WHERE article_id = ?1 AND span_start = ?2 AND span_end = ?3 AND text = ?4",
            )?
            .query_row(rusqlite::params![article.0, span.0 as i64, span.1 as i64, text], |row| row.get(0))
            .optional()?
            .map(ClaimId))
    }

    /// Calls `each` for every claim the filter selects, one row at a time, so memory stays flat however large the
    /// desk is.
    pub fn each_claim(
        &self,
        filter: &ClaimFilter,
        mut each: impl FnMut(Claim) -> Result<()>,
    ) -> Result<()> {
        let mut conditions = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        // `column IN (?, ?, …)` for each vocabulary filter that names values; none named means no filter.
        let mut any_of = |column: &str, names: Vec<&'static str>| {
            if !names.is_empty() {
                conditions.push(format!("{column} IN ({})", placeholders(names.len())));
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
            sql.push_str(&format!(" ORDER BY {WEAKEST_FIRST}, c.id"));
        } else {
            sql.push_str(" ORDER BY c.id");
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        while let Some(row) = rows.next()? {
            each(claim_from_row(row)?)?;
        }
        Ok(())
    }

    /// The claims the filter selects, collected.
    pub fn claims(&self, filter: &ClaimFilter) -> Result<Vec<Claim>> {
        let mut claims = Vec::new();
        self.each_claim(filter, |claim| {
            claims.push(claim);
            Ok(())
        })?;
        Ok(claims)
    }

    /// Records a verdict on a claim. Earlier verdicts stay; the newest is the one that counts. The author and time
    /// are the actor's unless the verdict carries its own (an import of a desk file keeps them).
    pub fn add_verdict(&self, claim: ClaimId, new: &NewVerdict) -> Result<i64> {
        check_text("rationale", &new.rationale, limits::LONG)?;
        check_optional("verdict's author", new.author.as_deref(), limits::SHORT)?;
        let old = self.claim(claim)?;
        if new.rationale.trim().is_empty() {
            return Err(Error::invalid_with(
                "the verdict's rationale is empty",
                "say why, with `--rationale \"…\"`",
            ));
        }
        let actor = self.actor();
        let author = new.author.as_deref().unwrap_or(&actor.name);
        let at = new.at.unwrap_or(actor.at).to_string();
        self.conn
            .prepare_cached(
                "INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                claim.0,
                new.rating.as_str(),
                new.rationale,
                new.confidence.as_str(),
                author,
                at
            ])?;
        let id = self.conn.last_insert_rowid();
        let (rating, confidence) = (new.rating, new.confidence);
        let detail = match old.verdict {
            Some(previous) => {
                format!("rated {claim} {rating} ({confidence} confidence), superseding {previous}")
            }
            None => format!("rated {claim} {rating} ({confidence} confidence)"),
        };
        let refs = EventRefs {
            article: Some(old.article.0),
            claim: Some(claim.0),
            ..Default::default()
        };
        self.event(Action::Verdict, refs, &detail)?;
        Ok(id)
    }

    /// Every verdict on a claim, oldest first.
    pub fn verdicts(&self, claim: ClaimId) -> Result<Vec<Verdict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, claim_id, rating, rationale, confidence, author, created_at FROM verdicts
             WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([claim.0], verdict_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl Db<'_> {
    /// Claim counts by status and strength, for one article or the whole desk.
    pub fn claim_totals(&self, article: Option<ArticleId>) -> Result<Vec<(Status, Strength, u64)>> {
        // Two statements rather than `?1 IS NULL OR article_id = ?1`, which would keep SQLite off the index.
        let (sql, params) = match article {
            Some(id) => (
                "SELECT status, strength, count(*) AS n FROM claims WHERE article_id = ?1 GROUP BY status, strength",
                vec![id.0],
            ),
            None => ("SELECT status, strength, count(*) AS n FROM claims GROUP BY status, strength", vec![]),
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |row| {
            Ok((
                parse_column(row, "status")?,
                parse_column(row, "strength")?,
                row.get("n")?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Claim counts per article, status and strength, in one GROUP BY, one group at a time and ordered by
    /// article; articles without claims appear as one group with no status.
    pub fn each_article_count(
        &self,
        article: Option<ArticleId>,
        mut each: impl FnMut(ArticleCount) -> Result<()>,
    ) -> Result<()> {
        let sql = "SELECT a.id, a.title, c.status, c.strength, count(c.id) AS n
             FROM articles a LEFT JOIN claims c ON c.article_id = a.id
             WHERE ?1 IS NULL OR a.id = ?1
             GROUP BY a.id, c.status, c.strength ORDER BY a.id, c.status, c.strength";
        let mut stmt = self.conn.prepare_cached(sql)?;
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
}

/// One group of `article_counts`: how many claims of an article have this status and strength.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCount {
    pub article: ArticleId,
    pub title: String,
    /// `None` with `claims == 0` for an article without claims.
    pub status: Option<Status>,
    pub strength: Option<Strength>,
    pub claims: u64,
}
