//! The matcher: places every unit of the earlier text (a claim, or a sentence no claim covers) in the new text.
//!
//! In order, each step only on what the steps before left free:
//! 1. **Kept**: the two texts' sentences, compared whole (runs of whitespace collapsed), are diffed as sequences
//!    (see [`keep`]: the sentences found once in each text, in order, then Myers between them). A unit on a
//!    sentence the diff keeps is *exact*. Repeated identical sentences are told apart by this step: the diff keeps
//!    the occurrence that sits among the same neighbours.
//! 2. **Moved**: a unit whose text is the whole text of a new sentence the diff did not keep (so it left its
//!    place, or its neighbours changed around it) is *moved*. Several units of one text take the new sentences
//!    of that text in order.
//! 3. **Fragments**: a claim that is not one whole sentence (part of one, or several) is looked for verbatim:
//!    where it should be after the kept sentences is *exact*, elsewhere *moved* (the nearest occurrence).
//! 4. **Fuzzy**: every remaining unit against every remaining new sentence that shares a word of its prefix (see
//!    [`Vocabulary::prefix`]; through a common word, only within [`WINDOW`] sentences of where the kept sentences
//!    put the unit), scored by [`similarity`]; pairs at or above [`FUZZY_THRESHOLD`] are taken best first, one to
//!    one, ties to the sentence nearest that place.
//! 5. **Contained**: a claim still unplaced goes to the new sentence that holds most of it, or that it holds (a
//!    claim merged into a longer sentence, split in two, trimmed, or reworded mostly by adding words), by
//!    [`overlap`] at or above [`CONTAINED_THRESHOLD`] with at least [`CONTAINED_MIN_WORDS`] content words in
//!    common — many claims may share one sentence here (a merge) — but only a sentence that *gained* the claim's
//!    words: one whose own counterpart in the earlier text did not already hold them.
//!
//! The cost grows about as the texts do (`examples/revision_bench.rs`): the diff is a longest increasing
//! subsequence plus small gaps, and the fuzzy steps look candidates up in an inverted index over the new sentences'
//! words, by each unit's few rarest words, reading a common word's postings only near the unit's place.

use std::collections::HashMap;
use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Postings longer than this are read only around the place a unit is expected (see [`Index::near`]).
const RARE: usize = 32;
/// How many sentences either side of its expected place a unit looks at through a common word.
const WINDOW: usize = 48;

use super::words::{overlap, round, similarity, Bag, Vocabulary};
use super::{Revision, Span, CONTAINED_MIN_WORDS, CONTAINED_THRESHOLD, FUZZY_THRESHOLD};

/// What the scanner reads in a unit's text, and the byte ranges of its attribution frame (relative to the text).
#[derive(Debug, Clone)]
pub(super) struct Frame {
    pub ranges: Vec<Range<usize>>,
}

/// One thing of the earlier text to be placed.
#[derive(Debug, Clone)]
pub(super) struct Unit<'a> {
    /// What must be found.
    pub text: &'a str,
    /// Its place in the earlier text, when it has one.
    pub span: Option<Span>,
    /// The earlier sentence it is, or the one its start lies in.
    pub sentence: Option<usize>,
    /// Whether it is exactly that sentence.
    pub whole: bool,
    /// Whether it is a claim (only claims take part in the contained step; sentences only compete).
    pub claim: bool,
    /// Its attribution frame.
    pub frame: Frame,
}

/// How a unit was placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Exact,
    Moved,
    Fuzzy(f64),
    Contained(f64),
}

/// Where a unit was placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Target {
    /// A whole new sentence, by index.
    Sentence(usize),
    /// A verbatim occurrence of a fragment.
    Span(Span),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Placement {
    pub kind: Kind,
    pub target: Target,
}

/// The result of [`align`].
pub(super) struct Alignment {
    /// Per unit, where it went.
    pub placed: Vec<Option<Placement>>,
    /// Per new sentence, the unit placed on it one to one (exact, moved or fuzzy), if any.
    pub owner: Vec<Option<usize>>,
}

/// Text with every run of whitespace made one space, for comparing sentences whole.
pub(super) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The attribution frame of a new sentence, relative to it.
pub(super) fn sentence_frame(sentence: &crate::scanner::Sentence) -> Frame {
    frame_of(
        &sentence.text,
        sentence
            .cues
            .iter()
            .map(|c| (c.start - sentence.start)..(c.end - sentence.start)),
        sentence.source.as_deref(),
    )
}

/// The frame of a text: its cues' ranges and its source phrase's.
pub(super) fn frame_of(
    text: &str,
    cues: impl Iterator<Item = Range<usize>>,
    source: Option<&str>,
) -> Frame {
    let mut ranges: Vec<Range<usize>> = cues.collect();
    if let Some(at) = source.filter(|s| !s.is_empty()).and_then(|s| text.find(s)) {
        ranges.push(at..at + source.map_or(0, str::len));
    }
    Frame { ranges }
}

/// Places `units` (from `old`) in `new`.
pub(super) fn align(old: &Revision<'_>, new: &Revision<'_>, units: &[Unit<'_>]) -> Alignment {
    let old_sentences = old.sentences();
    let new_sentences = new.sentences();

    // 1. Kept sentences.
    let mut keys: HashMap<String, u32> = HashMap::new();
    let mut key = |text: &str| {
        let next = keys.len() as u32;
        *keys.entry(collapse(text)).or_insert(next)
    };
    let old_keys: Vec<u32> = old_sentences.iter().map(|s| key(&s.text)).collect();
    let new_keys: Vec<u32> = new_sentences.iter().map(|s| key(&s.text)).collect();
    let mut kept = vec![None; old_sentences.len()];
    let mut kept_new = vec![false; new_sentences.len()];
    for (i, j) in keep(&old_keys, &new_keys, keys.len()) {
        kept[i] = Some(j);
        kept_new[j] = true;
    }
    let mut before = Vec::with_capacity(kept.len());
    let mut last = None;
    for (i, k) in kept.iter().enumerate() {
        if let Some(j) = k {
            last = Some((i, *j));
        }
        before.push(last);
    }
    // Where the kept sentences say earlier sentence `i` should be now.
    let expected = |i: usize| -> usize {
        match before[i] {
            Some((p, q)) => q + (i - p),
            None => i,
        }
    };

    let mut placed: Vec<Option<Placement>> = vec![None; units.len()];
    let mut owner: Vec<Option<usize>> = vec![None; new_sentences.len()];
    for (u, unit) in units.iter().enumerate() {
        if let (true, Some(i)) = (unit.whole, unit.sentence) {
            if let Some(j) = kept[i] {
                placed[u] = Some(Placement {
                    kind: Kind::Exact,
                    target: Target::Sentence(j),
                });
                owner[j].get_or_insert(u);
            }
        }
    }

    // 2. Moved: free new sentences by their whole text, in order.
    let mut free_by_key: HashMap<u32, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, &k) in new_keys.iter().enumerate() {
        if !kept_new[j] {
            free_by_key.entry(k).or_default().push_back(j);
        }
    }
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&u| (units[u].span.is_none(), units[u].span.map(|s| s.0)));
    for &u in &order {
        if placed[u].is_some() {
            continue;
        }
        let Some(&k) = keys.get(&collapse(units[u].text)) else {
            continue;
        };
        if let Some(j) = free_by_key.get_mut(&k).and_then(|q| q.pop_front()) {
            let kind = if units[u].span.is_some() {
                Kind::Moved
            } else {
                Kind::Exact
            };
            placed[u] = Some(Placement {
                kind,
                target: Target::Sentence(j),
            });
            owner[j] = Some(u);
        }
    }

    // 3. Fragments, verbatim.
    for (u, unit) in units.iter().enumerate() {
        if placed[u].is_some() || unit.whole || unit.text.is_empty() {
            continue;
        }
        placed[u] = find_fragment(old, new, unit, &before);
    }

    // 4 and 5 compare words: one vocabulary over the units and the new sentences.
    let mut vocabulary = Vocabulary::default();
    let unit_raw: Vec<_> = units
        .iter()
        .map(|u| vocabulary.add(u.text, &u.frame.ranges))
        .collect();
    let new_raw: Vec<_> = new_sentences
        .iter()
        .map(|s| vocabulary.add(&s.text, &sentence_frame(s).ranges))
        .collect();
    let unit_bags: Vec<Bag> = unit_raw.iter().map(|r| vocabulary.bag(r)).collect();
    let new_bags: Vec<Bag> = new_raw.iter().map(|r| vocabulary.bag(r)).collect();
    // Where a unit with a place should be in the new text.
    let around = |u: usize| {
        units[u]
            .sentence
            .filter(|_| units[u].span.is_some())
            .map(expected)
    };
    let distance = |u: usize, j: usize| -> usize { around(u).map_or(0, |at| at.abs_diff(j)) };

    // 4. Fuzzy, one to one.
    let free_new: Vec<usize> = (0..new_sentences.len())
        .filter(|&j| !kept_new[j] && owner[j].is_none())
        .collect();
    let index = Index::new(&free_new, &new_bags, |bag| {
        bag.words.iter().map(|w| w.0).collect()
    });
    let mut pairs: Vec<(f64, usize, usize, usize)> = Vec::new();
    let mut seen = Stamp::new(new_sentences.len());
    for (u, bag) in unit_bags.iter().enumerate() {
        if placed[u].is_some() || bag.words.is_empty() {
            continue;
        }
        seen.next();
        let at = around(u);
        for word in vocabulary.prefix(bag, FUZZY_THRESHOLD) {
            for &j in index.near(word, at) {
                if !seen.first(j) {
                    continue;
                }
                let score = round(similarity(bag, &new_bags[j]));
                if score >= FUZZY_THRESHOLD {
                    pairs.push((score, distance(u, j), u, j));
                }
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    for (score, _, u, j) in pairs {
        if placed[u].is_none() && owner[j].is_none() {
            placed[u] = Some(Placement {
                kind: Kind::Fuzzy(score),
                target: Target::Sentence(j),
            });
            owner[j] = Some(u);
        }
    }

    // 5. Contained, claims only, many to one: any new sentence not kept and not the same text as its owner.
    let open: Vec<usize> = (0..new_sentences.len())
        .filter(|&j| {
            !kept_new[j]
                && owner[j].is_none_or(
                    |o| matches!(placed[o], Some(p) if matches!(p.kind, Kind::Fuzzy(_))),
                )
        })
        .collect();
    let all_words = Index::new(&open, &new_bags, |bag| {
        bag.words.iter().map(|w| w.0).collect()
    });
    let prefixes = Index::new(&open, &new_bags, |bag| {
        vocabulary.prefix(bag, CONTAINED_THRESHOLD)
    });
    for (u, bag) in unit_bags.iter().enumerate() {
        if placed[u].is_some() || !units[u].claim || bag.words.is_empty() {
            continue;
        }
        seen.next();
        let mut best: Option<(f64, f64, usize, usize)> = None;
        let mine = vocabulary.prefix(bag, CONTAINED_THRESHOLD);
        // The unit is the smaller: the sentence holds one of its prefix words. The sentence is the smaller: the
        // unit holds one of the sentence's prefix words.
        let candidates = mine
            .iter()
            .flat_map(|&w| all_words.near(w, around(u)))
            .chain(bag.words.iter().flat_map(|w| prefixes.near(w.0, around(u))));
        for &j in candidates {
            if !seen.first(j) {
                continue;
            }
            let (inside, common) = overlap(bag, &new_bags[j]);
            let inside = round(inside);
            if inside < CONTAINED_THRESHOLD || common < CONTAINED_MIN_WORDS {
                continue;
            }
            // The sentence must have gained the claim: its own counterpart did not already hold it.
            if let Some(o) = owner[j] {
                if round(overlap(bag, &unit_bags[o]).0) >= CONTAINED_THRESHOLD {
                    continue;
                }
            }
            let candidate = (inside, similarity(bag, &new_bags[j]), distance(u, j), j);
            let better = best.is_none_or(|b| {
                candidate.0 > b.0
                    || (candidate.0 == b.0
                        && (candidate.1 > b.1
                            || (candidate.1 == b.1 && (candidate.2, candidate.3) < (b.2, b.3))))
            });
            if better {
                best = Some(candidate);
            }
        }
        if let Some((inside, _, _, j)) = best {
            placed[u] = Some(Placement {
                kind: Kind::Contained(inside),
                target: Target::Sentence(j),
            });
        }
    }

    Alignment { placed, owner }
}

/// The sentences kept by the diff, as (earlier index, new index) pairs in order: the sentences that occur once in
/// each text, in the longest run that keeps their order (patience diff: a longest increasing subsequence, so
/// O(n log n)), then a Myers diff of what lies between two of them, which is small when the edits are scattered.
/// `similar`'s own patience and Myers grew 20 to 200 times from 2,000 to 20,000 sentences with edits spread
/// through the text; this grows about as the text does (`examples/revision_bench.rs`).
fn keep(old: &[u32], new: &[u32], keys: usize) -> Vec<(usize, usize)> {
    // Per key: how often, and where last, in each text.
    let mut seen = vec![(0u32, 0usize, 0u32, 0usize); keys];
    for (i, &k) in old.iter().enumerate() {
        let e = &mut seen[k as usize];
        e.0 += 1;
        e.1 = i;
    }
    for (j, &k) in new.iter().enumerate() {
        let e = &mut seen[k as usize];
        e.2 += 1;
        e.3 = j;
    }
    let unique: Vec<(usize, usize)> = old
        .iter()
        .filter_map(|&k| {
            let e = seen[k as usize];
            (e.0 == 1 && e.2 == 1).then_some((e.1, e.3))
        })
        .collect();
    // Longest increasing subsequence of the new indices (the earlier ones are increasing already).
    let mut tails: Vec<usize> = Vec::new(); // index into `unique` of the smallest tail of each length
    let mut back: Vec<Option<usize>> = vec![None; unique.len()];
    for (n, &(_, j)) in unique.iter().enumerate() {
        let len = tails.partition_point(|&t| unique[t].1 < j);
        back[n] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(n);
        } else {
            tails[len] = n;
        }
    }
    let mut anchors = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(n) = at {
        anchors.push(unique[n]);
        at = back[n];
    }
    anchors.reverse();
    // Between two anchors (and before the first, after the last), the Myers diff of the gap.
    let mut out = Vec::with_capacity(old.len().min(new.len()));
    let (mut i0, mut j0) = (0, 0);
    for (i1, j1) in anchors
        .into_iter()
        .chain(std::iter::once((old.len(), new.len())))
    {
        if i1 > i0 && j1 > j0 {
            for op in capture_diff_slices(Algorithm::Myers, &old[i0..i1], &new[j0..j1]) {
                if let DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } = op
                {
                    out.extend((0..len).map(|k| (i0 + old_index + k, j0 + new_index + k)));
                }
            }
        }
        if i1 < old.len() {
            out.push((i1, j1));
        }
        (i0, j0) = (i1 + 1, j1 + 1);
    }
    out
}

/// A fragment found verbatim: where the kept sentences put it (exact), else the occurrence nearest that place
/// (moved; exact for a claim that had no place).
fn find_fragment(
    old: &Revision<'_>,
    new: &Revision<'_>,
    unit: &Unit<'_>,
    before: &[Option<(usize, usize)>],
) -> Option<Placement> {
    let text = unit.text;
    let (old_sentences, new_sentences) = (old.sentences(), new.sentences());
    // Shifted by the last kept sentence at or before it: from its start when the fragment lies in it, else from
    // its end.
    let expected = match (unit.span, unit.sentence) {
        (Some((start, _)), Some(i)) => Some(match before[i] {
            Some((p, q)) if p == i => start - old_sentences[p].start + new_sentences[q].start,
            Some((p, q)) => (start + new_sentences[q].end).saturating_sub(old_sentences[p].end),
            None => start,
        }),
        _ => None,
    };
    if let Some(at) = expected {
        if new.text().get(at..at + text.len()) == Some(text) {
            return Some(Placement {
                kind: Kind::Exact,
                target: Target::Span((at, at + text.len())),
            });
        }
    }
    let nearest = new
        .text()
        .match_indices(text)
        .map(|(at, _)| at)
        .min_by_key(|&at| expected.map_or(0, |e| e.abs_diff(at)))?;
    Some(Placement {
        kind: if unit.span.is_some() {
            Kind::Moved
        } else {
            Kind::Exact
        },
        target: Target::Span((nearest, nearest + text.len())),
    })
}

/// Word id → the new sentences (among some) that hold it.
struct Index {
    postings: HashMap<u32, Vec<usize>>,
}

impl Index {
    fn new(sentences: &[usize], bags: &[Bag], words: impl Fn(&Bag) -> Vec<u32>) -> Index {
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        for &j in sentences {
            for w in words(&bags[j]) {
                postings.entry(w).or_default().push(j);
            }
        }
        Index { postings }
    }

    fn postings(&self, word: u32) -> &[usize] {
        self.postings.get(&word).map_or(&[], Vec::as_slice)
    }

    /// The sentences holding `word`: all of them when they are few, else only those within [`WINDOW`] of `around`
    /// (the postings are in text order). Without this a text with many edits and a small vocabulary (a long
    /// article on one subject) would score every changed sentence against every other; what it gives up is a
    /// sentence both moved far and reworded so that it shares none of its rare words.
    fn near(&self, word: u32, around: Option<usize>) -> &[usize] {
        let all = self.postings(word);
        match around {
            Some(at) if all.len() > RARE => {
                let from = all.partition_point(|&j| j + WINDOW < at);
                let to = all.partition_point(|&j| j <= at + WINDOW);
                &all[from..to]
            }
            _ => all,
        }
    }
}

/// Which new sentences one unit has already been scored against, without clearing a set per unit.
struct Stamp {
    marks: Vec<u32>,
    current: u32,
}

impl Stamp {
    fn new(len: usize) -> Stamp {
        Stamp {
            marks: vec![0; len],
            current: 0,
        }
    }

    fn next(&mut self) {
        self.current += 1;
    }

    /// Whether `j` is seen for the first time for the current unit (and marks it).
    fn first(&mut self, j: usize) -> bool {
        let fresh = self.marks[j] != self.current;
        self.marks[j] = self.current;
        fresh
    }
}
