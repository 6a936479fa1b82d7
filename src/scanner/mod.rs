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
/// past it, they are given out as they are.
const MAX_PENDING: usize = 6;

/// Like [`scan`], one sentence at a time, so a caller that prints or stores as it goes holds no more than a
/// few sentences' findings in memory. The text is read as one article: what a sentence means can depend on
/// the sentences before it ("It said …" after a sentence about a study is the study's) and, for a quotation
/// whose speaker is named at its end, on the sentences after it, which are then held back until the speaker
/// is known (at most [`MAX_PENDING`]).
pub fn scan_iter(input: &str) -> impl Iterator<Item = Sentence> + '_ {
    Scan {
        input,
        splitter: Splitter::new(input).enumerate(),
        scratch: analysis::Scratch::default(),
        state: discourse::State::default(),
        pending: VecDeque::new(),
        ready: VecDeque::new(),
    }
}

struct Scan<'a> {
    input: &'a str,
    splitter: std::iter::Enumerate<Splitter<'a>>,
    scratch: analysis::Scratch,
    state: discourse::State,
    /// Quote continuations waiting for their speaker.
    pending: VecDeque<Sentence>,
    /// Sentences ready to be given out, in order.
    ready: VecDeque<Sentence>,
}

impl Scan<'_> {
    fn sentence(&mut self, index: usize, span: Range<usize>) -> (Sentence, analysis::Note) {
        let text = &self.input[span.clone()];
        let (a, note) = analysis::analyse(text, &mut self.scratch, &mut self.state);
        let mut cues = a.cues;
        for c in &mut cues {
            c.start += span.start;
            c.end += span.start;
        }
        let sentence = Sentence {
            index,
            start: span.start,
            end: span.end,
            text: text.to_string(),
            claim: a.claim,
            strength: a.strength,
            uncertain: a.uncertain,
            source: a.source,
            source_kind: a.source_kind,
            response: a.response,
            cues,
        };
        (sentence, note)
    }

    /// Gives the held-back continuations the speaker found, or none, and queues them.
    fn release(&mut self, speaker: Option<(Strength, ClaimSourceKind)>) {
        while let Some(mut s) = self.pending.pop_front() {
            if let Some((strength, kind)) = speaker {
                s.strength = strength;
                s.source_kind = kind;
                s.source = None;
            }
            self.ready.push_back(s);
        }
    }
}

impl Iterator for Scan<'_> {
    type Item = Sentence;

    fn next(&mut self) -> Option<Sentence> {
        loop {
            if let Some(s) = self.ready.pop_front() {
                return Some(s);
            }
            let Some((index, span)) = self.splitter.next() else {
                self.release(None);
                return self.ready.pop_front();
            };
            let (sentence, note) = self.sentence(index, span);
            match note.continuation {
                analysis::Continuation::Pending if self.pending.len() < MAX_PENDING => {
                    self.pending.push_back(sentence);
                }
                analysis::Continuation::Pending => {
                    // No speaker within reach: the quotation is taken as unattributed and closed.
                    self.release(None);
                    self.state.open = None;
                    self.ready.push_back(sentence);
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
                    self.ready.push_back(sentence);
                }
            }
        }
    }
}

/// Analyses one sentence on its own (offsets in the result are relative to `sentence`): as the first
/// sentence of an article, with nothing before it to refer back to.
pub fn analyse(sentence: &str) -> Analysis {
    let mut state = discourse::State::default();
    analysis::analyse(sentence, &mut analysis::Scratch::default(), &mut state).0
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
