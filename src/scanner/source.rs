//! Source phrases: who a reporting cue attributes content to, and what kind of party that is.
//!
//! Without a part-of-speech tagger, a source is read as a short noun phrase next to the cue: the subject before
//! a reporting verb ("the Ministry of Transport said"), the phrase after an inverted one ("said John Smith") or
//! after "according to", skipping an appositive or relative clause between commas ("Smith, the minister,
//! said"; "an official, who spoke on condition of anonymity, said"). The phrase is then classified from the
//! word lists in `lexicon.toml`: pronouns and capitalised names are named people; "the company", "the ministry"
//! are named organisations (news copy names them before it refers back); "officials", "a person familiar with
//! the matter", "critics", "a senior official" are unnamed; "a UN report", "court filings" are documents;
//! "Reuters", "the newspaper", "media reports" are other media.

use std::ops::Range;
use std::sync::LazyLock;

use crate::model::SourceKind;

use super::lexicon::{WordSet, LEXICON};

/// A token of a sentence: a word or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
}

/// Splits `sentence` into words (letters and digits, with inner apostrophes, hyphens, periods and `&`) and
/// single punctuation characters; whitespace is dropped.
#[cfg(test)]
pub(crate) fn tokenize(sentence: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    tokenize_into(sentence, &mut toks);
    toks
}

/// Like [`tokenize`], into `toks` (cleared first), so a caller can reuse one buffer.
pub(crate) fn tokenize_into(sentence: &str, toks: &mut Vec<Tok>) {
    toks.clear();
    let bytes = sentence.as_bytes();
    toks.reserve(bytes.len() / 5 + 4);
    let last_content = sentence.trim_end().len();
    let char_at = |i: usize| -> (char, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            (char::from(b), 1)
        } else {
            let c = sentence[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (c, c.len_utf8())
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        // ASCII spaces and punctuation without decoding a character.
        match bytes[i] {
            b' ' | b'\t'..=b'\r' => {
                i += 1;
                continue;
            }
            b if b < 0x80 && !b.is_ascii_alphanumeric() => {
                toks.push(Tok {
                    start: i,
                    end: i + 1,
                    word: b == b'&',
                });
                i += 1;
                continue;
            }
            _ => {}
        }
        let (c, len) = char_at(i);
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !c.is_alphanumeric() {
            // A free-standing "&" joins a name ("Harlow & Finch").
            toks.push(Tok {
                start: i,
                end: i + len,
                word: c == '&',
            });
            i += len;
            continue;
        }
        let start = i;
        let mut end = i + len;
        while end < bytes.len() {
            // The common case first: a run of ASCII letters and digits.
            if bytes[end].is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            let (d, dlen) = char_at(end);
            if d.is_alphanumeric() {
                end += dlen;
                continue;
            }
            if !matches!(d, '\'' | '\u{2019}' | '-' | '.' | '&') {
                break;
            }
            // A joiner stays in the word when a letter follows it ("don't", "U.S"), or, for a period, when it is
            // not the sentence's final one ("Inc. said").
            let after = end + dlen;
            let inner = after < bytes.len() && char_at(after).0.is_alphanumeric();
            let abbrev_dot = d == '.' && end + 1 < last_content;
            if inner || abbrev_dot {
                end = after;
            } else {
                break;
            }
        }
        toks.push(Tok {
            start,
            end,
            word: true,
        });
        i = end;
    }
}

/// Words that end a noun phrase read backwards or forwards (conjunctions, auxiliaries, relative words).
const STOP: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "because", "but", "and",
    "or", "if", "as", "after", "before", "since", "than", "so", "what", "how", "why", "although",
    "though", "whether", "to", "is", "are", "was", "were", "be", "been", "being", "will", "would",
    "can", "could", "has", "have", "had", "do", "does", "did", "may", "might", "must", "should",
    "shall", "not", "also", "then", "there", "here", "this", "said", "says", "say", "told",
    "tells", "saying", "added", "noted", "until", "unless", "once", "yet",
];

/// Words that may stand between a subject and its reporting verb ("Smith has also said").
const BETWEEN: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "previously",
    "earlier",
    "then",
    "again",
    "would",
    "will",
    "could",
    "repeatedly",
    "publicly",
    "privately",
    "separately",
    "recently",
    "once",
    "had",
    "did",
    "does",
    "do",
    "not",
    "never",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "on",
    "last",
    "week",
    "long",
    "first",
    "initially",
    "subsequently",
    "further",
    "himself",
    "herself",
    "itself",
    "themselves",
    "is",
    "was",
    "were",
    "are",
    "been",
    "being",
];

/// Prepositions and relative words after which a noun phrase's head has already been seen.
const AFTER_HEAD: &[&str] = &[
    "of", "by", "from", "for", "at", "in", "with", "on", "to", "close", "familiar", "who",
    "inside", "within",
];

const INDEFINITE: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "several", "some", "many", "few", "various", "other",
    "another", "numerous", "multiple", "most",
];
const DEFINITE: &[&str] = &[
    "the", "this", "that", "its", "his", "her", "their", "our", "these", "those",
];
const BE: &[&str] = &["is", "are", "was", "were", "been", "being"];
const PERSONAL_PRONOUNS: &[&str] = &[
    "he", "she", "i", "we", "they", "you", "him", "her", "them", "us",
];

fn is(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

macro_rules! word_sets {
    ($($set:ident = $list:ident;)+) => {
        $(static $set: LazyLock<WordSet> = LazyLock::new(|| WordSet::new($list));)+
    };
}

word_sets! {
    STOP_SET = STOP;
    BETWEEN_SET = BETWEEN;
    AFTER_HEAD_SET = AFTER_HEAD;
    INDEFINITE_SET = INDEFINITE;
    DEFINITE_SET = DEFINITE;
}

/// Where a source phrase was found relative to its cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The phrase's byte span in the sentence.
    pub span: Range<usize>,
    /// Text around it that describes it (an appositive), used only for classification.
    pub described: Option<Range<usize>>,
    /// The phrase sits after a comma or quote, or after the verb ("…, the ministry said"; "said Smith"):
    /// an attribution that closes or interrupts the sentence and so governs all of it.
    pub trailing: bool,
}

/// The token index of the first token starting at or after byte `at`.
pub(crate) fn token_at(toks: &[Tok], at: usize) -> usize {
    toks.partition_point(|t| t.start < at)
}

fn text<'a>(sentence: &'a str, t: &Tok) -> &'a str {
    &sentence[t.start..t.end]
}

fn is_quote(sentence: &str, t: &Tok) -> bool {
    !t.word
        && matches!(
            text(sentence, t),
            "\"" | "\u{201c}" | "\u{201d}" | "'" | "\u{2018}" | "\u{2019}"
        )
}

/// Collects a noun phrase backwards from token `end` (exclusive): (first token, count of words).
fn phrase_back(sentence: &str, toks: &[Tok], end: usize, max: usize) -> usize {
    let mut k = end;
    while k > 0 && end - k < max {
        let t = &toks[k - 1];
        let close_to = k >= 2
            && text(sentence, t).eq_ignore_ascii_case("to")
            && text(sentence, &toks[k - 2]).eq_ignore_ascii_case("close");
        if !t.word || (STOP_SET.contains(text(sentence, t)) && !close_to) {
            break;
        }
        k -= 1;
    }
    k
}

/// Collects a noun phrase forwards from token `from`: the end token (exclusive).
fn phrase_forward(sentence: &str, toks: &[Tok], from: usize, max: usize, stops: &WordSet) -> usize {
    let mut k = from;
    while k < toks.len() && k - from < max {
        let t = &toks[k];
        if !t.word || stops.contains(text(sentence, t)) {
            break;
        }
        k += 1;
    }
    k
}

/// The subject of a reporting verb whose first token is `verb`, or the phrase after it when inverted.
pub(crate) fn speaker(sentence: &str, toks: &[Tok], verb: usize, verb_end: usize) -> Option<Found> {
    let mut k = verb;
    while k > 0 && toks[k - 1].word && BETWEEN_SET.contains(text(sentence, &toks[k - 1])) {
        k -= 1;
    }
    // "was told", "is declared": a passive names no speaker before the verb.
    if toks[k..verb].iter().any(|t| is(text(sentence, t), BE)) {
        return None;
    }
    let after = token_at(toks, verb_end);
    let punct_before = k > 0
        && !toks[k - 1].word
        && (text(sentence, &toks[k - 1]) == "," || is_quote(sentence, &toks[k - 1]));
    // Inverted: `"…," said John Smith, the chief executive.` / `…, said Inspector Mwangi.`
    if k == 0 || punct_before {
        let end = phrase_forward(sentence, toks, after, 8, &STOP_SET);
        let closes = toks.get(end).is_none_or(|t| !t.word);
        let looks_named = toks.get(after).is_some_and(|t| {
            let w = text(sentence, t);
            w.chars().next().is_some_and(char::is_uppercase)
                || DEFINITE_SET.contains(w)
                || INDEFINITE_SET.contains(w)
        });
        if end > after && closes && looks_named {
            return Some(Found {
                span: toks[after].start..toks[end - 1].end,
                described: None,
                trailing: true,
            });
        }
    }
    let first = phrase_back(sentence, toks, k, 8);
    if first < k {
        let last = text(sentence, &toks[k - 1]);
        if DEFINITE_SET.contains(last)
            || INDEFINITE_SET.contains(last)
            || is(last, &["a", "an"])
            || last.bytes().all(|b| b.is_ascii_digit())
        {
            return None; // "the claim", "two reports": a noun, not a verb
        }
        // "People who have seen the draft say": the subject is before the relative clause.
        let mut j = first;
        while j > 0
            && toks[j - 1].word
            && is(
                text(sentence, &toks[j - 1]),
                &["have", "has", "had", "were", "was", "are", "is"],
            )
        {
            j -= 1;
        }
        if j > 0 && is(text(sentence, &toks[j - 1]), &["who", "that"]) {
            let who = j - 1;
            let np = phrase_back(sentence, toks, who, 8);
            if np < who {
                return Some(Found {
                    span: toks[np].start..toks[who - 1].end,
                    described: Some(toks[who].start..toks[k - 1].end),
                    trailing: false,
                });
            }
        }
        let before = first.checked_sub(1).map(|b| &toks[b]);
        let trailing =
            before.is_some_and(|b| !b.word && (text(sentence, b) == "," || is_quote(sentence, b)));
        return Some(Found {
            span: toks[first].start..toks[k - 1].end,
            described: None,
            trailing,
        });
    }
    // "Smith, the minister, said" / "an official, who spoke on condition of anonymity, said".
    if k > 0 && text(sentence, &toks[k - 1]) == "," {
        let mut c = k - 1;
        let limit = c.saturating_sub(16);
        while c > limit {
            let t = &toks[c - 1];
            if !t.word && text(sentence, t) == "," {
                break;
            }
            if is_quote(sentence, t) || (!t.word && matches!(text(sentence, t), "." | ";" | ":")) {
                c = limit;
                break;
            }
            c -= 1;
        }
        if c > limit && c > 0 {
            let comma = c - 1;
            let np = phrase_back(sentence, toks, comma, 8);
            let at_clause_start = np == 0 || !toks[np - 1].word;
            if np < comma && at_clause_start {
                let trailing = np > 0;
                return Some(Found {
                    span: toks[np].start..toks[comma - 1].end,
                    described: Some(toks[comma].end..toks[k - 1].start),
                    trailing,
                });
            }
        }
    }
    None
}

/// Whether some word of `phrase` before its first preposition names a document ("Police records obtained
/// under…", "A UN report published in March").
pub(crate) fn has_document_word(phrase: &str) -> bool {
    phrase
        .split(|c: char| c.is_whitespace() || c == ',')
        .take_while(|w| !AFTER_HEAD_SET.contains(w))
        .any(|w| {
            LEXICON
                .documents
                .has_word(strip_all(strip_all(w, "'s"), "\u{2019}"))
        })
}

/// The phrase after a preposition cue ending at byte `cue_end` ("according to the ministry").
pub(crate) fn object(sentence: &str, toks: &[Tok], cue_end: usize) -> Option<Found> {
    const PREP_STOP: &[&str] = &[
        "that", "is", "are", "was", "were", "has", "have", "had", "will", "would", "which", "and",
        "but",
    ];
    let from = token_at(toks, cue_end);
    // Leading determiners belong to the phrase, and so does one after a preposition ("a report by the BBC");
    // any other starts a new clause ("according to police the road is shut").
    let mut start = from;
    while start < toks.len()
        && toks[start].word
        && is(text(sentence, &toks[start]), &["the", "a", "an"])
    {
        start += 1;
    }
    let mut end = start;
    while end < toks.len() && end - start < 12 {
        let t = &toks[end];
        let w = text(sentence, t);
        let close_to =
            w.eq_ignore_ascii_case("to") && is(text(sentence, &toks[end - 1]), &["close", "next"]);
        if !t.word || is(w, PREP_STOP) || (w.eq_ignore_ascii_case("to") && !close_to) {
            break;
        }
        if end > start
            && is(w, &["the", "a", "an"])
            && !AFTER_HEAD_SET.contains(text(sentence, &toks[end - 1]))
        {
            break;
        }
        end += 1;
    }
    if end > start {
        // A trailing "of/by/in…" whose object was cut off is not part of the phrase.
        let mut e = end;
        while e > start && AFTER_HEAD_SET.contains(text(sentence, &toks[e - 1])) {
            e -= 1;
        }
        if e > start {
            return Some(Found {
                span: toks[from].start..toks[e - 1].end,
                described: None,
                trailing: false,
            });
        }
    }
    None
}

/// Classifies a source phrase (and an optional description of it) into a kind of party.
pub(crate) fn classify(sentence: &str, found: &Found, anonymity: bool) -> SourceKind {
    if anonymity {
        return SourceKind::Anonymous;
    }
    let phrase = &sentence[found.span.clone()];
    // The words of the phrase, split at spaces and commas; re-split where needed rather than collected.
    let words = || {
        phrase
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
    };
    let Some(first) = words().next() else {
        return SourceKind::Other;
    };
    if words().nth(1).is_none() {
        if is(first, PERSONAL_PRONOUNS) {
            return SourceKind::Person;
        }
        if first.eq_ignore_ascii_case("it") {
            return SourceKind::Organisation;
        }
    }
    let indefinite = INDEFINITE_SET.contains(first);
    let definite = DEFINITE_SET.contains(first);
    let skip = usize::from(indefinite || definite);
    let body = || words().skip(skip);
    let head = body()
        .take_while(|w| !AFTER_HEAD_SET.contains(w))
        .last()
        .unwrap_or(first);
    if ["familiar with", "knowledge of", "close to"]
        .iter()
        .any(|p| contains_ci(phrase, p))
    {
        return SourceKind::Anonymous;
    }
    if let Some(described) = &found.described {
        let d = &sentence[described.clone()];
        if ["anonym", "not to be named", "not authori"]
            .iter()
            .any(|p| contains_ci(d, p))
        {
            return SourceKind::Anonymous;
        }
    }
    let lex = &*LEXICON;
    let masthead = body().any(|w| {
        w.starts_with(|c: char| c.is_ascii_uppercase())
            && lex
                .mastheads
                .contains(strip_all(strip_all(w, "'s"), "\u{2019}s"))
    });
    if lex.documents.has_word(head) || has_document_word(phrase) {
        // A document the press has seen is still a document; a report in a newspaper is the newspaper's.
        let seen = [
            "seen by",
            "reviewed by",
            "obtained by",
            "viewed by",
            "shared with",
        ]
        .iter()
        .any(|p| contains_ci(phrase, p));
        return if !seen && (masthead || lex.media.occurs_in(phrase)) {
            SourceKind::Media
        } else {
            SourceKind::Document
        };
    }
    if is(
        head,
        &[
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "representative",
            "spokespeople",
            "spokesmen",
        ],
    ) {
        return SourceKind::Person;
    }
    if lex.spokespeople.has_word(head) {
        if indefinite {
            return SourceKind::Anonymous;
        }
        return if is(head, &["police", "prosecutors"]) {
            SourceKind::Organisation
        } else {
            SourceKind::Person
        };
    }
    if lex.media.occurs_in(phrase) || masthead {
        return SourceKind::Media;
    }
    if lex.anonymous.has_word(head) {
        // "the researchers", "her colleagues": a definite reference to people already named.
        let refers_back = definite
            && !is(
                head,
                &[
                    "source", "sources", "insider", "insiders", "some", "many", "others",
                ],
            );
        return if refers_back {
            SourceKind::Person
        } else {
            SourceKind::Anonymous
        };
    }
    if lex.organisations.occurs_in(phrase) {
        return if indefinite {
            SourceKind::Anonymous
        } else {
            SourceKind::Organisation
        };
    }
    if indefinite {
        return SourceKind::Anonymous;
    }
    // A capitalised word is a name, except a common plural that only opens the sentence ("Firefighters said").
    let at_sentence_start = found.span.start == 0;
    let named = body().enumerate().any(|(i, w)| {
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let opener = at_sentence_start && i == 0 && !definite;
        capital && !(opener && common_plural(w))
    });
    if named {
        return SourceKind::Person;
    }
    if definite {
        return SourceKind::Other;
    }
    if common_plural(head) {
        SourceKind::Anonymous
    } else {
        SourceKind::Other
    }
}

/// `word` without any number of `suffix`es at its end (`str::trim_end_matches` with a string pattern, which
/// builds a substring searcher on every call).
fn strip_all<'a>(mut word: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = word.strip_suffix(suffix) {
        word = rest;
    }
    word
}

/// Whether `needle` (lowercase ASCII) occurs in `haystack`, ignoring ASCII case, without allocating.
fn contains_ci(haystack: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
}

/// A plural of a common noun for people ("firefighters", "scientists", "residents").
fn common_plural(word: &str) -> bool {
    let w = word.as_bytes();
    [
        "ers", "ists", "ants", "ents", "ians", "ors", "ees", "ives", "men",
    ]
    .iter()
    .any(|s| w.len() > s.len() + 2 && w[w.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn speaker_of(sentence: &str, verb: &str) -> Option<(String, SourceKind, bool)> {
        let toks = tokenize(sentence);
        let at = sentence.find(verb)?;
        let v = token_at(&toks, at);
        let found = speaker(sentence, &toks, v, at + verb.len())?;
        Some((
            sentence[found.span.clone()].to_string(),
            classify(sentence, &found, false),
            found.trailing,
        ))
    }

    #[test]
    fn tokenize_keeps_abbreviations_and_contractions() {
        let s = "U.S. officials didn't say, Acme Inc. said.";
        let words: Vec<&str> = tokenize(s).iter().map(|t| &s[t.start..t.end]).collect();
        assert_eq!(
            words,
            vec![
                "U.S.",
                "officials",
                "didn't",
                "say",
                ",",
                "Acme",
                "Inc.",
                "said",
                "."
            ]
        );
    }

    #[test]
    fn speakers_are_found_and_classified() {
        use SourceKind::*;
        type Case<'a> = (&'a str, &'a str, Option<(&'a str, SourceKind, bool)>);
        let cases: &[Case] = &[
            (
                "The Ministry of Transport said fares would rise.",
                "said",
                Some(("The Ministry of Transport", Organisation, false)),
            ),
            (
                "\"We did nothing wrong,\" the company said.",
                "said",
                Some(("the company", Organisation, true)),
            ),
            (
                "Fares will rise, officials said.",
                "said",
                Some(("officials", Anonymous, true)),
            ),
            (
                "\"It is over,\" said Jane Doe, the mayor.",
                "said",
                Some(("Jane Doe", Person, true)),
            ),
            (
                "He said the plan failed.",
                "said",
                Some(("He", Person, false)),
            ),
            (
                "John Smith, the minister, said no.",
                "said",
                Some(("John Smith", Person, false)),
            ),
            (
                "Sources familiar with the matter said it was off.",
                "said",
                Some(("Sources familiar with the matter", Anonymous, false)),
            ),
            (
                "A senior Pentagon official said it was off.",
                "said",
                Some(("A senior Pentagon official", Anonymous, false)),
            ),
            (
                "A ministry spokeswoman said it was off.",
                "said",
                Some(("A ministry spokeswoman", Person, false)),
            ),
            (
                "Firefighters said the blaze was out.",
                "said",
                Some(("Firefighters", Anonymous, false)),
            ),
            (
                "Acme Inc. said profits rose.",
                "said",
                Some(("Acme Inc.", Organisation, false)),
            ),
            (
                "Reuters reported the deal.",
                "reported",
                Some(("Reuters", Media, false)),
            ),
            (
                "The audit found gaps.",
                "found",
                Some(("The audit", Document, false)),
            ),
            (
                "Smith has also said so.",
                "said",
                Some(("Smith", Person, false)),
            ),
        ];
        for (sentence, verb, expected) in cases {
            let got = speaker_of(sentence, verb);
            let expected = expected.map(|(s, k, t)| (s.to_string(), k, t));
            assert_eq!(got, expected, "sentence: {sentence:?}");
        }
    }

    #[test]
    fn prepositional_sources() {
        use SourceKind::*;
        let cases: &[(&str, &str, SourceKind)] = &[
            (
                "According to the ministry, fares rose.",
                "the ministry",
                Organisation,
            ),
            (
                "Fares rose, according to a report by the BBC.",
                "a report by the BBC",
                Media,
            ),
            (
                "Fares rose, according to a UN report.",
                "a UN report",
                Document,
            ),
            (
                "It fell, according to people familiar with the talks.",
                "people familiar with the talks",
                Anonymous,
            ),
            ("It fell, according to Reuters.", "Reuters", Media),
        ];
        for (sentence, phrase, kind) in cases {
            let toks = tokenize(sentence);
            let at = sentence
                .to_lowercase()
                .find("according to")
                .map(|i| i + "according to".len());
            let found = at.and_then(|e| object(sentence, &toks, e));
            let got = found.map(|f| {
                (
                    sentence[f.span.clone()].to_string(),
                    classify(sentence, &f, false),
                )
            });
            assert_eq!(
                got,
                Some((phrase.to_string(), *kind)),
                "sentence: {sentence:?}"
            );
        }
    }
}
