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

pub mod eval;
mod lexicon;
mod response;
mod source;
mod split;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::model::{ClaimSourceKind, CueKind, Response, SourceKind, Strength};

use lexicon::{Hit, Role, LEXICON};
use source::{Found, Tok};
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

/// Splits `input` and analyses every sentence.
pub fn scan(input: &str) -> Vec<Sentence> {
    scan_iter(input).collect()
}

/// Like [`scan`], one sentence at a time, so a caller that prints or stores as it goes holds no more than one
/// sentence's findings in memory.
pub fn scan_iter(input: &str) -> impl Iterator<Item = Sentence> + '_ {
    let mut scratch = Scratch::default();
    Splitter::new(input).enumerate().map(move |(index, span)| {
        let text = &input[span.clone()];
        let a = analyse_with(text, &mut scratch);
        let mut cues = a.cues;
        for c in &mut cues {
            c.start += span.start;
            c.end += span.start;
        }
        Sentence {
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
        }
    })
}

/// Working buffers of [`analyse_with`], reused from one sentence to the next so that analysing a sentence
/// allocates only what it returns.
#[derive(Default)]
struct Scratch {
    hits: Vec<Hit>,
    toks: Vec<Tok>,
    classes: Vec<u64>,
    reactions: Vec<response::Reaction>,
    quoted: Vec<Range<usize>>,
    sourced: Vec<Sourced>,
    kinds: KindCache,
}

/// The kinds of the source phrases already classified in this text: an article names the same few sources
/// again and again ("the ministry said" … "the ministry said"), and classifying one reads several word lists.
/// Only what [`source::classify`] depends on is the key — the phrase, and whether it opens the sentence — so a
/// hit gives the same answer as classifying again. A phrase with a description (an appositive) or under an
/// anonymity cue is not cached. Bounded: emptied when it reaches [`KindCache::LIMIT`] phrases.
#[derive(Default)]
struct KindCache {
    /// Indexed by whether the phrase opens the sentence.
    known: [HashMap<String, SourceKind>; 2],
}

impl KindCache {
    const LIMIT: usize = 512;

    fn classify(&mut self, sentence: &str, found: &Found, anonymity: bool) -> SourceKind {
        if anonymity || found.described.is_some() {
            return source::classify(sentence, found, anonymity);
        }
        let phrase = &sentence[found.span.clone()];
        let known = &mut self.known[usize::from(found.span.start == 0)];
        if let Some(&kind) = known.get(phrase) {
            return kind;
        }
        let kind = source::classify(sentence, found, anonymity);
        if known.len() >= Self::LIMIT {
            known.clear();
        }
        known.insert(phrase.to_string(), kind);
        kind
    }
}

/// A cue that names who said it, with its source.
struct Sourced {
    at: usize,
    /// A participle after a comma ("…, citing officials"; "…, saying…"): it hangs on the main clause and never
    /// governs it.
    subordinate: bool,
    found: Found,
    kind: SourceKind,
    from_response: bool,
}

/// Analyses one sentence (offsets in the result are relative to `sentence`).
pub fn analyse(sentence: &str) -> Analysis {
    analyse_with(sentence, &mut Scratch::default())
}

/// [`analyse`] with working buffers that outlive the call.
fn analyse_with(sentence: &str, scratch: &mut Scratch) -> Analysis {
    let Scratch {
        hits,
        toks,
        classes,
        reactions,
        quoted,
        sourced,
        kinds,
    } = scratch;
    hits.clear();
    toks.clear();
    quoted.clear();
    sourced.clear();
    LEXICON.hits_into(sentence, hits);
    let hits: &[Hit] = hits;
    source::tokenize_into(sentence, toks);
    quoted_spans(sentence, toks, quoted);
    response::classes_into(sentence, toks, classes);
    response::find(sentence, toks, classes, reactions);
    let toks: &[Tok] = toks;
    let quoted: &[Range<usize>] = quoted;
    // The quoted spans are disjoint and in order, so a binary search keeps a long run of quotes linear.
    let in_quote = |at: usize| {
        let i = quoted.partition_point(|q| q.end <= at);
        quoted.get(i).is_some_and(|q| q.contains(&at))
    };
    let anonymity = hits.iter().any(|h| h.role == Role::Anonymity);

    let mut cues: Vec<Cue> = Vec::with_capacity(hits.len());
    let mut commentary = false;
    let mut response: Option<(usize, Response)> = None;
    for hit in hits {
        let mut kind = hit.kind;
        match hit.role {
            Role::Commentary => {
                commentary = true;
                continue;
            }
            Role::Ignore => continue,
            Role::Speech | Role::Strict => {
                if is_name_said(sentence, toks, hit) {
                    continue;
                }
                let verb = source::token_at(toks, hit.start);
                let found = source::speaker(sentence, toks, verb, hit.end);
                if hit.role == Role::Strict && !speech_context(sentence, toks, hit, found.as_ref())
                {
                    continue;
                }
                if let Some(found) = found {
                    let kind = kinds.classify(sentence, &found, anonymity);
                    sourced.push(Sourced {
                        at: hit.start,
                        subordinate: subordinate(sentence, hit),
                        found,
                        kind,
                        from_response: false,
                    });
                }
            }
            Role::Prep => {
                if let Some(found) = source::object(sentence, toks, hit.end) {
                    let kind = kinds.classify(sentence, &found, anonymity);
                    sourced.push(Sourced {
                        at: hit.start,
                        subordinate: subordinate(sentence, hit),
                        found,
                        kind,
                        from_response: false,
                    });
                }
            }
            Role::Evidence => {
                let verb = source::token_at(toks, hit.start);
                let found = source::speaker(sentence, toks, verb, hit.end)
                    .filter(|f| f.span.end <= hit.start);
                let Some(found) = found else { continue };
                let source_kind = kinds.classify(sentence, &found, false);
                let phrase = &sentence[found.span.clone()];
                kind = match source_kind {
                    SourceKind::Document => Some(CueKind::Document),
                    SourceKind::Media if source::has_document_word(phrase) => Some(CueKind::Report),
                    _ => continue,
                };
                sourced.push(Sourced {
                    at: hit.start,
                    subordinate: subordinate(sentence, hit),
                    found,
                    kind: source_kind,
                    from_response: false,
                });
            }
            Role::Response => {
                let r = if hit.kind == Some(CueKind::Denial) {
                    Response::Denial
                } else {
                    Response::NoComment
                };
                if response.is_none() {
                    response = Some((hit.start, r));
                }
                // The reacting party is the source when the reaction is the sentence's main clause.
                let verb = source::token_at(toks, hit.start);
                let found = source::speaker(sentence, toks, verb, hit.end)
                    .filter(|f| f.span.end <= hit.start && opens_sentence(sentence, f.span.start));
                if let Some(found) = found {
                    let kind = kinds.classify(sentence, &found, anonymity);
                    sourced.push(Sourced {
                        at: hit.start,
                        subordinate: subordinate(sentence, hit),
                        found,
                        kind,
                        from_response: true,
                    });
                }
            }
            Role::Vague => {
                // "some 300 people" is an approximate number, not a weasel.
                let after = sentence[hit.end..].trim_start();
                if hit.end - hit.start == 4 && after.starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
            }
            Role::Standalone | Role::Anonymity => {}
        }
        if let Some(kind) = kind {
            cues.push(Cue {
                text: sentence[hit.start..hit.end].to_string(),
                start: hit.start,
                end: hit.end,
                kind,
            });
        }
    }

    // Reactions read from tokens (response.rs): a denial, when there is one, is the substantive response.
    if !reactions.is_empty() {
        let mut merged = Vec::with_capacity(cues.len() + reactions.len());
        let mut rest = std::mem::take(&mut cues).into_iter().peekable();
        for r in reactions.iter() {
            while let Some(c) = rest.next_if(|c| c.start < r.span.start) {
                if c.end <= r.span.start {
                    merged.push(c);
                }
            }
            while rest.next_if(|c| c.start < r.span.end).is_some() {}
            merged.push(Cue {
                text: sentence[r.span.clone()].to_string(),
                start: r.span.start,
                end: r.span.end,
                kind: match r.response {
                    Response::Denial => CueKind::Denial,
                    Response::NoComment => CueKind::NoComment,
                },
            });
            let better = match response {
                None => true,
                Some((_, old)) => old == Response::NoComment && r.response == Response::Denial,
            };
            if better {
                response = Some((r.span.start, r.response));
            }
            let found = source::speaker(sentence, toks, r.head, r.span.end)
                .filter(|f| f.span.end <= r.span.start && opens_sentence(sentence, f.span.start));
            if let Some(found) = found {
                let kind = kinds.classify(sentence, &found, anonymity);
                sourced.push(Sourced {
                    at: r.span.start,
                    subordinate: false,
                    found,
                    kind,
                    from_response: true,
                });
            }
        }
        merged.extend(rest);
        cues = merged;
    }

    // The governing sourced attribution: not inside a quotation; a closing one first, else the first. A
    // party's reaction is the source only when nothing else attributes the sentence.
    // A sentence-initial "According to X," governs first of all.
    let decisive_standalone = has_decisive_standalone(hits);
    let open = |s: &&Sourced| !in_quote(s.at) && !s.from_response;
    let primary = || sourced.iter().filter(|s| open(s) && !s.subordinate);
    let initial = primary().find(|s| s.at == 0 && s.found.span.start > 0);
    let mut governing = initial
        .or_else(|| primary().find(|s| s.found.trailing))
        .or_else(|| primary().next());
    if governing.is_none() {
        governing = sourced
            .iter()
            .find(|s| open(s) && s.subordinate && !decisive_standalone);
    }
    if governing.is_none() && !decisive_standalone {
        governing = sourced.iter().find(|s| s.from_response && !in_quote(s.at));
    }

    let (strength, source, source_kind) = if let Some(g) = governing {
        let strength = match g.kind {
            SourceKind::Person | SourceKind::Organisation | SourceKind::Other => Strength::OnRecord,
            SourceKind::Document => Strength::Document,
            SourceKind::Media => Strength::Reported,
            SourceKind::Anonymous => Strength::Anonymous,
        };
        let derived = match g.kind {
            SourceKind::Anonymous => Some(CueKind::Anonymous),
            SourceKind::Media => Some(CueKind::Report),
            SourceKind::Document => Some(CueKind::Document),
            _ => None,
        };
        let span = g.found.span.clone();
        if let Some(kind) = derived {
            if !cues
                .iter()
                .any(|c| c.start < span.end && span.start < c.end && c.kind == kind)
            {
                let at = cues.partition_point(|c| c.start < span.start);
                cues.insert(
                    at,
                    Cue {
                        text: sentence[span.clone()].to_string(),
                        start: span.start,
                        end: span.end,
                        kind,
                    },
                );
            }
        }
        (strength, Some(sentence[span].to_string()), Some(g.kind))
    } else {
        (unsourced_strength(hits, anonymity), None, None)
    };

    let uncertain = cues.iter().any(|c| c.kind.is_uncertain());
    let response_kind = response.map(|(_, r)| r);
    let response_opens = sourced.iter().any(|s| s.from_response);
    let claim = is_claim(sentence, &cues, commentary, response, response_opens);
    let source_kind = match source_kind {
        Some(SourceKind::Person) => ClaimSourceKind::NamedPerson,
        Some(SourceKind::Organisation | SourceKind::Other) => ClaimSourceKind::NamedOrganization,
        Some(SourceKind::Document) => ClaimSourceKind::Document,
        Some(SourceKind::Media) => ClaimSourceKind::OtherMedia,
        Some(SourceKind::Anonymous) => ClaimSourceKind::Anonymous,
        None => match strength {
            Strength::Document => ClaimSourceKind::Document,
            Strength::Anonymous => ClaimSourceKind::Anonymous,
            Strength::Reported => ClaimSourceKind::OtherMedia,
            _ if claim => ClaimSourceKind::OwnVoice,
            _ => ClaimSourceKind::NotAClaim,
        },
    };
    Analysis {
        claim,
        strength,
        uncertain,
        source,
        source_kind,
        response: response_kind,
        cues,
    }
}

/// Whether a "said" cue is the given name Said ("Said Benali scored twice."; "striker Said Benali"): written
/// "Said" and followed straight away by a capitalised word that is not a determiner or pronoun. The reporting
/// verb is capitalised only at the start of a sentence, where an inverted "Said the minister …" is rare in
/// news copy; an inverted "Said Smith: …" or "Said Smith, "…"" (the name then a colon, or a comma and a
/// quotation) is still read as the verb.
fn is_name_said(sentence: &str, toks: &[Tok], hit: &Hit) -> bool {
    if &sentence[hit.start..hit.end] != "Said" {
        return false;
    }
    let first = source::token_at(toks, hit.end);
    let capitalised = |t: &Tok| {
        let word = &sentence[t.start..t.end];
        t.word
            && word.starts_with(|c: char| c.is_uppercase())
            && ![
                "The", "A", "An", "He", "She", "It", "They", "We", "I", "This", "That",
            ]
            .contains(&word)
    };
    let Some(next) = toks.get(first) else {
        return false;
    };
    if !capitalised(next)
        || !sentence[hit.end..next.start]
            .chars()
            .all(char::is_whitespace)
    {
        return false;
    }
    let mut k = first;
    while toks.get(k).is_some_and(capitalised) {
        k += 1;
    }
    let text_of = |k: usize| toks.get(k).map(|t| &sentence[t.start..t.end]);
    let quote = |w: Option<&str>| {
        matches!(
            w,
            Some("\"" | "\u{201c}" | "'" | "\u{2018}" | "`" | "\u{ab}")
        )
    };
    let verb = text_of(k) == Some(":") || (text_of(k) == Some(",") && quote(text_of(k + 1)));
    !verb
}

/// Whether the cue is a participle hanging on the main clause after a comma ("…, citing officials").
fn subordinate(sentence: &str, hit: &Hit) -> bool {
    let word = &sentence[hit.start..hit.end];
    let participle = [
        "citing", "quoting", "saying", "adding", "noting", "claiming", "arguing", "warning",
    ]
    .iter()
    .any(|p| p.eq_ignore_ascii_case(word));
    participle && (hit.start == 0 || sentence[..hit.start].trim_end().ends_with(','))
}

/// Whether a document, anonymous or second-hand cue stands in the sentence on its own.
fn has_decisive_standalone(hits: &[Hit]) -> bool {
    hits.iter().any(|h| {
        h.role == Role::Anonymity
            || h.role == Role::Standalone
                && matches!(
                    h.kind,
                    Some(CueKind::Document | CueKind::Anonymous | CueKind::Report)
                )
    })
}

/// Whether a phrase starting at `at` opens the sentence, perhaps after a short lead-in ("On Monday, ").
fn opens_sentence(sentence: &str, at: usize) -> bool {
    let before = sentence[..at].trim_end();
    before.is_empty()
        || before.ends_with(',')
            && before.split_whitespace().nth(4).is_none()
            && !before.contains('"')
}

/// Strength when no sourced attribution governs: the first document, anonymous or second-hand cue, else a
/// hedge, else none.
fn unsourced_strength(hits: &[Hit], anonymity: bool) -> Strength {
    if anonymity {
        return Strength::Anonymous;
    }
    let decisive = hits
        .iter()
        .filter(|h| h.role == Role::Standalone)
        .find_map(|h| match h.kind {
            Some(CueKind::Document) => Some(Strength::Document),
            Some(CueKind::Anonymous) => Some(Strength::Anonymous),
            Some(CueKind::Report) => Some(Strength::Reported),
            _ => None,
        });
    decisive.unwrap_or_else(|| {
        if hits
            .iter()
            .any(|h| h.role == Role::Standalone && h.kind == Some(CueKind::Hedge))
        {
            Strength::Hedged
        } else {
            Strength::Unattributed
        }
    })
}

/// Whether a strict reporting verb ("added", "noted") is used as one: next to a quote, a comma, a colon,
/// "that" or the end of the sentence, or after a source that closes the sentence.
fn speech_context(sentence: &str, toks: &[Tok], hit: &Hit, found: Option<&Found>) -> bool {
    if found.is_some_and(|f| f.trailing) {
        return true;
    }
    let next = source::token_at(toks, hit.end);
    match toks.get(next) {
        None => true,
        Some(t) => {
            let w = &sentence[t.start..t.end];
            !t.word
                && matches!(
                    w,
                    "," | ":" | "." | "!" | "\"" | "\u{201c}" | "\u{201d}" | ";"
                )
                || w.eq_ignore_ascii_case("that")
        }
    }
}

/// Byte spans inside double quotation marks (straight ones toggle; curly ones open and close).
fn quoted_spans(sentence: &str, toks: &[Tok], spans: &mut Vec<Range<usize>>) {
    let mut open: Option<usize> = None;
    for t in toks.iter().filter(|t| !t.word) {
        match &sentence[t.start..t.end] {
            "\"" => match open.take() {
                Some(o) => spans.push(o..t.start),
                None => open = Some(t.end),
            },
            "\u{201c}" => open = Some(t.end),
            "\u{201d}" => {
                if let Some(o) = open.take() {
                    spans.push(o..t.start);
                }
            }
            _ => {}
        }
    }
}

/// Whether the sentence has at least three words with a letter in them.
fn has_three_words(sentence: &str) -> bool {
    let mut words = 0;
    let mut in_word = false;
    let mut has_letter = false;
    for c in sentence.chars() {
        if c.is_whitespace() {
            if in_word && has_letter {
                words += 1;
                if words == 3 {
                    return true;
                }
            }
            in_word = false;
            has_letter = false;
        } else {
            in_word = true;
            has_letter |= c.is_alphabetic();
        }
    }
    words + usize::from(in_word && has_letter) >= 3
}

/// Whether the sentence is a checkable claim; see the module doc.
fn is_claim(
    sentence: &str,
    cues: &[Cue],
    commentary: bool,
    response: Option<(usize, Response)>,
    response_opens: bool,
) -> bool {
    let trimmed = sentence.trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}']);
    let Some(last) = trimmed.chars().next_back() else {
        return false;
    };
    if last == '?' || !matches!(last, '.' | '!' | '\u{2026}') || commentary {
        return false;
    }
    if !has_three_words(sentence) {
        return false;
    }
    if let Some((at, _)) = response {
        // A sentence that only reports a response is not a claim, unless it carries content of its own: a
        // "that" clause after the response, a quotation, or another uncertain or documentary cue.
        let other = cues.iter().any(|c| {
            matches!(
                c.kind,
                CueKind::Hedge | CueKind::Anonymous | CueKind::Report | CueKind::Document
            )
        });
        let content = sentence[at..].contains(" that ")
            || sentence.contains('"')
            || sentence.contains('\u{201c}');
        // Attached to another claim ("…, which he denies"; "…; the firm declined to comment") unless the
        // reacting party opens the sentence ("Kestrel Line, a shipping group, did not respond…").
        let attached = !response_opens && sentence[..at].contains([',', ';', ':']);
        return other || content || attached;
    }
    true
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
