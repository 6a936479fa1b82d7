//! The cue lexicon: `lexicon.toml` (kept as data beside this file) compiled once into one matcher, and the
//! word lists the source classifier reads.
//!
//! Matching is ASCII-case-insensitive and on word boundaries: at each place where a word starts, the longest
//! phrase that ends on a word boundary wins ("is said to" beats "said"), and the search resumes after it. A
//! phrase that would end inside a longer word ("could be" in "could bed") gives way to a shorter one that does
//! not ("could"), so a long phrase hides no cue. A run of whitespace in the text (spaces, tabs, a hard-wrapped
//! line break, `\r\n`) matches the single space of a phrase, and a curly apostrophe matches a straight one,
//! without copying the text: offsets are those of the text as written.
//!
//! The matcher is a byte trie over case-folded phrase bytes, walked only from word starts, so its cost is one
//! pass over the sentence plus a short walk per word; it replaces an aho-corasick automaton that had to be
//! restarted after every match that was not on word boundaries ("list" inside "journalists").

use std::sync::LazyLock;

use serde::Deserialize;

use crate::model::CueKind;

/// How the analysis uses a cue; see the header of `lexicon.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Role {
    Speech,
    Strict,
    Attitude,
    Prep,
    Evidence,
    Standalone,
    Modifier,
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
#[serde(deny_unknown_fields)]
struct SourceLists {
    media: Vec<String>,
    documents: Vec<String>,
    anonymous: Vec<String>,
    spokespeople: Vec<String>,
    titles: Vec<String>,
    organisations: Vec<String>,
    mastheads: Vec<String>,
    places: Vec<String>,
}

/// The word classes of `lexicon.toml`'s `[classes]` table, each compiled into one bit of [`Lexicon::words`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Classes {
    negation: Vec<String>,
    adverb: Vec<String>,
    not_adverb: Vec<String>,
    deny: Vec<String>,
    reject: Vec<String>,
    condemn: Vec<String>,
    allegation: Vec<String>,
    refuse: Vec<String>,
    comment: Vec<String>,
    not_a_denial_object: Vec<String>,
    denial_predicate: Vec<String>,
    concessive: Vec<String>,
    be: Vec<String>,
    auxiliary: Vec<String>,
    pronoun_person: Vec<String>,
    pronoun_plural: Vec<String>,
    pronoun_it: Vec<String>,
    pronoun_we: Vec<String>,
    definite: Vec<String>,
    indefinite: Vec<String>,
    preposition: Vec<String>,
    subordinator: Vec<String>,
    relative: Vec<String>,
    conjunction: Vec<String>,
    opener: Vec<String>,
    time: Vec<String>,
    honorific: Vec<String>,
    nationality: Vec<String>,
    quantity: Vec<String>,
    month: Vec<String>,
    irregular_past: Vec<String>,
    inverting: Vec<String>,
    nounish: Vec<String>,
    generic: Vec<String>,
    speaks_for: Vec<String>,
    describing: Vec<String>,
    frame: Vec<String>,
    publish: Vec<String>,
    unnamed: Vec<String>,
    record: Vec<String>,
    source_word: Vec<String>,
    hedge_adverb: Vec<String>,
    media_staff: Vec<String>,
    message: Vec<String>,
    question: Vec<String>,
    carried: Vec<String>,
    story: Vec<String>,
    written: Vec<String>,
}

/// One bit per word class of the word-class table ([`Lexicon::words`]).
pub(crate) mod class {
    /// "not", "never", "no", "didn't": negates a response verb after it.
    pub const NEGATION: u64 = 1 << 0;
    /// Adverbs that may stand inside a response cue ("has not *officially* commented"); any word ending in
    /// "-ly" counts too.
    pub const ADVERB: u64 = 1 << 1;
    /// A denial verb or noun on its own ("denied", "denial").
    pub const DENY: u64 = 1 << 2;
    /// A verb that is a denial only with an allegation for object ("rejected the claims").
    pub const REJECT: u64 = 1 << 3;
    /// What a denial rejects ("allegations", "report", "charge").
    pub const ALLEGATION: u64 = 1 << 4;
    /// "declined", "refused": a refusal when a response verb follows.
    pub const REFUSE: u64 = 1 << 5;
    /// Response verbs a non-response negates or refuses ("comment", "respond", "disclose").
    pub const COMMENT: u64 = 1 << 6;
    /// What a "deny" that is no denial withholds ("denied access", "denied bail").
    pub const NOT_A_DENIAL_OBJECT: u64 = 1 << 7;
    /// Words that call a claim false ("called the report *baseless*"); a denial after a be-verb or a
    /// describing verb.
    pub const DENIAL_PREDICATE: u64 = 1 << 8;
    /// Concessive subordinators: a response inside their clause does not count ("despite denials").
    pub const CONCESSIVE: u64 = 1 << 9;
    /// Forms of "be".
    pub const BE: u64 = 1 << 10;
    /// Auxiliaries other than "be" ("has", "did", "would").
    pub const AUXILIARY: u64 = 1 << 11;
    /// Words in "-ly" that are no adverbs ("reply", "family").
    pub const NOT_ADVERB: u64 = 1 << 12;
    /// "he", "she", "I": a person (conv. 10).
    pub const PRONOUN_PERSON: u64 = 1 << 13;
    /// "they": a group.
    pub const PRONOUN_PLURAL: u64 = 1 << 14;
    /// "it": a body, a document or an outlet.
    pub const PRONOUN_IT: u64 = 1 << 15;
    /// "we": the speaker's side.
    pub const PRONOUN_WE: u64 = 1 << 16;
    pub const DEFINITE: u64 = 1 << 17;
    pub const INDEFINITE: u64 = 1 << 18;
    pub const PREPOSITION: u64 = 1 << 19;
    /// Opens a subordinate clause (conv. 1).
    pub const SUBORDINATOR: u64 = 1 << 20;
    pub const RELATIVE: u64 = 1 << 21;
    pub const CONJUNCTION: u64 = 1 << 22;
    /// Opens a sentence without being part of its subject ("But", "Meanwhile").
    pub const OPENER: u64 = 1 << 23;
    pub const TIME: u64 = 1 << 24;
    /// "Mr.", "Dr.": a name follows.
    pub const HONORIFIC: u64 = 1 << 25;
    /// "Chinese", "U.S.", "Zimbabweans": describes without naming (conv. 4).
    pub const NATIONALITY: u64 = 1 << 26;
    /// A country or capital, standing for its government (conv. 4).
    pub const PLACE: u64 = 1 << 27;
    /// "pair", "number": the head of "a pair of images" is after "of".
    pub const QUANTITY: u64 = 1 << 28;
    pub const MONTH: u64 = 1 << 29;
    /// Single words of `[sources]`: a document's head noun (conv. 5).
    pub const DOCUMENT: u64 = 1 << 30;
    /// People described but not named (conv. 4).
    pub const PEOPLE: u64 = 1 << 31;
    /// A spokesperson (conv. 4).
    pub const SPOKES: u64 = 1 << 32;
    /// An office or occupation before or after a name ("Minister", "playwright").
    pub const TITLE: u64 = 1 << 33;
    /// A body (conv. 4).
    pub const ORGANISATION: u64 = 1 << 34;
    /// Other media (conv. 6).
    pub const MEDIA: u64 = 1 << 35;
    /// An irregular past form ("saw", "went"): a verb.
    pub const IRREGULAR_PAST: u64 = 1 << 36;
    /// A verb of condemnation: a denial with an allegation described "as" something ("condemned the report
    /// as rumours").
    pub const CONDEMN: u64 = 1 << 37;
    /// A reporting verb that comes after its content ("…," said the minister).
    pub const INVERTING: u64 = 1 << 38;
    /// A base form of a reporting verb that is a noun too ("a report").
    pub const NOUNISH: u64 = 1 << 39;
    /// A modifier that leaves a group unnamed ("military officials").
    pub const GENERIC: u64 = 1 << 40;
    /// People who speak for their body ("party officials").
    pub const SPEAKS_FOR: u64 = 1 << 41;
    /// A verb that describes a claim as something ("called the report baseless").
    pub const DESCRIBING: u64 = 1 << 42;
    /// A text through which a body speaks as a document ("in its annual report").
    pub const FRAME: u64 = 1 << 43;
    /// A verb of publishing ("issued a report").
    pub const PUBLISH: u64 = 1 << 44;
    /// A word that marks a source unnamed ("anonymous").
    pub const UNNAMED: u64 = 1 << 45;
    /// A record that is not a text ("video", "image").
    pub const RECORD: u64 = 1 << 46;
    /// "source", "insider": unnamed whatever their body.
    pub const SOURCE_WORD: u64 = 1 << 47;
    /// The writer's hedge on an act ("purportedly").
    pub const HEDGE_ADVERB: u64 = 1 << 48;
    /// An outlet's staff ("the paper's sources", "a Reuters correspondent").
    pub const MEDIA_STAFF: u64 = 1 << 49;
    /// What "did not return" must return to be a non-response ("calls").
    pub const MESSAGE: u64 = 1 << 50;
    /// Opens an indirect question ("would not say where").
    pub const QUESTION: u64 = 1 << 51;
    /// A document carried or seen ("seen by", "posted online").
    pub const CARRIED: u64 = 1 << 52;
    /// Another outlet's story.
    pub const STORY: u64 = 1 << 53;
    /// A text a party puts out in its own voice ("posts two accounts of").
    pub const WRITTEN: u64 = 1 << 57;
    /// The first word of a cue phrase: the cue trie is walked only from these.
    pub const CUE_START: u64 = 1 << 54;
    /// The first word of a multi-word source phrase.
    pub const SOURCE_START: u64 = 1 << 55;
    /// A word that starts with a capital letter (set by the tokenizer, not the table).
    pub const CAPITAL: u64 = 1 << 56;
}

#[derive(Debug, Deserialize)]
struct File {
    group: Vec<Group>,
    sources: SourceLists,
    classes: Classes,
}

/// The forms of one lexicon entry. A word marked `+` stands for its inflections: `deny+` is deny, denies,
/// denied, denying; irregular past forms follow a slash (`say+/said`, `write+/wrote/written`), and a doubled
/// consonant is shown by the past (`admit+/admitted` gives admitting). In a phrase, the marked word is
/// inflected in place (`call+ on`: calls on, called on, calling on). An entry without `+` is itself.
pub(crate) fn expand(entry: &str) -> Vec<String> {
    let words: Vec<&str> = entry.split(' ').collect();
    let Some(at) = words.iter().position(|w| w.contains('+')) else {
        return vec![entry.to_string()];
    };
    let (lemma, rest) = words[at].split_once('+').unwrap_or((words[at], ""));
    let mut irregular = rest.split('/').filter(|f| !f.is_empty());
    let past = irregular.next().map(str::to_string);
    let participle = irregular.next().map(str::to_string);
    let mut out = Vec::new();
    for form in inflect(lemma, past, participle) {
        let mut w = words.clone();
        w[at] = &form;
        let phrase = w.join(" ");
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    }
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// A verb's base, third-person, past, participle and -ing forms, by the regular rules of English spelling.
fn inflect(lemma: &str, past: Option<String>, participle: Option<String>) -> Vec<String> {
    let b = lemma.as_bytes();
    let n = b.len();
    let last = b.last().copied().unwrap_or(b'x');
    let before_last = if n >= 2 { b[n - 2] } else { b'x' };
    let third = if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|e| lemma.ends_with(e))
    {
        format!("{lemma}es")
    } else if last == b'y' && !is_vowel(before_last) {
        format!("{}ies", &lemma[..n - 1])
    } else {
        format!("{lemma}s")
    };
    let regular_past = if last == b'e' {
        format!("{lemma}d")
    } else if last == b'y' && !is_vowel(before_last) {
        format!("{}ied", &lemma[..n - 1])
    } else {
        format!("{lemma}ed")
    };
    let past = past.unwrap_or(regular_past);
    let participle = participle.unwrap_or_else(|| past.clone());
    let doubled = past.len() == n + 3
        && past.starts_with(lemma)
        && past.ends_with("ed")
        && past.as_bytes()[n] == last;
    let ing = if doubled {
        format!("{lemma}{}ing", char::from(last))
    } else if lemma.ends_with("ie") {
        format!("{}ying", &lemma[..n - 2])
    } else if last == b'e' && n > 2 && !matches!(before_last, b'e' | b'y' | b'o') {
        format!("{}ing", &lemma[..n - 1])
    } else {
        format!("{lemma}ing")
    };
    vec![lemma.to_string(), third, past, participle, ing]
}

/// One raw lexicon hit in a sentence, before the analysis decides what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: Option<CueKind>,
    pub role: Role,
}

/// A table from single words to bit flags, looked up ignoring ASCII case without allocating or hashing
/// strings: a word of up to 16 bytes is packed, lowercased, into one `u128` key of an open-addressing table.
/// Masks of the words' lengths and first letters turn most misses away before that.
#[derive(Debug, Clone)]
pub(crate) struct WordTable {
    /// (packed word, length, flags); length 0 marks an empty slot.
    slots: Vec<(u128, u8, u64)>,
    mask: usize,
    /// Words longer than 16 bytes, lowercased, with their flags (rare; compared one by one).
    long: Vec<(Vec<u8>, u64)>,
    lengths: u64,
    firsts: u32,
    /// Slots in use.
    used: usize,
}

fn first_bit(b: u8) -> u32 {
    let l = b.to_ascii_lowercase();
    if l.is_ascii_lowercase() {
        1 << (l - b'a')
    } else {
        1 << 26
    }
}

/// `bytes` (at most 16), ASCII-lowercased and packed little-endian into a `u128`, zero-padded. Two
/// overlapping loads read the word without a loop or a copy; letters are lowered eight at a time.
#[inline]
fn pack(bytes: &[u8]) -> u128 {
    let n = bytes.len();
    let raw: u128 = if n >= 8 {
        let lo = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
        let hi = u64::from_le_bytes(bytes[n - 8..].try_into().unwrap_or([0; 8]));
        u128::from(lo) | (u128::from(hi) << (8 * (n - 8)))
    } else if n >= 4 {
        let lo = u32::from_le_bytes(bytes[..4].try_into().unwrap_or([0; 4]));
        let hi = u32::from_le_bytes(bytes[n - 4..].try_into().unwrap_or([0; 4]));
        u128::from(lo) | (u128::from(hi) << (8 * (n - 4)))
    } else {
        bytes
            .iter()
            .rev()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b))
    };
    lower_ascii(raw)
}

/// Lowers the ASCII capitals among the sixteen bytes of `x`, leaving every other byte alone.
#[inline]
fn lower_ascii(x: u128) -> u128 {
    const ONES: u128 = u128::from_le_bytes([0x01; 16]);
    const HIGH: u128 = ONES * 0x80;
    let low7 = x & !HIGH;
    // A byte's high bit: its low seven bits are at least 'A', resp. above 'Z' (no carry crosses bytes).
    let at_least_a = low7 + ONES * u128::from(0x80 - b'A');
    let above_z = low7 + ONES * u128::from(0x80 - b'Z' - 1);
    let capital = at_least_a & !above_z & !x & HIGH;
    x | (capital >> 2)
}

fn slot_of(key: u128, len: usize, mask: usize) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29) ^ (len as u64);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask
}

impl WordTable {
    /// An empty table.
    pub fn new() -> WordTable {
        WordTable {
            slots: vec![(0, 0, 0); 16],
            mask: 15,
            long: Vec::new(),
            lengths: 0,
            firsts: 0,
            used: 0,
        }
    }

    /// Adds `flag` to each of `words` (lowercased).
    pub fn add<S: AsRef<str>>(&mut self, words: &[S], flag: u64) {
        for w in words {
            let w = w.as_ref().to_lowercase().into_bytes();
            let Some(&first) = w.first() else { continue };
            self.lengths |= 1u64 << w.len().min(63);
            self.firsts |= first_bit(first);
            if w.len() > 16 {
                match self.long.iter_mut().find(|(l, _)| *l == w) {
                    Some((_, f)) => *f |= flag,
                    None => self.long.push((w, flag)),
                }
                continue;
            }
            self.insert(pack(&w), w.len(), flag);
        }
    }

    fn insert(&mut self, key: u128, len: usize, flag: u64) {
        if (self.used + 1) * 4 > self.slots.len() {
            let bigger = vec![(0, 0, 0); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, bigger);
            self.mask = self.slots.len() - 1;
            self.used = 0;
            for (k, l, f) in old.into_iter().filter(|s| s.1 != 0) {
                self.insert(k, usize::from(l), f);
            }
        }
        let mut i = slot_of(key, len, self.mask);
        loop {
            let slot = &mut self.slots[i];
            if slot.1 == 0 {
                // Words are at most 16 bytes here, so the length fits a byte.
                *slot = (key, len as u8, flag);
                self.used += 1;
                return;
            }
            if slot.0 == key && usize::from(slot.1) == len {
                slot.2 |= flag;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The flags of `word`, ignoring ASCII case; 0 when it is in no list.
    #[inline]
    pub fn get(&self, word: &str) -> u64 {
        let bytes = word.as_bytes();
        let Some(&first) = bytes.first() else {
            return 0;
        };
        if self.lengths & (1u64 << bytes.len().min(63)) == 0 || self.firsts & first_bit(first) == 0
        {
            return 0;
        }
        if bytes.len() > 16 {
            return self
                .long
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(bytes))
                .map_or(0, |(_, f)| *f);
        }
        let key = pack(bytes);
        let mut i = slot_of(key, bytes.len(), self.mask);
        loop {
            let (k, l, f) = self.slots[i];
            if l == 0 {
                return 0;
            }
            if k == key && usize::from(l) == bytes.len() {
                return f;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A set of single words, looked up ignoring ASCII case without allocating.
#[derive(Debug, Clone)]
pub(crate) struct WordSet(WordTable);

impl WordSet {
    /// The set of `words`, lowercased.
    pub fn new<S: AsRef<str>>(words: &[S]) -> WordSet {
        let mut t = WordTable::new();
        t.add(words, 1);
        WordSet(t)
    }

    /// Whether `word` is in the set, ignoring ASCII case.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.0.get(word) != 0
    }
}

/// Whether `b` is ASCII whitespace as a phrase's space matches it.
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// A set of phrases compiled into a byte trie, matched from word starts; see the module doc.
#[derive(Debug)]
pub(crate) struct Matcher {
    /// Byte to input class (0: no phrase uses the byte); ASCII letters fold to one class per letter.
    classes: [u8; 256],
    width: usize,
    /// `next[node * width + class]`: the child node, 0 for none (the root, node 0, is nobody's child), with
    /// [`TERMINAL`] set when the child ends a phrase. Sixteen bits keep a node's row in one cache line.
    next: Vec<u16>,
    /// Per node: the phrase ending there, plus one (0 for none).
    out: Vec<u32>,
    space: u8,
    apostrophe: u8,
}

/// The bit of a trie entry that says the child ends a phrase.
const TERMINAL: u16 = 1 << 15;

/// The most nodes a trie may have (its entries are 15-bit node numbers); the shipped lexicon needs about 5,500.
const MAX_NODES: usize = 1 << 15;

/// A phrase as the trie holds it: lowercase ASCII, one space for each run of whitespace, straight apostrophes.
fn normalise(phrase: &str) -> Vec<u8> {
    let phrase = phrase.trim().replace('\u{2019}', "'");
    let mut out = Vec::with_capacity(phrase.len());
    for &b in phrase.as_bytes() {
        if is_space(b) {
            if out.last() != Some(&b' ') {
                out.push(b' ');
            }
        } else {
            out.push(b.to_ascii_lowercase());
        }
    }
    out
}

impl Matcher {
    /// Compiles `phrases`; the id of a match is the index of its phrase. Where two phrases are the same once
    /// normalised, the first one is kept. Fails when the phrases need more than [`MAX_NODES`] trie nodes.
    pub fn new<S: AsRef<str>>(phrases: &[S]) -> Result<Matcher, String> {
        let normal: Vec<Vec<u8>> = phrases.iter().map(|p| normalise(p.as_ref())).collect();
        let mut classes = [0u8; 256];
        let mut width = 1usize;
        let mut class_of = |b: u8, classes: &mut [u8; 256]| {
            if classes[usize::from(b)] == 0 {
                classes[usize::from(b)] = u8::try_from(width).unwrap_or(u8::MAX);
                width += 1;
            }
        };
        class_of(b' ', &mut classes);
        class_of(b'\'', &mut classes);
        for p in &normal {
            for &b in p {
                class_of(b, &mut classes);
            }
        }
        // Fold upper case onto lower case; whitespace other than the space is handled while walking.
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let space = classes[usize::from(b' ')];
        let apostrophe = classes[usize::from(b'\'')];
        let mut next = vec![0u32; width];
        let mut out = vec![0u32];
        for (id, p) in normal.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            let mut node = 0usize;
            for &b in p {
                let slot = node * width + usize::from(classes[usize::from(b)]);
                if next[slot] == 0 {
                    let fresh = out.len();
                    out.push(0);
                    next.extend(std::iter::repeat_n(0, width));
                    next[slot] = u32::try_from(fresh).unwrap_or(u32::MAX);
                }
                node = next[slot] as usize;
            }
            if out[node] == 0 {
                out[node] = u32::try_from(id + 1).unwrap_or(u32::MAX);
            }
        }
        // Renumber the nodes breadth first, so the shallow ones that every walk visits sit together at the
        // front of the table, and mark a child that ends a phrase with the top bit of its entry, so a walk
        // reads `out` only on a match.
        let mut order = vec![0usize];
        let mut new_id = vec![0u16; out.len()];
        let mut head = 0;
        while head < order.len() {
            let node = order[head];
            head += 1;
            for c in 0..width {
                let child = next[node * width + c] as usize;
                if child != 0 {
                    new_id[child] = u16::try_from(order.len()).unwrap_or(u16::MAX);
                    order.push(child);
                }
            }
        }
        if order.len() > MAX_NODES {
            return Err(format!(
                "the phrases need {} trie nodes, more than {MAX_NODES}",
                order.len()
            ));
        }
        let mut bfs_next = vec![0u16; order.len() * width];
        let mut bfs_out = vec![0u32; order.len()];
        for (n, &old) in order.iter().enumerate() {
            bfs_out[n] = out[old];
            for c in 0..width {
                let child = next[old * width + c] as usize;
                if child != 0 {
                    let end = if out[child] != 0 { TERMINAL } else { 0 };
                    bfs_next[n * width + c] = new_id[child] | end;
                }
            }
        }
        Ok(Matcher {
            classes,
            width,
            next: bfs_next,
            out: bfs_out,
            space,
            apostrophe,
        })
    }

    /// The longest phrase starting at byte `at` of `text` that ends on a word boundary: (end, phrase id).
    #[inline]
    pub(crate) fn longest_at(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        let mut node = 0usize;
        let mut i = at;
        let mut best = None;
        while i < bytes.len() {
            let b = bytes[i];
            let (class, step) = if is_space(b) {
                let mut j = i + 1;
                while j < bytes.len() && is_space(bytes[j]) {
                    j += 1;
                }
                (self.space, j - i)
            } else if b == 0xE2
                && bytes.get(i + 1) == Some(&0x80)
                && bytes.get(i + 2) == Some(&0x99)
            {
                (self.apostrophe, 3)
            } else {
                (self.classes[usize::from(b)], 1)
            };
            if class == 0 {
                break;
            }
            let entry = self.next[node * self.width + usize::from(class)];
            if entry == 0 {
                break;
            }
            node = usize::from(entry & !TERMINAL);
            i += step;
            if entry & TERMINAL != 0 && !alnum_at(text, i) {
                best = Some((i, self.out[node] as usize - 1));
            }
        }
        best
    }

    /// Calls `f(start, end, id)` for each match in `text`, in order, non-overlapping; stops when `f` returns
    /// false.
    #[cfg(test)]
    pub fn for_each(&self, text: &str, mut f: impl FnMut(usize, usize, usize) -> bool) {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut prev_alnum = false;
        while i < bytes.len() {
            let b = bytes[i];
            if !prev_alnum
                && self.classes[usize::from(b)] != 0
                && self.next[usize::from(self.classes[usize::from(b)])] != 0
            {
                if let Some((end, id)) = self.longest_at(text, i) {
                    if !f(i, end, id) {
                        return;
                    }
                    prev_alnum = alnum_before(text, end);
                    i = end;
                    continue;
                }
            }
            if b < 0x80 {
                prev_alnum = b.is_ascii_alphanumeric();
                i += 1;
            } else {
                let c = text[i..].chars().next();
                prev_alnum = c.is_some_and(char::is_alphanumeric);
                i += c.map_or(1, char::len_utf8);
            }
        }
    }
}

/// Whether the character at byte `i` of `text` is a letter or digit (false at the end).
#[inline]
pub(crate) fn alnum_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => text
            .get(i..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_alphanumeric),
    }
}

/// Whether the character that ends at byte `i` of `text` is a letter or digit (false at the start).
#[cfg(test)]
pub(crate) fn alnum_before(text: &str, i: usize) -> bool {
    match i.checked_sub(1).map(|j| text.as_bytes()[j]) {
        None => false,
        Some(b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => text
            .get(..i)
            .and_then(|t| t.chars().next_back())
            .is_some_and(char::is_alphanumeric),
    }
}

/// The compiled lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    matcher: Matcher,
    entries: Vec<(Option<CueKind>, Role)>,
    /// The multi-word entries of the source lists ("white house", "news agency"), with the class bits each
    /// gives the words it covers.
    source_phrases: Matcher,
    source_bits: Vec<u64>,
    /// Masthead words ("Gazette", "Times"); they count only capitalised.
    pub mastheads: WordSet,
    /// The word-class table: every word of `[classes]`, with one bit per class it is in (see [`class`]).
    pub words: WordTable,
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
                for form in expand(phrase) {
                    patterns.push(form);
                    entries.push((group.kind, group.role));
                }
            }
        }
        let c = &file.classes;
        let mut words = WordTable::new();
        for (list, flag) in [
            (&c.negation, class::NEGATION),
            (&c.adverb, class::ADVERB),
            (&c.not_adverb, class::NOT_ADVERB),
            (&c.deny, class::DENY),
            (&c.reject, class::REJECT),
            (&c.condemn, class::CONDEMN),
            (&c.allegation, class::ALLEGATION),
            (&c.refuse, class::REFUSE),
            (&c.comment, class::COMMENT),
            (&c.not_a_denial_object, class::NOT_A_DENIAL_OBJECT),
            (&c.denial_predicate, class::DENIAL_PREDICATE),
            (&c.concessive, class::CONCESSIVE),
            (&c.be, class::BE),
            (&c.auxiliary, class::AUXILIARY),
            (&c.pronoun_person, class::PRONOUN_PERSON),
            (&c.pronoun_plural, class::PRONOUN_PLURAL),
            (&c.pronoun_it, class::PRONOUN_IT),
            (&c.pronoun_we, class::PRONOUN_WE),
            (&c.definite, class::DEFINITE),
            (&c.indefinite, class::INDEFINITE),
            (&c.preposition, class::PREPOSITION),
            (&c.subordinator, class::SUBORDINATOR),
            (&c.relative, class::RELATIVE),
            (&c.conjunction, class::CONJUNCTION),
            (&c.opener, class::OPENER),
            (&c.time, class::TIME),
            (&c.honorific, class::HONORIFIC),
            (&c.nationality, class::NATIONALITY),
            (&c.quantity, class::QUANTITY),
            (&c.month, class::MONTH),
            (&c.irregular_past, class::IRREGULAR_PAST),
            (&c.inverting, class::INVERTING),
            (&c.nounish, class::NOUNISH),
            (&c.generic, class::GENERIC),
            (&c.speaks_for, class::SPEAKS_FOR),
            (&c.describing, class::DESCRIBING),
            (&c.frame, class::FRAME),
            (&c.publish, class::PUBLISH),
            (&c.unnamed, class::UNNAMED),
            (&c.record, class::RECORD),
            (&c.source_word, class::SOURCE_WORD),
            (&c.hedge_adverb, class::HEDGE_ADVERB),
            (&c.media_staff, class::MEDIA_STAFF),
            (&c.message, class::MESSAGE),
            (&c.question, class::QUESTION),
            (&c.carried, class::CARRIED),
            (&c.story, class::STORY),
            (&c.written, class::WRITTEN),
        ] {
            for entry in list {
                if entry.contains(' ') {
                    return Err(format!("`{entry}`: a word class holds single words"));
                }
                // A curly apostrophe is written as it is typed, and also found straight.
                let forms = expand(entry);
                let straight: Vec<String> =
                    forms.iter().map(|f| f.replace('\u{2019}', "'")).collect();
                let curly: Vec<String> = straight
                    .iter()
                    .map(|f| f.replace('\'', "\u{2019}"))
                    .collect();
                words.add(&straight, flag);
                words.add(&curly, flag);
            }
        }
        let s = &file.sources;
        // The single words of the source lists join the word-class table; their phrases are matched once per
        // sentence and mark the words they cover (`mark_sources`).
        let mut phrases: Vec<&String> = Vec::new();
        let mut source_bits = Vec::new();
        for (list, flag) in [
            (&s.documents, class::DOCUMENT),
            (&s.anonymous, class::PEOPLE),
            (&s.spokespeople, class::SPOKES),
            (&s.titles, class::TITLE),
            (&s.organisations, class::ORGANISATION),
            (&s.media, class::MEDIA),
            (&s.places, class::PLACE),
        ] {
            let single: Vec<&String> = list.iter().filter(|w| !w.contains(' ')).collect();
            words.add(&single, flag);
            for p in list.iter().filter(|w| w.contains(' ')) {
                phrases.push(p);
                source_bits.push(flag);
            }
        }
        // The first words of the phrases, so that the tries are walked only from words that can start one.
        let first_words = |phrases: &[&String], flag: u64, words: &mut WordTable| {
            let firsts: Vec<String> = phrases
                .iter()
                .filter_map(|p| p.split(' ').next())
                .flat_map(|f| {
                    let straight = f.replace('\u{2019}', "'");
                    let curly = straight.replace('\'', "\u{2019}");
                    [straight, curly]
                })
                .collect();
            words.add(&firsts, flag);
        };
        let pattern_refs: Vec<&String> = patterns.iter().collect();
        first_words(&pattern_refs, class::CUE_START, &mut words);
        first_words(&phrases, class::SOURCE_START, &mut words);
        Ok(Lexicon {
            matcher: Matcher::new(&patterns)?,
            entries,
            source_phrases: Matcher::new(&phrases)?,
            source_bits,
            mastheads: WordSet::new(&s.mastheads),
            words,
        })
    }

    /// The lexicon hits in `sentence`, longest first at each word start, non-overlapping, in order, on word
    /// boundaries.
    #[cfg(test)]
    pub(crate) fn hits(&self, sentence: &str) -> Vec<Hit> {
        let mut kept: Vec<Hit> = Vec::new();
        self.hits_into(sentence, &mut kept);
        kept
    }

    /// Adds, to the word classes `cls` of the tokens starting at `starts`, the bits of the multi-word source
    /// phrases that cover them ("state department", "news agency").
    #[cfg(test)]
    pub(crate) fn mark_sources(&self, sentence: &str, starts: &[usize], cls: &mut [u64]) {
        self.mark_sources_with(sentence, starts.len(), |i| starts[i], cls);
    }

    /// [`Lexicon::mark_sources`] with the token starts given by a function.
    pub(crate) fn mark_sources_with(
        &self,
        sentence: &str,
        n: usize,
        start_of: impl Fn(usize) -> usize,
        cls: &mut [u64],
    ) {
        let mut i = 0;
        while i < n {
            if cls[i] & class::SOURCE_START == 0 {
                i += 1;
                continue;
            }
            let start = start_of(i);
            match self.source_phrases.longest_at(sentence, start) {
                Some((end, id)) => {
                    let bits = self.source_bits[id];
                    while i < n && start_of(i) < end {
                        cls[i] |= bits;
                        i += 1;
                    }
                }
                None => i += 1,
            }
        }
    }

    /// The hits of a tokenized sentence (tokens starting at `start_of(i)`, word classes `cls`), walking the
    /// trie only from words that can start a cue phrase: the same hits as [`Lexicon::hits_into`] at the
    /// starts of tokens.
    pub(crate) fn hits_of_tokens(
        &self,
        sentence: &str,
        n: usize,
        start_of: impl Fn(usize) -> usize,
        cls: &[u64],
        kept: &mut Vec<Hit>,
    ) {
        let mut i = 0;
        while i < n {
            if cls[i] & class::CUE_START == 0 {
                i += 1;
                continue;
            }
            let start = start_of(i);
            match self.matcher.longest_at(sentence, start) {
                Some((end, id)) => {
                    let (kind, role) = self.entries[id];
                    kept.push(Hit {
                        start,
                        end,
                        kind,
                        role,
                    });
                    while i < n && start_of(i) < end {
                        i += 1;
                    }
                }
                None => i += 1,
            }
        }
    }

    /// Like [`Lexicon::hits`], appending to `kept`.
    #[cfg(test)]
    pub(crate) fn hits_into(&self, sentence: &str, kept: &mut Vec<Hit>) {
        self.matcher.for_each(sentence, |start, end, id| {
            let (kind, role) = self.entries[id];
            kept.push(Hit {
                start,
                end,
                kind,
                role,
            });
            true
        });
    }
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
                       anonymous=[]\nspokespeople=[]\ntitles=[]\norganisations=[]\nmastheads=[]\nplaces=[]\n[classes]\nnegation=[]\n\
                       adverb=[]\nnot_adverb=[]\ndeny=[]\nreject=[]\ncondemn=[]\nallegation=[]\nrefuse=[]\ncomment=[]\n\
                       not_a_denial_object=[]\ndenial_predicate=[]\nconcessive=[]\nbe=[]\nauxiliary=[]\n\
                       pronoun_person=[]\npronoun_plural=[]\npronoun_it=[]\npronoun_we=[]\ndefinite=[]\n\
                       indefinite=[]\npreposition=[]\nsubordinator=[]\nrelative=[]\nconjunction=[]\n\
                       opener=[]\ntime=[]\nhonorific=[]\nnationality=[]\nquantity=[]\nmonth=[]\n\
                       irregular_past=[]\ninverting=[]\nnounish=[]\ngeneric=[]\nspeaks_for=[]\n\
                       describing=[]\nframe=[]\npublish=[]\nunnamed=[]\nrecord=[]\nsource_word=[]\n\
                       hedge_adverb=[]\nmedia_staff=[]\nmessage=[]\nquestion=[]\ncarried=[]\nstory=[]\nwritten=[]\n";
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
                vec![("It is said", Some(Report), Role::Standalone)],
            ),
            (
                "He is said to be old.",
                vec![("is said to", Some(Report), Role::Standalone)],
            ),
            ("The saidwords and unsaid.", vec![]),
            (
                "She could not be\nreached.",
                vec![("could not be\nreached", Some(NoComment), Role::Response)],
            ),
            (
                "She could not  be \r\n reached.",
                vec![(
                    "could not  be \r\n reached",
                    Some(NoComment),
                    Role::Response,
                )],
            ),
            (
                "It could bed down.",
                vec![("could", Some(Hedge), Role::Standalone)],
            ),
            (
                "He couldn\u{2019}t say.",
                vec![
                    ("couldn\u{2019}t", None, Role::Ignore),
                    ("say", Some(Attribution), Role::Speech),
                ],
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
    fn entries_marked_plus_expand_to_their_inflections() {
        let cases: &[(&str, &[&str])] = &[
            ("deny+", &["deny", "denies", "denied", "denying"]),
            ("reject+", &["reject", "rejects", "rejected", "rejecting"]),
            (
                "decline+",
                &["decline", "declines", "declined", "declining"],
            ),
            (
                "dismiss+",
                &["dismiss", "dismisses", "dismissed", "dismissing"],
            ),
            ("say+/said", &["say", "says", "said", "saying"]),
            (
                "write+/wrote/written",
                &["write", "writes", "wrote", "written", "writing"],
            ),
            (
                "admit+/admitted",
                &["admit", "admits", "admitted", "admitting"],
            ),
            ("see+/saw/seen", &["see", "sees", "saw", "seen", "seeing"]),
            ("play+", &["play", "plays", "played", "playing"]),
            ("tie+", &["tie", "ties", "tied", "tying"]),
            (
                "call+ on",
                &["call on", "calls on", "called on", "calling on"],
            ),
            ("according to", &["according to"]),
        ];
        for (entry, forms) in cases {
            assert_eq!(expand(entry), *forms, "{entry}");
        }
    }

    #[test]
    fn word_tables_find_words_of_every_length_ignoring_ascii_case() {
        let words: Vec<String> = (1..=24)
            .map(|n| "abcdefghijklmnopqrstuvwxyz"[..n].to_string())
            .collect();
        let mut table = WordTable::new();
        table.add(&words, 1);
        table.add(&["é", "el país", "gov't"], 2);
        for w in &words {
            assert_eq!(table.get(w), 1, "{w}");
            assert_eq!(table.get(&w.to_uppercase()), 1, "{w}");
            assert_eq!(table.get(&format!("{w}z")), 0, "{w}z");
        }
        assert_eq!(table.get("É"), 0); // ASCII case only, as before
        assert_eq!(table.get("El PAÍS"), 0);
        assert_eq!(table.get("El País"), 2);
        assert_eq!(table.get("GOV'T"), 2);
        assert_eq!(table.get(""), 0);
        assert_eq!(table.get("abc\u{0}"), 0);
    }

    #[test]
    fn source_lists_match_words_and_phrases() {
        let marked = |sentence: &str| {
            let starts: Vec<usize> = sentence
                .match_indices(|c: char| !c.is_whitespace())
                .filter(|(i, _)| *i == 0 || sentence.as_bytes()[i - 1] == b' ')
                .map(|(i, _)| i)
                .collect();
            // As the tokenizer gives them: each word's own classes first (they say where a phrase can start).
            let mut cls: Vec<u64> = starts
                .iter()
                .map(|&s| {
                    let end = sentence[s..].find(' ').map_or(sentence.len(), |e| s + e);
                    LEXICON.words.get(&sentence[s..end])
                })
                .collect();
            LEXICON.mark_sources(sentence, &starts, &mut cls);
            cls.iter()
                .map(|c| c & (class::MEDIA | class::ORGANISATION))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            marked("by the Associated Press"),
            vec![0, 0, class::MEDIA, class::MEDIA]
        );
        assert_eq!(marked("the apartment"), vec![0, 0]);
        assert_eq!(
            marked("a White House aide"),
            vec![0, class::ORGANISATION, class::ORGANISATION, 0]
        );
        assert_ne!(LEXICON.words.get("Officials") & class::PEOPLE, 0);
        assert_eq!(LEXICON.words.get("Smith") & class::PEOPLE, 0);
        assert_ne!(LEXICON.words.get("Uganda") & class::PLACE, 0);
    }
}
