//! Claims and their verdicts. A claim's place in its article (a byte span) must hold its text; verdicts are never
//! changed, a newer one supersedes.

use super::{attribution, validate, ArticleCount, ClaimFilter, Reader, Writer};
use crate::backend::{ClaimRow, EventRefs, VerdictRow};
use crate::error::{Error, Result};
use crate::matching::segment::DocKey;
use crate::model::{
    Action, Actor, ArticleId, Claim, ClaimId, ClaimSourceKind, NewClaim, NewVerdict, Rating,
    RecordKind, Status, Strength, Verdict,
};
use crate::scanner::{Attribution, GivenAttribution};

impl Reader<'_> {
    /// The claim with this id, or a not-found error.
    pub fn claim(&self, id: ClaimId) -> Result<Claim> {
        self.rows
            .claim(id)?
            .ok_or_else(|| Error::not_found(RecordKind::Claim, id))
    }

    /// The claim stored under a key in an article.
    pub fn claim_by_key(&self, article: ArticleId, key: &str) -> Result<Option<Claim>> {
        self.rows.claim_by_key(article, key)
    }

    /// The claim of an article at exactly this span with this text, if one was recorded (re-scans use it to
    /// record nothing twice).
    pub fn claim_at(
        &self,
        article: ArticleId,
        span: (usize, usize),
        text: &str,
    ) -> Result<Option<ClaimId>> {
        self.rows.claim_at(article, span, text)
    }

    /// Calls `each` for every claim the filter selects, one row at a time, so memory stays flat however large the
    /// desk is.
    pub fn each_claim(
        &self,
        filter: &ClaimFilter,
        mut each: impl FnMut(Claim) -> Result<()>,
    ) -> Result<()> {
        self.rows.each_claim(filter, &mut each)
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

    /// Claim counts by status and strength, for one article or the whole desk.
    pub fn claim_totals(&self, article: Option<ArticleId>) -> Result<Vec<(Status, Strength, u64)>> {
        self.rows.claim_totals(article)
    }

    /// Claim counts per article, status and strength, one group at a time and ordered by article; articles
    /// without claims appear as one group with no status.
    pub fn each_article_count(
        &self,
        article: Option<ArticleId>,
        mut each: impl FnMut(ArticleCount) -> Result<()>,
    ) -> Result<()> {
        self.rows.each_article_count(article, &mut each)
    }

    /// Every verdict on a claim, oldest first.
    pub fn verdicts(&self, claim: ClaimId) -> Result<Vec<Verdict>> {
        self.rows.verdicts(claim)
    }
}

fn row<'a>(new: &'a NewClaim, key: &'a str, writer: &Writer<'_>) -> ClaimRow<'a> {
    ClaimRow {
        article: new.article,
        key,
        text: &new.text,
        span: new.span,
        source: new.source.as_deref(),
        cue: new.cue.as_deref(),
        strength: new.strength,
        response: new.response,
        source_kind: new.source_kind,
        status: Status::Unverified,
        created_at: writer.actor.at,
    }
}

/// What the audit trail says of a claim recorded (the bulk paths of imports and scans say the same).
pub(super) fn recorded_detail(id: ClaimId, new: &NewClaim) -> String {
    let source = new
        .source
        .as_deref()
        .map(|s| format!(", source {s:?}"))
        .unwrap_or_default();
    format!(
        "recorded claim {id} in {} as {}{source}",
        new.article, new.strength
    )
}

impl Writer<'_> {
    /// Records a claim and returns its id. Without a key, the next free `c<N>` of the article is used. A new
    /// claim has no evidence yet, so it starts unverified.
    pub fn add_claim(&mut self, new: &NewClaim) -> Result<ClaimId> {
        validate::claim(new)?;
        let body = self.read().article_body(new.article)?;
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
            Some(key) => {
                if self.tx.claim_id(new.article, key)?.is_some() {
                    return Err(Error::Conflict {
                        message: format!(
                            "article {} already has a claim with key `{key}`",
                            new.article
                        ),
                        hint: None,
                    });
                }
                key.clone()
            }
            None => self.read().free_claim_key(new.article)?,
        };
        let row = row(new, &key, self);
        let id = self.tx.insert_claims(std::slice::from_ref(&row))?[0];
        self.created.insert(id);
        self.matching.added_claim(id, new.article, &new.text);
        self.event(
            Action::ClaimAdd,
            EventRefs {
                article: Some(new.article),
                claim: Some(id),
                ..Default::default()
            },
            recorded_detail(id, new),
        )?;
        Ok(id)
    }

    /// Records a claim typed in by hand: what the command line does not give of its attribution, the scanner
    /// infers from the text, and its place is found in the article's text when the text is there. Its source kind
    /// is `source_kind` when given, else what the desk knows of it (`ledger::attribution`'s order).
    pub fn record_claim(
        &mut self,
        article: ArticleId,
        text: &str,
        given: GivenAttribution,
        source_kind: Option<ClaimSourceKind>,
    ) -> Result<ClaimId> {
        let completed = attribution::complete(text, given);
        let source_kind = attribution::kind_of(source_kind, &completed, || {
            attribution::record_kind(&self.read(), completed.attribution.source.as_deref())
        })?;
        let Attribution {
            strength,
            source,
            cue,
            response,
        } = completed.attribution;
        let body = self.read().article(article)?.body;
        let span = body
            .as_deref()
            .and_then(|body| body.find(text).map(|start| (start, start + text.len())))
            .filter(|_| !text.is_empty());
        self.add_claim(&NewClaim {
            article,
            key: None,
            text: text.to_string(),
            span,
            source,
            cue,
            strength,
            response,
            source_kind,
        })
    }

    /// Replaces a claim's attribution and text (the key and article stay), recording what changed.
    pub fn update_claim(&mut self, id: ClaimId, new: &NewClaim) -> Result<bool> {
        validate::claim(new)?;
        let old = self.read().claim(id)?;
        let mut changed = Vec::new();
        for (field, same) in [
            ("text", old.text == new.text),
            ("span", old.span == new.span),
            ("source", old.source == new.source),
            ("cue", old.cue == new.cue),
        ] {
            if !same {
                changed.push(field.to_string());
            }
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
        if old.source_kind != new.source_kind {
            let kind = |k: Option<ClaimSourceKind>| k.map_or("unknown", ClaimSourceKind::as_str);
            changed.push(format!(
                "source kind from {} to {}",
                kind(old.source_kind),
                kind(new.source_kind)
            ));
        }
        if changed.is_empty() {
            return Ok(false);
        }
        let row = row(new, &old.key, self);
        self.tx.update_claim(id, &row)?;
        // The old text stays in the trail; a verdict on it no longer rates what the claim says.
        let mut detail = format!("changed claim {id}: {}", changed.join(", "));
        if old.text != new.text {
            self.matching.changed(DocKey::Claim(id.0));
            detail.push_str(&format!("; the text was {:?}", old.text));
            if old.verdict.is_some() {
                detail.push_str("; its verdicts were given on that earlier text");
            }
        }
        self.event(
            Action::ClaimEdit,
            EventRefs {
                article: Some(old.article),
                claim: Some(id),
                ..Default::default()
            },
            detail,
        )?;
        Ok(true)
    }

    /// Records a verdict on a claim. Earlier verdicts stay; the newest is the one that counts. The author and time
    /// are the actor's unless the verdict carries its own (an import of a desk file keeps them).
    pub fn add_verdict(&mut self, claim: ClaimId, new: &NewVerdict) -> Result<i64> {
        self.add_verdict_on(claim, new, None, false)
    }

    /// `add_verdict`, checked against revision `revision` of the claim's article (`None`: the latest, as when a
    /// fact-checker gives it now; an import of a desk file gives the one the file names).
    pub(super) fn add_verdict_on(
        &mut self,
        claim: ClaimId,
        new: &NewVerdict,
        revision: Option<u32>,
        on_earlier_text: bool,
    ) -> Result<i64> {
        check_verdict_fields(new)?;
        let old = self.read().claim(claim)?;
        check_verdict_rationale(new)?;
        let revision = match revision {
            Some(revision) => Some(revision),
            None => self.checked_against(claim, old.article)?,
        };
        let id = self.tx.insert_verdict(&verdict_row(
            self.actor,
            claim,
            new,
            revision,
            on_earlier_text,
        ))?;
        self.event(
            Action::Verdict,
            verdict_refs(old.article, claim),
            rated_detail(claim, new, old.verdict),
        )?;
        Ok(id)
    }

    /// The revision a verdict given now is checked against: the article's latest, unless the claim's sentence is
    /// gone from it; then the last revision that holds it (a dropped claim is still rated for what was published).
    fn checked_against(&self, claim: ClaimId, article: ArticleId) -> Result<Option<u32>> {
        let latest = self.read().latest_revision(article)?;
        let Some(number) = latest.filter(|n| *n > 1) else {
            return Ok(latest);
        };
        let anchors = self.tx.anchors_of_claim(claim)?;
        let gone = anchors
            .iter()
            .any(|a| a.revision == number && a.kind == crate::model::AnchorKind::Gone);
        if !gone {
            return Ok(latest);
        }
        Ok(anchors
            .iter()
            .filter(|a| a.kind.is_placed())
            .map(|a| a.revision)
            .max()
            .or(latest))
    }

    /// Records verdicts on claims this write created, in order, as `add_verdict_on` one after the other would (the
    /// same checks, rows, ids and events), in one batch: a claim of `article` has no verdict but the ones before
    /// it in `verdicts`. A verdict's revision `None` is the article's latest, looked up once for the batch.
    pub(super) fn add_verdicts_to_new_claims(
        &mut self,
        article: ArticleId,
        verdicts: &[(ClaimId, NewVerdict, Option<u32>, bool)],
    ) -> Result<()> {
        if verdicts.is_empty() {
            return Ok(());
        }
        for (_, new, _, _) in verdicts {
            check_verdict_fields(new)?;
            check_verdict_rationale(new)?;
        }
        let latest = if verdicts
            .iter()
            .any(|(_, _, revision, _)| revision.is_none())
        {
            self.read().latest_revision(article)?
        } else {
            None
        };
        let actor = self.actor;
        let rows: Vec<VerdictRow<'_>> = verdicts
            .iter()
            .map(|(claim, new, revision, earlier)| {
                verdict_row(actor, *claim, new, revision.or(latest), *earlier)
            })
            .collect();
        self.tx.insert_verdicts(&rows)?;
        let mut newest: std::collections::HashMap<ClaimId, Rating> =
            std::collections::HashMap::new();
        for (claim, new, _, _) in verdicts {
            let previous = newest.insert(*claim, new.rating);
            self.event(
                Action::Verdict,
                verdict_refs(article, *claim),
                rated_detail(*claim, new, previous),
            )?;
        }
        Ok(())
    }
}

/// The limits of a verdict's fields.
fn check_verdict_fields(new: &NewVerdict) -> Result<()> {
    validate::text("rationale", &new.rationale, validate::limits::LONG)?;
    validate::optional(
        "verdict's author",
        new.author.as_deref(),
        validate::limits::SHORT,
    )?;
    validate::optional(
        "verdict's summary",
        new.summary.as_deref(),
        validate::limits::SHORT,
    )
}

fn check_verdict_rationale(new: &NewVerdict) -> Result<()> {
    if new.rationale.trim().is_empty() {
        return Err(Error::invalid_with(
            "the verdict's rationale is empty",
            "say why, with `--rationale \"…\"`",
        ));
    }
    Ok(())
}

fn verdict_row<'v>(
    actor: &'v Actor,
    claim: ClaimId,
    new: &'v NewVerdict,
    revision: Option<u32>,
    on_earlier_text: bool,
) -> VerdictRow<'v> {
    VerdictRow {
        claim,
        rating: new.rating,
        rationale: &new.rationale,
        confidence: new.confidence,
        author: new.author.as_deref().unwrap_or(&actor.name),
        created_at: new.at.unwrap_or(actor.at),
        summary: new.summary.as_deref(),
        revision,
        // A verdict that states its own author or time (a desk file's) also records who entered it, and when.
        imported: (new.author.is_some() || new.at.is_some()).then_some((&actor.name, actor.at)),
        on_earlier_text,
    }
}

fn verdict_refs(article: ArticleId, claim: ClaimId) -> EventRefs {
    EventRefs {
        article: Some(article),
        claim: Some(claim),
        ..Default::default()
    }
}

/// What the audit trail says of a verdict, which may supersede the claim's newest.
fn rated_detail(claim: ClaimId, new: &NewVerdict, previous: Option<Rating>) -> String {
    let (rating, confidence) = (new.rating, new.confidence);
    match previous {
        Some(previous) => {
            format!("rated {claim} {rating} ({confidence} confidence), superseding {previous}")
        }
        None => format!("rated {claim} {rating} ({confidence} confidence)"),
    }
}
