//! The attribution scanner: text in, findings out. It splits an article into sentences and, for each, marks
//! the attribution cues, finds who the content is attributed to, and decides the attribution strength, the
//! response and whether the sentence is a checkable claim. No I/O and no SQL live here.
//!
//! - [`split`] (in `split.rs`) finds sentence spans;
//! - `lexicon.rs` compiles the cue lexicon `lexicon.toml` into one automaton;
//! - `source.rs` reads and classifies source phrases;
//! - this file applies the design page's rule for several cues and builds the [`Sentence`]s;
//! - [`eval`] scores the scanner on labelled data.
//!
//! The strength rule: the attribution that governs the sentence decides. A sourced attribution (a reporting
//! verb with its subject, "according to X", a document that "shows") governs over unsourced cues; among
//! several, one that closes or interrupts the sentence ("…, the ministry said") governs, else the first one,
//! since the main clause comes first in news copy. Cues inside quotation marks are the quoted speaker's, not
//! the sentence's, and never govern. Without a sourced attribution, the first document, anonymous or
//! second-hand cue decides; without one of those, a hedge makes the sentence `hedged`; else it is
//! `unattributed`. A named source therefore beats a hedge on the same clause. Vague quantities ("many",
//! "some", "widely") mark a sentence uncertain but never decide its strength.
//!
//! What is a claim: a sentence that asserts something checkable. Not claims: questions, headings and
//! unpunctuated list items (no terminal punctuation), fragments of fewer than three words, commentary ("raises
//! questions about", "underscores"), and sentences that only report a response ("The ministry did not respond
//! to a request for comment.", "The company denied the allegations."). A denial with content ("He denied that
//! he took the money") is a claim. A denial is the denier's own statement, so its subject is the sentence's
//! source (`on_record` when named) when nothing else governs; a non-response has no source.

mod analysis;
mod discourse;
pub mod eval;
mod lexicon;
mod response;
mod source;
mod split;
mod tokens;

use std::collections::VecDeque;
use std::ops::Range;

use serde::Serialize;

use crate::model::{ClaimSourceKind, CueKind, Response, Strength};

pub use analysis::CueSpan;
pub use split::Splitter;

/// An attribution cue marked in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cue {
    /// The cue as written.
    pub text: String,
    /// Byte offset of its start (into the whole input for [`scan`], into the sentence for [`analyse`]).
    pub start: usize,
    /// Byte offset of its end, exclusive.
    pub end: usize,
    /// What kind of cue it is.
    pub kind: CueKind,
}

/// One sentence of the input and what the scanner found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Position of the sentence in the input, from 0.
    pub index: usize,
    /// Byte offset of its start in the input.
    pub start: usize,
    /// Byte offset of its end in the input, exclusive.
    pub end: usize,
    /// Exactly `input[start..end]`.
    pub text: String,
    /// Whether the sentence asserts something checkable.
    pub claim: bool,
    /// How strongly it is attributed.
    pub strength: Strength,
    /// Whether it carries a hedge, anonymous or second-hand cue.
    pub uncertain: bool,
    /// The source phrase as written, e.g. "the Ministry of Transport".
    pub source: Option<String>,
    /// Who the sentence is attributed to (`self` for the writer's own voice, `none` for a non-claim).
    pub source_kind: ClaimSourceKind,
    /// A denial or non-response reported in the sentence.
    pub response: Option<Response>,
    /// The cues, in order of position.
    pub cues: Vec<Cue>,
}

/// The findings for one sentence, with offsets relative to that sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Whether the sentence asserts something checkable.
    pub claim: bool,
    /// How strongly it is attributed.
    pub strength: Strength,
    /// Whether it carries a hedge, anonymous or second-hand cue.
    pub uncertain: bool,
    /// The source phrase as written.
    pub source: Option<String>,
    /// Who the sentence is attributed to (`self` for the writer's own voice, `none` for a non-claim).
    pub source_kind: ClaimSourceKind,
    /// A denial or non-response reported in the sentence.
    pub response: Option<Response>,
    /// The cues, in order of position, offsets relative to the sentence.
    pub cues: Vec<Cue>,
}

/// The byte spans of the sentences of `input`, in order, never overlapping, trimmed of whitespace.
pub fn split(input: &str) -> Vec<Range<usize>> {
    split::split(input)
}

/// Splits `input` and analyses every sentence, reading it as one article.
pub fn scan(input: &str) -> Vec<Sentence> {
    scan_iter(input).collect()
}

/// The most sentences held back while a quotation's speaker is not known yet (attribution.md convention 8):
/// past it, the quotation is taken as unattributed.
const MAX_PENDING: usize = 6;

/// One sentence's findings, borrowing the input: what [`scan_each`] hands its callback, without a copy of
/// any text.
#[derive(Debug, Clone, Copy)]
pub struct SentenceRef<'a> {
    /// Position of the sentence in the input, from 0.
    pub index: usize,
    /// Byte offset of its start in the input.
    pub start: usize,
    /// Byte offset of its end in the input, exclusive.
    pub end: usize,
    /// Exactly `input[start..end]`.
    pub text: &'a str,
    pub claim: bool,
    pub strength: Strength,
    pub uncertain: bool,
    /// The source phrase as written.
    pub source: Option<&'a str>,
    pub source_kind: ClaimSourceKind,
    pub response: Option<Response>,
    /// The cues, in order, with byte offsets into the input.
    pub cues: &'a [CueSpan],
}

impl SentenceRef<'_> {
    /// The owned form.
    pub fn to_sentence(&self, input: &str) -> Sentence {
        Sentence {
            index: self.index,
            start: self.start,
            end: self.end,
            text: self.text.to_string(),
            claim: self.claim,
            strength: self.strength,
            uncertain: self.uncertain,
            source: self.source.map(str::to_string),
            source_kind: self.source_kind,
            response: self.response,
            cues: self
                .cues
                .iter()
                .map(|c| Cue {
                    text: input[c.start..c.end].to_string(),
                    start: c.start,
                    end: c.end,
                    kind: c.kind,
                })
                .collect(),
        }
    }
}

/// A sentence scanned, with offsets into the input.
struct Record {
    index: usize,
    span: Range<usize>,
    findings: analysis::Findings,
    cues: Vec<CueSpan>,
}

/// The per-article scan: the splitter, the article's state, and the sentences held back.
struct Scan<'a> {
    input: &'a str,
    splitter: std::iter::Enumerate<Splitter<'a>>,
    scratch: analysis::Scratch,
    state: discourse::State,
    /// Quote continuations waiting for their speaker.
    pending: VecDeque<Record>,
    /// Sentences ready to be given out, in order.
    ready: VecDeque<Record>,
    /// Cue buffers given back, reused.
    spare: Vec<Vec<CueSpan>>,
}

impl<'a> Scan<'a> {
    fn new(input: &'a str) -> Self {
        Scan {
            input,
            splitter: Splitter::new(input).enumerate(),
            scratch: analysis::Scratch::default(),
            state: discourse::State::default(),
            pending: VecDeque::new(),
            ready: VecDeque::new(),
            spare: Vec::new(),
        }
    }

    fn analyse(&mut self, index: usize, span: Range<usize>) -> (Record, analysis::Note) {
        let text = &self.input[span.clone()];
        let mut cues = self.spare.pop().unwrap_or_default();
        let (mut findings, note) =
            analysis::analyse(text, &mut self.scratch, &mut self.state, &mut cues);
        for c in &mut cues {
            c.start += span.start;
            c.end += span.start;
        }
        if let Some(s) = &mut findings.source {
            *s = s.start + span.start..s.end + span.start;
        }
        (
            Record {
                index,
                span,
                findings,
                cues,
            },
            note,
        )
    }

    /// Gives the held-back continuations the speaker found, or none, and queues them.
    fn release(&mut self, speaker: Option<(Strength, ClaimSourceKind)>) {
        while let Some(mut r) = self.pending.pop_front() {
            if let Some((strength, kind)) = speaker {
                r.findings.strength = strength;
                r.findings.source_kind = kind;
                r.findings.source = None;
            }
            self.ready.push_back(r);
        }
    }

    /// The next sentence, in order.
    fn next_record(&mut self) -> Option<Record> {
        loop {
            if let Some(r) = self.ready.pop_front() {
                return Some(r);
            }
            let Some((index, span)) = self.splitter.next() else {
                self.release(None);
                return self.ready.pop_front();
            };
            let (record, note) = self.analyse(index, span);
            match note.continuation {
                analysis::Continuation::Pending if self.pending.len() < MAX_PENDING => {
                    self.pending.push_back(record);
                }
                analysis::Continuation::Pending => {
                    // No speaker within reach: the quotation is taken as unattributed and closed.
                    self.release(None);
                    self.state.open = None;
                    self.ready.push_back(record);
                }
                _ => {
                    if !self.pending.is_empty() {
                        // The quotation's speaker, named in the sentence that closes it or follows it.
                        let speaker = note.speaker.filter(|_| note.quotes);
                        self.release(speaker);
                        if let Some(sp) = speaker {
                            self.state.open = self.state.open.map(|mut o| {
                                o.speaker = o.speaker.or(Some(sp));
                                o
                            });
                        }
                    }
                    self.ready.push_back(record);
                }
            }
        }
    }

    fn view<'r>(&self, r: &'r Record) -> SentenceRef<'r>
    where
        'a: 'r,
    {
        let f = &r.findings;
        SentenceRef {
            index: r.index,
            start: r.span.start,
            end: r.span.end,
            text: &self.input[r.span.clone()],
            claim: f.claim,
            strength: f.strength,
            uncertain: f.uncertain,
            source: f.source.clone().map(|s| &self.input[s]),
            source_kind: f.source_kind,
            response: f.response,
            cues: &r.cues,
        }
    }
}

impl Iterator for Scan<'_> {
    type Item = Sentence;

    fn next(&mut self) -> Option<Sentence> {
        let r = self.next_record()?;
        let sentence = self.view(&r).to_sentence(self.input);
        Some(sentence)
    }
}

/// Like [`scan`], one sentence at a time, so a caller that prints or stores as it goes holds no more than a
/// few sentences' findings in memory. The text is read as one article: what a sentence means can depend on
/// the sentences before it ("It said …" after a sentence about a study is the study's) and, for a quotation
/// whose speaker is named at its end, on the sentences after it, which are then held back until the speaker
/// is known (at most [`MAX_PENDING`]).
pub fn scan_iter(input: &str) -> impl Iterator<Item = Sentence> + '_ {
    Scan::new(input)
}

/// Scans `input` as [`scan_iter`] does and hands each sentence to `f` as a borrowed view, in order, without
/// copying any text (the fast path for writers); stops at the first error `f` returns.
pub fn scan_each<E>(
    input: &str,
    mut f: impl FnMut(&SentenceRef<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let mut scan = Scan::new(input);
    while let Some(mut r) = scan.next_record() {
        f(&scan.view(&r))?;
        r.cues.clear();
        scan.spare.push(std::mem::take(&mut r.cues));
    }
    Ok(())
}

/// Analyses one sentence on its own (offsets in the result are relative to `sentence`): as the first
/// sentence of an article, with nothing before it to refer back to.
pub fn analyse(sentence: &str) -> Analysis {
    let mut state = discourse::State::default();
    let mut cues = Vec::new();
    let (f, _) = analysis::analyse(
        sentence,
        &mut analysis::Scratch::default(),
        &mut state,
        &mut cues,
    );
    Analysis {
        claim: f.claim,
        strength: f.strength,
        uncertain: f.uncertain,
        source: f.source.map(|s| sentence[s].to_string()),
        source_kind: f.source_kind,
        response: f.response,
        cues: cues
            .iter()
            .map(|c| Cue {
                text: sentence[c.start..c.end].to_string(),
                start: c.start,
                end: c.end,
                kind: c.kind,
            })
            .collect(),
    }
}

/// What a fact-checker gave of a claim's attribution; `complete_attribution` fills in the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GivenAttribution {
    pub strength: Option<Strength>,
    pub source: Option<String>,
    pub cue: Option<String>,
    pub response: Option<Response>,
}

/// A claim's attribution, complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub strength: Strength,
    pub source: Option<String>,
    pub cue: Option<String>,
    pub response: Option<Response>,
}

/// Completes what the fact-checker gave from the scanner's reading of the sentence. A strength that was given is
/// trusted with the source and cue given beside it; without one, the scanner's strength, source and cue stand in
/// for whatever was left out. A response left out is always looked for.
pub fn complete_attribution(text: &str, given: GivenAttribution) -> Attribution {
    let analysis = analyse(text);
    let response = given.response.or(analysis.response);
    match given.strength {
        Some(strength) => Attribution {
            strength,
            source: given.source,
            cue: given.cue,
            response,
        },
        None => Attribution {
            strength: analysis.strength,
            source: given.source.or(analysis.source),
            cue: given
                .cue
                .or_else(|| governing_cue(analysis.strength, &analysis.cues)),
            response,
        },
    }
}

/// The cue that matches the strength the scanner settled on: the one to record as the claim's cue.
pub fn governing_cue(strength: Strength, cues: &[Cue]) -> Option<String> {
    let kind = match strength {
        Strength::OnRecord => CueKind::Attribution,
        Strength::Document => CueKind::Document,
        Strength::Anonymous => CueKind::Anonymous,
        Strength::Reported => CueKind::Report,
        Strength::Hedged => CueKind::Hedge,
        Strength::Unattributed => return None,
    };
    cues.iter()
        .find(|c| c.kind == kind)
        .or_else(|| cues.first())
        .map(|c| c.text.clone())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
