//! Sentence splitting for news copy: byte spans of sentences, nothing else.
//!
//! A hand-written splitter over the bytes of the input, not the `sentencex` crate. `sentencex` 0.1.33 was tried
//! on our traps: it handles "Mr.", "U.S.", "Jan. 3", "5 p.m." and `."` + lowercase well, but it joins a
//! headline to the sentence under it ("Storm hits coast\nThe storm hit…" came back as one sentence), its spans
//! carry trailing whitespace and a paragraph break as sentences of their own, and it brings `regex`, `clap` and
//! `strum` into the build as normal dependencies. What we need is small (periods, quotes, newlines, a list of
//! abbreviations) and must give exact, trimmed byte offsets in one linear pass, so it is written here.
//!
//! The rules, in the order they are tried:
//! - a blank line (only spaces, tabs or `\r` between two `\n`) always ends a sentence;
//! - a line that begins a sentence and has no terminal punctuation is a sentence of its own (a headline, a
//!   sub-heading, a list item) when it looks like a heading: it does not end in a comma, a dash or a function
//!   word ("the", "of", "said" …), and either the next line starts like a new sentence (capital, digit, quote
//!   or bullet) or the line itself is short — at most eight words and 60 bytes, starting with a capital, a
//!   digit or a quote — so "Storm hits coast" stays a heading even when the line under it starts in lower
//!   case. Hard-wrapped prose is not cut: its lines start mid-sentence, end in a function word, or are long
//!   and followed by a lower-case line;
//! - a run of `.` `!` `?` `…`, with any closing quotes or brackets after it, ends a sentence when whitespace and
//!   then a character that is not a lowercase letter follow (so `."` + `the company said` stays one sentence,
//!   and "3.5" or "U.S.A" never split);
//! - a single `.` after a title ("Mr.", "Gen."), an initial ("J."), "No." or a month before a number never
//!   ends a sentence; after "Inc.", "U.S.", "p.m." and other abbreviations that can close a sentence, it ends
//!   one only before a common sentence opener ("The", "He", "But" …);
//! - a bullet marker (`-`, `*`, `•`, `–`, `1.`, `2)`) at the start of a line is left out of the sentence.

use std::ops::Range;
use std::sync::LazyLock;

use super::lexicon::WordTable;

/// Titles and abbreviations after which a period never ends a sentence.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "mssrs", "messrs", "dr", "prof", "rev", "gen", "sen", "rep", "reps", "gov",
    "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "hon", "pres", "supt", "det", "insp", "fr",
    "vs", "v", "cf", "e.g", "i.e", "approx", "ca", "fig", "vol", "ch", "pp", "op", "art", "sec",
    "st", "mt", "ft", "ave", "gov't",
];

/// Months: no break before a number ("Jan. 3"), otherwise like [`CAN_BE_FINAL`].
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Abbreviations that may close a sentence: a break only before a common sentence opener.
const CAN_BE_FINAL: &[&str] = &[
    "inc", "corp", "ltd", "co", "jr", "sr", "etc", "a.m", "p.m", "bros", "llc", "plc", "dept",
    "govt", "assn", "blvd", "rd", "no", "nos", "est", "al",
];

/// Words that commonly open a sentence; after an ambiguous abbreviation, one of these means a new sentence.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "but",
    "and",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "however",
    "meanwhile",
    "police",
    "officials",
    "what",
    "why",
    "how",
    "who",
    "for",
    "by",
    "from",
    "with",
    "during",
    "since",
    "some",
    "many",
    "one",
    "two",
    "yet",
    "so",
    "also",
    "still",
    "no",
    "not",
    "both",
    "each",
    "all",
    "according",
    "last",
    "earlier",
    "later",
    "critics",
    "sources",
    "shares",
    "it's",
    "neither",
    "under",
];

/// Function words that do not end a headline: a line ending in one is hard-wrapped prose.
const CONTINUING: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "or", "but", "in", "on", "at", "for", "with", "by",
    "from", "that", "which", "who", "is", "are", "was", "were", "has", "have", "had", "be", "as",
    "than", "said", "says", "its", "his", "her", "their", "our", "this", "these", "those", "into",
    "about", "after", "before", "not", "will", "would", "could", "should", "may", "might", "can",
    "also", "if", "when", "while", "because",
];

/// The byte spans of the sentences of `input`, in order; see the module doc for the rules.
pub fn split(input: &str) -> Vec<Range<usize>> {
    Splitter::new(input).collect()
}

/// A lazy, linear sentence splitter; [`split`] collects it.
#[derive(Debug, Clone)]
pub struct Splitter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Splitter<'a> {
    /// Starts splitting `text` from its beginning.
    pub fn new(text: &'a str) -> Self {
        Splitter { text, pos: 0 }
    }
}

impl Iterator for Splitter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        loop {
            let mut start = self.pos;
            while start < bytes.len() && bytes[start].is_ascii_whitespace() {
                start += 1;
            }
            if start >= bytes.len() {
                self.pos = bytes.len();
                return None;
            }
            let at_line_start = start == 0 || line_start_before(bytes, start);
            if at_line_start {
                start = skip_bullet(bytes, start);
            }
            let (end, next) = find_end(bytes, start, at_line_start);
            self.pos = next.max(start + 1).min(bytes.len());
            // Trim with the Unicode notion of whitespace too (a no-break space, an ideographic space).
            let piece = &self.text[start..end];
            let trimmed_start = piece.trim_start();
            let lead = piece.len() - trimmed_start.len();
            let trimmed = trimmed_start.trim_end();
            if !trimmed.is_empty() {
                let s = start + lead;
                return Some(s..s + trimmed.len());
            }
        }
    }
}

/// Whether only spaces and tabs stand between the previous newline and `at`.
fn line_start_before(bytes: &[u8], at: usize) -> bool {
    let mut i = at;
    while i > 0 {
        match bytes[i - 1] {
            b'\n' => return true,
            b' ' | b'\t' | b'\r' => i -= 1,
            _ => return false,
        }
    }
    true
}

/// The length of a bullet marker and its following space at `at`, or 0.
fn bullet_len(bytes: &[u8], at: usize) -> usize {
    let rest = &bytes[at..];
    let marker = match rest {
        [b'-' | b'*' | b'+', ..] => 1,
        [0xE2, 0x80, 0xA2 | 0x93 | 0x94, ..] => 3, // • – —
        [0xC2, 0xB7, ..] => 2,                     // ·
        [d, b'.' | b')', ..] if d.is_ascii_digit() => 2,
        [d1, d2, b'.' | b')', ..] if d1.is_ascii_digit() && d2.is_ascii_digit() => 3,
        _ => return 0,
    };
    match rest.get(marker) {
        Some(b' ' | b'\t') => marker + 1,
        _ => 0,
    }
}

/// Skips a bullet marker at `at` and the spaces after it.
fn skip_bullet(bytes: &[u8], at: usize) -> usize {
    let len = bullet_len(bytes, at);
    if len == 0 {
        return at;
    }
    let mut i = at + len;
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    if i >= bytes.len() || bytes[i] == b'\n' || bytes[i] == b'\r' {
        at // a lone dash is not a bullet
    } else {
        i
    }
}

/// Finds where the sentence starting at `start` ends: (end of its text, where scanning resumes).
fn find_end(bytes: &[u8], start: usize, at_line_start: bool) -> (usize, usize) {
    let mut first_line = true;
    let mut i = start;
    loop {
        i = next_special(bytes, i);
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            b'\n' => {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j >= bytes.len() || bytes[j] == b'\n' {
                    return (i, j);
                }
                if bullet_len(bytes, j) > 0 && skip_bullet(bytes, j) != j {
                    return (i, j);
                }
                if at_line_start
                    && first_line
                    && is_heading_line(bytes, start, i)
                    && (starts_like_sentence(bytes, j) || is_short_line(bytes, start, i))
                {
                    return (i, j);
                }
                first_line = false;
                i = j;
            }
            b'.' | b'!' | b'?' => {
                if let Some(end) = terminal_at(bytes, start, i) {
                    return (end, end);
                }
                i = skip_run(bytes, i);
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => {
                if let Some(end) = terminal_at(bytes, start, i) {
                    return (end, end);
                }
                i = skip_run(bytes, i);
            }
            _ => i += 1,
        }
    }
    (bytes.len(), bytes.len())
}

/// Whether `b` can matter to [`find_end`]: a newline, a terminal mark or the first byte of `…`.
#[inline]
fn is_special(b: u8) -> bool {
    matches!(b, b'\n' | b'.' | b'!' | b'?' | 0xE2)
}

/// The first index at or after `i` holding a byte that [`is_special`], or `bytes.len()`. Eight bytes are
/// tested at a time: a byte equal to one of the five gives a zero byte after an XOR, found with the usual
/// bit trick (which may also flag a byte above a true zero; the byte loop after it sorts that out).
#[inline]
fn next_special(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let hit = has_zero(x ^ (ONES * u64::from(b'\n')))
            | has_zero(x ^ (ONES * u64::from(b'.')))
            | has_zero(x ^ (ONES * u64::from(b'!')))
            | has_zero(x ^ (ONES * u64::from(b'?')))
            | has_zero(x ^ (ONES * 0xE2));
        if hit != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !is_special(bytes[i]) {
        i += 1;
    }
    i
}

/// Length of a terminal mark (`.`, `!`, `?`, `…`) at `i`, or 0.
fn terminal_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'.' | b'!' | b'?') => 1,
        Some(0xE2) if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => 3,
        _ => 0,
    }
}

/// Length of a closing quote or bracket at `i`, or 0.
fn closer_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'"' | b'\'' | b')' | b']') => 1,
        Some(0xE2)
            if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x9D | 0x99)) =>
        {
            3
        }
        Some(0xC2) if bytes.get(i + 1) == Some(&0xBB) => 2,
        _ => 0,
    }
}

/// The index after the run of terminal marks starting at `i`.
fn skip_run(bytes: &[u8], mut i: usize) -> usize {
    loop {
        let n = terminal_len(bytes, i);
        if n == 0 {
            return i;
        }
        i += n;
    }
}

/// If the terminal run at `i` ends the sentence, the end of the sentence (after any closing quotes).
fn terminal_at(bytes: &[u8], start: usize, i: usize) -> Option<usize> {
    let run_end = skip_run(bytes, i);
    let mut end = run_end;
    loop {
        let n = closer_len(bytes, end);
        if n == 0 {
            break;
        }
        end += n;
    }
    if end >= bytes.len() {
        return Some(end);
    }
    if !bytes[end].is_ascii_whitespace() {
        return None;
    }
    let mut next = end;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        next += 1;
    }
    if next >= bytes.len() {
        return Some(end);
    }
    let c = bytes[next];
    if c.is_ascii_lowercase() {
        return None;
    }
    let single_period = run_end == i + 1 && bytes[i] == b'.';
    if !single_period {
        return Some(end);
    }
    let word = word_before(bytes, start, i);
    if word.is_empty() {
        return Some(end);
    }
    if word.len() == 1 && word[0].is_ascii_uppercase() {
        return None; // an initial: "J. Smith"
    }
    let lists = lists_of(word);
    if lists & NEVER_FINAL_WORD != 0 {
        return None;
    }
    let next_word = word_at(bytes, next);
    if lists & MONTH_WORD != 0 {
        return if c.is_ascii_digit() {
            None
        } else {
            opener(next_word).then_some(end)
        };
    }
    if lists & CAN_BE_FINAL_WORD != 0 || is_acronym(word) {
        if word.eq_ignore_ascii_case(b"no") && c.is_ascii_digit() {
            return None;
        }
        return opener(next_word).then_some(end);
    }
    Some(end)
}

/// The word that ends just before the period at `dot`, without leading quotes or brackets.
fn word_before(bytes: &[u8], start: usize, dot: usize) -> &[u8] {
    let mut j = dot;
    while j > start && !bytes[j - 1].is_ascii_whitespace() {
        j -= 1;
    }
    let mut word = &bytes[j..dot];
    while let [b'"' | b'\'' | b'(' | b'[', rest @ ..] = word {
        word = rest;
    }
    word
}

/// The run of ASCII letters (and apostrophes) at `at`.
fn word_at(bytes: &[u8], at: usize) -> &[u8] {
    let mut j = at;
    while j < bytes.len() && (bytes[j].is_ascii_alphabetic() || bytes[j] == b'\'') {
        j += 1;
    }
    &bytes[at..j]
}

const NEVER_FINAL_WORD: u64 = 1;
const MONTH_WORD: u64 = 2;
const CAN_BE_FINAL_WORD: u64 = 4;
const OPENER_WORD: u64 = 8;
const CONTINUING_WORD: u64 = 16;

/// All the word lists above in one table, so a word is looked up once.
static WORDS: LazyLock<WordTable> = LazyLock::new(|| {
    let mut t = WordTable::new();
    t.add(NEVER_FINAL, NEVER_FINAL_WORD);
    t.add(MONTHS, MONTH_WORD);
    t.add(CAN_BE_FINAL, CAN_BE_FINAL_WORD);
    t.add(OPENERS, OPENER_WORD);
    t.add(CONTINUING, CONTINUING_WORD);
    t
});

/// The lists `word` is in; the bytes here always end on a character boundary, and anything else (a
/// non-UTF-8 cut) is simply in no list.
fn lists_of(word: &[u8]) -> u64 {
    std::str::from_utf8(word).map_or(0, |w| WORDS.get(w))
}

fn opener(word: &[u8]) -> bool {
    lists_of(word) & OPENER_WORD != 0
}

/// Letters separated by periods: "U.S", "U.N", "J.R.R".
fn is_acronym(word: &[u8]) -> bool {
    word.len() >= 3
        && word.iter().step_by(2).all(|b| b.is_ascii_alphabetic())
        && word.iter().skip(1).step_by(2).all(|&b| b == b'.')
}

/// Whether the line `[start, newline)` reads as a heading: no terminal or continuing punctuation at its end,
/// and not ending on a function word.
fn is_heading_line(bytes: &[u8], start: usize, newline: usize) -> bool {
    let mut e = newline;
    while e > start && bytes[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    if e == start {
        return false;
    }
    if matches!(bytes[e - 1], b',' | b';' | b'-' | b'(' | b'&' | b'/') {
        return false;
    }
    let mut w = e;
    while w > start && bytes[w - 1].is_ascii_alphabetic() {
        w -= 1;
    }
    lists_of(&bytes[w..e]) & CONTINUING_WORD == 0
}

/// Whether the line `[start, newline)` is short enough to be a heading on its own: at most eight words and
/// 60 bytes, starting like a sentence.
fn is_short_line(bytes: &[u8], start: usize, newline: usize) -> bool {
    let line = bytes[start..newline].trim_ascii_end();
    line.len() <= 60
        && starts_like_sentence(bytes, start)
        && line
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .count()
            <= 8
}

/// Whether the line starting at `at` starts like a new sentence: a capital, a digit, a quote or a bullet.
fn starts_like_sentence(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        Some(b) if b.is_ascii_uppercase() || b.is_ascii_digit() => true,
        Some(b'"' | b'\'' | b'(' | b'[') => true,
        Some(0xE2) => {
            bytes.get(at + 1) == Some(&0x80) && matches!(bytes.get(at + 2), Some(0x9C | 0x98))
        }
        Some(&b) => b >= 0xC0, // a non-ASCII letter: trust the line break
        None => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<&str> {
        split(input).into_iter().map(|r| &input[r]).collect()
    }

    #[test]
    fn news_traps_split_as_expected() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "Mr. Smith met U.S. officials on Jan. 3 at 5 p.m. in Washington. He left.",
                &[
                    "Mr. Smith met U.S. officials on Jan. 3 at 5 p.m. in Washington.",
                    "He left.",
                ],
            ),
            (
                "\"We did nothing wrong,\" the company said. It then left.",
                &[
                    "\"We did nothing wrong,\" the company said.",
                    "It then left.",
                ],
            ),
            (
                "He called the deal \"dead.\" the minister added nothing. Fine.",
                &[
                    "He called the deal \"dead.\" the minister added nothing.",
                    "Fine.",
                ],
            ),
            (
                "\u{201c}Why now?\u{201d} she asked. Nobody knew.",
                &["\u{201c}Why now?\u{201d} she asked.", "Nobody knew."],
            ),
            (
                "He said: \u{201c}It is over.\u{201d} Then he left.",
                &["He said: \u{201c}It is over.\u{201d}", "Then he left."],
            ),
            (
                "Storm hits coast\nThe storm hit the coast on Monday. Power was cut.",
                &[
                    "Storm hits coast",
                    "The storm hit the coast on Monday.",
                    "Power was cut.",
                ],
            ),
            (
                "The rate rose 3.5 percent. J. Smith of Acme Inc. said so.",
                &[
                    "The rate rose 3.5 percent.",
                    "J. Smith of Acme Inc. said so.",
                ],
            ),
            (
                "Sales fell at Acme Inc. The firm blamed rain.",
                &["Sales fell at Acme Inc.", "The firm blamed rain."],
            ),
            (
                "It ended at 5 p.m. The crowd left.",
                &["It ended at 5 p.m.", "The crowd left."],
            ),
            (
                "He visited the U.S. The trip was short.",
                &["He visited the U.S.", "The trip was short."],
            ),
            ("U.S. President Lee spoke.", &["U.S. President Lee spoke."]),
            (
                "Wait... what happened? Nobody knows!",
                &["Wait... what happened?", "Nobody knows!"],
            ),
            (
                "It was late\u{2026} Everyone left.",
                &["It was late\u{2026}", "Everyone left."],
            ),
            ("Line one\r\n\r\nLine two.\r\n", &["Line one", "Line two."]),
            (
                "Para one without period\n\nPara two.",
                &["Para one without period", "Para two."],
            ),
            (
                "- first item\n- second item\n",
                &["first item", "second item"],
            ),
            (
                "Key points:\n* Fares rise 5%\n* Trains cut\n",
                &["Key points:", "Fares rise 5%", "Trains cut"],
            ),
            (
                "1. Open the door.\n2. Close it.",
                &["Open the door.", "Close it."],
            ),
            (
                "Storm hits coast\nthe storm hit the coast on Monday.",
                &["Storm hits coast", "the storm hit the coast on Monday."],
            ),
            (
                "Key facts\nfares rise by 5% from Monday.",
                &["Key facts", "fares rise by 5% from Monday."],
            ),
            (
                "The minister told the committee on Tuesday that the plan would cost\nmore than expected.",
                &["The minister told the committee on Tuesday that the plan would cost\nmore than expected."],
            ),
            (
                "He left. The minister said the plan\nwould cost more.",
                &["He left.", "The minister said the plan\nwould cost more."],
            ),
            (
                "The minister said the\nplan would cost more than\nexpected. Critics agreed.",
                &[
                    "The minister said the\nplan would cost more than\nexpected.",
                    "Critics agreed.",
                ],
            ),
            (
                "No. 10 said it would act. It did.",
                &["No. 10 said it would act.", "It did."],
            ),
            ("Price: $3.50. Cheap.", &["Price: $3.50.", "Cheap."]),
            ("(He was 40.) She was 39.", &["(He was 40.)", "She was 39."]),
            ("", &[]),
            ("   \n\t \r\n ", &[]),
            ("no punctuation at all", &["no punctuation at all"]),
            ("\u{a0}Hello there.\u{3000}", &["Hello there."]),
            ("-", &["-"]),
        ];
        for (input, expected) in cases {
            assert_eq!(texts(input), *expected, "input: {input:?}");
        }
    }

    #[test]
    fn offsets_are_exact() {
        let input = "  First one.  Second one!\n\nThird";
        assert_eq!(split(input), vec![2..12, 14..25, 27..32]);
    }

    #[test]
    fn emoji_and_rtl_do_not_break_boundaries() {
        let input = "مرحبا بالعالم. 🎉 Party time! שלום.";
        let spans = split(input);
        assert_eq!(
            texts(input),
            vec!["مرحبا بالعالم.", "🎉 Party time!", "שלום."]
        );
        assert!(spans
            .iter()
            .all(|r| input.is_char_boundary(r.start) && input.is_char_boundary(r.end)));
    }
}
