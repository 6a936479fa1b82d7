//! Revisions of an article's text as use cases: `article revise` (and `scan --record --revise`), `diff`, and what
//! reports and `claim show` say about the revision a claim was checked against. The matching is the pure
//! [`revision`](crate::revision) engine's; this file owns what the desk keeps and says.
//!
//! # What is kept
//!
//! Every revision of an article's text, numbered from 1 (the text it was registered with), with when and by whom
//! it was recorded; the latest is the article's text. An article that never had a text has no revisions.
//!
//! A claim's row is its place and attribution at the latest revision, whatever changed it last (a re-anchoring,
//! or a fact-checker's edit since). When an article is revised, the revision before is frozen: each claim's
//! anchor there is stored as the desk held it (`recorded` when it had not been re-anchored into it), and each
//! claim's anchor in the new revision is stored as the engine found it; the claim's row then takes its new place,
//! sentence and attribution (the engine's three-way merge: what the article changed, never a fact-checker's
//! override). So a claim is at revision `r` where its anchor at `r` says, and at the latest revision where its
//! row says; a claim with no anchor at an earlier revision was recorded after it.
//!
//! # Consequences
//!
//! A revision changes no status: statuses come from evidence, and the evidence has not moved. It can undo a
//! verdict: a claim with a verdict that is reworded, re-attributed or dropped is flagged in the diff, its event
//! says to look again, and the report lists it with the revision the verdict was checked against.

use std::collections::{BTreeMap, HashMap};

use super::{validate, ClaimFilter, Reader, Writer};
use crate::backend::{AnchorRow, EventRefs, RevisionRow};
use crate::error::{Error, Result};
use crate::model::{
    Action, AnchorKind, ArticleId, ArticleRevision, Claim, ClaimId, NewClaim, Rating, RecordKind,
    Verdict,
};
use crate::revision::{self, Attribution, ChangeKind, Diff, How, Placed, Revision, Span, Tracked};

/// The diff between two revisions of an article, with what a reader needs beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffView {
    pub diff: Diff,
    /// The two revisions compared.
    pub from: ArticleRevision,
    pub to: ArticleRevision,
    /// The article's latest revision.
    pub latest: u32,
    /// For each claim with a flagged change: its newest verdict's rating and the revision it was checked against.
    pub verdicts: BTreeMap<ClaimId, (Rating, Option<u32>)>,
}

/// What revising an article did.
#[derive(Debug, Clone, PartialEq)]
pub enum Revised {
    /// The text is the article's latest revision already: nothing was recorded.
    Unchanged { article: ArticleId, revision: u32 },
    /// A new revision was recorded.
    Recorded(Box<RevisionReport>),
}

/// A new revision: each claim's anchor in it, the claims recorded for its new sentences, and its diff from the
/// revision before.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionReport {
    pub article: ArticleId,
    pub revision: u32,
    /// One per claim the article had, by claim id.
    pub anchors: Vec<AnchorRow>,
    /// Claims recorded for the new claim sentences (`scan --record --revise`), by id.
    pub recorded: Vec<ClaimId>,
    pub diff: DiffView,
}

/// A claim at one revision of its article, for `claim show`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClaimAnchor {
    pub revision: u32,
    pub how: AnchorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub span: Option<Span>,
    /// The revision's text at the span.
    pub text: Option<String>,
    pub attribution: Option<Attribution>,
}

/// The revision a claim's newest verdict was checked against, and what has changed in the claim since.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Checked {
    pub revision: u32,
    /// The article's latest revision.
    pub latest: u32,
    /// The claim's sentence at the revision checked, when it had a place there.
    pub text: Option<String>,
    /// How the claim was attributed at the revision checked, when it had a place there.
    pub attribution: Option<Attribution>,
    /// What changed in the claim between the revision checked and the latest, in the diff's order; empty when
    /// nothing did.
    pub changes: Vec<ChangeKind>,
}

impl Checked {
    /// Whether the article has been revised since the verdict.
    pub fn revised_since(&self) -> bool {
        self.latest > self.revision
    }
}

/// A claim's stored attribution, as the engine takes it.
fn attribution_of(claim: &Claim) -> Attribution {
    Attribution {
        strength: claim.strength,
        source: claim.source.clone(),
        cue: claim.cue.clone(),
        response: claim.response,
    }
}

/// How a claim is anchored at the latest revision: as its stored anchor says, unless its row has been edited
/// since into or out of a place (then as recorded).
fn live_kind(stored: Option<AnchorKind>, has_place: bool) -> AnchorKind {
    match stored {
        Some(kind) if kind.is_placed() == has_place => kind,
        _ => AnchorKind::Recorded,
    }
}

/// The same words, whatever the spacing.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn kind_of(how: How) -> AnchorKind {
    match how {
        How::Exact => AnchorKind::Exact,
        How::Moved => AnchorKind::Moved,
        How::Fuzzy { .. } => AnchorKind::Fuzzy,
        How::Contained { .. } => AnchorKind::Contained,
        How::Gone => AnchorKind::Gone,
        How::Unplaced => AnchorKind::Unplaced,
    }
}

/// "revision 3" is not one of the article's.
fn no_such_revision(article: ArticleId, number: u32, latest: u32) -> Error {
    let range = if latest == 1 {
        "only revision 1".to_string()
    } else {
        format!("revisions 1 to {latest}")
    };
    Error::invalid_with(
        format!("article {article} has no revision {number}: it has {range}"),
        format!("`claimtrack article show {article}` lists its revisions"),
    )
}

impl Reader<'_> {
    /// An article's revisions, oldest first (empty when it has no text), or a not-found error.
    pub fn revisions(&self, article: ArticleId) -> Result<Vec<ArticleRevision>> {
        if self.rows.article_body(article)?.is_none() {
            return Err(Error::not_found(RecordKind::Article, article));
        }
        self.rows.revisions(article)
    }

    /// The number of an article's latest revision; `None` when it has no text (or there is no such article).
    pub fn latest_revision(&self, article: ArticleId) -> Result<Option<u32>> {
        Ok(self.rows.revisions(article)?.last().map(|r| r.number))
    }

    /// The text of one revision of an article.
    pub fn revision_text(&self, article: ArticleId, number: u32) -> Result<String> {
        match self.rows.revision_text(article, number)? {
            Some(text) => Ok(text),
            None => {
                let latest = self.revisions(article)?.last().map_or(0, |r| r.number);
                Err(no_such_revision(article, number, latest))
            }
        }
    }

    /// The article already holding `text` (and at `url`, when one is given): its id, the newest of its revisions
    /// holding the text, and its latest revision. The lowest id when several do.
    pub fn article_with_text(
        &self,
        text: &str,
        url: Option<&str>,
    ) -> Result<Option<(ArticleId, u32, u32)>> {
        for (article, number) in self.rows.articles_with_text(text)? {
            if let Some(url) = url {
                if self.article(article)?.url.as_deref() != Some(url) {
                    continue;
                }
            }
            let latest = self.latest_revision(article)?.unwrap_or(number);
            return Ok(Some((article, number, latest)));
        }
        Ok(None)
    }

    /// Each claim's place and attribution at revision `number` of an article whose latest is `latest`: the
    /// claim's row at the latest, its stored anchor before.
    fn placed_at(
        &self,
        article: ArticleId,
        claims: &[Claim],
        number: u32,
        latest: u32,
    ) -> Result<HashMap<ClaimId, Placed>> {
        if number == latest {
            return Ok(claims
                .iter()
                .filter_map(|c| {
                    c.span.map(|span| {
                        (
                            c.id,
                            Placed {
                                span,
                                attribution: attribution_of(c),
                            },
                        )
                    })
                })
                .collect());
        }
        Ok(self
            .rows
            .anchors_at(article, number)?
            .into_iter()
            .filter_map(|a| {
                let (span, attribution) = (a.span?, a.attribution?);
                Some((a.claim, Placed { span, attribution }))
            })
            .collect())
    }

    /// The changes between two revisions of an article; by default the one before the latest and the latest
    /// (`from` alone: from it to the latest; `to` alone: from the one before it).
    pub fn diff(&self, article: ArticleId, from: Option<u32>, to: Option<u32>) -> Result<DiffView> {
        let revisions = self.revisions(article)?;
        let Some(latest) = revisions.last().map(|r| r.number) else {
            return Err(Error::invalid_with(
                format!("article {article} has no text, so no revisions to compare"),
                format!("give it a text with `claimtrack scan FILE --record --article {article}`"),
            ));
        };
        let to = to.unwrap_or(latest);
        let from = match from {
            Some(from) => from,
            None if to > 1 => to - 1,
            None => {
                return Err(Error::invalid_with(
                    format!(
                    "article {article} has a single revision: there is nothing to compare it with"
                ),
                    format!(
                    "record a new one with `claimtrack article revise {article} --text-file FILE`"
                ),
                ))
            }
        };
        let find = |number: u32| {
            revisions
                .iter()
                .find(|r| r.number == number)
                .cloned()
                .ok_or_else(|| no_such_revision(article, number, latest))
        };
        let (from_info, to_info) = (find(from)?, find(to)?);
        if from == to {
            return Err(Error::invalid_with(
                format!("--from and --to are both revision {from}: there is nothing to compare"),
                "give two different revisions",
            ));
        }
        let (text_from, text_to) = (
            self.revision_text(article, from)?,
            self.revision_text(article, to)?,
        );
        self.compare_stored(
            article,
            &Revision::new(from, &text_from),
            &Revision::new(to, &text_to),
            (from_info, to_info),
            latest,
        )
    }

    /// The diff of two revisions already read and scanned, from what the ledger holds at each.
    fn compare_stored(
        &self,
        article: ArticleId,
        old: &Revision<'_>,
        new: &Revision<'_>,
        (from_info, to_info): (ArticleRevision, ArticleRevision),
        latest: u32,
    ) -> Result<DiffView> {
        let (from, to) = (old.number(), new.number());
        let claims = self.claims(&ClaimFilter {
            article: Some(article),
            ..Default::default()
        })?;
        let (mut at_from, mut at_to) = (
            self.placed_at(article, &claims, from, latest)?,
            self.placed_at(article, &claims, to, latest)?,
        );
        // A change is news to the fact-checker when the verdict was given on a revision before it.
        let mut newest: HashMap<ClaimId, Verdict> = HashMap::new();
        for claim in claims.iter().filter(|c| c.verdict.is_some()) {
            if let Some(verdict) = self.verdicts(claim.id)?.pop() {
                newest.insert(claim.id, verdict);
            }
        }
        let tracked: Vec<Tracked> = claims
            .iter()
            .map(|c| Tracked {
                id: c.id,
                has_verdict: newest
                    .get(&c.id)
                    .is_some_and(|v| v.revision.unwrap_or(0) <= from.min(to)),
                from: at_from.remove(&c.id),
                to: at_to.remove(&c.id),
            })
            .collect();
        let diff = revision::compare(article, old, new, &tracked)?;
        let verdicts = diff
            .changes
            .iter()
            .filter(|c| c.flagged)
            .filter_map(|c| c.claim)
            .filter_map(|id| newest.get(&id).map(|v| (id, (v.rating, v.revision))))
            .collect();
        Ok(DiffView {
            diff,
            from: from_info,
            to: to_info,
            latest,
            verdicts,
        })
    }

    /// The diff of a revision just recorded from the one before, scanned already.
    fn diff_revised(
        &self,
        article: ArticleId,
        old: &Revision<'_>,
        new: &Revision<'_>,
    ) -> Result<DiffView> {
        let revisions = self.rows.revisions(article)?;
        let info = |number: u32| {
            revisions
                .iter()
                .find(|r| r.number == number)
                .cloned()
                .ok_or_else(|| no_such_revision(article, number, new.number()))
        };
        let infos = (info(old.number())?, info(new.number())?);
        self.compare_stored(article, old, new, infos, new.number())
    }

    /// A claim at every revision of its article it was at, oldest first: its stored anchors, then its row at the
    /// latest revision. Empty for a claim of an article without text.
    pub fn claim_anchors(&self, claim: &Claim) -> Result<Vec<ClaimAnchor>> {
        let Some(latest) = self.latest_revision(claim.article)? else {
            return Ok(Vec::new());
        };
        let stored = self.rows.anchors_of_claim(claim.id)?;
        let mut texts: HashMap<u32, String> = HashMap::new();
        let mut text_at = |number: u32, span: Option<Span>| -> Result<Option<String>> {
            let Some((start, end)) = span else {
                return Ok(None);
            };
            let text = match texts.entry(number) {
                std::collections::hash_map::Entry::Occupied(text) => text.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(self.revision_text(claim.article, number)?)
                }
            };
            Ok(text.get(start..end).map(str::to_string))
        };
        let mut anchors = Vec::new();
        for anchor in stored.iter().filter(|a| a.revision < latest) {
            anchors.push(ClaimAnchor {
                revision: anchor.revision,
                how: anchor.kind,
                score: anchor.score,
                span: anchor.span,
                text: text_at(anchor.revision, anchor.span)?,
                attribution: anchor.attribution.clone(),
            });
        }
        let now = stored.iter().find(|a| a.revision == latest);
        let how = live_kind(now.map(|a| a.kind), claim.span.is_some());
        anchors.push(ClaimAnchor {
            revision: latest,
            how,
            score: now.filter(|a| a.kind == how).and_then(|a| a.score),
            span: claim.span,
            text: claim.span.map(|_| claim.text.clone()),
            attribution: how.is_placed().then(|| attribution_of(claim)),
        });
        Ok(anchors)
    }

    /// The revision `verdict` (on `claim`) was checked against, and what changed in the claim since; `None` for a
    /// claim of an article without text.
    pub fn checked(&self, claim: &Claim, verdict: &Verdict) -> Result<Option<Checked>> {
        let (Some(revision), Some(latest)) =
            (verdict.revision, self.latest_revision(claim.article)?)
        else {
            return Ok(None);
        };
        if revision >= latest {
            return Ok(Some(Checked {
                revision,
                latest,
                text: claim.span.map(|_| claim.text.clone()),
                attribution: claim.span.map(|_| attribution_of(claim)),
                changes: Vec::new(),
            }));
        }
        let then = self
            .rows
            .anchors_of_claim(claim.id)?
            .into_iter()
            .find(|a| a.revision == revision)
            .and_then(|a| Some((a.span?, a.attribution?)));
        let (text_then, text_now) = (
            self.revision_text(claim.article, revision)?,
            self.revision_text(claim.article, latest)?,
        );
        let tracked = Tracked {
            id: claim.id,
            has_verdict: true,
            from: then
                .clone()
                .map(|(span, attribution)| Placed { span, attribution }),
            to: claim.span.map(|span| Placed {
                span,
                attribution: attribution_of(claim),
            }),
        };
        let diff = revision::compare(
            claim.article,
            &Revision::new(revision, &text_then),
            &Revision::new(latest, &text_now),
            std::slice::from_ref(&tracked),
        )?;
        Ok(Some(Checked {
            revision,
            latest,
            attribution: then.as_ref().map(|(_, attribution)| attribution.clone()),
            text: then.and_then(|((start, end), _)| text_then.get(start..end).map(str::to_string)),
            changes: diff
                .changes
                .iter()
                .filter(|c| c.claim == Some(claim.id))
                .map(|c| c.change)
                .collect(),
        }))
    }

    /// The claims (of one article, or the desk) whose newest verdict was checked against an earlier revision than
    /// their article's latest, by article and claim, with what changed since.
    pub fn checked_before_latest(
        &self,
        article: Option<ArticleId>,
    ) -> Result<Vec<(Claim, Verdict, Checked)>> {
        let mut out = Vec::new();
        for (id, latest) in self.rows.revised_articles(article)? {
            let claims = self.claims(&ClaimFilter {
                article: Some(id),
                ..Default::default()
            })?;
            for claim in claims.into_iter().filter(|c| c.verdict.is_some()) {
                let Some(verdict) = self.verdicts(claim.id)?.pop() else {
                    continue;
                };
                if verdict.revision.is_some_and(|r| r >= latest) {
                    continue;
                }
                if let Some(checked) = self.checked(&claim, &verdict)? {
                    out.push((claim, verdict, checked));
                }
            }
        }
        Ok(out)
    }
}

impl Writer<'_> {
    /// Records an article's first text as its revision 1.
    pub(super) fn first_revision(&mut self, article: ArticleId, text: &str) -> Result<()> {
        let actor = self.actor;
        self.tx.insert_revision(&RevisionRow {
            article,
            number: 1,
            text,
            created_at: actor.at,
            actor: &actor.name,
        })
    }

    /// Records `text` as a new revision of an article, re-anchoring its claims (module docs); with `record_new`,
    /// the claim sentences the new text brings are recorded as claims too. The same text as the latest records
    /// nothing.
    pub fn revise_article(
        &mut self,
        article: ArticleId,
        text: &str,
        record_new: bool,
    ) -> Result<Revised> {
        validate::text("article text", text, validate::limits::ARTICLE)?;
        // A revision is kept for good: an empty one (a wrong `--text-file`, `/dev/null`) would be a revision in
        // which every claim is gone.
        if text.trim().is_empty() {
            return Err(Error::invalid_with(
                format!("the new text of {article} is empty"),
                "give the article's new text; a revision is kept for good",
            ));
        }
        let Some(old_text) = self.read().article(article)?.body else {
            return Err(Error::invalid_with(
                format!("article {article} has no text to revise"),
                format!(
                    "give it its first text and record its claims with `claimtrack scan FILE --record --article \
                     {article}`"
                ),
            ));
        };
        let latest = match self.read().latest_revision(article)? {
            Some(latest) => latest,
            None => {
                self.first_revision(article, &old_text)?;
                1
            }
        };
        if old_text == text {
            return Ok(Revised::Unchanged {
                article,
                revision: latest,
            });
        }
        let number = latest + 1;
        let claims = self.read().claims(&ClaimFilter {
            article: Some(article),
            ..Default::default()
        })?;
        let before: HashMap<ClaimId, AnchorRow> = self
            .tx
            .anchors_at(article, latest)?
            .into_iter()
            .map(|a| (a.claim, a))
            .collect();
        let engine: Vec<revision::Claim> = claims
            .iter()
            .map(|c| revision::Claim {
                id: c.id,
                text: c.text.clone(),
                span: c.span,
                attribution: attribution_of(c),
                has_verdict: c.verdict.is_some(),
            })
            .collect();
        let (old, new) = (
            Revision::new(latest, &old_text),
            Revision::new(number, text),
        );
        let placed = revision::reanchor(&old, &new, &engine)?;

        // The revision before, frozen as the desk holds it now.
        let frozen: Vec<AnchorRow> = claims
            .iter()
            .map(|c| {
                let prior = before.get(&c.id);
                let kind = live_kind(prior.map(|p| p.kind), c.span.is_some());
                let score = prior.filter(|p| p.kind == kind).and_then(|p| p.score);
                AnchorRow {
                    claim: c.id,
                    revision: latest,
                    kind,
                    score,
                    span: c.span,
                    attribution: kind.is_placed().then(|| attribution_of(c)),
                }
            })
            .collect();
        self.tx.put_anchors(&frozen)?;
        let actor = self.actor;
        self.tx.insert_revision(&RevisionRow {
            article,
            number,
            text,
            created_at: actor.at,
            actor: &actor.name,
        })?;

        let mut anchors = Vec::with_capacity(claims.len());
        let mut counts: BTreeMap<AnchorKind, usize> = BTreeMap::new();
        for ((claim, anchor), was) in claims.iter().zip(&placed).zip(&frozen) {
            let mut kind = kind_of(anchor.how);
            // A claim that had a place at some revision and has none now is gone, not unplaced.
            if kind == AnchorKind::Unplaced && was.kind == AnchorKind::Gone {
                kind = AnchorKind::Gone;
            }
            *counts.entry(kind).or_default() += 1;
            let row = AnchorRow {
                claim: claim.id,
                revision: number,
                kind,
                score: anchor.how.score(),
                span: anchor.span,
                attribution: anchor.attribution.clone(),
            };
            self.move_claim(claim, &row, &new, was)?;
            anchors.push(row);
        }
        self.tx.put_anchors(&anchors)?;
        let tally: Vec<String> = counts
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        let claims_said = match claims.len() {
            0 => "no claims".to_string(),
            1 => format!("1 claim: {}", tally.join(", ")),
            n => format!("{n} claims: {}", tally.join(", ")),
        };
        self.event(
            Action::ArticleRevise,
            EventRefs {
                article: Some(article),
                ..Default::default()
            },
            format!("revised article {article}: revision {number} ({claims_said})"),
        )?;

        let mut recorded = Vec::new();
        if record_new {
            let diff = self.read().diff_revised(article, &old, &new)?;
            for change in diff.diff.changes {
                let (None, ChangeKind::Added, Some(after)) =
                    (change.claim, change.change, change.after)
                else {
                    continue;
                };
                let source_kind = scanned_kind(&new, Some(after.span), after.source.as_deref());
                recorded.push(self.add_claim(&NewClaim {
                    article,
                    key: None,
                    text: after.text,
                    span: Some(after.span),
                    source: after.source,
                    cue: after.cue,
                    strength: after.strength,
                    response: after.response,
                    source_kind,
                })?);
            }
        }
        let diff = self.read().diff_revised(article, &old, &new)?;
        Ok(Revised::Recorded(Box::new(RevisionReport {
            article,
            revision: number,
            anchors,
            recorded,
            diff,
        })))
    }

    /// Gives a claim its place, sentence and attribution in a new revision, with an event when that is news.
    fn move_claim(
        &mut self,
        claim: &Claim,
        anchor: &AnchorRow,
        new: &Revision<'_>,
        was: &AnchorRow,
    ) -> Result<()> {
        let text = new.text();
        let sentence = match anchor.span {
            Some((start, end)) => {
                let sentence = text.get(start..end).ok_or_else(|| Error::Storage {
                    message: format!("claim {}'s new place is not in the text", claim.id),
                })?;
                validate::text("claim text", sentence, validate::limits::CLAIM)?;
                sentence
            }
            None => &claim.text,
        };
        let attribution = anchor
            .attribution
            .clone()
            .unwrap_or_else(|| attribution_of(claim));
        let same = claim.span == anchor.span
            && claim.text == sentence
            && attribution == attribution_of(claim);
        // The kind goes with the source: kept while the source stays (a fact-checker's kind included), the
        // scanner's reading of the new sentence when the source changed with it. The event names the source's
        // change, which the kind's follows.
        let source_kind = if attribution.source == claim.source {
            claim.source_kind
        } else {
            scanned_kind(new, anchor.span, attribution.source.as_deref())
        };
        if !same {
            self.tx.update_claim(
                claim.id,
                &crate::backend::ClaimRow {
                    article: claim.article,
                    key: &claim.key,
                    text: sentence,
                    span: anchor.span,
                    source: attribution.source.as_deref(),
                    cue: attribution.cue.as_deref(),
                    strength: attribution.strength,
                    response: attribution.response,
                    source_kind,
                    status: claim.status,
                    created_at: claim.created_at,
                },
            )?;
            if claim.text != sentence {
                self.matching
                    .changed(crate::matching::segment::DocKey::Claim(claim.id.0));
            }
        }
        let mut changes = Vec::new();
        if attribution.strength != claim.strength {
            changes.push(format!(
                "strength from {} to {}",
                claim.strength, attribution.strength
            ));
        }
        let phrase = |value: &Option<String>| {
            value
                .as_ref()
                .map_or("none".to_string(), |v| format!("{v:?}"))
        };
        if attribution.source != claim.source {
            changes.push(format!(
                "source from {} to {}",
                phrase(&claim.source),
                phrase(&attribution.source)
            ));
        }
        if attribution.response != claim.response {
            let name = |r: Option<crate::model::Response>| r.map_or("none", |r| r.as_str());
            changes.push(format!(
                "response from {} to {}",
                name(claim.response),
                name(attribution.response)
            ));
        }
        let (article, number, id) = (claim.article, anchor.revision, claim.id);
        let mut detail = match anchor.kind {
            AnchorKind::Exact | AnchorKind::Recorded if changes.is_empty() => return Ok(()),
            AnchorKind::Unplaced => return Ok(()),
            AnchorKind::Gone if was.kind == AnchorKind::Gone => return Ok(()),
            AnchorKind::Gone => {
                format!("{id}'s sentence is gone from revision {number} of {article}")
            }
            kind => {
                let how = match anchor.score {
                    Some(score) => format!("{kind} {score:.3}"),
                    None => kind.to_string(),
                };
                let mut detail =
                    format!("re-anchored {id} in revision {number} of {article}: {how}");
                if !changes.is_empty() {
                    detail.push_str(&format!("; {}", changes.join(", ")));
                }
                detail
            }
        };
        let reworded = anchor.span.is_some() && !same_words(&claim.text, sentence);
        if claim.verdict.is_some()
            && (reworded || !changes.is_empty() || anchor.kind == AnchorKind::Gone)
        {
            detail.push_str("; it has a verdict: look again");
        }
        self.event(
            Action::ClaimReanchor,
            EventRefs {
                article: Some(article),
                claim: Some(id),
                ..Default::default()
            },
            detail,
        )
    }
}

/// The scanner's kind for the sentence of a revision at `span`, when the source it reads there is `source`: what
/// a claim placed there, with that source, is attributed to. `None` when the scanner reads another source, or
/// reads the sentence as no claim (which says nothing of who a claim is attributed to).
fn scanned_kind(
    revision: &Revision<'_>,
    span: Option<(usize, usize)>,
    source: Option<&str>,
) -> Option<crate::model::ClaimSourceKind> {
    let span = span?;
    revision
        .sentences()
        .iter()
        .find(|s| (s.start, s.end) == span && s.source.as_deref() == source)
        .map(|s| s.source_kind)
        .filter(|kind| *kind != crate::model::ClaimSourceKind::NotAClaim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Ledger, ScanArticle, ScanRevised};

    /// A claim placed in a new revision takes the kind the scanner reads there, for the source it reads; a
    /// sentence the scanner takes for no claim (a question) gives no kind.
    #[test]
    fn a_placed_claim_takes_the_scanner_s_kind_for_its_source_and_none_from_a_question() {
        let text = "The union said 300 workers paid. Did the union say that 300 workers paid?";
        let revision = Revision::new(2, text);
        let [said, asked] = revision.sentences() else {
            panic!("two sentences: {:?}", revision.sentences());
        };
        assert_eq!(asked.source_kind, crate::model::ClaimSourceKind::NotAClaim);
        let span = |s: &crate::scanner::Sentence| Some((s.start, s.end));
        assert_eq!(
            scanned_kind(&revision, span(said), Some("The union")),
            Some(crate::model::ClaimSourceKind::NamedOrganization)
        );
        assert_eq!(
            scanned_kind(&revision, span(said), Some("Someone else")),
            None
        );
        assert_eq!(scanned_kind(&revision, span(said), None), None);
        assert_eq!(
            scanned_kind(&revision, span(asked), asked.source.as_deref()),
            None
        );
        assert_eq!(scanned_kind(&revision, None, Some("The union")), None);
    }
    use crate::model::{
        Action, Actor, Confidence, NewArticle, NewVerdict, Response, Status, Strength,
    };

    const V1: &str = "Port fees at Greyport will rise in April.\n\nThe ministry said the fee for container ships \
        would rise to 40 crowns a tonne. Shipping agents expect smaller lines to leave the port.\n\nThe harbour \
        master allegedly approved the rise without a vote.\n";
    /// The ministry's figure softened and moved after the agents; the harbour master's sentence dropped; a board
    /// statement with a denial added.
    const V2: &str = "Port fees at Greyport will rise in April.\n\nShipping agents expect smaller lines to leave \
        the port. The fee for container ships will reportedly rise to 40 crowns a tonne.\n\nThe harbour board said \
        the rise had been approved at a meeting in March, which the harbour master denied.\n";
    /// The harbour master's sentence back, word for word.
    const V3: &str = "Port fees at Greyport will rise in April.\n\nShipping agents expect smaller lines to leave \
        the port. The fee for container ships will reportedly rise to 40 crowns a tonne.\n\nThe harbour master \
        allegedly approved the rise without a vote.\n";

    fn actor(name: &str) -> Actor {
        Actor {
            name: name.to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    /// A1 with V1's claims recorded by the scanner: C1 the fees, C2 the ministry, C3 the agents, C4 the harbour
    /// master.
    fn desk() -> Ledger {
        let mut ledger = Ledger::in_memory().unwrap();
        let new = ScanArticle::New(NewArticle {
            title: "Greyport fees".to_string(),
            ..Default::default()
        });
        let recorded = ledger.record_scan(&actor("marta"), new, V1).unwrap();
        assert_eq!(recorded.added, 4);
        ledger
    }

    fn verdict(ledger: &mut Ledger, claim: i64, rating: Rating) {
        ledger
            .write(&actor("marta"), |w| {
                w.add_verdict(
                    ClaimId(claim),
                    &NewVerdict {
                        rating,
                        rationale: "Checked.".to_string(),
                        confidence: Confidence::High,
                        author: None,
                        at: None,
                        summary: None,
                    },
                )
            })
            .unwrap();
    }

    fn revise(ledger: &mut Ledger, text: &str, record_new: bool) -> Revised {
        ledger
            .write(&actor("editor"), |w| {
                w.revise_article(ArticleId(1), text, record_new)
            })
            .unwrap()
    }

    fn report(revised: Revised) -> RevisionReport {
        match revised {
            Revised::Recorded(report) => *report,
            other => panic!("not recorded: {other:?}"),
        }
    }

    /// Each claim's anchor as `C2 fuzzy`.
    fn kinds(anchors: &[AnchorRow]) -> Vec<String> {
        anchors
            .iter()
            .map(|a| format!("{} {}", a.claim, a.kind))
            .collect()
    }

    /// Each change as `C2 strength down flagged`.
    fn changes(view: &DiffView) -> Vec<String> {
        view.diff
            .changes
            .iter()
            .map(|c| {
                let mut line = format!(
                    "{} {}",
                    c.claim.map_or("-".to_string(), |c| c.to_string()),
                    c.change
                );
                if let Some(detail) = c.detail {
                    line.push_str(&format!(" {detail:?}").to_lowercase());
                }
                if c.flagged {
                    line.push_str(" flagged");
                }
                line
            })
            .collect()
    }

    #[test]
    fn a_revision_keeps_the_text_before_and_moves_each_claim() {
        let mut ledger = desk();
        let report = report(revise(&mut ledger, V2, false));
        assert_eq!(report.revision, 2);
        assert_eq!(
            kinds(&report.anchors),
            ["C1 exact", "C2 fuzzy", "C3 exact", "C4 gone"]
        );
        let read = ledger.read();
        assert_eq!(read.revision_text(ArticleId(1), 1).unwrap(), V1);
        assert_eq!(read.revision_text(ArticleId(1), 2).unwrap(), V2);
        assert_eq!(
            read.article(ArticleId(1)).unwrap().body.as_deref(),
            Some(V2)
        );
        let revisions: Vec<(u32, String)> = read
            .revisions(ArticleId(1))
            .unwrap()
            .into_iter()
            .map(|r| (r.number, r.actor))
            .collect();
        assert_eq!(
            revisions,
            [(1, "marta".to_string()), (2, "editor".to_string())]
        );
        // Every claim with a place holds its sentence there, attributed as the new text has it.
        for claim in read.claims(&ClaimFilter::default()).unwrap() {
            if let Some((start, end)) = claim.span {
                assert_eq!(&V2[start..end], claim.text, "{}", claim.id);
            }
            assert_eq!(
                claim.status,
                Status::Unverified,
                "a revision moves no status"
            );
        }
        let c2 = read.claim(ClaimId(2)).unwrap();
        assert_eq!(
            (
                c2.text.as_str(),
                c2.strength,
                c2.source.as_deref(),
                c2.cue.as_deref()
            ),
            (
                "The fee for container ships will reportedly rise to 40 crowns a tonne.",
                Strength::Reported,
                None,
                Some("reportedly")
            )
        );
        let c4 = read.claim(ClaimId(4)).unwrap();
        assert_eq!(c4.span, None, "gone: no place in the latest text");
        assert_eq!(
            c4.text, "The harbour master allegedly approved the rise without a vote.",
            "its last words are kept"
        );
        // The revision before is frozen as the desk held it.
        let frozen = read.rows.anchors_at(ArticleId(1), 1).unwrap();
        assert_eq!(
            kinds(&frozen),
            ["C1 recorded", "C2 recorded", "C3 recorded", "C4 recorded"]
        );
        assert_eq!(
            frozen[1].attribution.as_ref().map(|a| a.source.as_deref()),
            Some(Some("The ministry"))
        );
        assert_eq!(
            changes(&report.diff),
            [
                "C4 dropped",
                "C2 reworded",
                "C2 strength down",
                "C2 source removed",
                "- added"
            ]
        );
        let trail: Vec<(Action, String)> = read
            .history(ClaimId(2))
            .unwrap()
            .into_iter()
            .map(|e| (e.action, e.detail))
            .collect();
        assert_eq!(
            trail.last().unwrap(),
            &(
                Action::ClaimReanchor,
                "re-anchored C2 in revision 2 of A1: fuzzy 0.752; strength from on_record to reported, source from \
                 \"The ministry\" to none"
                    .to_string()
            )
        );
        assert_eq!(
            read.history(ClaimId(4))
                .unwrap()
                .last()
                .map(|e| e.detail.clone()),
            Some("C4's sentence is gone from revision 2 of A1".to_string())
        );
        // Unmoved claims get no event of their own.
        assert_eq!(read.history(ClaimId(1)).unwrap().len(), 1);
    }

    /// A claim the article dropped can still be rated (what it said was published), but not as checked against a
    /// text that no longer holds it: its verdict is tied to the last revision its sentence is in, which
    /// ClaimReview then names as where it appeared.
    #[test]
    fn a_verdict_on_a_claim_gone_from_the_latest_text_is_checked_against_the_last_revision_holding_it(
    ) {
        let mut ledger = desk();
        revise(&mut ledger, V2, false);
        verdict(&mut ledger, 4, Rating::False);
        verdict(&mut ledger, 1, Rating::True);
        let read = ledger.read();
        let revision = |claim| read.verdicts(ClaimId(claim)).unwrap()[0].revision;
        assert_eq!((revision(4), revision(1)), (Some(1), Some(2)));
    }

    #[test]
    fn the_same_text_records_nothing_and_an_article_without_text_is_refused() {
        let mut ledger = desk();
        let events = ledger.read().event_count().unwrap();
        assert_eq!(
            revise(&mut ledger, V1, true),
            Revised::Unchanged {
                article: ArticleId(1),
                revision: 1
            }
        );
        assert_eq!(ledger.read().event_count().unwrap(), events);
        assert_eq!(ledger.read().revisions(ArticleId(1)).unwrap().len(), 1);
        let bare = ledger
            .write(&actor("marta"), |w| {
                w.add_article(&NewArticle {
                    title: "No text".to_string(),
                    ..Default::default()
                })
            })
            .unwrap();
        let events = ledger.read().event_count().unwrap();
        let refused = ledger
            .write(&actor("editor"), |w| w.revise_article(bare, V2, false))
            .unwrap_err();
        assert_eq!(refused.to_string(), "article A2 has no text to revise");
        let nul = ledger
            .write(&actor("editor"), |w| {
                w.revise_article(ArticleId(1), "Text\0with a NUL.", false)
            })
            .unwrap_err();
        assert_eq!(
            nul.to_string(),
            "the article text holds a NUL byte (at byte 4), which text never does"
        );
        let missing = ledger
            .write(&actor("editor"), |w| {
                w.revise_article(ArticleId(9), V2, false)
            })
            .unwrap_err();
        assert_eq!(missing.to_string(), "article `A9` not found");
        assert_eq!(ledger.read().event_count().unwrap(), events);
        assert_eq!(ledger.read().revisions(bare).unwrap(), []);
    }

    #[test]
    fn a_change_to_a_claim_with_a_verdict_given_before_it_is_flagged() {
        let mut ledger = desk();
        verdict(&mut ledger, 2, Rating::MostlyTrue);
        verdict(&mut ledger, 4, Rating::False);
        let report = report(revise(&mut ledger, V2, false));
        assert_eq!(
            changes(&report.diff),
            [
                "C4 dropped flagged",
                "C2 reworded flagged",
                "C2 strength down flagged",
                "C2 source removed flagged",
                "- added"
            ]
        );
        assert_eq!(
            report.diff.verdicts.get(&ClaimId(2)),
            Some(&(Rating::MostlyTrue, Some(1)))
        );
        let read = ledger.read();
        assert!(read
            .history(ClaimId(2))
            .unwrap()
            .last()
            .unwrap()
            .detail
            .ends_with("; it has a verdict: look again"));
        let c2 = read.claim(ClaimId(2)).unwrap();
        let checked = read
            .checked(&c2, read.verdicts(ClaimId(2)).unwrap().last().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            checked,
            Checked {
                revision: 1,
                latest: 2,
                text: Some(
                    "The ministry said the fee for container ships would rise to 40 crowns a tonne.".to_string()
                ),
                attribution: Some(Attribution {
                    strength: Strength::OnRecord,
                    source: Some("The ministry".to_string()),
                    cue: Some("said".to_string()),
                    response: None
                }),
                changes: vec![ChangeKind::Reworded, ChangeKind::Strength, ChangeKind::Source],
            }
        );
        let stale: Vec<ClaimId> = read
            .checked_before_latest(None)
            .unwrap()
            .into_iter()
            .map(|(claim, _, _)| claim.id)
            .collect();
        assert_eq!(stale, [ClaimId(2), ClaimId(4)]);
        // A verdict given on the new revision has seen it: not flagged, and checked against the latest.
        verdict(&mut ledger, 2, Rating::Mixed);
        let view = ledger.read().diff(ArticleId(1), None, None).unwrap();
        assert!(changes(&view).iter().any(|c| c == "C2 reworded"));
        let read = ledger.read();
        let c2 = read.claim(ClaimId(2)).unwrap();
        let checked = read
            .checked(&c2, read.verdicts(ClaimId(2)).unwrap().last().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!((checked.revision, checked.changes.len()), (2, 0));
    }

    #[test]
    fn a_third_revision_freezes_the_second_as_the_desk_held_it_and_a_sentence_can_come_back() {
        let mut ledger = desk();
        revise(&mut ledger, V2, false);
        // A fact-checker's correction at revision 2: kept through the next revision, never reported as the
        // article's change.
        ledger
            .write(&actor("marta"), |w| {
                let c3 = w.read().claim(ClaimId(3))?;
                w.update_claim(
                    ClaimId(3),
                    &NewClaim {
                        article: c3.article,
                        key: None,
                        text: c3.text.clone(),
                        span: c3.span,
                        // The scanner reads the agents as unnamed; the desk knows them as a body.
                        source: Some("Greyport Shipping Agents".to_string()),
                        cue: None,
                        strength: Strength::OnRecord,
                        response: None,
                        source_kind: None,
                    },
                )
            })
            .unwrap();
        let report = report(revise(&mut ledger, V3, false));
        assert_eq!(report.revision, 3);
        // The harbour master's sentence is back: C4 is found again.
        assert_eq!(
            kinds(&report.anchors),
            ["C1 exact", "C2 exact", "C3 exact", "C4 exact"]
        );
        let read = ledger.read();
        let c4 = read.claim(ClaimId(4)).unwrap();
        let (start, end) = c4.span.expect("a place again");
        assert_eq!(&V3[start..end], c4.text);
        let frozen = read.rows.anchors_at(ArticleId(1), 2).unwrap();
        assert_eq!(
            kinds(&frozen),
            ["C1 exact", "C2 fuzzy", "C3 exact", "C4 gone"]
        );
        assert_eq!(
            frozen[2].attribution.as_ref().map(|a| a.strength),
            Some(Strength::OnRecord),
            "the revision before is frozen as the desk held it"
        );
        assert_eq!(read.claim(ClaimId(3)).unwrap().strength, Strength::OnRecord);
        assert_eq!(
            changes(&read.diff(ArticleId(1), Some(2), Some(3)).unwrap()),
            ["C4 added"],
            "the desk's claim, back"
        );
        assert_eq!(
            changes(&read.diff(ArticleId(1), Some(1), None).unwrap()),
            [
                "C3 strength up",
                "C3 source changed",
                "C2 reworded",
                "C2 strength down",
                "C2 source removed"
            ],
            "from the first revision to the latest, the desk's correction shows as what it held at each"
        );
        let history: Vec<String> = read
            .claim_anchors(&read.claim(ClaimId(4)).unwrap())
            .unwrap()
            .into_iter()
            .map(|a| format!("{} {} {}", a.revision, a.how, a.span.is_some()))
            .collect();
        assert_eq!(history, ["1 recorded true", "2 gone false", "3 exact true"]);
    }

    #[test]
    fn a_scanned_revision_records_its_new_claim_sentences() {
        let mut ledger = desk();
        let outcome = ledger
            .write(&actor("editor"), |w| {
                w.record_scan_revising(ArticleId(1), V2)
            })
            .unwrap();
        let ScanRevised::Revised(revised) = outcome else {
            panic!("not revised: {outcome:?}");
        };
        let report = report(revised);
        assert_eq!(report.recorded, [ClaimId(5)]);
        assert_eq!(
            changes(&report.diff),
            [
                "C4 dropped",
                "C2 reworded",
                "C2 strength down",
                "C2 source removed",
                "C5 added"
            ]
        );
        let c5 = ledger.read().claim(ClaimId(5)).unwrap();
        assert_eq!(
            (c5.strength, c5.source.as_deref(), c5.response),
            (
                Strength::OnRecord,
                Some("The harbour board"),
                Some(Response::Denial)
            )
        );
        // The same text again is a plain scan: nothing new.
        let again = ledger
            .write(&actor("editor"), |w| {
                w.record_scan_revising(ArticleId(1), V2)
            })
            .unwrap();
        let ScanRevised::Same(recorded) = again else {
            panic!("revised again: {again:?}");
        };
        assert_eq!((recorded.added, recorded.skipped), (0, 4));
    }

    #[test]
    fn diffs_name_the_revisions_they_compare() {
        let mut ledger = desk();
        let refuse = |ledger: &Ledger, from, to| {
            ledger
                .read()
                .diff(ArticleId(1), from, to)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            refuse(&ledger, None, None),
            "article A1 has a single revision: there is nothing to compare it with"
        );
        revise(&mut ledger, V2, false);
        assert_eq!(
            refuse(&ledger, Some(3), None),
            "article A1 has no revision 3: it has revisions 1 to 2"
        );
        assert_eq!(
            refuse(&ledger, Some(2), Some(2)),
            "--from and --to are both revision 2: there is nothing to compare"
        );
        let view = ledger.read().diff(ArticleId(1), None, Some(2)).unwrap();
        assert_eq!((view.diff.from, view.diff.to, view.latest), (1, 2, 2));
        assert_eq!(
            ledger
                .read()
                .diff(ArticleId(9), None, None)
                .unwrap_err()
                .to_string(),
            "article `A9` not found"
        );
    }
}
