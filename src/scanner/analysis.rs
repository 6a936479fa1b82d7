//! One sentence's reading, by the conventions of `shared/attribution.md`:
//!
//! 1. The sentence is cut into tokens with their word classes, and the lexicon's cues are found.
//! 2. It is cut into **main clauses** at top-level ";", ", but", ", yet", ", while" and spaced dashes
//!    (conv. 2).
//! 3. Every reporting verb, preposition ("according to"), document verb and response becomes a candidate
//!    attribution with its source ([`super::source`]) and its place: opening the sentence ("According to X,",
//!    "As X said,"), closing it ("…, X said"; "said X"), the clause's own subject, a participle on the
//!    clause's subject (", saying …"), a passive's agent ("was identified by police"), or **embedded** —
//!    inside a subordinate or relative clause, or in the content of another attribution — where it does not
//!    govern (conv. 1). Cues inside quotation marks are the quoted speaker's and never govern.
//! 4. Each clause takes its governing attribution, else a lone report, document or anonymous cue of its own,
//!    else a hedge on its predicate; between clauses an attributed one beats a bare one and the weaker of two
//!    attributed ones wins (conv. 2). With none, a hedge on a noun phrase anywhere makes the sentence
//!    `hedged` (conv. 3), else it is `unattributed`.
//! 5. A response's party decides when the response is a main clause (conv. 7); a frame "in its annual
//!    report" makes its party's statement a document's (conv. 5).
//! 6. A sentence with no attribution of its own that continues a quotation takes the quotation's speaker
//!    (conv. 8; [`super::discourse`]).

use std::ops::Range;

use crate::model::{ClaimSourceKind, CueKind, Response, Strength};

use super::discourse::State;
use super::lexicon::{class, Hit, Role, LEXICON};
use super::response::{self, Reaction};
use super::source::{self, Found, Reading};
use super::tokens::{self, Tok, Words};

/// A cue found in a sentence: its byte span and kind (its text is that span of the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueSpan {
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset of its end, exclusive.
    pub end: usize,
    /// What kind of cue it is.
    pub kind: CueKind,
}

/// What the analysis of a sentence finds, as offsets into it: no copy of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Findings {
    pub claim: bool,
    pub strength: Strength,
    pub uncertain: bool,
    /// The source phrase's byte span.
    pub source: Option<Range<usize>>,
    pub source_kind: ClaimSourceKind,
    pub response: Option<Response>,
}

/// Working buffers reused from one sentence to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    hits: Vec<Hit>,
    toks: Vec<Tok>,
    cls: Vec<u64>,
    verbs: Vec<bool>,
    noun_uses: Vec<usize>,
    embedded: Vec<bool>,
    quoted: Vec<Range<usize>>,
    reactions: Vec<Reaction>,
    cands: Vec<Cand>,
    segments: Vec<Range<usize>>,
    merged: Vec<CueSpan>,
    strong_hedge: Vec<bool>,
    seg_starts: Vec<usize>,
}

/// Where a candidate attribution stands in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// Opens the sentence: "According to X, …", "As X said, …".
    Initial,
    /// Closes its clause: "…, X said", "said X", "…, according to X".
    Trailing,
    /// The clause's own subject and verb.
    Main,
    /// A second verb sharing the clause's subject: "The court dismissed the appeal and said …".
    Shared,
    /// A participle on the clause's subject: "…, saying …".
    Participle,
    /// A passive with its agent: "was identified by police as …".
    Agent,
    /// A report, document or anonymous cue without a source phrase.
    Standalone,
    /// In a subordinate or relative clause, or in another attribution's content: does not govern.
    Embedded,
}

#[derive(Debug, Clone)]
struct Cand {
    tok: usize,
    segment: usize,
    place: Place,
    found: Option<Found>,
    reading: Reading,
    response: bool,
}

/// What every candidate's reading needs of its sentence.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    w: &'a Words<'a>,
    segments: &'a [Range<usize>],
    /// Where each segment's clause starts ([`source::clause_start`] from the segment's start to its end).
    seg_starts: &'a [usize],
    verbs: &'a [bool],
    embedded: &'a [bool],
    memory: &'a super::discourse::Memory,
    anonymity: bool,
}

impl Ctx<'_> {
    /// [`source::clause_start`] from segment `seg`'s start to token `at`: the segment's own clause start when
    /// that lies before `at` (the same answer), else worked out.
    fn clause_start(&self, seg: usize, at: usize) -> usize {
        let cs = self.seg_starts[seg];
        if cs <= at {
            cs
        } else {
            source::clause_start(self.w, self.segments[seg].start, at)
        }
    }
}

/// How a sentence stands to the quotation around it, for [`super::scan_iter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Continuation {
    /// Not a quote continuation.
    No,
    /// A continuation whose speaker was known: the strength and kind are the speaker's already.
    Resolved,
    /// A continuation whose speaker is not known yet: a later sentence of the quotation may name them.
    Pending,
}

/// What the analysis of a sentence tells the scan about the article.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Note {
    pub continuation: Continuation,
    /// The sentence's own governing attribution, when it has one: strength and kind.
    pub speaker: Option<(Strength, ClaimSourceKind)>,
    /// Whether the sentence holds a quotation mark.
    pub quotes: bool,
}

fn strength_of(kind: ClaimSourceKind) -> Strength {
    match kind {
        ClaimSourceKind::NamedPerson | ClaimSourceKind::NamedOrganization => Strength::OnRecord,
        ClaimSourceKind::Document => Strength::Document,
        ClaimSourceKind::Anonymous => Strength::Anonymous,
        ClaimSourceKind::OtherMedia => Strength::Reported,
        ClaimSourceKind::OwnVoice | ClaimSourceKind::NotAClaim => Strength::Unattributed,
    }
}

fn reading(kind: ClaimSourceKind) -> Reading {
    Reading {
        kind,
        head: None,
        plural: false,
        human: false,
    }
}

/// Byte spans inside double quotation marks, given whether a quotation is open when the sentence starts;
/// returns whether one is open at its end.
fn quoted_spans(w: &Words, open_at_start: bool, spans: &mut Vec<Range<usize>>) -> bool {
    spans.clear();
    let mut open: Option<usize> = open_at_start.then_some(0);
    for i in 0..w.len() {
        if w.is_word(i) {
            continue;
        }
        let t = &w.toks[i];
        match w.word(i) {
            // A straight quote opens before a word and closes after one; only a free-standing one toggles.
            "\"" => {
                let bytes = w.text.as_bytes();
                let before_space = t.start == 0 || bytes[t.start - 1].is_ascii_whitespace();
                let after_space = t.end >= bytes.len() || bytes[t.end].is_ascii_whitespace();
                let closes =
                    !before_space && (after_space || !bytes[t.end].is_ascii_alphanumeric());
                let opens = before_space && !after_space;
                match open {
                    Some(o) if !opens || closes => {
                        spans.push(o..t.start);
                        open = None;
                    }
                    None if !closes || opens => open = Some(t.end),
                    _ => {}
                }
            }
            "\u{201c}" | "\u{ab}" if open.is_none() => open = Some(t.end),
            "\u{201d}" | "\u{bb}" => {
                if let Some(o) = open.take() {
                    spans.push(o..t.start);
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        spans.push(o..w.text.len());
        return true;
    }
    false
}

/// The main clauses of the sentence as token ranges (conv. 2).
fn segments_into(w: &Words, quoted: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    out.clear();
    let in_quote = |i: usize| {
        let at = w.toks[i].start;
        let q = quoted.partition_point(|q| q.end <= at);
        quoted.get(q).is_some_and(|q| q.contains(&at))
    };
    let mut start = 0;
    let mut depth = 0i32;
    for i in 0..w.len() {
        if !w.is_word(i) {
            match w.word(i) {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 || in_quote(i) {
            continue;
        }
        let conjunction = w.is_punct(i, ",")
            && ["but", "yet", "while", "whereas"]
                .iter()
                .any(|c| w.is(i + 1, c))
            && i > start + 2;
        let dash = (w.is_punct(i, "\u{2013}") || w.is_punct(i, "\u{2014}") || w.is_punct(i, "-"))
            && i > start + 2
            && w.toks[i].start > 0
            && w.text.as_bytes()[w.toks[i].start - 1] == b' '
            && i + 1 < w.len();
        let boundary = (w.is_punct(i, ";") || conjunction || dash).then_some(i + 1);
        if let Some(next) = boundary {
            out.push(start..i);
            start = next;
        }
    }
    out.push(start..w.len());
}

/// Marks the tokens in subordinate and relative clauses (conv. 1): a leading subordinate clause up to its
/// comma, and from a subordinator or relative word inside a clause to the clause's end (or the next comma
/// for a relative clause).
fn embedded_into(
    w: &Words,
    segments: &[Range<usize>],
    quoted: &[Range<usize>],
    verbs: &[bool],
    out: &mut Vec<bool>,
    seg_starts: &mut Vec<usize>,
) {
    out.clear();
    out.resize(w.len(), false);
    seg_starts.clear();
    // A clause inside a quotation ends with it: the attribution after the quotation is outside.
    let quote_end = |i: usize| -> Option<usize> {
        let at = w.toks[i].start;
        let q = quoted.partition_point(|q| q.end <= at);
        quoted
            .get(q)
            .filter(|q| q.contains(&at))
            .map(|q| w.token_at(q.end))
    };
    for seg in segments {
        let start = source::clause_start(w, seg.start, seg.end);
        seg_starts.push(start);
        // A leading subordinate clause ("Though the minister confirmed the sale, …").
        let mut first = seg.start;
        while first < seg.end && w.has(first, class::OPENER) && !w.has(first, class::SUBORDINATOR) {
            first += 1;
        }
        if first < seg.end && w.has(first, class::SUBORDINATOR) && !w.is(first, "as") {
            let end = (first..start)
                .rev()
                .find(|&i| w.is_punct(i, ","))
                .unwrap_or(start);
            for e in out.iter_mut().take(end).skip(first) {
                *e = true;
            }
        }
        let mut i = start + 1;
        while i < seg.end {
            let sub = w.has(i, class::SUBORDINATOR)
                && !w.is(i, "as")
                && !(w.is(i, "since")
                    && (w.has(i + 1, class::TIME | class::MONTH) || digits(w.word(i + 1))))
                && (!(w.is(i, "after")
                    || w.is(i, "before")
                    || w.is(i, "despite")
                    || w.is(i, "until"))
                    || clause_follows(w, i + 1));
            let after_word = w.is_word(i - 1) && !verbs[i - 1] && !w.has(i - 1, class::PREPOSITION);
            let rel = w.has(i, class::RELATIVE)
                && (after_word || w.is_punct(i - 1, ","))
                && !(w.is(i, "that")
                    && (w.has(i + 1, class::DEFINITE | class::INDEFINITE)
                        || w.is_punct(i - 1, ",")));
            if sub || rel {
                // To the end of the clause; a relative clause to its comma; a subordinate clause to a comma
                // after which the main clause resumes ("…, who asked for anonymity because …, said") or a
                // closing attribution follows ("…, according to a senior aide").
                let mut end = quote_end(i).map_or(seg.end, |q| q.min(seg.end));
                let mut j = i + 1;
                while j < end.min(i + source::WINDOW) {
                    if w.is_punct(j, ",") && (rel || resumes_main(w, j, seg.end, verbs)) {
                        end = j;
                        break;
                    }
                    j += 1;
                }
                for e in out.iter_mut().take(end).skip(i) {
                    *e = true;
                }
                if sub && end >= seg.end {
                    break;
                }
                i = end;
            }
            i += 1;
        }
    }
}

/// Whether the main clause resumes after the comma at token `c`: a verb follows straight away (the end of a
/// parenthesis: "…, who asked …, said"), or a closing attribution ("…, according to X", "…, X said").
fn resumes_main(w: &Words, c: usize, end: usize, verbs: &[bool]) -> bool {
    let j = c + 1;
    if w.is(j, "according") || verbs.get(j).copied().unwrap_or(false) {
        return true;
    }
    let mut m = j;
    while m < end && m < j + 8 {
        if verbs.get(m).copied().unwrap_or(false) {
            return m > j && closes_at(w, m + 1, end);
        }
        if !w.is_word(m) && !matches!(w.word(m), "'" | "\u{2019}" | "-")
            || w.has(
                m,
                class::BE | class::NEGATION | class::RELATIVE | class::SUBORDINATOR,
            )
        {
            return false;
        }
        m += 1;
    }
    false
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a clause (a subject and more) seems to follow token `i`: "after the agency said", not "after
/// days of protests".
fn clause_follows(w: &Words, i: usize) -> bool {
    let subjectish = w.has(
        i,
        class::DEFINITE
            | class::PRONOUN_PERSON
            | class::PRONOUN_PLURAL
            | class::PRONOUN_IT
            | class::PRONOUN_WE,
    ) || w.capitalised(i);
    subjectish && !w.has(i, class::MONTH | class::TIME)
}

/// Whether a report, a study or another text frames the clause `seg` as its party's ("In its annual report,
/// the State Department said"; "issued a report accusing"), conv. 5.
fn report_frame(w: &Words, seg: &Range<usize>) -> bool {
    if !seg.clone().any(|i| w.has(i, class::FRAME)) {
        return false;
    }
    for i in seg.clone() {
        // "rejected claims in the report": a phrase on an allegation or a record is no frame of the speaker's.
        let on_noun = i > seg.start && w.has(i - 1, class::ALLEGATION | class::DOCUMENT);
        let channel = (w.is(i, "in") || w.is(i, "through")) && !on_noun;
        let release = w.has(i, class::PUBLISH);
        let part = w.is(i, "as") && w.is(i + 1, "part") && w.is(i + 2, "of");
        if !(channel || release || part) {
            continue;
        }
        let from = if part { i + 3 } else { i + 1 };
        if !(w.has(from, class::DEFINITE | class::INDEFINITE)
            || release && w.has(from, class::FRAME))
        {
            continue;
        }
        for j in from..(from + 7).min(seg.end) {
            if !w.is_word(j) && !w.is_punct(j, "-") {
                break;
            }
            if w.has(j, class::FRAME) {
                return !(w.is(j + 1, "statement") || w.is(j + 1, "interview"));
            }
        }
    }
    false
}

/// Whether the verb hit at token `v` is a noun or an adjective here, not a verb: after a determiner or a
/// possessive ("the claim", "his report", "the alleged victim", "a 2024 report", "its annual report"), or a
/// base or "-s" form followed by "of", by a be-verb ("the SLA claims are") or by a verb ("police records
/// show", "records obtained under").
fn used_as_noun(w: &Words, v: usize, hit_text: &str, raw_verbs: &[bool]) -> bool {
    if v > 0 && w.is_word(v - 1) {
        let prev = w.word(v - 1);
        let determiner = w.has(v - 1, class::DEFINITE | class::INDEFINITE)
            && !w.is(v - 1, "that")
            && !w.has(v - 1, class::ADVERB);
        let year = digits(prev) && v >= 2 && w.has(v - 2, class::DEFINITE | class::INDEFINITE);
        if determiner || prev.ends_with("'s") || prev.ends_with("\u{2019}s") || year {
            return true;
        }
        // "a UN report", "its annual report": a base form that is also a noun, after a determiner and a
        // modifier, is a noun — unless a clause follows it ("the scheme claim it will …") or the determiner
        // starts an "of"-phrase of the subject ("Opponents of the scheme claim").
        let nounish = w.has(v, class::NOUNISH);
        let middle = w.word(v.saturating_sub(1));
        // A time phrase after it is no clause ("a separate report this week").
        let clause_next = w.is(v + 1, "that")
            || w.has(
                v + 1,
                class::PRONOUN_PERSON
                    | class::PRONOUN_PLURAL
                    | class::PRONOUN_IT
                    | class::PRONOUN_WE
                    | class::DEFINITE,
            ) && !w.has(v + 2, class::TIME);
        // "according to the U.S. report": after "to" the phrase is a preposition's object, not a subject.
        let modifier = v >= 2
            && nounish
            && !ends(middle, "s")
            && !clause_next
            && !(v >= 3 && w.has(v - 3, class::PREPOSITION) && !w.is(v - 3, "to"))
            && w.has(v - 2, class::DEFINITE | class::INDEFINITE)
            && !w.is(v - 2, "that")
            && !w.has(
                v - 1,
                class::AUXILIARY
                    | class::BE
                    | class::NEGATION
                    | class::PRONOUN_PERSON
                    | class::PRONOUN_PLURAL
                    | class::PRONOUN_IT
                    | class::PRONOUN_WE
                    | class::RELATIVE,
            )
            && !w.is_adverb(v - 1);
        if modifier {
            return true;
        }
        // "the blog's very first post": a determiner or a possessive a few adjectives back.
        if nounish && !clause_next {
            let mut j = v - 1;
            for _ in 0..3 {
                let word = w.word(j);
                if word.ends_with("'s")
                    || word.ends_with("\u{2019}s")
                    || w.has(j, class::DEFINITE | class::INDEFINITE) && !w.is(j, "that")
                {
                    return j + 1 < v;
                }
                let adjective = w.is_word(j)
                    && !w.capitalised(j)
                    && !ends(word, "s")
                    && w.cls[j]
                        & !(class::ADVERB
                            | class::TIME
                            | class::NOT_ADVERB
                            | class::OPENER
                            | class::CUE_START
                            | class::SOURCE_START
                            | class::CAPITAL)
                        == 0;
                if j == 0 || !adjective {
                    break;
                }
                j -= 1;
            }
        }
    }
    // "suspected smugglers", "of alleged bribes": an adjective before its noun.
    let adjective = ["alleged", "suspected", "purported", "accused", "reported"]
        .iter()
        .any(|x| hit_text.eq_ignore_ascii_case(x));
    // Conv. 3: after a subordinator too ("released after alleged ministry pressure"), since a verb there
    // would need its own subject first; the hedge is then the writer's, on a noun phrase.
    let adjective_place = v == 0
        || w.has(
            v - 1,
            class::DEFINITE
                | class::INDEFINITE
                | class::PREPOSITION
                | class::CONJUNCTION
                | class::SUBORDINATOR,
        )
        || !w.is_word(v - 1);
    if adjective
        && adjective_place
        && !w.has(v + 1, class::TIME)
        && w.is_word(v + 1)
        && !w.has(
            v + 1,
            class::PREPOSITION
                | class::DEFINITE
                | class::INDEFINITE
                | class::RELATIVE
                | class::BE
                | class::AUXILIARY
                | class::CONJUNCTION
                | class::PRONOUN_PERSON
                | class::PRONOUN_PLURAL
                | class::PRONOUN_IT
                | class::PRONOUN_WE,
        )
        && !w.is_adverb(v + 1)
    {
        return true;
    }
    let inflected = ends(hit_text, "ed") || ends(hit_text, "ing") || hit_text.contains(' ');
    if inflected {
        return false;
    }
    // A base form cannot be the verb of a singular subject ("A police state now seems …": "a police" would
    // need "states"), so after "a"/"an"/"each"/"every" and one word it is the noun those words head.
    // Past forms that are no base forms ("An eyewitness told", "a neighbour wrote") are left out by their
    // endings, at the cost of base forms ending the same way.
    let past_like = ["d", "t", "n"].iter().any(|e| ends(hit_text, e))
        || ["gave", "made", "spoke", "wrote"]
            .iter()
            .any(|x| hit_text.eq_ignore_ascii_case(x));
    if v >= 2
        && !ends(hit_text, "s")
        && !past_like
        && w.is_word(v - 1)
        && ["a", "an", "each", "every"].iter().any(|d| w.is(v - 2, d))
        && !w.has(
            v - 1,
            class::AUXILIARY | class::BE | class::NEGATION | class::RELATIVE | class::ADVERB,
        )
        && !w.is_adverb(v - 1)
    {
        return true;
    }
    // "The Tarvo government document said": a base form that is also a noun, right before another
    // reporting verb, is that verb's subject.
    if w.has(v, class::NOUNISH) && raw_verbs.get(v + 1).copied().unwrap_or(false) {
        return true;
    }
    // "Reports from the capital say", "Records from the last decade show that": a plural that is also a
    // noun opens the sentence and a reporting verb follows in the same clause, so it is that verb's subject.
    if v == 0 && plural_noun_form(w, v, hit_text) && verb_follows_in_clause(w, v, raw_verbs) {
        return true;
    }
    // After a preposition a verb is a noun ("a crackdown on protests").
    if v > 0 && w.has(v - 1, class::PREPOSITION) && !w.is(v - 1, "to") {
        return true;
    }
    let next = v + 1;
    // A noun too in its base form or its plural ("reports of").
    let nounish = w.has(v, class::NOUNISH)
        || hit_text.len() > 2
            && ends(hit_text, "s")
            && LEXICON.words.get(&hit_text[..hit_text.len() - 1]) & class::NOUNISH != 0;
    w.is(next, "of") && nounish
        || w.has(next, class::BE | class::AUXILIARY) && ends(hit_text, "s")
        || ends(hit_text, "s")
            && (raw_verbs.get(next).copied().unwrap_or(false)
                || w.word(next).len() > 4
                    && ends(w.word(next), "ed")
                    && w.has(next + 1, class::PREPOSITION))
}

/// Whether `hit_text` at token `v` is the plural of a verb that is also a noun ("reports", "claims").
fn plural_noun_form(w: &Words, v: usize, hit_text: &str) -> bool {
    hit_text.len() > 2
        && ends(hit_text, "s")
        && (w.has(v, class::NOUNISH)
            || LEXICON.words.get(&hit_text[..hit_text.len() - 1]) & class::NOUNISH != 0
            || LEXICON.words.get(hit_text) & class::DOCUMENT != 0)
}

/// Whether a reporting verb follows token `v` before the clause ends (punctuation, a relative word or a
/// conjunction), within a noun phrase's reach.
fn verb_follows_in_clause(w: &Words, v: usize, raw_verbs: &[bool]) -> bool {
    for i in v + 1..(v + 12).min(w.len()) {
        if !w.is_word(i) || w.has(i, class::RELATIVE | class::CONJUNCTION) {
            return false;
        }
        if raw_verbs.get(i).copied().unwrap_or(false) {
            return true;
        }
    }
    false
}

/// "I", "we" and their contractions ("I've", "we’ll"): the writer or the quoted speaker in the first person.
fn first_person_word(word: &str) -> bool {
    let stem = word.split(['\'', '\u{2019}']).next().unwrap_or(word);
    stem.eq_ignore_ascii_case("i") || stem.eq_ignore_ascii_case("we")
}

fn ends(s: &str, suffix: &str) -> bool {
    s.len() > suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether a strict reporting verb ending at token `after` (exclusive) is used as one.
fn speech_context(w: &Words, after: usize) -> bool {
    match w.toks.get(after) {
        None => true,
        Some(t) if !t.word => matches!(
            w.word(after),
            "," | ":" | "\"" | "\u{201c}" | "\u{201d}" | "\u{2013}" | "\u{2014}"
        ),
        // "The blogger adds now she …": a time word before the content's subject.
        Some(_)
            if w.has(after, class::TIME)
                && w.is_word(after + 1)
                && !w.has(after + 1, class::TIME) =>
        {
            speech_context(w, after + 1)
        }
        Some(_) => {
            w.is(after, "that")
                || w.has(
                    after,
                    class::PRONOUN_PERSON
                        | class::PRONOUN_PLURAL
                        | class::PRONOUN_IT
                        | class::PRONOUN_WE,
                ) && !w.is(after, "him")
                    && !w.is(after, "them")
                    && !w.is(after, "us")
                    && !w.is(after, "me")
        }
    }
}

/// "publishes", "shares": verbs of putting a text out, which report only as [`puts_out_reports`] says.
fn puts_out(text: &str) -> bool {
    ["publish", "share"]
        .iter()
        .any(|x| text.len() >= x.len() && text[..x.len()].eq_ignore_ascii_case(x))
}

/// Whether a verb of putting a text out, ending before token `after`, reports: before a quotation, a colon
/// or "that", or with a text of the party's own for object.
fn puts_out_reports(w: &Words, after: usize) -> bool {
    w.is_quote(after) || w.is_punct(after, ":") || w.is(after, "that") || written_object(w, after)
}

/// Whether the words from token `after` are the object of a verb of putting a text out that reports: a text
/// of the party's own ("two short accounts", "his letter"), or an indirect question after an optional "with
/// us" ("shares with readers how …").
fn written_object(w: &Words, after: usize) -> bool {
    let mut j = after;
    if w.is(j, "with") && w.is_word(j + 1) {
        j += 2;
        if w.has(j, class::QUESTION) && !w.is(j, "if") && !w.is(j, "when") {
            return true;
        }
    }
    for k in j..w.len().min(j + 4) {
        if !w.is_word(k)
            || w.has(
                k,
                class::PREPOSITION | class::RELATIVE | class::CONJUNCTION | class::BE,
            )
        {
            return false;
        }
        if w.has(k, class::WRITTEN) {
            return true;
        }
    }
    false
}

/// Whether the sentence starts inside or with a quotation, with no words of its own before it.
fn quote_led(w: &Words, open_at_start: bool) -> bool {
    open_at_start || w.len() > 0 && w.is_quote(0)
}

/// Analyses one sentence with the article's state, and updates the state; the cues go to `cues` (cleared
/// first), in order of position.
pub(crate) fn analyse(
    sentence: &str,
    scratch: &mut Scratch,
    state: &mut State,
    cues: &mut Vec<CueSpan>,
) -> (Findings, Note) {
    let Scratch {
        hits,
        toks,
        cls,
        verbs,
        noun_uses,
        embedded,
        quoted,
        reactions,
        cands,
        segments,
        merged,
        strong_hedge,
        seg_starts,
    } = scratch;
    cues.clear();
    hits.clear();
    cands.clear();
    noun_uses.clear();
    tokens::tokenize_into(sentence, toks);
    tokens::classes_into(sentence, toks, cls);
    // Cues start at words ("tracking" in "Flight-tracking" is none).
    LEXICON.hits_of_tokens(sentence, toks.len(), |i| toks[i].start, cls, hits);
    let w = Words {
        text: sentence,
        toks,
        cls,
    };
    let open_at_start = state.open.is_some();
    let open_at_end = quoted_spans(&w, open_at_start, quoted);
    let quoted: &[Range<usize>] = quoted;
    let in_quote = |at: usize| {
        let i = quoted.partition_point(|q| q.end <= at);
        quoted.get(i).is_some_and(|q| q.contains(&at))
    };
    // Whether the sentence is a title-case headline, worked out only when a capitalised verb asks.
    let any_capital_verb = hits
        .iter()
        .any(|h| sentence.as_bytes()[h.start].is_ascii_uppercase());
    let title_case = any_capital_verb && w.title_case();
    verbs.clear();
    verbs.resize(w.len(), false);
    for h in hits.iter() {
        if matches!(
            h.role,
            Role::Speech | Role::Strict | Role::Attitude | Role::Evidence
        ) {
            let v = w.token_at(h.start);
            if v < verbs.len() {
                verbs[v] = true;
            }
        }
    }
    // Without the hits that are nouns here ("a report", "the alleged victim").
    for h in hits.iter() {
        if matches!(
            h.role,
            Role::Speech | Role::Strict | Role::Attitude | Role::Evidence
        ) {
            let v = w.token_at(h.start);
            let text = &sentence[h.start..h.end];
            if v < verbs.len()
                && (used_as_noun(&w, v, text, verbs)
                    || part_of_name(&w, v, text, title_case)
                    || h.role == Role::Strict
                        && puts_out(text)
                        && !puts_out_reports(&w, w.token_at(h.end)))
            {
                noun_uses.push(v);
            }
        }
    }
    for &v in noun_uses.iter() {
        verbs[v] = false;
    }
    segments_into(&w, quoted, segments);
    embedded_into(&w, segments, quoted, verbs, embedded, seg_starts);
    response::find(&w, reactions);
    reactions.retain(|r| !(r.own_voice && in_quote(r.span.start)));
    let segment_of = |tok: usize| {
        segments
            .partition_point(|s| s.end <= tok)
            .min(segments.len() - 1)
    };
    let anonymity = hits.iter().any(|h| h.role == Role::Anonymity);
    let memory = &state.memory;
    let cx = Ctx {
        w: &w,
        segments,
        seg_starts,
        verbs,
        embedded,
        memory,
        anonymity,
    };

    let mut commentary = false;
    strong_hedge.clear();
    strong_hedge.resize(segments.len(), false);
    let mut noun_hedge = false;
    let mut fixed_response: Option<(usize, Response)> = None;
    let push_cue = |cues: &mut Vec<CueSpan>, start: usize, end: usize, kind: CueKind| {
        cues.push(CueSpan { start, end, kind });
    };

    for hit in hits.iter() {
        let text = &sentence[hit.start..hit.end];
        let v = w.token_at(hit.start);
        let after = w.token_at(hit.end);
        let seg = segment_of(v);
        let quoted_cue = in_quote(hit.start);
        match hit.role {
            Role::Commentary => {
                commentary = true;
                continue;
            }
            Role::Ignore => continue,
            Role::Vague => {
                // "some 300 people" is an approximate number, not a weasel.
                let next = sentence[hit.end..].trim_start();
                if text.len() == 4 && next.starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
            }
            Role::Standalone | Role::Modifier => {
                if hit.kind == Some(CueKind::Hedge) {
                    if month_may(&w, v, text) {
                        continue;
                    }
                    // "denied the allegations": what a response rejects is no hedge of the writer's.
                    if text.len() >= 10
                        && text[..10].eq_ignore_ascii_case("allegation")
                        && object_of_verb(&w, v, verbs)
                    {
                        continue;
                    }
                    // Conv. 1, 3: a hedge in the "that"-content of an embedded attribution ("… after the
                    // U.N. said that Rwanda could comment") is that source's, not the writer's.
                    let under_embedded = cands.iter().any(|c| {
                        c.segment == seg
                            && c.place == Place::Embedded
                            && c.found.is_some()
                            && c.tok < v
                            && w.is(c.tok + 1, "that")
                            && !in_quote(w.toks[c.tok].start)
                            && (c.tok..v).all(|i| w.is_word(i))
                    });
                    if hit.role == Role::Modifier {
                        noun_hedge = true;
                    } else if !under_embedded {
                        strong_hedge[seg] = true;
                    }
                } else if !quoted_cue
                    && !embedded.get(v).copied().unwrap_or(false)
                    && !object_of_verb(&w, v, verbs)
                    && !reduced_relative(&w, v)
                {
                    let kind = match hit.kind {
                        Some(CueKind::Document) => ClaimSourceKind::Document,
                        Some(CueKind::Report) => ClaimSourceKind::OtherMedia,
                        _ => ClaimSourceKind::Anonymous,
                    };
                    // "was reported to the observatory by Jeff Williams": a passive with its agent (conv. 6:
                    // the agent decides).
                    let passive_report = (v + 1..after).any(|i| w.is(i, "reported"));
                    let agent = (kind == ClaimSourceKind::OtherMedia && passive_report)
                        .then(|| passive_agent(&w, after, &segments[seg], verbs))
                        .flatten();
                    let (place, found, reading) = match agent {
                        Some(f) => {
                            let r = source::classify(&w, f.region.clone(), memory, anonymity);
                            (Place::Agent, Some(f), r)
                        }
                        None => (Place::Standalone, None, reading(kind)),
                    };
                    cands.push(Cand {
                        tok: v,
                        segment: seg,
                        place,
                        found,
                        reading,
                        response: false,
                    });
                }
            }
            Role::Anonymity => {}
            Role::Response => {
                let r = if hit.kind == Some(CueKind::Denial) {
                    Response::Denial
                } else {
                    Response::NoComment
                };
                if fixed_response
                    .is_none_or(|(_, old)| old == Response::NoComment && r == Response::Denial)
                {
                    fixed_response = Some((hit.start, r));
                }
                if !quoted_cue {
                    if let Some(c) = reaction_party(&cx, v, after, seg) {
                        cands.push(c);
                    }
                }
            }
            Role::Speech | Role::Strict | Role::Attitude | Role::Evidence | Role::Prep => {
                if hit.role != Role::Prep && !verbs.get(v).copied().unwrap_or(false) {
                    // A noun or an adjective here; "the alleged victim" still hedges a noun phrase (conv. 3).
                    if ["alleged", "suspected", "purported", "accused"]
                        .iter()
                        .any(|x| text.eq_ignore_ascii_case(x))
                    {
                        noun_hedge = true;
                        push_cue(cues, hit.start, hit.end, CueKind::Hedge);
                    }
                    continue;
                }

                // A participle modifying a noun ("funds intended for", "a study funded by").
                if matches!(hit.role, Role::Attitude | Role::Evidence)
                    && ends(text, "ed")
                    && v > 0
                    && w.is_word(v - 1)
                    && !w.has(
                        v - 1,
                        class::AUXILIARY
                            | class::BE
                            | class::NEGATION
                            | class::PRONOUN_PERSON
                            | class::PRONOUN_PLURAL
                            | class::PRONOUN_IT
                            | class::PRONOUN_WE,
                    )
                    && !w.is_adverb(v - 1)
                    && w.has(v + 1, class::PREPOSITION)
                    && !w.is(v + 1, "that")
                    && !w.is(v + 1, "to")
                {
                    continue;
                }
                // "quoted … as saying": the quoting party governs.
                if w.is(v, "saying") && v > 0 && w.is(v - 1, "as") {
                    push_cue(cues, hit.start, hit.end, CueKind::Attribution);
                    continue;
                }
                let cand = if hit.role == Role::Prep {
                    prep_candidate(&cx, v, after, seg, text)
                } else {
                    verb_candidate(
                        &cx,
                        v,
                        after,
                        seg,
                        matches!(hit.role, Role::Speech | Role::Strict),
                    )
                };
                let Some(mut cand) = cand else {
                    if hit.role == Role::Evidence {
                        continue;
                    }
                    // A reporting verb without a source phrase is still a cue.
                    if hit.role != Role::Attitude {
                        push_cue(cues, hit.start, hit.end, CueKind::Attribution);
                    }
                    continue;
                };
                // "continued" reports speech only closing or opening a quotation ("…," he continued).
                let continues = text.len() >= 8 && text[..8].eq_ignore_ascii_case("continue");
                // "publishes", "shares" put a text out: they report before a quotation or a colon, or with
                // a text of the party's own for object ("publishes his letter", "shares with us how").
                let puts_out = hit.role == Role::Strict && puts_out(text);
                let posts = text.len() >= 4 && text[..4].eq_ignore_ascii_case("post");
                let closing = matches!(cand.place, Place::Trailing);
                let strict_ok = if continues {
                    closing || w.is_quote(after) || w.is_punct(after, ":")
                } else if puts_out {
                    closing || puts_out_reports(&w, after)
                } else {
                    closing || speech_context(&w, after) || posts && written_object(&w, after)
                };
                // Conv. 5: an instrument or a record that observes or notes is a document speaking, with
                // or without "that" ("The satellite's imager observed floodwaters").
                let document_subject = cand.reading.kind == ClaimSourceKind::Document
                    && !cand.reading.human
                    && matches!(cand.place, Place::Main | Place::Shared);
                if hit.role == Role::Strict && !strict_ok && (!document_subject || puts_out) {
                    continue;
                }
                let first_person = cand.found.as_ref().is_some_and(|f| {
                    f.tokens.len() == 1 && first_person_word(w.word(f.tokens.start))
                });
                // Conv. 9: "I think", "we believe" — the speaker's own hedge; a contraction ("we're … wish
                // them well") is a greeting, not a hedge.
                let bare_first_person = cand.found.as_ref().is_some_and(|f| {
                    f.tokens.len() == 1 && (w.is(f.tokens.start, "i") || w.is(f.tokens.start, "we"))
                });
                if hit.role == Role::Attitude && bare_first_person {
                    strong_hedge[seg] = true;
                    push_cue(cues, hit.start, hit.end, CueKind::Hedge);
                    continue;
                }
                // Conv. 9: "I've said", "we call for" outside a quotation is the writer speaking in its own
                // voice (a briefing, a statement, a blog): a cue, but no source.
                if first_person && !quoted_cue {
                    push_cue(cues, hit.start, hit.end, CueKind::Attribution);
                    continue;
                }
                // Conv. 9: the writer's inference with a thing as subject ("Recent unrest suggests …",
                // "The delays indicate …") is the writer's hedge; a party, a document or an outlet that
                // suggests is a source.
                let inferring = ["suggest", "indicate"]
                    .iter()
                    .any(|x| text.len() >= x.len() && text[..x.len()].eq_ignore_ascii_case(x));
                let head = cand
                    .found
                    .as_ref()
                    .and_then(|f| source::head_of(&w, f.tokens.start, f.tokens.end));
                let thing_subject = head.is_some_and(|h| {
                    !w.capitalised(h)
                        && !w.has(
                            h,
                            class::PEOPLE
                                | class::ORGANISATION
                                | class::DOCUMENT
                                | class::MEDIA
                                | class::TITLE
                                | class::SPOKES
                                | class::SOURCE_WORD
                                | class::PRONOUN_PERSON
                                | class::PRONOUN_PLURAL
                                | class::PRONOUN_IT
                                | class::PRONOUN_WE
                                | class::NATIONALITY
                                | class::PLACE,
                        )
                        && !source::common_plural(w.word(h))
                });
                if inferring
                    && thing_subject
                    && matches!(cand.place, Place::Main | Place::Shared)
                    && cand.found.is_some()
                {
                    strong_hedge[seg] = true;
                    push_cue(cues, hit.start, hit.end, CueKind::Hedge);
                    continue;
                }
                if hit.role == Role::Evidence {
                    let that = w.is(after, "that") || report_frame(&w, &segments[seg]);
                    let doc = matches!(
                        cand.reading.kind,
                        ClaimSourceKind::Document | ClaimSourceKind::OtherMedia
                    ) && !cand.reading.human;
                    if !doc && !that {
                        continue;
                    }
                }
                if quoted_cue {
                    cand.place = Place::Embedded;
                }
                let kind = if hit.role == Role::Evidence
                    && cand.reading.kind == ClaimSourceKind::Document
                {
                    CueKind::Document
                } else {
                    CueKind::Attribution
                };
                push_cue(cues, hit.start, hit.end, kind);
                cands.push(cand);
                continue;
            }
        }
        if let Some(kind) = hit.kind {
            push_cue(cues, hit.start, hit.end, kind);
        }
    }

    // Responses read from tokens (response.rs); a denial is the substantive one.
    let mut response = fixed_response;
    if !reactions.is_empty() {
        cues.sort_by_key(|c| c.start);
        merged.clear();
        let mut rest = 0;
        for r in reactions.iter() {
            while rest < cues.len() && cues[rest].start < r.span.start {
                if cues[rest].end <= r.span.start {
                    merged.push(cues[rest]);
                }
                rest += 1;
            }
            while rest < cues.len() && cues[rest].start < r.span.end {
                rest += 1;
            }
            merged.push(CueSpan {
                start: r.span.start,
                end: r.span.end,
                kind: match r.response {
                    Response::Denial => CueKind::Denial,
                    Response::NoComment => CueKind::NoComment,
                },
            });
            if response
                .is_none_or(|(_, old)| old == Response::NoComment && r.response == Response::Denial)
            {
                response = Some((r.span.start, r.response));
            }
            if !in_quote(r.span.start) {
                let v = r.head;
                let after = w.token_at(r.span.end);
                if let Some(c) = reaction_party(&cx, v, after, segment_of(v)) {
                    cands.push(c);
                }
            }
        }
        merged.extend_from_slice(&cues[rest..]);
        std::mem::swap(cues, merged);
    } else {
        cues.sort_by_key(|c| c.start);
    }

    // The governing attribution of each clause, then of the sentence (conv. 1, 2).
    // Candidates by clause, in order of position within each.
    cands.sort_by_key(|c| c.segment);
    let governing_in = |group: &[Cand]| -> Option<usize> {
        let mut best: Option<(Place, usize)> = None;
        for (i, c) in group.iter().enumerate() {
            if c.place == Place::Embedded || c.response {
                continue;
            }
            if best.is_none_or(|(p, _)| c.place < p) {
                best = Some((c.place, i));
            }
        }
        best.map(|(_, i)| i)
    };
    let last = segments.len() - 1;
    // A sentence-initial "According to X," and a sentence-final "…, X said" govern every clause.
    let whole = cands
        .iter()
        .find(|c| c.place == Place::Initial && c.segment == 0 && !c.response)
        .or_else(|| {
            cands.iter().find(|c| {
                c.place == Place::Trailing
                    && c.segment == last
                    && !c.response
                    && c.found
                        .as_ref()
                        .is_some_and(|f| f.trailing && closes(&w, f, c.tok))
            })
        });
    let mut chosen: Option<&Cand> = None;
    let mut hedged_clause = false;
    if let Some(c) = whole {
        chosen = Some(c);
    } else {
        let mut from = 0;
        for (seg, &hedge) in strong_hedge.iter().enumerate() {
            let to = from + cands[from..].partition_point(|c| c.segment == seg);
            match governing_in(&cands[from..to]) {
                Some(i) => {
                    let c = &cands[from + i];
                    let weaker = chosen.is_none_or(|old| {
                        strength_of(c.reading.kind) > strength_of(old.reading.kind)
                    });
                    if weaker {
                        chosen = Some(c);
                    }
                }
                None => hedged_clause |= hedge,
            }
            from = to;
        }
    }
    // A response's party decides when the response is the sentence's main clause (conv. 7): its party opens
    // the first clause ("The ministry did not say …, and rights groups could not verify …") or is the one
    // that could not be reached. Relayed ("has reportedly denied", "according to X, the firm denied") or
    // attached to another claim ("…; the firm declined to comment"), it does not.
    let relayed_first = cands.iter().any(|o| {
        o.segment == 0
            && o.place == Place::Standalone
            && o.reading.kind == ClaimSourceKind::OtherMedia
    });
    let party = cands.iter().find(|c| {
        c.response
            && c.segment == 0
            && match c.place {
                Place::Main => c
                    .found
                    .as_ref()
                    .is_some_and(|f| f.region.start == cx.clause_start(0, f.region.end)),
                Place::Agent => true,
                _ => false,
            }
            && !relayed_first
    });
    if let Some(p) = party {
        let relayed = whole.is_some_and(|c| !c.response);
        if !relayed {
            chosen = Some(p);
            hedged_clause = false;
        }
    }

    let mut strength;
    let mut source = None;
    let mut source_kind;
    let mut governing = None;
    match chosen {
        Some(c) => {
            let mut kind = c.reading.kind;
            // Conv. 5: an organisation speaking through its report is a document.
            if matches!(
                kind,
                ClaimSourceKind::NamedPerson
                    | ClaimSourceKind::NamedOrganization
                    | ClaimSourceKind::Anonymous
            ) && report_frame(&w, &segments[c.segment])
            {
                kind = ClaimSourceKind::Document;
            }
            strength = strength_of(kind);
            if hedged_clause && !c.response {
                strength = Strength::Hedged;
                kind = ClaimSourceKind::OwnVoice;
            }
            source_kind = kind;
            if let Some(f) = &c.found {
                // A participle set off after the name describes the act, not the party ("Two supervisors,
                // speaking on condition of anonymity,"): the source ends before it.
                let mut tokens = f.tokens.clone();
                if let Some(cut) = tokens.clone().find(|&i| {
                    i > tokens.start
                        && w.is_punct(i, ",")
                        && w.is_word(i + 1)
                        && !w.capitalised(i + 1)
                        && ends(w.word(i + 1), "ing")
                }) {
                    tokens.end = cut;
                }
                let span = w.span(tokens);
                if !span.is_empty() && strength != Strength::Hedged {
                    // An unnamed, documentary or second-hand source is itself a cue of its kind.
                    let derived = match kind {
                        ClaimSourceKind::Anonymous => Some(CueKind::Anonymous),
                        ClaimSourceKind::OtherMedia => Some(CueKind::Report),
                        ClaimSourceKind::Document => Some(CueKind::Document),
                        _ => None,
                    };
                    if let Some(k) = derived {
                        let covered = cues
                            .iter()
                            .any(|c| c.start < span.end && span.start < c.end && c.kind == k);
                        let overlaps = cues
                            .iter()
                            .any(|c| c.start < span.end && span.start < c.end);
                        if !covered && !overlaps {
                            let at = cues.partition_point(|c| c.start < span.start);
                            cues.insert(
                                at,
                                CueSpan {
                                    start: span.start,
                                    end: span.end,
                                    kind: k,
                                },
                            );
                        }
                    }
                    source = Some(span);
                }
            }
            governing = Some(c.clone());
        }
        None => {
            // Conv. 7: a response with no party of its own is the writer's (a briefing's speaker, a press
            // release): unattributed, whatever hedges ride along ("I think … I don't want to prejudge").
            let first_person = |c: &Cand| {
                c.found.as_ref().is_none_or(|f| {
                    f.tokens
                        .clone()
                        .filter(|&i| w.is_word(i))
                        .all(|i| w.is(i, "i") || w.has(i, class::PRONOUN_WE))
                })
            };
            let own = !cands.iter().any(|c| c.response && !first_person(c));
            strength = if response.is_some() && own {
                Strength::Unattributed
            } else if hedged_clause || noun_hedge {
                Strength::Hedged
            } else {
                Strength::Unattributed
            };
            source_kind = ClaimSourceKind::OwnVoice;
        }
    }

    // Conv. 8: a quotation with no attribution of its own continues its speaker's.
    let mut continuation = Continuation::No;
    if governing.is_none() && quote_led(&w, open_at_start) {
        let speaker = state.open.and_then(|o| o.speaker).or(if open_at_start {
            None
        } else {
            state.last_quoted
        });
        match speaker {
            Some((s, k)) => {
                strength = s;
                source_kind = k;
                continuation = Continuation::Resolved;
            }
            None => continuation = Continuation::Pending,
        }
    } else if governing.is_none() && party.is_none() {
        // A block quotation after "X posted:" runs on, without quotation marks, in the sentences after it.
        if let Some(block) = state.block.as_mut() {
            strength = block.speaker.0;
            source_kind = block.speaker.1;
            continuation = Continuation::Resolved;
            block.left -= 1;
            if block.left == 0 {
                state.block = None;
            }
        }
    } else {
        state.block = None;
    }

    let quotes = !quoted.is_empty() || (0..w.len()).any(|i| w.is_quote(i));
    let speaker = governing
        .as_ref()
        .map(|_| (strength, source_kind))
        .filter(|(s, _)| *s != Strength::Hedged);

    // The article's state for the next sentence. A quotation running on keeps its speaker recent.
    if continuation == Continuation::No {
        state.memory.tick();
    }
    if let Some(c) = &governing {
        if c.found.is_some() {
            state
                .memory
                .remember(source_kind, c.reading.plural, c.reading.human);
            if let Some(h) = c.reading.head {
                state.memory.remember_head(w.word(h), source_kind);
            }
        }
    }
    if governing.as_ref().is_none_or(|c| c.reading.human) {
        // "It says …" after a sentence about a study refers to the study.
        if (0..w.len())
            .any(|i| w.has(i, class::DOCUMENT) && w.word(i).len() > 3 && !w.is(i, "reports"))
        {
            state.memory.thing = Some(ClaimSourceKind::Document);
        }
    }
    let continuing = match continuation {
        Continuation::Resolved => Some((strength, source_kind)),
        _ => None,
    };
    // A quotation cut off with an ellipsis ("…including one that was...") does not run on.
    let cut = {
        let t = sentence.trim_end_matches(['"', '\u{201d}', '\'', '\u{2019}', ')', ' ']);
        t.ends_with("...")
    };
    state.open = (open_at_end && !cut).then(|| super::discourse::OpenQuote {
        speaker: speaker
            .or(continuing)
            .or(state.open.and_then(|o| o.speaker)),
    });
    state.last_quoted = if quotes { speaker.or(continuing) } else { None };
    // "Mr. Missini issued the following statement:", "Weddady remarked:" open a block quotation.
    if let Some(sp) = speaker {
        if sentence.trim_end().ends_with(':') {
            state.block = Some(super::discourse::Block {
                speaker: sp,
                left: super::discourse::BLOCK_SENTENCES,
            });
        }
    }

    let uncertain = cues.iter().any(|c| c.kind.is_uncertain());
    let response_opens = party.is_some();
    let claim = is_claim(sentence, cues, commentary, response, response_opens);
    // A headline or a frame ending in a colon is no claim of its own, but the writer's hedge in it is still
    // the writer's ("Allegations of Fraud Leave Voters Uneasy").
    let source_kind = if !claim
        && governing.is_none()
        && continuation == Continuation::No
        && strength != Strength::Hedged
    {
        ClaimSourceKind::NotAClaim
    } else {
        source_kind
    };
    (
        Findings {
            claim,
            strength,
            uncertain,
            source,
            source_kind,
            response: response.map(|(_, r)| r),
        },
        Note {
            continuation,
            speaker,
            quotes,
        },
    )
}

/// Conv. 1: a participle set off by a comma after a noun ("the outage, said to have delayed forty
/// operations,") is a reduced relative clause: it describes that noun and does not govern the sentence.
fn reduced_relative(w: &Words, v: usize) -> bool {
    v > 0 && w.is_punct(v - 1, ",") && w.is(v, "said")
}

/// Whether the attribution whose source is `f` closes its sentence: after it come only its verb, a time, a
/// channel ("in a statement", "told reporters") or the end.
fn closes(w: &Words, f: &Found, verb: usize) -> bool {
    let from = f.tokens.end.max(verb + 1);
    if w.len().saturating_sub(from) > 40 {
        return false;
    }
    let mut i = from;
    while i < w.len() {
        if !w.is_word(i) {
            if matches!(
                w.word(i),
                "." | "!" | "?" | "\"" | "\u{201d}" | "'" | "\u{2019}" | ")" | "]"
            ) {
                i += 1;
                continue;
            }
            return w.is_punct(i, ",") && w.has(i + 1, class::PREPOSITION | class::TIME)
                || w.is_punct(i, ",") && (w.word(i + 1).ends_with("ing"));
        }
        if w.has(i, class::RELATIVE | class::SUBORDINATOR) && !w.is(i, "that") || w.is(i, "that") {
            return false;
        }
        i += 1;
    }
    true
}

/// "May" the month ("in May", "May 5", "last May") and "May" a name ("May Lin said") are no hedge.
fn month_may(w: &Words, v: usize, text: &str) -> bool {
    if !text.eq_ignore_ascii_case("may") || !text.starts_with('M') {
        return false;
    }
    let next = w.word(v + 1);
    digits(next.trim_end_matches(|c: char| !c.is_ascii_digit()))
        || v > 0
            && (w.has(v - 1, class::PREPOSITION | class::TIME | class::MONTH)
                || [
                    "last", "early", "late", "mid", "this", "next", "and", "or", "since", "until",
                ]
                .iter()
                .any(|p| w.is(v - 1, p)))
        || w.capitalised(v + 1) && v == 0
        || v > 0 && w.capitalised(v - 1) && !w.has(v - 1, class::DEFINITE)
}

/// Whether token `v` stands inside parentheses or brackets opened after `from`.
fn in_brackets(w: &Words, from: usize, v: usize) -> bool {
    let mut depth = 0i32;
    for i in from.max(v.saturating_sub(source::WINDOW))..v {
        if !w.is_word(i) {
            match w.word(i) {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                _ => {}
            }
        }
    }
    depth > 0
}

/// The agent of a passive whose verb ends before token `after`: the phrase after a "by" in the next few
/// words of its clause ("was reported to the observatory by Jeff Williams, a flight engineer").
fn passive_agent(w: &Words, after: usize, s: &Range<usize>, verbs: &[bool]) -> Option<Found> {
    let by = (after..(after + 8).min(s.end))
        .take_while(|&i| w.is_word(i) || w.is_punct(i, "-") || w.is_punct(i, "'"))
        .find(|&i| w.is(i, "by"))?;
    let end = source::phrase_forward(w, by + 1, verbs);
    (end > by + 1).then(|| Found {
        tokens: by + 1..end,
        region: by + 1..end,
        trailing: false,
    })
}

/// Whether the cue at token `v` is what a verb acts on ("denied reports that …", "dismissed media reports"),
/// not a source.
fn object_of_verb(w: &Words, v: usize, verbs: &[bool]) -> bool {
    let mut i = v;
    while i > 0 && w.has(i - 1, class::DEFINITE | class::INDEFINITE) {
        i -= 1;
    }
    i > 0
        && (verbs[i - 1]
            || w.has(i - 1, class::DENY | class::REJECT | class::COMMENT)
            || ["of", "about", "on", "to", "with", "by"]
                .iter()
                .any(|p| w.is(i - 1, p)))
}

/// Whether a capitalised verb is part of a name rather than a verb: inside a name outside a title-case
/// headline ("the U.S. State Department", "Harbour Watch Project", "Radio Selvik"), or opening the sentence
/// before another capital ("Said Benali scored twice") unless an inverted verb's colon or quotation follows
/// ("Said Smith: …").
fn part_of_name(w: &Words, v: usize, text: &str, title_case: bool) -> bool {
    if !text.starts_with(|c: char| c.is_uppercase()) || text.contains(' ') {
        return false;
    }
    // In a title-case headline a base form between capitals is a noun ("Dockers' Union Leader Says").
    if title_case
        && v > 0
        && w.capitalised(v - 1)
        && w.capitalised(v + 1)
        && !w.has(
            v + 1,
            class::PRONOUN_IT | class::PRONOUN_PLURAL | class::PRONOUN_PERSON | class::PRONOUN_WE,
        )
        && !ends(text, "s")
        && !ends(text, "ed")
        && !ends(text, "ing")
    {
        return true;
    }
    if v > 0 && !title_case {
        let after_name = w.capitalised(v - 1) || w.is(v - 1, "of") || w.is(v - 1, "the");
        let before_name =
            w.capitalised(v + 1) && !w.has(v + 1, class::DEFINITE | class::PRONOUN_IT);
        let after_quote_or_colon = w.is_quote(v - 1) || w.is_punct(v - 1, ":");
        return (after_name || before_name) && !after_quote_or_colon;
    }
    if v > 0 {
        return false;
    }
    let first = v + 1;
    let capitalised = |i: usize| {
        w.capitalised(i)
            && !w.has(
                i,
                class::DEFINITE
                    | class::INDEFINITE
                    | class::PRONOUN_PERSON
                    | class::PRONOUN_PLURAL
                    | class::PRONOUN_IT
                    | class::PRONOUN_WE,
            )
    };
    if !capitalised(first) || w.toks[first].start != w.toks[v].end + 1 {
        return false;
    }
    let mut k = first;
    while capitalised(k) {
        k += 1;
    }
    let verb = w.is_punct(k, ":") || (w.is_punct(k, ",") && w.is_quote(k + 1));
    !verb
}

/// The candidate of a reporting verb at token `v` whose cue ends before token `after`.
#[allow(clippy::too_many_arguments)]
fn verb_candidate(cx: &Ctx, v: usize, after: usize, seg: usize, may_invert: bool) -> Option<Cand> {
    let Ctx {
        w,
        segments,
        verbs,
        embedded,
        memory,
        anonymity,
        ..
    } = *cx;
    let s = &segments[seg];
    let k = source::before_verb(w, v);
    // A verb in parentheses or brackets ("(outlined in red)", "[Global Voices report]") is an aside.
    let aside = in_brackets(w, s.start, v);
    let cand = |found: Found, place: Place| {
        let place = if aside { Place::Embedded } else { place };
        let reading = source::classify(w, found.region.clone(), memory, anonymity);
        Some(Cand {
            tok: v,
            segment: seg,
            place,
            found: Some(found),
            reading,
            response: false,
        })
    };
    let text = w.word(v);
    // The writer's hedge on the act itself ("purportedly threatened", "has reportedly denied") leaves it
    // unattributed: the hedge decides (conv. 3, 6).
    if (k..v).any(|i| w.has(i, class::HEDGE_ADVERB)) {
        return None;
    }
    // A passive names its speaker only as an agent: "was identified by police as …".
    if source::passive(w, k, v)
        && (ends(text, "ed")
            || ends(text, "en")
            || ends(text, "wn")
            || text.eq_ignore_ascii_case("said")
            || text.eq_ignore_ascii_case("told")
            || text.eq_ignore_ascii_case("found"))
    {
        let found = passive_agent(w, after, s, verbs)?;
        let place = if embedded.get(v).copied().unwrap_or(false) {
            Place::Embedded
        } else {
            Place::Agent
        };
        return cand(found, place);
    }
    // Inverted, after a comma or quotation or opening the clause: "…," said the minister.
    let before_punct =
        k > 0 && (w.is_punct(k - 1, ",") || w.is_quote(k - 1) || w.is_punct(k - 1, ":"));
    let clause_start = cx.clause_start(seg, k);
    // "…, saying its barriers held" is a participle, not an inversion.
    let inverting = w.has(v, class::INVERTING)
        && !ends(w.word(v), "ing")
        && w.toks[v].end == w.span(v..after).end;
    if may_invert && inverting && (k == s.start || before_punct || k == clause_start) && k == v {
        let start = after;
        let looks_named = w.is_word(start)
            && !w.has(
                start,
                class::BE
                    | class::AUXILIARY
                    | class::NEGATION
                    | class::RELATIVE
                    | class::CONJUNCTION
                    | class::PREPOSITION
                    | class::SUBORDINATOR,
            )
            && !verbs.get(start).copied().unwrap_or(false);
        let end = source::phrase_forward(w, start, verbs);
        let ends_clause = end >= w.len()
            || !w.is_word(end)
            || w.has(end, class::TIME)
            || ["in", "on", "at", "during", "after", "before", "via"]
                .iter()
                .any(|p| w.is(end, p));
        // "said the practice began after …": a phrase with a verb of its own is the content's subject.
        let own_verb = (start..end)
            .any(|i| w.is_word(i) && !w.capitalised(i) && w.has(i, class::IRREGULAR_PAST));
        if looks_named
            && end > start
            && ends_clause
            && !own_verb
            && !w.has(start, class::PRONOUN_IT | class::PRONOUN_PLURAL)
        {
            let place = if embedded.get(v).copied().unwrap_or(false) {
                Place::Embedded
            } else {
                Place::Trailing
            };
            return cand(
                Found {
                    tokens: start..end,
                    region: start..end,
                    trailing: true,
                },
                place,
            );
        }
    }
    // A participle on the clause's subject: "…, accusing them of …", "…, saying …".
    if ends(text, "ing") && k == v && v > 0 && w.is_punct(v - 1, ",") {
        let subject = source::clause_subject(w, clause_start, v)?;
        let place = if embedded.get(v).copied().unwrap_or(false) {
            Place::Embedded
        } else {
            Place::Participle
        };
        return cand(
            Found {
                tokens: subject.clone(),
                region: subject,
                trailing: false,
            },
            place,
        );
    }
    if k == 0 || k <= s.start {
        return None;
    }
    // The clause's own subject: everything from the clause start, when it reads as a noun phrase.
    if clause_start < k && source::np_like(w, clause_start, k, verbs) {
        let mut a = clause_start;
        // Embedded when the clause is: a relative clause inside the subject ("People who have seen the
        // draft say") does not embed its verb.
        let mut place = if embedded.get(a).copied().unwrap_or(false) {
            Place::Embedded
        } else {
            Place::Main
        };
        // "As the admiral pointed out, …" governs the clause after it.
        if w.is(a, "as") {
            a += 1;
            if place == Place::Main {
                place = Place::Initial;
            }
        }
        return cand(
            Found {
                tokens: reported_part(w, a, k),
                region: a..k,
                trailing: false,
            },
            place,
        );
    }
    // A verb sharing the clause's subject: "The court dismissed the appeal and said …".
    if k > 0 && (w.is(k - 1, "and") || w.is(k - 1, "but")) && k == v {
        let subject = source::clause_subject(w, clause_start, k - 1)?;
        let place = if embedded.get(v).copied().unwrap_or(false) {
            Place::Embedded
        } else {
            Place::Shared
        };
        return cand(
            Found {
                tokens: subject.clone(),
                region: subject,
                trailing: false,
            },
            place,
        );
    }
    // A closing subject with an appositive: "…, its spokesman, Daniel Fourie, told reporters."
    if k > 0 && w.is_punct(k - 1, ",") {
        if let Some(c1) = (k.saturating_sub(14)..k - 1)
            .rev()
            .find(|&i| w.is_punct(i, ","))
        {
            let appositive_ok = (c1 + 1..k - 1)
                .all(|i| !w.has(i, class::BE | class::AUXILIARY | class::NEGATION) && !verbs[i]);
            let p = source::phrase_back(w, c1, verbs);
            let before_ok = p == s.start || p > 0 && (w.is_punct(p - 1, ",") || w.is_quote(p - 1));
            if appositive_ok && p < c1 && before_ok && c1 > k.saturating_sub(14) {
                let trailing = p > s.start;
                let place = if embedded.get(v).copied().unwrap_or(false) && !trailing {
                    Place::Embedded
                } else if trailing && closes_at(w, after, s.end) {
                    Place::Trailing
                } else {
                    Place::Main
                };
                return cand(
                    Found {
                        tokens: p..k - 1,
                        region: p..k - 1,
                        trailing,
                    },
                    place,
                );
            }
        }
    }
    // Otherwise the short phrase before the verb, which governs only when it opens a clause of its own.
    let p = source::phrase_back(w, k, verbs);
    if p >= k {
        return None;
    }
    let before = p.checked_sub(1);
    let after_comma = before.is_some_and(|b| w.is_punct(b, ",") || w.is_quote(b));
    let after_and = before.is_some_and(|b| w.is(b, "and") || w.is(b, "but") || w.is(b, "so"));
    let place = if embedded.get(v).copied().unwrap_or(false) {
        Place::Embedded
    } else if after_comma && closes_at(w, after, s.end) {
        Place::Trailing
    } else if after_comma
        || after_and && before.is_some_and(|b| b > s.start && w.is_punct(b - 1, ","))
    {
        Place::Main
    } else {
        Place::Embedded
    };
    cand(
        Found {
            tokens: p..k,
            region: p..k,
            trailing: after_comma,
        },
        place,
    )
}

/// The part of a subject `a..b` to report as the source: without a non-restrictive relative clause (", which
/// ousted the leader,") at its end.
fn reported_part(w: &Words, a: usize, b: usize) -> Range<usize> {
    let mut end = b;
    while end > a && !w.is_word(end - 1) && w.is_punct(end - 1, ",") {
        end -= 1;
    }
    for i in a + 1..end {
        if w.is_punct(i - 1, ",") && w.has(i, class::RELATIVE) && !w.is(i, "that") {
            let mut e = i - 1;
            while e > a && !w.is_word(e - 1) {
                e -= 1;
            }
            return a..e;
        }
    }
    a..end
}

/// Whether, after token `after`, the clause `..end` holds no more than a time, a place or a channel.
fn closes_at(w: &Words, after: usize, end: usize) -> bool {
    if end.saturating_sub(after) > 40 {
        return false;
    }
    let mut i = after;
    let mut words = 0;
    while i < end {
        if !w.is_word(i) {
            if w.is_punct(i, ",") {
                return w.word(i + 1).ends_with("ing") || w.has(i + 1, class::PREPOSITION);
            }
            i += 1;
            continue;
        }
        if w.is(i, "that")
            || w.has(
                i,
                class::RELATIVE | class::SUBORDINATOR | class::BE | class::AUXILIARY,
            )
        {
            return false;
        }
        words += 1;
        i += 1;
    }
    words <= 8
}

/// The candidate of a prepositional cue ("according to the locals", "citing officials").
#[allow(clippy::too_many_arguments)]
fn prep_candidate(cx: &Ctx, v: usize, after: usize, seg: usize, text: &str) -> Option<Cand> {
    let Ctx {
        w,
        segments,
        verbs,
        embedded,
        memory,
        anonymity,
        ..
    } = *cx;
    let s = &segments[seg];
    // "…, citing officials" and "Citing officials, the paper reported …": the clause's subject cites; it
    // governs only when nothing else does (conv. 6: the outlet quoting its sources governs).
    let participle = text.eq_ignore_ascii_case("citing") || text.eq_ignore_ascii_case("quoting");
    let mut clause_start = cx.clause_start(seg, v);
    if participle && v <= clause_start {
        clause_start = cx.seg_starts[seg];
    }
    let place = if embedded.get(v).copied().unwrap_or(false) {
        Place::Embedded
    } else if participle {
        Place::Participle
    } else if v <= clause_start || (s.start..v).all(|i| w.has(i, class::OPENER) || !w.is_word(i)) {
        Place::Initial
    } else {
        Place::Trailing
    };
    let found = if participle {
        let subject = source::clause_subject(w, clause_start, v)?;
        Found {
            tokens: subject.clone(),
            region: subject,
            trailing: false,
        }
    } else {
        let end = source::phrase_forward(w, after, verbs);
        if end <= after {
            return None;
        }
        Found {
            tokens: after..end,
            region: after..end,
            trailing: place == Place::Trailing,
        }
    };
    let reading = source::classify(w, found.region.clone(), memory, anonymity);
    Some(Cand {
        tok: v,
        segment: seg,
        place,
        found: Some(found),
        reading,
        response: false,
    })
}

/// The party of a response whose construction starts at token `v`: its subject, or, for "could not reach X
/// for comment", X.
#[allow(clippy::too_many_arguments)]
fn reaction_party(cx: &Ctx, v: usize, after: usize, seg: usize) -> Option<Cand> {
    let Ctx {
        w,
        verbs,
        memory,
        anonymity,
        ..
    } = *cx;
    let reach = (v..after).any(|i| w.is(i, "reach"));
    if reach {
        let end = source::phrase_forward(w, after, verbs);
        if end > after {
            let found = Found {
                tokens: after..end,
                region: after..end,
                trailing: false,
            };
            let reading = source::classify(w, found.region.clone(), memory, anonymity);
            return Some(Cand {
                tok: v,
                segment: seg,
                place: Place::Agent,
                found: Some(found),
                reading,
                response: true,
            });
        }
        return None;
    }
    // Conv. 9: "we're not going to get into …", "we don't know" outside quotation are the writer's own (a
    // briefing's speaker): no party, whatever stands before the pronoun ("David, I'm not going to …").
    if first_person_word(w.word(v)) {
        return None;
    }
    let mut c = verb_candidate(cx, v, after, seg, false)?;
    if c.found.as_ref().is_some_and(|f| {
        f.tokens.clone().filter(|&i| w.is_word(i)).count() == 1
            && first_person_word(w.word(f.tokens.start))
    }) {
        return None;
    }
    c.response = true;
    Some(c)
}

/// Whether the sentence has at least three words with a letter in them.
fn has_three_words(sentence: &str) -> bool {
    sentence
        .split_ascii_whitespace()
        .filter(|w| {
            w.bytes().any(|b| b.is_ascii_alphabetic()) || w.chars().any(char::is_alphabetic)
        })
        .nth(2)
        .is_some()
}

/// Whether the sentence is a checkable claim; see the module doc of `scanner`.
fn is_claim(
    sentence: &str,
    cues: &[CueSpan],
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
