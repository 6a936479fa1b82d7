//! Source phrases: who a cue attributes content to, and what kind of party that is.
//!
//! Without a part-of-speech tagger, sources are found from the word classes of `lexicon.toml`:
//! - the **subject** of a verb is the stretch from the start of its clause to the verb (after openers such as
//!   "But" and leading adverbials such as "On Monday," or "In a report released Tuesday,"), when that stretch
//!   reads as a noun phrase — with appositives, parentheses, coordination and relative clauses ("Ana Ruiz,
//!   the union's general secretary, said"; "Rwanda, Uganda, and Angola have rejected"; "Relatives who asked
//!   to remain anonymous say"); otherwise the short noun phrase just before the verb, which then is not the
//!   main clause's (attribution.md convention 1);
//! - the phrase after an inverted verb ("…, said the wildfire branch of the forest service") or a preposition
//!   ("according to the locals"), or the agent of a passive ("was identified by police as").
//!
//! A phrase is classified by its head and what names it (conventions 4–6 and 10): pronouns and definite
//! references take the kind of what they refer to ([`Memory`]); a spokesperson or unnamed members of an
//! identified body are the body; a title with a name, or a uniquely identified office-holder, is a person;
//! people described without a name, nationalities and generic groups are anonymous; a record, image or model
//! is a document unless a news organisation's; outlets, websites and unspecified reports are other media.

use std::ops::Range;

use crate::model::ClaimSourceKind;

use super::discourse::Memory;
use super::lexicon::{class, LEXICON};
use super::tokens::Words;

/// A source phrase and how it stands to its cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Tokens of the phrase as it is reported ("Ana Ruiz, the union's general secretary").
    pub tokens: Range<usize>,
    /// Tokens read to classify it (the phrase and any description of it).
    pub region: Range<usize>,
    /// Whether the phrase follows its content ("…, the ministry said"; "said Smith"): it governs all of it.
    pub trailing: bool,
}

/// A classified source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    pub kind: ClaimSourceKind,
    /// Token of the head noun, for the memory of heads.
    pub head: Option<usize>,
    /// Whether the phrase names a group (plural) or a human, for the pronouns that refer back to it.
    pub plural: bool,
    pub human: bool,
}

/// How far back, in tokens, the start of a cue's clause is looked for.
pub(crate) const WINDOW: usize = 200;

const NP_BREAK: u64 = class::BE | class::AUXILIARY | class::NEGATION | class::SUBORDINATOR;

/// Skips, backwards from token `verb`, the words that stand between a subject and its verb ("has also
/// said", "on Monday said"): the index just after the subject.
pub(crate) fn before_verb(w: &Words, verb: usize) -> usize {
    let mut k = verb;
    while k > 0 {
        let i = k - 1;
        if !w.is_word(i) {
            break;
        }
        let between = w.has(
            i,
            class::AUXILIARY | class::BE | class::NEGATION | class::TIME,
        ) || w.is_adverb(i)
            || (w.is(i, "on") && w.has(i + 1, class::TIME))
            // "A report this week found", "The image above shows", "officials here said".
            || (w.is(i, "this") && w.has(i + 1, class::TIME) && i + 1 < verb)
            || (["here", "above", "below"].iter().any(|x| w.is(i, x))
                && i > 0
                && w.is_word(i - 1)
                && !w.has(i - 1, class::PREPOSITION | class::BE | class::AUXILIARY));
        if !between || w.has(i, class::RELATIVE) {
            break;
        }
        k = i;
    }
    k
}

/// Whether a passive auxiliary stands between `subject_end` and `verb` ("was told", "were detected").
pub(crate) fn passive(w: &Words, subject_end: usize, verb: usize) -> bool {
    (subject_end..verb).any(|i| w.has(i, class::BE))
        && !(subject_end..verb).any(|i| w.is(i, "being") && w.is(i + 1, "asked"))
}

/// Where the clause that contains token `at` starts, from `from` (a segment start): after openers ("But",
/// "Meanwhile,"), a leading adverbial or subordinate clause ending in a comma ("On Monday,", "While studying
/// the images,", "In a report released Tuesday,"), and a dateline ("WASHINGTON, Feb. 21 –").
pub(crate) fn clause_start(w: &Words, from: usize, at: usize) -> usize {
    // A clause that starts further back than any subject reaches is not looked for: this keeps the work per
    // cue bounded on pathological input (a "sentence" of thousands of words).
    if at.saturating_sub(from) > WINDOW {
        return at;
    }
    let mut start = from;
    // A label before a colon ("Answer: The ministry can confirm …").
    if let Some(colon) = (from..at.min(from + 4)).find(|&i| w.is_punct(i, ":")) {
        if (from..colon).all(|i| w.is_word(i)) {
            start = colon + 1;
        }
    }
    // A quotation set before its speaker with a colon ("“…”: Ana Ruiz explains."): the clause opens after the
    // colon that follows the closing quotation mark, whether or not the sentence opened the quotation.
    if let Some(colon) = (from + 1..at).find(|&i| w.is_punct(i, ":") && w.is_quote(i - 1)) {
        let marks = (from..colon).filter(|&i| w.is_quote(i)).count();
        if marks == 1 || marks == 2 && w.is_quote(from) {
            start = colon + 1;
        }
    }
    loop {
        while start < at
            && (w.has(start, class::OPENER) && !w.has(start, class::PRONOUN_IT))
            && !(w.has(start + 1, class::BE | class::AUXILIARY) && w.is_word(start + 1))
        {
            start += 1;
            if w.is_punct(start, ",") {
                start += 1;
            }
        }
        // A leading chunk up to a top-level comma that is an adverbial, not the subject with an appositive.
        let Some(comma) = top_level_comma(w, start, at) else {
            return fronted_phrase_end(w, start, at);
        };
        if !adverbial_chunk(w, start, comma) {
            return start;
        }
        start = comma + 1;
    }
}

/// A leading prepositional phrase without a comma ("In that group the survey lists …", "At the end of May the
/// board said …") is an adverbial too: the subject is the last noun phrase opened by "the", "this" or "a"
/// before `at`, with no preposition after it (conv. 1, the governing clause's own subject).
fn fronted_phrase_end(w: &Words, start: usize, at: usize) -> usize {
    if !w.has(start, class::PREPOSITION) || w.capitalised(start + 1) || at > start + 10 {
        return start;
    }
    if !(start..at).all(|i| w.is_word(i)) {
        return start;
    }
    let det = (start + 2..at)
        .rev()
        .find(|&i| ["the", "this", "a", "an", "its"].iter().any(|d| w.is(i, d)));
    match det {
        Some(d) if !(d + 1..at).any(|i| w.has(i, class::PREPOSITION)) => d,
        _ => start,
    }
}

/// The first comma in `from..to` outside quotation marks, parentheses and brackets.
fn top_level_comma(w: &Words, from: usize, to: usize) -> Option<usize> {
    let mut depth = 0i32;
    for i in from..to {
        match w.word(i) {
            "(" | "[" if !w.is_word(i) => depth += 1,
            ")" | "]" if !w.is_word(i) => depth -= 1,
            "," if !w.is_word(i) && depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether tokens `a..b` (before a comma) are an adverbial rather than a subject: a prepositional phrase, a
/// subordinate or participial clause, a time, a dateline.
fn adverbial_chunk(w: &Words, a: usize, b: usize) -> bool {
    if a >= b {
        return true;
    }
    let first = w.word(a);
    if w.has(
        a,
        class::PREPOSITION | class::SUBORDINATOR | class::TIME | class::MONTH,
    ) || w.is(a, "as")
        || w.is(a, "according")
        || w.is(a, "like")
        || w.is(a, "unlike")
    {
        return true;
    }
    let lower = first.chars().next().is_some_and(char::is_lowercase);
    let participle = |s: &str| {
        s.len() > 4 && (ends_ci(s, "ing") || ends_ci(s, "ed")) && !w.has(a, class::PEOPLE)
    };
    if participle(first) && !w.has(a, class::DEFINITE | class::INDEFINITE) && !w.capitalised(a + 1)
    {
        return true;
    }
    // A dateline: all capitals ("WASHINGTON") or a number.
    if first.len() > 2
        && first
            .chars()
            .all(|c| c.is_uppercase() || !c.is_alphabetic())
        && b - a <= 3
    {
        return true;
    }
    lower
        && (a..b)
            .all(|i| w.has(i, class::TIME | class::ADVERB | class::PREPOSITION) || w.is_adverb(i))
}

fn digits_only(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn ends_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether token `i`, a lower-case word in "-ed", reads as a verb here rather than an adjective ("the
/// alleged", "funded by").
fn verb_like(w: &Words, i: usize) -> bool {
    let s = w.word(i);
    if w.has(i, class::IRREGULAR_PAST) && !w.capitalised(i) && !w.has(i + 1, class::PREPOSITION) {
        return i > 0 && !w.has(i - 1, class::DEFINITE | class::INDEFINITE);
    }
    if !w.is_word(i) || w.capitalised(i) || s.len() < 5 || !ends_ci(s, "ed") {
        return false;
    }
    // "bloodshed have": a past tense is not followed by an auxiliary; a noun in "-ed" is.
    if w.has(i + 1, class::AUXILIARY | class::BE | class::NEGATION) {
        return false;
    }
    if w.cls[i] & (class::DOCUMENT | class::PEOPLE | class::ORGANISATION | class::TITLE) != 0 {
        return false;
    }
    let det = |j: usize| w.has(j, class::DEFINITE | class::INDEFINITE);
    let before_modifier = i > 0 && (det(i - 1) || i > 1 && w.is_adverb(i - 1) && det(i - 2));
    let after = i + 1;
    let followed_by_noun = w.capitalised(after)
        || w.has(
            after,
            class::PEOPLE
                | class::ORGANISATION
                | class::DOCUMENT
                | class::TITLE
                | class::PREPOSITION,
        );
    !(before_modifier || followed_by_noun)
}

/// Whether tokens `a..b` read as a subject noun phrase: no auxiliary, negation, subordinator, reporting verb
/// or verb in "-ed" at its top level (outside an appositive between commas, parentheses and relative
/// clauses), and not too long.
pub(crate) fn np_like(w: &Words, a: usize, b: usize, verbs: &[bool]) -> bool {
    if a >= b || b - a > 48 {
        return false;
    }
    // A prepositional phrase is no subject ("By comparing the images, researchers noticed"), and neither
    // are adverbs alone ("were allegedly told to").
    if b - a == 1 && w.has(a, class::PREPOSITION) {
        return false;
    }
    // Nor does one end with a determiner ("In her first post, …": "In her" is no subject); a possessive
    // may name the party of a noun ("The government's denial").
    if let Some(last) = (a..b).rev().find(|&i| w.is_word(i)) {
        if w.has(last, class::DEFINITE | class::INDEFINITE) && !w.is(last, "that") {
            return false;
        }
    }
    if (a..b).all(|i| !w.is_word(i) || w.is_adverb(i) || w.has(i, class::HEDGE_ADVERB)) {
        return false;
    }
    // Conv. 1: an infinitive has no subject of its own ("… of demonstrations to protest the results": the
    // protest is no one's statement), and a complex preposition opens an adverbial, not a subject
    // ("Contrary to government claims, …", "Thanks to …").
    if let Some(last) = (a..b).rev().find(|&i| w.is_word(i)) {
        if w.is(last, "to") {
            return false;
        }
    }
    if w.is(a + 1, "to")
        && ["contrary", "thanks", "due", "prior", "owing", "according"]
            .iter()
            .any(|x| w.is(a, x))
    {
        return false;
    }
    let mut depth = 0i32;
    let mut relative = false;
    let mut appositive = false;
    let mut words = 0;
    let mut last_comma = None;
    for i in a..b {
        let t = w.word(i);
        if !w.is_word(i) {
            match t {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                "," if depth <= 0 => {
                    last_comma = Some(i);
                    relative = false;
                    // After a comma may come an appositive ("Ana Ruiz, the union's secretary,") or a list.
                    appositive = !appositive;
                }
                // A clock time ("at 11:55") is no clause break.
                ":" if i > a && digits_only(w.word(i - 1)) && digits_only(w.word(i + 1)) => {}
                "." | "!" | "?" | ";" | ":" if depth <= 0 => return false,
                _ => {}
            }
            continue;
        }
        words += 1;
        if depth > 0 {
            continue;
        }
        if w.has(i, class::RELATIVE) && i > a && !relative {
            // A relative clause describing the subject with a verb of its own ("Relatives who asked not to
            // be named say"). One right before the verb ("a man who said"), or one whose own subject comes
            // first ("the book, which critics praised"), makes the verb its own.
            let j = i + 1;
            let own_verb = w.has(
                j,
                class::AUXILIARY | class::BE | class::NEGATION | class::IRREGULAR_PAST,
            ) || verbs.get(j).copied().unwrap_or(false)
                || (w.is_word(j)
                    && !w.capitalised(j)
                    && (ends_ci(w.word(j), "ed") || ends_ci(w.word(j), "s"))
                    && !w.has(j, class::DEFINITE | class::INDEFINITE | class::PEOPLE));
            if j >= b || before_verb(w, b) <= j || !own_verb {
                return false;
            }
            relative = true;
            continue;
        }
        if relative {
            continue;
        }
        // In an appositive only a relative clause may hold verbs ("Kestrel Line, a group that is the port's
        // largest customer,"); a clause of its own ("George, here's what we know, and I think") is no subject.
        let subject_pronoun = w.has(
            i,
            class::PRONOUN_PERSON | class::PRONOUN_PLURAL | class::PRONOUN_WE,
        ) && !w.is(i, "him")
            && !w.is(i, "them")
            && !w.is(i, "us")
            && !w.is(i, "me")
            && i > a;
        if subject_pronoun || w.is(i, "what") {
            return false;
        }
        if appositive {
            if w.has(i, class::BE | class::AUXILIARY | class::NEGATION) {
                return false;
            }
            continue;
        }
        let neither = w.is(i, "neither") || w.is(i, "nor");
        if w.has(i, NP_BREAK) && !neither || verbs[i] || verb_like(w, i) {
            // "and" joins subjects; any of these does not.
            return false;
        }
    }
    // A comma must close an appositive ("Ana Ruiz, the union's secretary, said") or lead to the last item of
    // a list ("Rwanda, Uganda, and Angola have"); "The port shut, the paper reported" is a closing subject.
    if let Some(c) = last_comma {
        let closed = c + 1 == b;
        // A list: "A, B and C", "A, B, and C".
        let list = (c + 1..b).any(|i| w.is(i, "and") || w.is(i, "or"));
        // An appositive left open before the verb, describing a name: "Ghomar Asheganeh, an Iran based
        // blogger says", "Hamed Talebi, on his blog X, says".
        // The name before the comma is a name: a few capitalised words, not a clause ("Rebel fighters … killed
        // …, a spokeswoman said").
        let name_first = c - a <= 4 && (a..c).all(|i| !w.is_word(i) || w.capitalised(i));
        let open_appositive = w.capitalised(a)
            && name_first
            && (w.is(c + 1, "a")
                || w.is(c + 1, "an")
                || w.has(c + 1, class::PREPOSITION | class::TITLE));
        if !closed && !list && !open_appositive {
            return false;
        }
    }
    words > 0
}

/// The noun phrase ending just before token `end`, read backwards: names, nouns and their modifiers,
/// possessives and "of"-phrases, up to a punctuation mark or a word that cannot be in it.
pub(crate) fn phrase_back(w: &Words, end: usize, verbs: &[bool]) -> usize {
    let mut k = end;
    while k > 0 && end - k < 10 {
        let i = k - 1;
        if !w.is_word(i) {
            // A possessive apostrophe split off ("Gara' ad") is rare; a quote or comma ends the phrase.
            break;
        }
        let close_to = w.is(i, "to") && i > 0 && (w.is(i - 1, "close") || w.is(i - 1, "next"));
        if (w.has(i, NP_BREAK | class::RELATIVE | class::CONJUNCTION) && !close_to)
            || verbs[i]
            || (w.is(i, "to") && !close_to)
            || w.is(i, "as")
            || w.is(i, "than")
            || verb_like(w, i)
            || w.has(i, class::OPENER) && i == 0 && !w.has(i, class::PRONOUN_IT | class::DEFINITE)
        {
            break;
        }
        k = i;
    }
    // A phrase does not start with a preposition ("in Russia the report" reads "the report").
    while k < end && w.has(k, class::PREPOSITION) && !w.is(k, "of") {
        k += 1;
        while k < end && !w.has(k, class::DEFINITE | class::INDEFINITE) && !w.capitalised(k) {
            k += 1;
        }
    }
    k
}

/// The phrase after token `from` (an inverted verb's subject, a preposition's object, a passive agent):
/// the end token (exclusive). It takes "of"-, "at"-, "for"- and "in"-phrases and names joined by "and".
pub(crate) fn phrase_forward(w: &Words, from: usize, verbs: &[bool]) -> usize {
    let mut k = from;
    let mut depth = 0i32;
    while k < w.len() && k - from < 16 {
        if !w.is_word(k) {
            match w.word(k) {
                "(" | "[" => depth += 1,
                ")" | "]" if depth > 0 => depth -= 1,
                "'" | "\u{2019}" | "-" | "&" => {}
                _ if depth > 0 => {}
                _ => break,
            }
            k += 1;
            continue;
        }
        if depth > 0 {
            k += 1;
            continue;
        }
        // "according to several sources an Iranian blogger was …": a determiner after a noun starts a clause.
        if k > from
            && w.has(k, class::DEFINITE | class::INDEFINITE)
            && !w.has(
                k - 1,
                class::PREPOSITION | class::CONJUNCTION | class::DEFINITE | class::INDEFINITE,
            )
            && w.is_word(k - 1)
        {
            break;
        }
        let and_name = w.is(k, "and") && (w.capitalised(k + 1) || w.has(k + 1, class::DEFINITE));
        if (w.has(k, NP_BREAK | class::RELATIVE | class::CONJUNCTION) && !and_name)
            || verbs[k]
            || w.is(k, "to")
            || w.is(k, "as")
            || (k > from && w.has(k, class::TIME) && !w.capitalised(k))
        {
            break;
        }
        // After a name, a lower-case word that is no noun of the lists ends it ("said Smith on Monday").
        if w.has(k, class::PREPOSITION)
            && !["of", "at", "for", "in", "from", "with", "on", "by"]
                .iter()
                .any(|p| w.is(k, p))
        {
            break;
        }
        k += 1;
    }
    // Not ending on a preposition or determiner whose object was cut off.
    while k > from
        && (w.has(
            k - 1,
            class::PREPOSITION | class::DEFINITE | class::INDEFINITE,
        ) || !w.is_word(k - 1))
        && !w.is_punct(k - 1, ")")
        && !w.is_punct(k - 1, "]")
    {
        k -= 1;
    }
    k
}

/// The first noun phrase of a clause starting at `start`, read forwards (for a participle's or a second
/// verb's shared subject: "Authorities arrested 43 members, accusing them of …"): determiners, names and
/// nouns of the lists, with "of"-phrases.
pub(crate) fn clause_subject(w: &Words, start: usize, limit: usize) -> Option<Range<usize>> {
    let limit = limit.min(start + 16);
    let mut k = start;
    let nounish = class::DEFINITE
        | class::INDEFINITE
        | class::PEOPLE
        | class::ORGANISATION
        | class::DOCUMENT
        | class::MEDIA
        | class::SPOKES
        | class::TITLE
        | class::NATIONALITY
        | class::PLACE
        | class::PRONOUN_PERSON
        | class::PRONOUN_PLURAL
        | class::PRONOUN_IT
        | class::PRONOUN_WE
        | class::HONORIFIC
        | class::QUANTITY;
    while k < limit {
        let ok = w.is_word(k)
            && (w.capitalised(k)
                || w.has(k, nounish)
                || (w.is(k, "of") && k > start)
                || w.word(k) == "'s"
                || w.word(k).ends_with("'s")
                || w.word(k).ends_with("\u{2019}s"));
        let joiner = !w.is_word(k) && matches!(w.word(k), "'" | "\u{2019}" | "-");
        if !(ok || joiner) {
            break;
        }
        if w.has(
            k,
            class::PRONOUN_PERSON | class::PRONOUN_PLURAL | class::PRONOUN_IT | class::PRONOUN_WE,
        ) {
            k += 1;
            break;
        }
        k += 1;
    }
    while k > start && (w.is(k - 1, "of") || !w.is_word(k - 1)) {
        k -= 1;
    }
    (k > start).then_some(start..k)
}

/// The head noun of the noun phrase `a..b`: its last word before a preposition, relative word, comma or
/// parenthesis; after "of" when the head is a quantity ("a pair of images").
pub(crate) fn head_of(w: &Words, a: usize, b: usize) -> Option<usize> {
    let mut head = None;
    let mut i = a;
    while i < b {
        if !w.is_word(i) {
            // A gloss in parentheses inside the phrase is skipped ("the Land Imager (OLI) mosaics"): the
            // phrase goes on when a word follows it.
            if w.is_punct(i, "(") && head.is_some() {
                if let Some(close) = (i + 1..b.min(i + 6)).find(|&j| w.is_punct(j, ")")) {
                    if close + 1 < b
                        && w.is_word(close + 1)
                        && !w.has(close + 1, class::PREPOSITION)
                    {
                        i = close + 1;
                        continue;
                    }
                }
            }
            if matches!(
                w.word(i),
                "," | "(" | "[" | ";" | ":" | "\u{2013}" | "\u{2014}"
            ) {
                break;
            }
            i += 1;
            continue;
        }
        if w.has(i, class::RELATIVE) && i > a {
            break;
        }
        if w.has(i, class::PREPOSITION) && head.is_some() {
            let quantity = head.is_some_and(|h| w.has(h, class::QUANTITY));
            if quantity && w.is(i, "of") {
                head = None;
                i += 1;
                continue;
            }
            break;
        }
        // A participle or a number after the head ends the noun phrase ("a memo dated Feb. 2", "a study
        // published in").
        let word = w.word(i);
        let prev = w.word(i.saturating_sub(1));
        let modifier_place = i > a
            && (w.has(i - 1, class::DEFINITE | class::INDEFINITE)
                || prev.ends_with("'s")
                || prev.ends_with("\u{2019}s")
                || w.is_adverb(i - 1));
        // A number before a noun of the phrase is a modifier ("this Landsat 7 image").
        // So is one inside a capitalised name ("Orbis 3 Thermal Imager").
        let modifier_number = w.is_word(i + 1)
            && i + 1 < b
            && (w.has(
                i + 1,
                class::DOCUMENT | class::ORGANISATION | class::PEOPLE | class::MEDIA,
            ) || i > a && w.capitalised(i + 1) && w.capitalised(i - 1));
        // A participle of carrying after the head ends the phrase ("Drone footage broadcast on …").
        if head.is_some() && !w.capitalised(i) && w.has(i, class::CARRIED) && !w.is(i, "online") {
            break;
        }
        // A place adverb after the head ends it ("the image above", "officials here").
        if head.is_some() && ["above", "below", "here"].iter().any(|x| w.is(i, x)) {
            break;
        }
        // A time after the head ends the phrase ("a separate report this week").
        if head.is_some()
            && !w.capitalised(i)
            && (w.has(i, class::TIME)
                || w.has(i + 1, class::TIME) && (w.is(i, "this") || w.is(i, "last")))
        {
            break;
        }
        if head.is_some()
            && !modifier_place
            && (word.bytes().all(|b| b.is_ascii_digit()) && !modifier_number
                || !w.capitalised(i) && w.has(i, class::IRREGULAR_PAST)
                || !w.capitalised(i)
                    && ends_ci(word, "ed")
                    && word.len() > 4
                    && !w.has(i, class::DOCUMENT | class::PEOPLE | class::ORGANISATION))
        {
            break;
        }
        if !w.has(i, class::DEFINITE | class::INDEFINITE | class::CONJUNCTION) {
            head = Some(i);
        }
        i += 1;
    }
    head
}

/// Whether the words `a..b` hold a personal name: a capitalised word that is no common word of the lists,
/// not merely a sentence's (or a headline's) capital, not an acronym or a place.
fn name_in(w: &Words, a: usize, b: usize, at_sentence_start: bool) -> Option<usize> {
    let common = class::DEFINITE
        | class::INDEFINITE
        | class::PEOPLE
        | class::ORGANISATION
        | class::DOCUMENT
        | class::MEDIA
        | class::SPOKES
        | class::TITLE
        | class::NATIONALITY
        | class::PLACE
        | class::MONTH
        | class::TIME
        | class::PREPOSITION
        | class::CONJUNCTION
        | class::OPENER
        | class::PRONOUN_PERSON
        | class::PRONOUN_PLURAL
        | class::PRONOUN_IT
        | class::PRONOUN_WE
        | class::QUANTITY
        | class::HONORIFIC
        | class::RELATIVE;
    let mut depth = 0i32;
    for i in a..b {
        if !w.is_word(i) {
            match w.word(i) {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                _ => {}
            }
            continue;
        }
        let possessive = w.word(i).ends_with("'s")
            || w.word(i).ends_with("\u{2019}s")
            || w.is_punct(i + 1, "'")
            || w.is_punct(i + 1, "\u{2019}");
        if depth > 0 || !w.capitalised(i) || w.has(i, common) || acronym(w.word(i)) || possessive {
            continue;
        }
        if LEXICON.mastheads.contains(w.word(i)) {
            continue;
        }
        // The first word of a sentence is capitalised anyway: a name only with another capital after it, or
        // when it is no word of the lists at all and the next word is lower case ("Morris says").
        if i == 0 && at_sentence_start && !w.capitalised(i + 1) && common_plural(w.word(i)) {
            continue;
        }
        // Nor when a lower-case word of the same phrase follows: it modifies that noun ("Recent clashes",
        // "Angry residents").
        if i == 0 && at_sentence_start && i + 1 < b && w.is_word(i + 1) && !w.capitalised(i + 1) {
            continue;
        }
        return Some(i);
    }
    None
}

/// A coined name: a capital inside the word or a digit ("ReliefWeb", "Change4equality"), or a web name.
fn coined_name(word: &str) -> bool {
    word.chars()
        .skip(1)
        .any(|c| c.is_uppercase() || c.is_ascii_digit())
        && !acronym(word)
        || word.contains('.') && word.len() > 4 && !word.ends_with('.')
}

/// All capitals (two letters or more, dots and hyphens allowed): "IMF", "U.N.", "ZANU-PF".
fn acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// Whether the words `a..b` hold an organisation: a body noun, an organisation phrase, an acronym, a
/// capitalised name ending in a body word ("Human Rights Watch"), or a country or capital.
fn body_in(w: &Words, a: usize, b: usize) -> bool {
    (a..b).any(|i| {
        w.has(i, class::ORGANISATION)
            || (w.has(i, class::PLACE) && w.capitalised(i))
            || (acronym(w.word(i)) && !w.has(i, class::NATIONALITY) && w.word(i).len() > 1)
    })
}

/// Whether the words `a..b` name an outlet: a media word or phrase, a masthead, a web address.
fn media_in(w: &Words, a: usize, b: usize) -> bool {
    (a..b).any(|i| {
        let word = w.word(i);
        w.has(i, class::MEDIA)
            || (w.capitalised(i) && LEXICON.mastheads.contains(word))
            || web_address(word)
    })
}

/// A web address as a name ("Kommersant.ru", "Omaha.com"), without allocating.
fn web_address(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() <= 5 || !b.contains(&b'.') {
        return false;
    }
    let name_end = b.iter().position(|&c| c == b'/').unwrap_or(b.len());
    let host = &b[..name_end];
    [
        ".com", ".net", ".org", ".ru", ".co", ".info", ".tv", ".fm", ".uk", ".in", ".cn", ".ir",
    ]
    .iter()
    .any(|d| {
        host.len() > d.len() && host[host.len() - d.len()..].eq_ignore_ascii_case(d.as_bytes())
    })
}

/// Reads the source phrase `region` (tokens) as a kind of party. `first_in_sentence`: whether the region
/// opens the sentence (its first capital may be the sentence's).
pub(crate) fn classify(
    w: &Words,
    region: Range<usize>,
    memory: &Memory,
    anonymity: bool,
) -> Reading {
    let (a, b) = (region.start, region.end.min(w.len()));
    // Conv. 2 by analogy: one attribution to coordinated parties of different kinds ("Several sites and
    // bloggers reported", "the ministry and residents said") is as strong as the weaker of them.
    if let Some(and) = coordinating_and(w, a, b) {
        let first = classify_one(w, a..and, memory, anonymity);
        let second = classify_one(w, and + 1..b, memory, anonymity);
        let weaker = |r: &Reading| match r.kind {
            ClaimSourceKind::NamedPerson | ClaimSourceKind::NamedOrganization => 0,
            ClaimSourceKind::Document => 1,
            ClaimSourceKind::Anonymous => 2,
            ClaimSourceKind::OtherMedia => 3,
            ClaimSourceKind::OwnVoice | ClaimSourceKind::NotAClaim => 4,
        };
        let mut r = if weaker(&second) > weaker(&first) {
            second
        } else {
            first
        };
        r.plural = true;
        return r;
    }
    classify_one(w, region, memory, anonymity)
}

/// The token of an "and" joining two parties in the core of a source phrase (before its first top-level
/// comma, relative word or bracket), when a lower-case word stands on either side of it: "Iranian sites and
/// bloggers", not "Procter and Gamble" or "the Ministry of Trade and Industry", which are one name.
fn coordinating_and(w: &Words, a: usize, b: usize) -> Option<usize> {
    let mut depth = 0i32;
    for i in a..b {
        if !w.is_word(i) {
            match w.word(i) {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                "," if depth == 0 => return None,
                _ => {}
            }
            continue;
        }
        if depth > 0 || i == a {
            continue;
        }
        if w.has(i, class::RELATIVE) {
            return None;
        }
        if w.is(i, "and") && i + 1 < b {
            let lower = |j: usize| w.is_word(j) && !w.capitalised(j);
            let before = (a..i).rev().find(|&j| w.is_word(j));
            let after = (i + 1..b).find(|&j| w.is_word(j));
            return (before.is_some_and(lower) || after.is_some_and(lower)).then_some(i);
        }
    }
    None
}

fn classify_one(w: &Words, region: Range<usize>, memory: &Memory, anonymity: bool) -> Reading {
    let (a, b) = (region.start, region.end.min(w.len()));
    let mut reading = Reading {
        kind: ClaimSourceKind::Anonymous,
        head: None,
        plural: false,
        human: true,
    };
    if a >= b {
        return reading;
    }
    if anonymity {
        return reading;
    }
    // A lone pronoun: what it refers to (conv. 10).
    let words = (a..b).filter(|&i| w.is_word(i)).count();
    if words == 1 {
        let i = (a..b).find(|&i| w.is_word(i)).unwrap_or(a);
        if w.has(i, class::PRONOUN_PERSON) {
            reading.kind = memory.person().unwrap_or(ClaimSourceKind::NamedPerson);
            return reading;
        }
        if w.has(i, class::PRONOUN_PLURAL) {
            reading.plural = true;
            reading.kind = memory.plural.unwrap_or(ClaimSourceKind::Anonymous);
            return reading;
        }
        if w.has(i, class::PRONOUN_IT) {
            reading.human = false;
            reading.kind = memory.thing.unwrap_or(ClaimSourceKind::NamedOrganization);
            return reading;
        }
        if w.has(i, class::PRONOUN_WE) {
            reading.plural = true;
            reading.kind = memory.we.unwrap_or(ClaimSourceKind::NamedOrganization);
            return reading;
        }
    }
    // Conv. 4: marked unnamed ("an unnamed official", "people familiar with the talks", "a person close to
    // the minister", "who asked not to be named").
    let unnamed = (a..b).any(|i| {
        w.has(i, class::UNNAMED)
            || (w.is(i, "familiar") && w.is(i + 1, "with"))
            || (w.is(i, "close") && w.is(i + 1, "to"))
            || (w.is(i, "knowledge") && w.is(i + 1, "of"))
            || (w.is(i, "not") && (w.is(i + 1, "authorized") || w.is(i + 1, "authorised")))
            || (w.is(i, "be") && (w.is(i + 1, "named") || w.is(i + 1, "identified")) && i > a)
    });
    if unnamed {
        return reading;
    }
    // The core noun phrase: up to the first top-level comma, relative word or parenthesis.
    let mut core_end = b;
    let mut depth = 0i32;
    for i in a..b {
        match w.word(i) {
            "(" | "[" if !w.is_word(i) => depth += 1,
            ")" | "]" if !w.is_word(i) => depth -= 1,
            "," if !w.is_word(i) && depth == 0 => {
                core_end = i;
                break;
            }
            _ if w.has(i, class::RELATIVE) && i > a && depth == 0 => {
                core_end = i;
                break;
            }
            _ => {}
        }
    }
    let mut start = a;
    while start < core_end && (w.has(start, class::OPENER) && !w.has(start, class::DEFINITE)) {
        start += 1;
    }
    // "at least four villagers", "one of the activists", "some of the experts".
    let mut quantified = false;
    if w.is(start, "at") && (w.is(start + 1, "least") || w.is(start + 1, "most")) {
        start += 2;
        quantified = true;
    }
    let det_definite = w.has(start, class::DEFINITE);
    let det_indefinite = quantified
        || w.has(start, class::INDEFINITE)
        || w.word(start).bytes().all(|c| c.is_ascii_digit());
    let head = head_of(w, start, core_end);
    reading.head = head;
    let head_word = head.map_or("", |h| w.word(h));
    let plural_head = head_word.len() > 3
        && head_word.ends_with('s')
        && !head_word.ends_with("ss")
        && !w.has(head.unwrap_or(a), class::PLACE);
    // "Police" and "people" take a plural verb, so "they" may refer back to them (conv. 10).
    let plural_head = plural_head
        || head_word.eq_ignore_ascii_case("police")
        || head_word.eq_ignore_ascii_case("people");
    reading.plural = plural_head;
    let head_has = |c: u64| head.is_some_and(|h| w.has(h, c));
    let at_start = a == 0;
    // Conv. 4: in a title-case headline capitals name nothing, so a party with an indefinite article ("A
    // Former Soldier Says", "A Protest Group Claims") is as unnamed as in running text.
    let headline_indefinite =
        det_indefinite && !quantified && w.capitalised(start + 1) && w.title_case();
    let name = if headline_indefinite {
        None
    } else {
        name_in(w, a, b, at_start)
    };

    // Conv. 4, 6: a bare name is what its appositive says it is ("Tarvo, a semi-official news agency," is an
    // outlet; "Kestrel Line, a shipping group," a body), as a person's title would make it a person.
    if core_end < b
        && w.is_punct(core_end, ",")
        && (start..core_end).all(|i| !w.is_word(i) || w.capitalised(i))
        && w.has(core_end + 1, class::INDEFINITE | class::DEFINITE)
    {
        let ap = core_end + 1;
        let ap_end = (ap..b).find(|&i| w.is_punct(i, ",")).unwrap_or(b);
        if let Some(h) = head_of(w, ap, ap_end) {
            let body_head = w.has(h, class::ORGANISATION | class::MEDIA)
                && !w.has(h, class::PEOPLE | class::TITLE | class::SPOKES);
            if body_head {
                reading.human = false;
                reading.head = Some(h);
                reading.kind = if media_in(w, ap, h + 1) {
                    ClaimSourceKind::OtherMedia
                } else {
                    ClaimSourceKind::NamedOrganization
                };
                return reading;
            }
        }
    }

    // Conv. 10: a bare definite description ("The agency says", "the study adds") refers back to the party
    // last read with that head, whatever its word class would say alone.
    let bare_definite = det_definite
        && head.is_some_and(|h| h == start + 1 && (h + 1 == core_end || !w.is_word(h + 1)))
        && core_end == b.min(core_end);
    if bare_definite && name.is_none() {
        if let Some(k) = memory.head_kind(head_word) {
            reading.kind = k;
            reading.human = matches!(k, ClaimSourceKind::NamedPerson | ClaimSourceKind::Anonymous);
            return reading;
        }
    }

    // Conv. 5: a statement is its body speaking, not a document ("A government statement on Monday did
    // not address …", "The statement said"): on record.
    if head_word.eq_ignore_ascii_case("statement") {
        reading.human = false;
        reading.kind = ClaimSourceKind::NamedOrganization;
        return reading;
    }

    // Conv. 5: records, images, models; conv. 6: a news organisation's report is other media.
    let core_has = |c: u64| (start..core_end).any(|i| w.has(i, c));
    let doc_head = head_has(class::DOCUMENT);
    if doc_head {
        reading.human = false;
        let unspecified_reports = head_word.eq_ignore_ascii_case("reports") && !det_definite;
        let story = head_has(class::STORY);
        // Carried or seen by an outlet, a document stays one ("seen by this newspaper", "posted online").
        let seen = (a..b).any(|i| {
            w.has(i, class::CARRIED)
                && (w.is(i, "online") || ["by", "with", "on"].iter().any(|p| w.is(i + 1, p)))
        }) || (a..b).any(|i| w.is(i, "social") && w.is(i + 1, "media"));
        // The owner of the document: an outlet before the head ("a Reuters report") or right after it ("a
        // report by the BBC", "a report in Le Monde"); a study published in a journal stays a document.
        let h = head.unwrap_or(start);
        // A media word inside the document's own capitalised title ("the Global News Media Report") is no
        // owner.
        let title_from = (start..h)
            .rev()
            .take_while(|&i| w.is_word(i) && w.capitalised(i) || digits_only(w.word(i)))
            .last();
        let owner_until = if w.capitalised(h) {
            title_from.unwrap_or(h)
        } else {
            h
        };
        let owner_before = media_in(w, start, owner_until);
        let owner_after =
            ["by", "from", "in", "of"].iter().any(|p| w.is(h + 1, p)) && media_in(w, h + 2, b);
        let owner_is_media = !seen && !head_has(class::RECORD) && (owner_before || owner_after);
        reading.kind = if unspecified_reports || story || owner_is_media {
            ClaimSourceKind::OtherMedia
        } else if det_definite && head.is_some() {
            memory
                .head_kind(head_word)
                .filter(|k| *k == ClaimSourceKind::OtherMedia || *k == ClaimSourceKind::Document)
                .unwrap_or(ClaimSourceKind::Document)
        } else {
            ClaimSourceKind::Document
        };
        return reading;
    }

    // A capitalised people word inside a name names a body ("the U.S. Coast Guard").
    let named_body = !headline_indefinite
        && head.is_some_and(|h| h > start && w.capitalised(h))
        && capital_name_run(w, start, core_end);
    // Conv. 4: a capitalised plural of people heading a name (a spokesperson word too) is the body it names ("the Harbour Lawyers
    // for Fair Pay", "Engineers Without Walls"), not a person.
    if named_body
        && plural_head
        && (head_has(class::TITLE | class::PEOPLE) || common_plural(head_word))
    {
        reading.kind = ClaimSourceKind::NamedOrganization;
        reading.human = false;
        return reading;
    }
    // Conv. 4: a spokesperson speaks for the body; named, a person.
    if head_has(class::SPOKES) || core_has(class::SPOKES) {
        reading.kind = if name.is_some() {
            ClaimSourceKind::NamedPerson
        } else {
            ClaimSourceKind::NamedOrganization
        };
        return reading;
    }

    // Conv. 6: outlets, their sources and staff; "social media" is its users.
    let social_media = (a..b).any(|i| w.is(i, "social") && w.is(i + 1, "media"));
    if social_media && !(a..b).any(|i| w.is(i, "posted")) {
        reading.plural = true;
        return reading;
    }
    let media_core = media_in(w, start, core_end);
    if media_core {
        let staff = head_has(class::PEOPLE) && !head_has(class::MEDIA_STAFF);
        if !staff {
            reading.human = false;
            reading.kind = if w.is(a, "our") {
                ClaimSourceKind::NamedPerson
            } else {
                ClaimSourceKind::OtherMedia
            };
            return reading;
        }
    }

    // Conv. 4: sources of any kind are unnamed ("party sources", "a source at the federation").
    if head_has(class::SOURCE_WORD) {
        reading.plural = plural_head;
        return reading;
    }
    // Conv. 6: the outlet's own correspondent is no other medium; the writer's side names them.
    if w.is(start, "our") && head_has(class::PEOPLE | class::TITLE) {
        reading.kind = ClaimSourceKind::NamedPerson;
        return reading;
    }
    // Conv. 4: people described, not named, unless a name or an identified body goes with them.
    if !named_body
        && (head_has(class::PEOPLE) && !head_has(class::TITLE)
            || head_has(class::PEOPLE) && plural_head)
    {
        if name.is_some_and(|n| n > head.unwrap_or(a)) && !plural_head {
            reading.kind = ClaimSourceKind::NamedPerson;
            return reading;
        }
        if let Some(n) = name {
            // "two officials, military spokesman X and …": an appositive naming them. A name in a relative
            // clause names something else ("authorities in the region which controls Garaad village").
            if (core_end..b).contains(&n) && w.is_punct(core_end, ",") {
                reading.kind = ClaimSourceKind::NamedPerson;
                return reading;
            }
        }
        let h = head.unwrap_or(a);
        // Members of an identified body: "U.N. officials", "Kampot court officials", "experts at the
        // Army's laboratory", "members of the dockers' union".
        // Before the head only for people who speak for the body ("party officials", not "Communist party
        // scholars").
        let speaks_for = head_has(class::SPEAKS_FOR);
        let modifier_names_body = speaks_for
            && (start..h).any(|i| {
                w.is_word(i)
                    && !w.has(i, class::NATIONALITY | class::DEFINITE | class::INDEFINITE)
                    && !w.has(i, class::GENERIC)
                    && (acronym(w.word(i))
                        || w.capitalised(i) && i > 0
                        || w.has(i, class::ORGANISATION))
            });
        let after_of_body = w.has(h + 1, class::PREPOSITION)
            && ["of", "at", "from", "with", "for"]
                .iter()
                .any(|p| w.is(h + 1, p))
            && identified_body(w, h + 2, core_end.max(b.min(h + 12)));
        // One unnamed member of a body is not the body ("a Harbour Party activist").
        let one = !plural_head && (w.is(start, "a") || w.is(start, "an") || w.is(start, "one"));
        if (modifier_names_body || after_of_body) && !one {
            reading.kind = if media_in(w, h + 1, b) && !body_in(w, h + 1, b) {
                ClaimSourceKind::OtherMedia
            } else {
                ClaimSourceKind::NamedOrganization
            };
            return reading;
        }
        if det_definite {
            if let Some(k) = memory.head_kind(head_word) {
                reading.kind = k;
                return reading;
            }
            // Conv. 10: "The blogger says" after a sentence naming him is that person.
            if bare_definite && !plural_head {
                if let Some(k) = memory.person() {
                    reading.kind = k;
                    return reading;
                }
            }
        }
        // "A", "an", "one", "another", "each" and "every" count one; the other indefinites ("some", "several",
        // "two") a group.
        let singular = ["a", "an", "one", "another", "each", "every"]
            .iter()
            .any(|d| w.is(start, d));
        reading.plural = plural_head || det_indefinite && !singular;
        return reading;
    }

    // Conv. 4: an office-holder named, or uniquely identified, is a person; an indefinite one is not.
    if head_has(class::TITLE) || core_has(class::TITLE) && !head_has(class::ORGANISATION) {
        // A name counts from the head on ("activist Iyad El-Baghdadi"); before it, it names a body ("a Zanu
        // PF activist").
        if name.is_some_and(|n| head.is_none_or(|h| n >= h)) {
            reading.kind = ClaimSourceKind::NamedPerson;
            return reading;
        }
        if det_indefinite {
            return reading;
        }
        let h = head.unwrap_or(a);
        let of_unnamed = w.is(h + 1, "of") && w.has(h + 2, class::INDEFINITE);
        reading.kind = if of_unnamed {
            ClaimSourceKind::Anonymous
        } else if det_definite {
            memory
                .head_kind(head_word)
                .unwrap_or(ClaimSourceKind::NamedPerson)
        } else {
            ClaimSourceKind::NamedPerson
        };
        return reading;
    }

    // A group of nationality ("Zimbabweans") is people, unnamed.
    if head_has(class::NATIONALITY) && plural_head {
        reading.plural = true;
        return reading;
    }

    // Conv. 4: bodies — a government, a party, an NGO, a court, a country or capital for its government.
    let body = body_in(w, start, core_end);
    if body {
        reading.human = false;
        let group_word = ["groups", "group", "organizations", "organisations"]
            .iter()
            .any(|g| head_word.eq_ignore_ascii_case(g))
            || plural_head
                && head_has(class::ORGANISATION)
                && !head_has(class::PLACE)
                && !["prosecutors", "forces", "police"]
                    .iter()
                    .any(|x| head_word.eq_ignore_ascii_case(x));
        let unnamed = det_indefinite
            && (headline_indefinite || name.is_none_or(|_| !capital_name_run(w, start, core_end)))
            || group_word
                && name.is_none()
                && !det_definite
                && !(start..core_end).any(|i| acronym(w.word(i)));
        reading.kind = if unnamed {
            reading.plural = group_word && plural_head;
            reading.human = true;
            ClaimSourceKind::Anonymous
        } else {
            ClaimSourceKind::NamedOrganization
        };
        return reading;
    }

    // A name: a person's, unless it reads as a body's.
    if let Some(n) = name {
        let run_end = (n..b)
            .find(|&i| !w.capitalised(i) && !w.is_punct(i, "-"))
            .unwrap_or(b);
        let single = run_end - n == 1;
        let earlier = memory.head_kind(w.word(n));
        // "The Brotherhood", and a coined single word ("ReliefWeb", "antizapret.info"), name bodies.
        let coined = single && coined_name(w.word(n));
        reading.kind = match earlier {
            Some(k) if single => k,
            // "The Brotherhood", "the Pakistani Taliban": a name after "the" (and nationalities) is a body's.
            _ if det_definite
                && (start + 1..n).all(|i| w.has(i, class::NATIONALITY | class::PLACE))
                || coined =>
            {
                reading.human = false;
                ClaimSourceKind::NamedOrganization
            }
            _ => ClaimSourceKind::NamedPerson,
        };
        reading.head = Some(run_end.saturating_sub(1).max(n));
        return reading;
    }

    // Nothing known: a definite reference is a body named before; a plural of people is unnamed.
    if det_indefinite || common_plural(head_word) {
        reading.plural = common_plural(head_word);
        return reading;
    }
    reading.human = false;
    reading.kind = if det_definite {
        memory
            .head_kind(head_word)
            .unwrap_or(ClaimSourceKind::NamedOrganization)
    } else {
        ClaimSourceKind::NamedOrganization
    };
    reading
}

/// Whether the words from `a` name an identified body: a definite or capitalised noun phrase with a body
/// word, a name or an acronym.
fn identified_body(w: &Words, a: usize, b: usize) -> bool {
    if a >= b {
        return false;
    }
    let end = (a..b)
        .find(|&i| !w.is_word(i) && !matches!(w.word(i), "'" | "\u{2019}" | "-" | "(" | ")"))
        .unwrap_or(b);
    if w.has(a, class::INDEFINITE) {
        return false;
    }
    let capital = (a..end).any(|i| {
        w.capitalised(i) && !w.has(i, class::DEFINITE | class::NATIONALITY | class::PLACE)
    });
    let place_only = (a..end).all(|i| {
        !w.is_word(i)
            || w.has(i, class::PLACE | class::DEFINITE | class::PREPOSITION)
            || w.is(i, "region")
            || w.is(i, "province")
            || w.is(i, "area")
    });
    !place_only && (capital || w.has(a, class::DEFINITE) && body_in(w, a, end))
}

/// Whether `a..b` holds a run of two or more capitalised words (a proper name of a body).
fn capital_name_run(w: &Words, a: usize, b: usize) -> bool {
    (a..b.saturating_sub(1)).any(|i| {
        w.capitalised(i)
            && w.capitalised(i + 1)
            && !w.has(i, class::DEFINITE | class::INDEFINITE | class::NATIONALITY)
    })
}

/// A plural of a common noun for people ("firefighters", "scientists", "residents").
pub(crate) fn common_plural(word: &str) -> bool {
    let w = word.as_bytes();
    [
        "ers", "ists", "ants", "ents", "ians", "ors", "ees", "ives", "men", "ites", "ans",
    ]
    .iter()
    .any(|s| w.len() > s.len() + 2 && w[w.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::tokens::{classes_into, tokenize};
    use super::*;

    fn kind_of(sentence: &str, phrase: &str) -> ClaimSourceKind {
        let toks = tokenize(sentence);
        let mut cls = Vec::new();
        classes_into(sentence, &toks, &mut cls);
        let w = Words {
            text: sentence,
            toks: &toks,
            cls: &cls,
        };
        let at = sentence.find(phrase).unwrap();
        let a = w.token_at(at);
        let b = w.token_at(at + phrase.len());
        classify(&w, a..b, &Memory::default(), false).kind
    }

    /// One invented phrase per rule of conventions 4–6 and 10.
    #[test]
    fn sources_are_classified_by_the_conventions() {
        use ClaimSourceKind::*;
        let cases: &[(&str, &str, ClaimSourceKind)] = &[
            // Conv. 4: named people, office-holders, spokespeople, members of a body, the unnamed.
            ("Ana Ruiz said so.", "Ana Ruiz", NamedPerson),
            // A capitalised plural of people heading a name is a body; so is a name after "the" and a
            // nationality; "the military" is an institution.
            (
                "The Harbour Lawyers for Fair Pay said so.",
                "The Harbour Lawyers for Fair Pay",
                NamedOrganization,
            ),
            (
                "The Nepali Sangharsha says so.",
                "The Nepali Sangharsha",
                NamedOrganization,
            ),
            ("The military says so.", "The military", NamedOrganization),
            // Conv. 4: a name inside a relative clause does not name the people described.
            (
                "Authorities in the region which controls Garaad village said so.",
                "Authorities in the region which controls Garaad village",
                Anonymous,
            ),
            // A bare name is what its appositive says it is.
            (
                "Tarvo, a semi-official news agency, reported it.",
                "Tarvo, a semi-official news agency",
                OtherMedia,
            ),
            (
                "Kestrel Line, a shipping group, said so.",
                "Kestrel Line, a shipping group",
                NamedOrganization,
            ),
            // Conv. 5: a statement is its body speaking.
            (
                "A council statement did not address it.",
                "A council statement",
                NamedOrganization,
            ),
            // Conv. 5: a gloss in parentheses and a number inside a name leave the head a record's.
            (
                "Lyra 9 Wide Field Imager (WFI) mosaics show the land.",
                "Lyra 9 Wide Field Imager (WFI) mosaics",
                Document,
            ),
            // A time after the head ends the phrase.
            (
                "A separate report this week dealt with it.",
                "A separate report this week",
                Document,
            ),
            // A participle of carrying after the head ends the phrase: the record is the head.
            (
                "Amateur video aired on opposition media showed it.",
                "Amateur video aired on opposition media",
                Document,
            ),
            (
                "Press Secretary Jo Lin said so.",
                "Press Secretary Jo Lin",
                NamedPerson,
            ),
            (
                "The country's foreign minister said so.",
                "The country's foreign minister",
                NamedPerson,
            ),
            ("A minister said so.", "A minister", Anonymous),
            (
                "A spokesman for the port authority said so.",
                "A spokesman for the port authority",
                NamedOrganization,
            ),
            (
                "Harbour spokesman Teo Vance said so.",
                "Harbour spokesman Teo Vance",
                NamedPerson,
            ),
            (
                "Party officials said so.",
                "Party officials",
                NamedOrganization,
            ),
            (
                "U.N. officials said so.",
                "U.N. officials",
                NamedOrganization,
            ),
            (
                "Members of the Dockers' Union said so.",
                "Members of the Dockers' Union",
                NamedOrganization,
            ),
            (
                "Experts at the Coastal Research Laboratory said so.",
                "Experts at the Coastal Research Laboratory",
                NamedOrganization,
            ),
            ("Officials said so.", "Officials", Anonymous),
            ("U.S. officials said so.", "U.S. officials", Anonymous),
            (
                "Military officials said so.",
                "Military officials",
                Anonymous,
            ),
            (
                "Chinese authorities said so.",
                "Chinese authorities",
                Anonymous,
            ),
            (
                "Authorities in the northern province said so.",
                "Authorities in the northern province",
                Anonymous,
            ),
            (
                "Rebels in the north say so.",
                "Rebels in the north",
                Anonymous,
            ),
            ("Eyewitnesses said so.", "Eyewitnesses", Anonymous),
            (
                "At least six villagers say so.",
                "At least six villagers",
                Anonymous,
            ),
            ("Zimbabweans agree.", "Zimbabweans", Anonymous),
            ("Local groups say so.", "Local groups", Anonymous),
            (
                "A leading rights group said so.",
                "A leading rights group",
                Anonymous,
            ),
            (
                "The government said so.",
                "The government",
                NamedOrganization,
            ),
            ("Local police said so.", "Local police", NamedOrganization),
            ("Lisbon rejected the offer.", "Lisbon", NamedOrganization),
            (
                "Human Rights Watch said so.",
                "Human Rights Watch",
                NamedOrganization,
            ),
            // Conv. 5: documents, records that are not texts, and a newspaper's report.
            ("The audit found gaps.", "The audit", Document),
            (
                "This satellite image shows the flood.",
                "This satellite image",
                Document,
            ),
            (
                "Climate models project more rain.",
                "Climate models",
                Document,
            ),
            (
                "A pair of images shows the flood.",
                "A pair of images",
                Document,
            ),
            (
                "Footage posted online shows the raid.",
                "Footage posted online",
                Document,
            ),
            (
                "A report by the Daily Sentinel said so.",
                "A report by the Daily Sentinel",
                OtherMedia,
            ),
            // Conv. 6: other media.
            (
                "The Daily Sentinel reported the raid.",
                "The Daily Sentinel",
                OtherMedia,
            ),
            ("State television said so.", "State television", OtherMedia),
            (
                "Opposition websites say so.",
                "Opposition websites",
                OtherMedia,
            ),
            (
                "Unconfirmed reports said so.",
                "Unconfirmed reports",
                OtherMedia,
            ),
            (
                "Our correspondent reports the raid.",
                "Our correspondent",
                NamedPerson,
            ),
            (
                "Social media are accusing the board.",
                "Social media",
                Anonymous,
            ),
        ];
        for (sentence, phrase, kind) in cases {
            assert_eq!(
                kind_of(sentence, phrase),
                *kind,
                "{phrase:?} in {sentence:?}"
            );
        }
    }

    #[test]
    fn pronouns_and_definite_references_take_the_kind_of_what_they_refer_to() {
        let sentence = "It said so.";
        let toks = tokenize(sentence);
        let mut cls = Vec::new();
        classes_into(sentence, &toks, &mut cls);
        let w = Words {
            text: sentence,
            toks: &toks,
            cls: &cls,
        };
        let mut memory = Memory::default();
        assert_eq!(
            classify(&w, 0..1, &memory, false).kind,
            ClaimSourceKind::NamedOrganization
        );
        memory.remember(ClaimSourceKind::Document, false, false);
        assert_eq!(
            classify(&w, 0..1, &memory, false).kind,
            ClaimSourceKind::Document
        );
    }
}
