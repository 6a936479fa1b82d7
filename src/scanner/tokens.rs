//! Tokens of a sentence and their word classes: the one place a sentence is cut into words and each word is
//! looked up in the word-class table of `lexicon.toml` (one hash lookup per word), so the rules after it read
//! classes by index instead of comparing strings.

use std::ops::Range;

use super::lexicon::{class, LEXICON};

/// A token of a sentence: a word or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
    /// The byte of an ASCII punctuation token, 0 otherwise: compared without slicing the text.
    pub punct: u8,
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
                    punct: if b == b'&' { 0 } else { b },
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
                punct: 0,
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
            let abbrev_dot = d == '.'
                && end + 1 < last_content
                && bytes.get(end + 1).is_some_and(|b| b.is_ascii_whitespace());
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
            punct: 0,
        });
        i = end;
    }
}

/// A sentence's tokens with their word classes.
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    pub cls: &'a [u64],
}

/// Word classes of each token (0 for punctuation), looked up once.
pub(crate) fn classes_into(sentence: &str, toks: &[Tok], out: &mut Vec<u64>) {
    out.clear();
    let bytes = sentence.as_bytes();
    out.extend(toks.iter().map(|t| {
        if !t.word {
            return 0;
        }
        let b = bytes[t.start];
        let capital = if b < 0x80 {
            b.is_ascii_uppercase()
        } else {
            sentence[t.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        let word = &sentence[t.start..t.end];
        let mut classes = LEXICON.words.get(word);
        // A possessive has the classes of its noun ("the center's", "the ministry’s"), and a hyphenated
        // name those of its last part ("WOWT-TV").
        let stem = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("\u{2019}s"))
            .or_else(|| word.rsplit_once('-').map(|(_, last)| last));
        if classes == 0 {
            if let Some(stem) = stem.filter(|s| !s.is_empty()) {
                classes = LEXICON.words.get(stem)
                    & (class::ORGANISATION
                        | class::MEDIA
                        | class::DOCUMENT
                        | class::PLACE
                        | class::PEOPLE
                        | class::TITLE
                        | class::SPOKES);
            }
        }
        // An all-capital word of two letters or more is an acronym, not a function word ("IS media", "US
        // officials"): it keeps only the classes of a name.
        if capital && word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase()) {
            classes &= class::ORGANISATION
                | class::MEDIA
                | class::DOCUMENT
                | class::PLACE
                | class::PEOPLE
                | class::TITLE
                | class::SPOKES
                | class::NATIONALITY
                | class::HONORIFIC
                | class::SOURCE_START
                | class::CUE_START;
        }
        classes | if capital { class::CAPITAL } else { 0 }
    }));
    LEXICON.mark_sources_with(sentence, toks.len(), |i| toks[i].start, out);
}

impl<'a> Words<'a> {
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The text of token `i` ("" past the end).
    pub fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// Whether token `i` is a word in one of `classes`.
    pub fn has(&self, i: usize, classes: u64) -> bool {
        self.cls.get(i).is_some_and(|c| c & classes != 0)
    }

    /// Whether token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }

    /// Whether token `i` is the punctuation `p`.
    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        match p.as_bytes() {
            [b] if b.is_ascii() => self.toks.get(i).is_some_and(|t| t.punct == *b),
            _ => self.toks.get(i).is_some_and(|t| !t.word) && self.word(i) == p,
        }
    }

    /// Whether token `i` is `w`, ignoring ASCII case.
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(w)
    }

    /// Whether most words of the sentence are capitalised: a headline in title case, where a capital says
    /// nothing about names.
    pub fn title_case(&self) -> bool {
        let mut long = 0;
        let mut capital = 0;
        for i in 0..self.len() {
            if self.is_word(i) && self.word(i).len() > 3 {
                long += 1;
                capital += usize::from(self.capitalised(i));
            }
        }
        long >= 3 && capital * 10 >= long * 7
    }

    /// Whether token `i` starts with a capital letter.
    pub fn capitalised(&self, i: usize) -> bool {
        self.has(i, class::CAPITAL)
    }

    /// Whether token `i` is a quotation mark.
    pub fn is_quote(&self, i: usize) -> bool {
        !self.is_word(i)
            && matches!(
                self.word(i),
                "\"" | "\u{201c}"
                    | "\u{201d}"
                    | "'"
                    | "\u{2018}"
                    | "\u{2019}"
                    | "\u{ab}"
                    | "\u{bb}"
            )
    }

    /// Whether token `i` is an adverb: in the adverb class, or a word in "-ly" that is not listed as none.
    pub fn is_adverb(&self, i: usize) -> bool {
        if self.has(i, class::ADVERB) {
            return true;
        }
        let w = self.word(i).as_bytes();
        self.is_word(i)
            && !self.has(i, class::NOT_ADVERB)
            && (i == 0 || !self.capitalised(i))
            && w.len() > 4
            && w[w.len() - 2..].eq_ignore_ascii_case(b"ly")
    }

    /// The byte span of tokens `r` (empty at the start of token `r.start` when `r` is empty).
    pub fn span(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let at = self.toks.get(r.start).map_or(self.text.len(), |t| t.start);
            return at..at;
        }
        self.toks[r.start].start..self.toks[r.end - 1].end
    }

    /// The first token starting at or after byte `at`.
    pub fn token_at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.start < at)
    }
}
