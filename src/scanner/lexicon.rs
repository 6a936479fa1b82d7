//! The cue lexicon: `lexicon.toml` (kept as data beside this file) compiled once into one aho-corasick
//! automaton, and the word lists the source classifier reads.
//!
//! Matching is ASCII-case-insensitive, leftmost-longest ("is said to" wins over "said") and on word boundaries:
//! a match inside a longer word is dropped and the search resumes just after its start, so it hides no cue. Newlines, tabs and
//! carriage returns inside a sentence are read as spaces (a same-length copy, made only when one is present), so
//! a cue broken across a hard-wrapped line still matches at its true offsets.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use serde::Deserialize;

use crate::model::CueKind;

/// How the analysis uses a cue; see the header of `lexicon.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Role {
    Speech,
    Strict,
    Prep,
    Evidence,
    Standalone,
    Anonymity,
    Vague,
    Response,
    Commentary,
    Ignore,
}

#[derive(Debug, Deserialize)]
struct Group {
    kind: Option<CueKind>,
    role: Role,
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SourceLists {
    media: Vec<String>,
    documents: Vec<String>,
    anonymous: Vec<String>,
    spokespeople: Vec<String>,
    organisations: Vec<String>,
    mastheads: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    group: Vec<Group>,
    sources: SourceLists,
}

/// One raw lexicon hit in a sentence, before the analysis decides what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: Option<CueKind>,
    pub role: Role,
}

/// FNV-1a: word lookups are hot, short and not attacker-chosen keys of a long-lived table.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A set of single words, looked up ignoring ASCII case without allocating. Masks of the words' lengths and
/// first letters turn most misses away before hashing.
#[derive(Debug, Default)]
pub(crate) struct WordSet {
    words: HashSet<Vec<u8>, BuildHasherDefault<Fnv>>,
    lengths: u64,
    firsts: u32,
}

fn first_bit(b: u8) -> u32 {
    let l = b.to_ascii_lowercase();
    if l.is_ascii_lowercase() {
        1 << (l - b'a')
    } else {
        1 << 26
    }
}

impl WordSet {
    /// The set of `words`, lowercased.
    pub fn new<S: AsRef<str>>(words: &[S]) -> WordSet {
        let mut set = WordSet::default();
        for w in words {
            let w = w.as_ref().to_lowercase().into_bytes();
            set.lengths |= 1u64 << w.len().min(63);
            set.firsts |= w.first().map_or(0, |&b| first_bit(b));
            set.words.insert(w);
        }
        set
    }

    /// Whether `word` is in the set, ignoring ASCII case.
    pub fn contains(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let Some(&first) = bytes.first() else {
            return false;
        };
        if self.lengths & (1u64 << bytes.len().min(63)) == 0 || self.firsts & first_bit(first) == 0
        {
            return false;
        }
        let mut buf = [0u8; 40];
        if bytes.len() > buf.len() {
            return self.words.contains(word.to_lowercase().as_bytes());
        }
        let lower = &mut buf[..bytes.len()];
        lower.copy_from_slice(bytes);
        lower.make_ascii_lowercase();
        self.words.contains(&*lower)
    }
}

/// A set of phrases matched on word boundaries (used for multi-word source lists like "white house").
#[derive(Debug)]
pub(crate) struct PhraseSet {
    ac: AhoCorasick,
    words: WordSet,
}

impl PhraseSet {
    fn new(phrases: &[String]) -> PhraseSet {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(phrases)
            .unwrap_or_else(|e| panic!("source list does not compile: {e}"));
        PhraseSet {
            ac,
            words: WordSet::new(phrases),
        }
    }

    /// Whether some phrase of the set occurs in `text` on word boundaries.
    pub fn occurs_in(&self, text: &str) -> bool {
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = self.ac.find(Input::new(text).range(pos..)) else {
                return false;
            };
            if on_word_boundaries(text, m.start(), m.end()) {
                return true;
            }
            pos = m.start() + 1;
        }
        false
    }

    /// Whether `word` (one token) is in the set, ignoring case.
    pub fn has_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

/// The compiled lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    ac: AhoCorasick,
    entries: Vec<(Option<CueKind>, Role)>,
    pub media: PhraseSet,
    pub documents: PhraseSet,
    pub anonymous: PhraseSet,
    pub spokespeople: PhraseSet,
    pub organisations: PhraseSet,
    /// Masthead words ("Gazette", "Times"); they count only capitalised.
    pub mastheads: WordSet,
}

/// The lexicon text, compiled into the binary.
pub(crate) const LEXICON_TOML: &str = include_str!("lexicon.toml");

/// The one lexicon, built on first use.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    // The file is part of the source tree and checked by a unit test, so a broken one is a build defect.
    Lexicon::parse(LEXICON_TOML)
        .unwrap_or_else(|e| panic!("src/scanner/lexicon.toml is invalid: {e}"))
});

impl Lexicon {
    /// Parses and compiles a lexicon file.
    pub(crate) fn parse(text: &str) -> Result<Lexicon, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut patterns: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        for group in &file.group {
            if group.kind.is_none() && !matches!(group.role, Role::Commentary | Role::Ignore) {
                return Err(format!("a group of role {:?} needs a kind", group.role));
            }
            for phrase in &group.phrases {
                let phrase = phrase.trim();
                if phrase.is_empty() {
                    return Err("an empty phrase".to_string());
                }
                patterns.push(phrase.to_string());
                entries.push((group.kind, group.role));
                if phrase.contains('\'') {
                    patterns.push(phrase.replace('\'', "\u{2019}"));
                    entries.push((group.kind, group.role));
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| e.to_string())?;
        let s = &file.sources;
        Ok(Lexicon {
            ac,
            entries,
            media: PhraseSet::new(&s.media),
            documents: PhraseSet::new(&s.documents),
            anonymous: PhraseSet::new(&s.anonymous),
            spokespeople: PhraseSet::new(&s.spokespeople),
            organisations: PhraseSet::new(&s.organisations),
            mastheads: WordSet::new(&s.mastheads),
        })
    }

    /// The lexicon hits in `sentence`, leftmost-longest, non-overlapping, in order, on word boundaries.
    pub(crate) fn hits(&self, sentence: &str) -> Vec<Hit> {
        let text: Cow<'_, [u8]> = if sentence.bytes().any(|b| matches!(b, b'\n' | b'\r' | b'\t')) {
            Cow::Owned(
                sentence
                    .bytes()
                    .map(|b| {
                        if matches!(b, b'\n' | b'\r' | b'\t') {
                            b' '
                        } else {
                            b
                        }
                    })
                    .collect(),
            )
        } else {
            Cow::Borrowed(sentence.as_bytes())
        };
        // Leftmost-longest; a match that is not on word boundaries ("list" in "journalists") is dropped and the
        // search resumes one byte after its start, so a shorter cue inside it is still found.
        let mut kept: Vec<Hit> = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = self.ac.find(Input::new(text.as_ref()).range(pos..)) else {
                break;
            };
            if on_word_boundaries(sentence, m.start(), m.end()) {
                let (kind, role) = self.entries[m.pattern().as_usize()];
                kept.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    kind,
                    role,
                });
                pos = m.end();
            } else {
                pos = m.start() + 1;
            }
        }
        kept
    }
}

/// Whether `[start, end)` of `text` is a whole word or phrase: no letter or digit joins it on either side.
pub(crate) fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn show(sentence: &str) -> Vec<(&str, Option<CueKind>, Role)> {
        LEXICON
            .hits(sentence)
            .into_iter()
            .map(|h| (&sentence[h.start..h.end], h.kind, h.role))
            .collect()
    }

    #[test]
    fn the_shipped_lexicon_parses() {
        assert!(Lexicon::parse(LEXICON_TOML).is_ok());
    }

    #[test]
    fn broken_lexicons_are_refused() {
        assert!(Lexicon::parse("nonsense").is_err());
        let no_kind = "[[group]]\nrole = \"speech\"\nphrases = [\"said\"]\n[sources]\nmedia=[]\ndocuments=[]\n\
                       anonymous=[]\nspokespeople=[]\norganisations=[]\nmastheads=[]\n";
        assert_eq!(
            Lexicon::parse(no_kind).err().as_deref(),
            Some("a group of role Speech needs a kind")
        );
    }

    #[test]
    fn matching_is_case_insensitive_longest_and_on_word_boundaries() {
        use CueKind::*;
        type Expected<'a> = Vec<(&'a str, Option<CueKind>, Role)>;
        let cases: &[(&str, Expected)] = &[
            (
                "He SAID so.",
                vec![("SAID", Some(Attribution), Role::Speech)],
            ),
            (
                "It is said to be old.",
                vec![("It is said", Some(Hedge), Role::Standalone)],
            ),
            (
                "He is said to be old.",
                vec![("is said to", Some(Hedge), Role::Standalone)],
            ),
            ("The saidwords and unsaid.", vec![]),
            (
                "She declined to\ncomment.",
                vec![("declined to\ncomment", Some(NoComment), Role::Response)],
            ),
            (
                "He didn\u{2019}t respond.",
                vec![("didn\u{2019}t respond", Some(NoComment), Role::Response)],
            ),
            (
                "Sources familiar with the matter said.",
                vec![
                    ("Sources familiar with", Some(Anonymous), Role::Standalone),
                    ("said", Some(Attribution), Role::Speech),
                ],
            ),
        ];
        for (sentence, expected) in cases {
            assert_eq!(show(sentence), *expected, "sentence: {sentence:?}");
        }
    }

    #[test]
    fn source_lists_match_words_and_phrases() {
        assert!(LEXICON.media.occurs_in("a report by the Associated Press"));
        assert!(!LEXICON.media.occurs_in("the apartment"));
        assert!(LEXICON.organisations.occurs_in("a White House aide"));
        assert!(LEXICON.anonymous.has_word("Officials"));
        assert!(!LEXICON.anonymous.has_word("Smith"));
    }
}
