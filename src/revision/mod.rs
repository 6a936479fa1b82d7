//! Revisions of an article's text: where each claim is in a new text, and what changed between two texts. Pure:
//! texts and claims in, anchors and diffs out; no I/O and no SQL. The ledger stores what comes out.
//!
//! - [`reanchor`] places every claim of the earlier text in the new one. Each [`Anchor`] says how it was found
//!   ([`How`]: exact, moved, fuzzy with its score, contained with its score, gone, unplaced), its new span, and its
//!   attribution at the new revision. The matching rules are in `align.rs`, the word measures in `words.rs`.
//! - [`compare`] is the diff between any two stored revisions: claims added, dropped, reworded, and for each
//!   claim on both sides a change of strength (up or down), of source, of response. A change on a claim that
//!   carries a verdict is flagged.
//! - [`revise`] does both for a new revision (re-anchor, then the diff from the revision before).
//!
//! **Scores.** Sentences are compared as sets of lower-cased words ("4.5" and "1,200" one word each), each word
//! weighted by its rarity over the sentences of both texts, `ln(1 + N / df)`, and a word of the attribution frame
//! (a cue the scanner marked, or the source phrase) at a quarter of that, so that "the ministry said" becoming
//! "reportedly" changes little while two claims sharing only "the ministry said" stay apart. The *fuzzy* score is
//! the weighted Jaccard similarity `Σ min / Σ max` of the two sets; the *contained* score is the overlap
//! `Σ min / min(ΣA, ΣB)`, the share of the smaller set found in the larger. Both lie in `[0, 1]`, rounded to three
//! decimals.
//!
//! **Attribution at the new revision.** A claim's recorded attribution may be the fact-checker's, not the
//! scanner's (`claim add --strength anonymous`). So a re-anchored claim's attribution is a three-way merge: the
//! scanner reads the claim's earlier text and its new sentence; where the two readings differ (the article
//! changed the strength and cue, the source, or the response), the new reading is taken; where they agree, the
//! recorded value stays. An exact or moved claim keeps its attribution whole. The diff then compares the
//! attributions the ledger holds at the two revisions, so a fact-checker's override is never reported as a
//! change of the article.
//!
//! **Added.** A claim is added when the ledger has it at the later revision but not the earlier (`"claim":"C9"`),
//! or, with `"claim":null`, when a sentence of the later text that the scanner reads as a claim has no claim of
//! the ledger on it and did not already stand, in the same or other words, as a claim sentence of the earlier
//! text that the desk chose not to record (the desk recorded three claims of twenty: the other seventeen are
//! not news at every revision).
//!
//! **The diff's JSON** (design page, fields added after the fixed ones):
//! `{"article":"A1","from":1,"to":2,"changes":[{"claim":"C3"|null,"change":"…","before":{…}|null,"after":{…}|null,
//! "detail":"up"|…|null,"flagged":false}]}`. `before` and `after` are the claim at each revision, whole:
//! `{"text":"…","span":[start,end],"strength":"…","source":"…"|null,"cue":"…"|null,"response":"…"|null}` (`text`
//! is exactly the revision's text at `span`); `before` is null for an added claim and `after` for a dropped one.
//! Every entry is whole in itself, so a reader can show one line per entry. `detail`: `up` or `down` for a
//! strength change (on_record > document > anonymous > reported > hedged > unattributed), `added`, `removed` or
//! `changed` for a source or a response, null otherwise. A claim with several changes has one entry per change,
//! in the order reworded, strength, source, response; entries go in the order of the later text, a dropped claim
//! where it used to be. `flagged` is true on every change to a claim that has a verdict, so that the fact-checker
//! looks again: an attribution change, and also a rewording or a drop, which can undo a verdict as surely.
//!
//! **What a ledger keeps.** Per revision: the article, its number (1, 2, …) and its full text. Per claim and
//! revision: the anchor (`how`, the score for fuzzy and contained, the span, null when gone or unplaced) and the
//! attribution there (strength, source, cue, response). `compare` needs exactly that: for each claim its span and
//! attribution at the two revisions.
//!
//! ```
//! use claimtrack::model::{ArticleId, ClaimId, Strength};
//! use claimtrack::revision::{self, Attribution, Claim, ChangeKind, How, Revision};
//!
//! let v1 = "The port raised its fees. The ministry said the fee rose to 40 crowns.";
//! let v2 = "The port raised its fees. The fee reportedly rose to 40 crowns.";
//! let (old, new) = (Revision::new(1, v1), Revision::new(2, v2));
//! let claim = Claim {
//!     id: ClaimId(7),
//!     text: "The ministry said the fee rose to 40 crowns.".to_string(),
//!     span: Some((26, 70)),
//!     attribution: Attribution {
//!         strength: Strength::OnRecord,
//!         source: Some("The ministry".to_string()),
//!         cue: Some("said".to_string()),
//!         response: None,
//!     },
//!     has_verdict: true,
//! };
//! let revised = revision::revise(ArticleId(1), &old, &new, &[claim])?;
//! assert!(matches!(revised.anchors[0].how, How::Fuzzy { .. }));
//! assert_eq!(revised.anchors[0].span, Some((26, 63)));
//! let kinds: Vec<ChangeKind> = revised.diff.changes.iter().map(|c| c.change).collect();
//! assert_eq!(kinds, [ChangeKind::Reworded, ChangeKind::Strength, ChangeKind::Source]);
//! assert!(revised.diff.changes.iter().all(|c| c.flagged));
//! # Ok::<(), claimtrack::Error>(())
//! ```

mod align;
pub mod synthetic;
mod words;

use std::collections::HashMap;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::model::{ArticleId, ClaimId, Response, Strength};
use crate::scanner::{self, Sentence};

use align::{align, collapse, frame_of, sentence_frame, Frame, Kind, Placement, Target, Unit};
use words::word_sequence;

/// At or above this weighted word similarity (module docs, **Scores**), an earlier claim and a new sentence are the
/// same claim reworded. Measured on the real stories of `../shared/data/news-dev` (test
/// `fuzzy_threshold_on_real_copy`): of 5,380 pairs of different sentences of one story, 0.04 % reach 0.40 (0.15 %
/// reach 0.35, p99 is 0.18), while mechanical edits of each sentence keep it at or above 0.40 in 99.1–100 % of
/// cases (an attribution softened or renamed, a word changed, a denial added, clauses reordered, a clause cut) and
/// 96 % when its two longest words are replaced; at 0.50 that last figure falls to 91 %. The matcher adds two
/// guards the figure leaves out: a sentence the diff kept is never a candidate, and the pairs are taken one to one,
/// best first. Our own pairs (the fixture tests) sit on the same sides of it.
pub const FUZZY_THRESHOLD: f64 = 0.4;

/// At or above this overlap (module docs, **Scores**) — the share of the smaller side found in the larger — an
/// unplaced claim is taken to live on inside a longer sentence (merged), or in the larger piece of a split. A
/// merge puts the whole claim in the sentence (overlap near 1), while 0.11 % of pairs of different sentences of
/// one real story reach 0.8 (0.22 % reach 0.75, p99 is 0.45; same test as above).
pub const CONTAINED_THRESHOLD: f64 = 0.8;

/// A contained match needs at least this many content words in common, so that a short claim is not found in any
/// sentence that happens to repeat three of its words.
pub const CONTAINED_MIN_WORDS: usize = 4;

/// Byte offsets `[start, end)` into a revision's text.
pub type Span = (usize, usize);

/// How a claim is held up in the article: the design page's four fields of a claim's attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub strength: Strength,
    pub source: Option<String>,
    pub cue: Option<String>,
    pub response: Option<Response>,
}

/// One revision of an article's text, split into sentences and read by the scanner once.
#[derive(Debug, Clone)]
pub struct Revision<'t> {
    number: u32,
    text: &'t str,
    sentences: Vec<Sentence>,
}

impl<'t> Revision<'t> {
    /// Revision `number` (the first text of an article is 1) of `text`.
    pub fn new(number: u32, text: &'t str) -> Revision<'t> {
        Revision {
            number,
            text,
            sentences: scanner::scan(text),
        }
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The scanner's sentences of the text.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The text at `span`, or an error naming the claim when the span does not lie on the text.
    fn at(&self, span: Span, claim: ClaimId) -> Result<&'t str> {
        self.text.get(span.0..span.1).ok_or_else(|| {
            Error::invalid_with(
                format!(
                    "claim {claim}'s place {}..{} is not in revision {} of the text ({} bytes)",
                    span.0,
                    span.1,
                    self.number,
                    self.text.len()
                ),
                "the claim's stored place belongs to another text: re-anchor it from the revision it was recorded on",
            )
        })
    }

    /// Per sentence, whether one of `spans` touches it (an empty span touches the sentence it sits in).
    fn touched(&self, spans: impl Iterator<Item = Span>) -> Vec<bool> {
        let mut touched = vec![false; self.sentences.len()];
        for (start, end) in spans {
            let end = end.max(start + 1);
            let first = self.sentence_at(start).unwrap_or(0);
            for (i, s) in self.sentences.iter().enumerate().skip(first) {
                if s.start >= end {
                    break;
                }
                touched[i] |= start < s.end;
            }
        }
        touched
    }

    /// The index of the sentence `at` lies in (the last that starts at or before it).
    fn sentence_at(&self, at: usize) -> Option<usize> {
        self.sentences
            .partition_point(|s| s.start <= at)
            .checked_sub(1)
    }
}

/// A claim as the ledger holds it at the earlier revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: ClaimId,
    /// The claim's text; with a span, exactly the earlier text at the span.
    pub text: String,
    /// Its place in the earlier text; `None` for a claim typed in that the text does not hold.
    pub span: Option<Span>,
    /// Its attribution as recorded.
    pub attribution: Attribution,
    /// Whether a verdict has been given on it (its changes are then flagged).
    pub has_verdict: bool,
}

/// How a claim was found in the new text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    /// The same sentence, in the same place among the sentences kept (whitespace aside).
    Exact,
    /// The same sentence, elsewhere, or among changed neighbours.
    Moved,
    /// A sentence in other words; `score` is their weighted word similarity, at least
    /// [`FUZZY_THRESHOLD`].
    Fuzzy { score: f64 },
    /// Inside a longer sentence, or the larger piece of a split; `score` is the share of the smaller side found in
    /// the larger, at least [`CONTAINED_THRESHOLD`]. Several claims may be contained in one sentence (a merge).
    Contained { score: f64 },
    /// The claim had a place in the earlier text and has none in the new one.
    Gone,
    /// The claim had no place in the earlier text and is not found in the new one either.
    Unplaced,
}

impl How {
    /// The one spelling at every edge.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Moved => "moved",
            How::Fuzzy { .. } => "fuzzy",
            How::Contained { .. } => "contained",
            How::Gone => "gone",
            How::Unplaced => "unplaced",
        }
    }

    /// The score of a fuzzy or contained match.
    pub fn score(self) -> Option<f64> {
        match self {
            How::Fuzzy { score } | How::Contained { score } => Some(score),
            _ => None,
        }
    }
}

impl std::fmt::Display for How {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.score() {
            Some(score) => write!(f, "{} {score:.3}", self.as_str()),
            None => f.write_str(self.as_str()),
        }
    }
}

/// Where a claim is in the new text, and how it is attributed there.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub claim: ClaimId,
    pub how: How,
    /// Its place in the new text (a whole sentence, or for a claim that is part of a sentence and was found
    /// verbatim, that part); `None` when gone or unplaced.
    pub span: Option<Span>,
    /// Its attribution at the new revision (see the module's three-way merge); `None` when gone or unplaced.
    pub attribution: Option<Attribution>,
}

/// `{"claim":"C3","how":"fuzzy","score":0.82,"span":[10,52],"attribution":{…}}`; `score` only for fuzzy and contained.
impl Serialize for Anchor {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let score = self.how.score();
        let mut s = serializer.serialize_struct("Anchor", 4 + usize::from(score.is_some()))?;
        s.serialize_field("claim", &self.claim)?;
        s.serialize_field("how", self.how.as_str())?;
        if let Some(score) = score {
            s.serialize_field("score", &score)?;
        }
        s.serialize_field("span", &self.span)?;
        s.serialize_field("attribution", &self.attribution)?;
        s.end()
    }
}

/// The scanner's reading of a text: what the three-way merge compares.
#[derive(Debug, Clone)]
struct Reading {
    strength: Strength,
    cue: Option<String>,
    source: Option<String>,
    response: Option<Response>,
}

impl Reading {
    fn of_sentence(sentence: &Sentence) -> Reading {
        Reading {
            strength: sentence.strength,
            cue: scanner::governing_cue(sentence.strength, &sentence.cues),
            source: sentence.source.clone(),
            response: sentence.response,
        }
    }

    fn of_text(text: &str) -> (Reading, Frame) {
        let a = scanner::analyse(text);
        let frame = frame_of(
            text,
            a.cues.iter().map(|c| c.start..c.end),
            a.source.as_deref(),
        );
        let reading = Reading {
            strength: a.strength,
            cue: scanner::governing_cue(a.strength, &a.cues),
            source: a.source,
            response: a.response,
        };
        (reading, frame)
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            strength: self.strength,
            source: self.source.clone(),
            cue: self.cue.clone(),
            response: self.response,
        }
    }
}

/// A source or cue as compared: case, spacing and a leading "the" aside ("The ministry" = "the  Ministry").
fn same_phrase(a: Option<&str>, b: Option<&str>) -> bool {
    let norm = |s: &str| {
        let s = collapse(s).to_lowercase();
        s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
    };
    match (a, b) {
        (Some(a), Some(b)) => norm(a) == norm(b),
        (None, None) => true,
        _ => false,
    }
}

/// The recorded attribution, with what the article changed between the two readings taken from the new one.
fn merge(recorded: &Attribution, base: &Reading, new: &Reading) -> Attribution {
    let mut out = recorded.clone();
    if base.strength != new.strength || !same_phrase(base.cue.as_deref(), new.cue.as_deref()) {
        out.strength = new.strength;
        out.cue = new.cue.clone();
    }
    if !same_phrase(base.source.as_deref(), new.source.as_deref()) {
        out.source = new.source.clone();
    }
    if base.response != new.response {
        out.response = new.response;
    }
    out
}

/// The units to place: one per distinct claim place (claims on the same span are placed together), one per
/// distinct unplaced claim text, then every earlier sentence that no claim touches, as competition. Returns the
/// units, each claim's unit, and each unit's scanner reading.
fn units<'a>(
    old: &'a Revision<'_>,
    claims: &'a [Claim],
) -> Result<(Vec<Unit<'a>>, Vec<usize>, Vec<Reading>)> {
    let sentences = old.sentences();
    let mut units: Vec<Unit<'a>> = Vec::new();
    let mut readings = Vec::new();
    let mut of_claim = Vec::with_capacity(claims.len());
    let mut by_place: HashMap<Result<Span, &str>, usize> = HashMap::new();
    for claim in claims {
        if let Some(span) = claim.span {
            let at = old.at(span, claim.id)?;
            if at != claim.text {
                return Err(Error::invalid_with(
                    format!(
                        "claim {}'s place {}..{} in revision {} does not hold its text",
                        claim.id,
                        span.0,
                        span.1,
                        old.number()
                    ),
                    "the claim's text and place disagree: correct the claim before revising the article",
                ));
            }
        }
        let place = claim.span.ok_or(claim.text.as_str());
        if let Some(&u) = by_place.get(&place) {
            of_claim.push(u);
            continue;
        }
        let sentence = claim.span.and_then(|s| old.sentence_at(s.0));
        let whole = match (claim.span, sentence) {
            (Some(span), Some(i)) => (sentences[i].start, sentences[i].end) == span,
            _ => false,
        };
        let (reading, frame) = match sentence.filter(|_| whole) {
            Some(i) => (
                Reading::of_sentence(&sentences[i]),
                sentence_frame(&sentences[i]),
            ),
            None => Reading::of_text(&claim.text),
        };
        by_place.insert(place, units.len());
        of_claim.push(units.len());
        units.push(Unit {
            text: &claim.text,
            span: claim.span,
            sentence,
            whole,
            claim: true,
            frame,
        });
        readings.push(reading);
    }
    let covered = old.touched(claims.iter().filter_map(|c| c.span));
    for (i, s) in sentences.iter().enumerate() {
        if !covered[i] {
            units.push(Unit {
                text: &s.text,
                span: Some((s.start, s.end)),
                sentence: Some(i),
                whole: true,
                claim: false,
                frame: sentence_frame(s),
            });
            readings.push(Reading::of_sentence(s));
        }
    }
    Ok((units, of_claim, readings))
}

/// Places every claim of `old` in `new`, one [`Anchor`] per claim, in the order given.
///
/// Errors when a claim's span does not lie on `old`'s text or does not hold the claim's text.
pub fn reanchor(old: &Revision<'_>, new: &Revision<'_>, claims: &[Claim]) -> Result<Vec<Anchor>> {
    let (units, of_claim, readings) = units(old, claims)?;
    let alignment = align(old, new, &units);
    let anchors = claims
        .iter()
        .zip(&of_claim)
        .map(|(claim, &u)| {
            let Some(Placement { kind, target }) = alignment.placed[u] else {
                let how = if claim.span.is_some() {
                    How::Gone
                } else {
                    How::Unplaced
                };
                return Anchor {
                    claim: claim.id,
                    how,
                    span: None,
                    attribution: None,
                };
            };
            let (span, sentence) = match target {
                Target::Sentence(j) => {
                    let s = &new.sentences()[j];
                    ((s.start, s.end), Some(s))
                }
                Target::Span(span) => (span, None),
            };
            let (how, attribution) = match kind {
                Kind::Exact => (How::Exact, claim.attribution.clone()),
                Kind::Moved => (How::Moved, claim.attribution.clone()),
                Kind::Fuzzy(score) | Kind::Contained(score) => {
                    let how = if matches!(kind, Kind::Fuzzy(_)) {
                        How::Fuzzy { score }
                    } else {
                        How::Contained { score }
                    };
                    let reading = match sentence {
                        Some(s) => Reading::of_sentence(s),
                        None => Reading::of_text(&new.text()[span.0..span.1]).0,
                    };
                    (how, merge(&claim.attribution, &readings[u], &reading))
                }
            };
            Anchor {
                claim: claim.id,
                how,
                span: Some(span),
                attribution: Some(attribution),
            }
        })
        .collect();
    Ok(anchors)
}

/// A claim at one revision: its place there and its attribution there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub span: Span,
    pub attribution: Attribution,
}

/// A claim across the two revisions being compared; `None` where the ledger has no place for it (not yet
/// recorded, gone, or unplaced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub id: ClaimId,
    pub has_verdict: bool,
    pub from: Option<Placed>,
    pub to: Option<Placed>,
}

/// What kind of change a diff entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Dropped,
    Reworded,
    Strength,
    Source,
    Response,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Dropped => "dropped",
            ChangeKind::Reworded => "reworded",
            ChangeKind::Strength => "strength",
            ChangeKind::Source => "source",
            ChangeKind::Response => "response",
        }
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Which way an attribution change went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Stronger attribution (towards on_record).
    Up,
    /// Weaker attribution (towards unattributed).
    Down,
    /// A source or response where there was none.
    Added,
    /// None where there was one.
    Removed,
    /// Another one.
    Changed,
}

/// A claim at one side of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// Exactly the revision's text at `span`.
    pub text: String,
    pub span: Span,
    pub strength: Strength,
    pub source: Option<String>,
    pub cue: Option<String>,
    pub response: Option<Response>,
}

/// One entry of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The ledger's claim; `None` for a claim sentence the ledger does not hold.
    pub claim: Option<ClaimId>,
    pub change: ChangeKind,
    pub before: Option<Snapshot>,
    pub after: Option<Snapshot>,
    pub detail: Option<Detail>,
    /// The claim has a verdict, and this changes what the verdict was given on.
    pub flagged: bool,
}

/// The changes between two revisions of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub article: ArticleId,
    pub from: u32,
    pub to: u32,
    pub changes: Vec<Change>,
}

fn snapshot(revision: &Revision<'_>, claim: ClaimId, placed: &Placed) -> Result<Snapshot> {
    Ok(Snapshot {
        text: revision.at(placed.span, claim)?.to_string(),
        span: placed.span,
        strength: placed.attribution.strength,
        source: placed.attribution.source.clone(),
        cue: placed.attribution.cue.clone(),
        response: placed.attribution.response,
    })
}

fn option_detail<T: PartialEq>(before: &Option<T>, after: &Option<T>) -> Detail {
    match (before, after) {
        (None, Some(_)) => Detail::Added,
        (Some(_), None) => Detail::Removed,
        _ => Detail::Changed,
    }
}

/// The changes between revisions `from` and `to` of `article`, given where the ledger has each claim at both.
///
/// Errors when a claim's span does not lie on its revision's text.
pub fn compare(
    article: ArticleId,
    from: &Revision<'_>,
    to: &Revision<'_>,
    claims: &[Tracked],
) -> Result<Diff> {
    // The earlier sentences placed in the later text, to know which claim sentences stood there already and
    // where a dropped claim used to be.
    let sentence_units: Vec<Unit<'_>> = from
        .sentences()
        .iter()
        .enumerate()
        .map(|(i, s)| Unit {
            text: &s.text,
            span: Some((s.start, s.end)),
            sentence: Some(i),
            whole: true,
            claim: false,
            frame: sentence_frame(s),
        })
        .collect();
    let alignment = align(from, to, &sentence_units);
    // Where earlier position `at` lands in the later text: after the last kept sentence before it.
    // Where a dropped claim used to be, in the later text: just after the counterpart of the nearest earlier
    // sentence before it that has one.
    let mut after_counterpart = Vec::with_capacity(from.sentences().len());
    let mut last = 0;
    for placed in &alignment.placed {
        after_counterpart.push(last);
        if let Some(Placement {
            target: Target::Sentence(j),
            ..
        }) = placed
        {
            last = to.sentences()[*j].end;
        }
    }
    let landing = |at: usize| -> usize { from.sentence_at(at).map_or(0, |i| after_counterpart[i]) };

    // (position in the later text, dropped first, order given, kind) → change
    let mut keyed: Vec<((usize, u8, usize, ChangeKind), Change)> = Vec::new();
    for (n, claim) in claims.iter().enumerate() {
        let before = claim
            .from
            .as_ref()
            .map(|p| snapshot(from, claim.id, p))
            .transpose()?;
        let after = claim
            .to
            .as_ref()
            .map(|p| snapshot(to, claim.id, p))
            .transpose()?;
        let mut push = |kind: ChangeKind, detail: Option<Detail>| {
            let at = match (&before, &after) {
                (_, Some(a)) => (a.span.0, 1),
                (Some(b), None) => (landing(b.span.0), 0),
                (None, None) => (0, 0),
            };
            keyed.push((
                (at.0, at.1, n, kind),
                Change {
                    claim: Some(claim.id),
                    change: kind,
                    before: before.clone(),
                    after: after.clone(),
                    detail,
                    flagged: claim.has_verdict && kind != ChangeKind::Added,
                },
            ));
        };
        match (&before, &after) {
            (None, None) => {}
            (Some(_), None) => push(ChangeKind::Dropped, None),
            (None, Some(_)) => push(ChangeKind::Added, None),
            (Some(b), Some(a)) => {
                if b.text != a.text && word_sequence(&b.text) != word_sequence(&a.text) {
                    push(ChangeKind::Reworded, None);
                }
                if b.strength != a.strength {
                    // The derived order is strongest first.
                    let detail = if a.strength < b.strength {
                        Detail::Up
                    } else {
                        Detail::Down
                    };
                    push(ChangeKind::Strength, Some(detail));
                }
                if !same_phrase(b.source.as_deref(), a.source.as_deref()) {
                    push(
                        ChangeKind::Source,
                        Some(option_detail(&b.source, &a.source)),
                    );
                }
                if b.response != a.response {
                    push(
                        ChangeKind::Response,
                        Some(option_detail(&b.response, &a.response)),
                    );
                }
            }
        }
    }

    // Claim sentences of the later text that the ledger does not hold and that are new.
    let held_now = to.touched(claims.iter().filter_map(|c| c.to.as_ref().map(|p| p.span)));
    let held_then = from.touched(
        claims
            .iter()
            .filter_map(|c| c.from.as_ref().map(|p| p.span)),
    );
    for (j, sentence) in to.sentences().iter().enumerate() {
        if !sentence.claim || held_now[j] {
            continue;
        }
        let span = (sentence.start, sentence.end);
        // It stood before as a claim sentence the desk did not record: not news.
        if let Some(u) = alignment.owner[j] {
            if from.sentences()[u].claim && !held_then[u] {
                continue;
            }
        }
        let reading = Reading::of_sentence(sentence).attribution();
        keyed.push((
            (span.0, 1, claims.len() + j, ChangeKind::Added),
            Change {
                claim: None,
                change: ChangeKind::Added,
                before: None,
                after: Some(Snapshot {
                    text: sentence.text.clone(),
                    span,
                    strength: reading.strength,
                    source: reading.source,
                    cue: reading.cue,
                    response: reading.response,
                }),
                detail: None,
                flagged: false,
            },
        ));
    }
    keyed.sort_by_key(|(key, _)| *key);
    Ok(Diff {
        article,
        from: from.number(),
        to: to.number(),
        changes: keyed.into_iter().map(|(_, c)| c).collect(),
    })
}

/// A new revision's anchors and its diff from the revision before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revised {
    /// One per claim, in the order given.
    pub anchors: Vec<Anchor>,
    pub diff: Diff,
}

/// Re-anchors `claims` from `old` to `new` and diffs the two: what `article revise` stores and prints.
pub fn revise(
    article: ArticleId,
    old: &Revision<'_>,
    new: &Revision<'_>,
    claims: &[Claim],
) -> Result<Revised> {
    let anchors = reanchor(old, new, claims)?;
    let tracked: Vec<Tracked> = claims
        .iter()
        .zip(&anchors)
        .map(|(claim, anchor)| Tracked {
            id: claim.id,
            has_verdict: claim.has_verdict,
            from: claim.span.map(|span| Placed {
                span,
                attribution: claim.attribution.clone(),
            }),
            to: anchor
                .span
                .zip(anchor.attribution.clone())
                .map(|(span, attribution)| Placed { span, attribution }),
        })
        .collect();
    let diff = compare(article, old, new, &tracked)?;
    Ok(Revised { anchors, diff })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
