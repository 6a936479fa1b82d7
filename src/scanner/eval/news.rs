//! Scoring the scanner on a labelled real-news set in the format of `../shared/data/news-dev/`
//! (`sentences.jsonl`, `paragraphs.jsonl`), exactly as that folder's `score.py` does, so the two agree:
//!
//! - strength, response and source kind: every labelled claim sentence, whitespace-normalised, joined with
//!   blank lines into one input and scanned as one text (so the per-article state of [`scan_iter`] sees the
//!   sentences in reading order); each gold sentence is matched to the predicted sentence that overlaps most
//!   of its bytes (the first of equals), and a response counts as predicted when any overlapping sentence has
//!   one;
//! - splitting: the paragraph excerpts joined with blank lines; the share of gold sentences that come out as
//!   one predicted sentence exactly.
//!
//! A set can be cut in two by page ([`Part`]), so that rules tuned on one part can be checked on the other.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::model::{ClaimSourceKind, Response, Strength};
use crate::scanner::scan_iter;

use super::{Confusion, Prf};

/// One labelled sentence of `sentences.jsonl` (fields not scored are left out).
#[derive(Debug, Clone, Deserialize)]
pub struct NewsSentence {
    pub id: String,
    pub url: String,
    pub outlet: String,
    pub text: String,
    /// Null for a non-claim.
    pub strength: Option<Strength>,
    pub response: Option<Response>,
    pub source_kind: ClaimSourceKind,
    pub source: Option<String>,
    #[serde(default)]
    pub cues: Vec<String>,
}

/// One excerpt of `paragraphs.jsonl`: whole consecutive paragraphs of a page.
#[derive(Debug, Clone, Deserialize)]
pub struct NewsParagraphs {
    pub id: String,
    pub url: String,
    pub text: String,
    pub sentence_ids: Vec<String>,
}

/// A labelled set.
#[derive(Debug, Clone)]
pub struct NewsSet {
    pub sentences: Vec<NewsSentence>,
    pub paragraphs: Vec<NewsParagraphs>,
}

/// Which pages of a set to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Every page.
    All,
    /// The pages rules are tuned on (three in four).
    Tune,
    /// The pages held out from tuning (one in four, chosen by a hash of the page address).
    Held,
}

impl Part {
    /// Whether the page at `url` belongs to this part.
    pub fn has(self, url: &str) -> bool {
        let held = fnv1a(url.as_bytes()).is_multiple_of(4);
        match self {
            Part::All => true,
            Part::Tune => !held,
            Part::Held => held,
        }
    }
}

/// 64-bit FNV-1a: a fixed, documented hash, so the parts stay the same on every machine and in every release.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn read_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Reads `sentences.jsonl` and `paragraphs.jsonl` from `dir`.
pub fn read(dir: &Path) -> Result<NewsSet, String> {
    Ok(NewsSet {
        sentences: read_lines(&dir.join("sentences.jsonl"))?,
        paragraphs: read_lines(&dir.join("paragraphs.jsonl"))?,
    })
}

/// A sentence whose strength, response or source kind was wrong, for the error listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsMiss {
    pub id: String,
    pub text: String,
    pub gold: Strength,
    pub predicted: Option<Strength>,
    pub gold_response: Option<Response>,
    pub predicted_response: Option<Response>,
    pub gold_kind: ClaimSourceKind,
    pub predicted_kind: Option<ClaimSourceKind>,
    pub gold_source: Option<String>,
    pub predicted_source: Option<String>,
    /// The cues the scanner marked in the sentence, as `text/kind`.
    pub predicted_cues: Vec<String>,
    pub gold_cues: Vec<String>,
}

/// Everything measured on a set (or a part of one).
#[derive(Debug, Clone, Default)]
pub struct NewsReport {
    /// Labelled claim sentences scored.
    pub sentences: usize,
    /// Strength, rows gold and columns predicted; a gold sentence with no overlapping prediction counts as a
    /// miss in `unmatched`, not here.
    pub strength: Confusion,
    /// Gold sentences no predicted sentence overlapped.
    pub unmatched: usize,
    /// Sentences whose strength was right.
    pub strength_right: usize,
    /// Sentences whose response (including none) was right.
    pub response_right: usize,
    /// Per response (denial, no_comment): true positives, false positives, false negatives.
    pub response: [(usize, usize, usize); 2],
    /// Sentences whose source kind was right.
    pub kind_right: usize,
    /// Uncertain flag (gold anonymous, reported or hedged; predicted: a hedge, anonymous or report cue).
    pub uncertain: (usize, usize, usize),
    /// Gold sentences of the paragraph excerpts, and those found as one predicted sentence exactly.
    pub split_total: usize,
    pub split_found: usize,
    /// Wrong strength, response or source kind.
    pub misses: Vec<NewsMiss>,
}

impl NewsReport {
    fn share(n: usize, of: usize) -> f64 {
        if of == 0 {
            0.0
        } else {
            n as f64 / of as f64
        }
    }

    /// Share of sentences with the right strength.
    pub fn strict(&self) -> f64 {
        Self::share(self.strength_right, self.sentences)
    }

    /// Share of sentences with the right response.
    pub fn response_accuracy(&self) -> f64 {
        Self::share(self.response_right, self.sentences)
    }

    /// Share of sentences with the right source kind.
    pub fn kind_accuracy(&self) -> f64 {
        Self::share(self.kind_right, self.sentences)
    }

    /// Share of gold sentences split exactly.
    pub fn split(&self) -> f64 {
        Self::share(self.split_found, self.split_total)
    }

    /// F1 of the uncertain flag, as `score.py` computes it (0 without a true positive).
    pub fn uncertain_f1(&self) -> f64 {
        let (tp, fp, fn_) = self.uncertain;
        if tp == 0 {
            0.0
        } else {
            2.0 * tp as f64 / (2 * tp + fp + fn_) as f64
        }
    }

    /// Precision, recall and F1 of one response.
    pub fn response_class(&self, r: Response) -> Prf {
        let (tp, fp, fn_) = self.response[usize::from(r == Response::NoComment)];
        Prf::from_counts(tp, fp, fn_)
    }
}

/// Whitespace normalised as Python's `" ".join(t.split())`.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Scores the sentences and paragraph excerpts of `set` whose page is in `part`.
pub fn score(set: &NewsSet, part: Part) -> NewsReport {
    let mut report = NewsReport::default();
    let rows: Vec<&NewsSentence> = set
        .sentences
        .iter()
        .filter(|r| r.strength.is_some() && part.has(&r.url))
        .collect();
    let mut input = String::new();
    let mut spans = Vec::with_capacity(rows.len());
    for r in &rows {
        if !input.is_empty() {
            input.push_str("\n\n");
        }
        let start = input.len();
        input.push_str(&normalise(&r.text));
        spans.push((start, input.len()));
    }
    let predicted: Vec<_> = scan_iter(&input).collect();
    report.sentences = rows.len();
    for (r, &(a, b)) in rows.iter().zip(&spans) {
        let Some(gold) = r.strength else { continue };
        // Predicted sentences are in order and disjoint: the overlapping ones are a contiguous run.
        let first = predicted.partition_point(|s| s.end <= a);
        let over = predicted[first..]
            .iter()
            .take_while(|s| s.start < b)
            .filter(|s| s.end > a);
        let mut main = None;
        let mut best = 0;
        let mut got_response = None;
        let mut cue_texts = Vec::new();
        let mut predicted_uncertain = false;
        for s in over {
            let overlap = b.min(s.end) - a.max(s.start);
            if main.is_none() || overlap > best {
                main = Some(s);
                best = overlap;
            }
            if got_response.is_none() {
                got_response = s.response;
            }
            for c in s.cues.iter().filter(|c| a <= c.start && c.start < b) {
                predicted_uncertain |= c.kind.is_uncertain();
                cue_texts.push(format!("{}/{}", c.text, c.kind));
            }
        }
        let got = main.map(|s| s.strength);
        let got_kind = main.map(|s| s.source_kind);
        match got {
            Some(p) => report.strength.add(gold, p),
            None => report.unmatched += 1,
        }
        let strength_ok = got == Some(gold);
        let response_ok = got_response == r.response;
        let kind_ok = got_kind == Some(r.source_kind);
        report.strength_right += usize::from(strength_ok);
        report.response_right += usize::from(response_ok);
        report.kind_right += usize::from(kind_ok);
        for (i, class) in [Response::Denial, Response::NoComment]
            .into_iter()
            .enumerate()
        {
            let cell = &mut report.response[i];
            match (r.response == Some(class), got_response == Some(class)) {
                (true, true) => cell.0 += 1,
                (false, true) => cell.1 += 1,
                (true, false) => cell.2 += 1,
                (false, false) => {}
            }
        }
        let gold_uncertain = matches!(
            gold,
            Strength::Anonymous | Strength::Reported | Strength::Hedged
        );
        let u = &mut report.uncertain;
        u.0 += usize::from(gold_uncertain && predicted_uncertain);
        u.1 += usize::from(predicted_uncertain && !gold_uncertain);
        u.2 += usize::from(gold_uncertain && !predicted_uncertain);
        if !(strength_ok && response_ok && kind_ok) {
            report.misses.push(NewsMiss {
                id: r.id.clone(),
                text: r.text.clone(),
                gold,
                predicted: got,
                gold_response: r.response,
                predicted_response: got_response,
                gold_kind: r.source_kind,
                predicted_kind: got_kind,
                gold_source: r.source.clone(),
                predicted_source: main.and_then(|s| s.source.clone()),
                predicted_cues: cue_texts,
                gold_cues: r.cues.clone(),
            });
        }
    }

    let by_id: HashMap<&str, &str> = set
        .sentences
        .iter()
        .map(|r| (r.id.as_str(), r.text.as_str()))
        .collect();
    let paragraphs: Vec<&NewsParagraphs> =
        set.paragraphs.iter().filter(|p| part.has(&p.url)).collect();
    let joined = paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let found: HashSet<String> = scan_iter(&joined).map(|s| normalise(&s.text)).collect();
    for p in &paragraphs {
        for id in &p.sentence_ids {
            report.split_total += 1;
            let gold = by_id.get(id.as_str()).map(|t| normalise(t));
            report.split_found += usize::from(gold.is_some_and(|g| found.contains(&g)));
        }
    }
    report
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn sentence(id: &str, url: &str, text: &str, strength: Option<Strength>) -> NewsSentence {
        NewsSentence {
            id: id.to_string(),
            url: url.to_string(),
            outlet: "Test".to_string(),
            text: text.to_string(),
            strength,
            response: None,
            source_kind: match strength {
                Some(Strength::OnRecord) => ClaimSourceKind::NamedOrganization,
                Some(Strength::Hedged | Strength::Unattributed) => ClaimSourceKind::OwnVoice,
                _ => ClaimSourceKind::NotAClaim,
            },
            source: None,
            cues: vec![],
        }
    }

    #[test]
    fn scores_as_the_reference_scorer_does() {
        let set = NewsSet {
            sentences: vec![
                sentence(
                    "a",
                    "u1",
                    "Fares will rise,  the ministry said.",
                    Some(Strength::OnRecord),
                ),
                sentence(
                    "b",
                    "u1",
                    "The bridge opened in 1932.",
                    Some(Strength::Unattributed),
                ),
                sentence("c", "u1", "Read more", None),
                sentence("d", "u1", "The mayor took bribes.", Some(Strength::Hedged)),
            ],
            paragraphs: vec![NewsParagraphs {
                id: "p".to_string(),
                url: "u1".to_string(),
                text: "Fares will rise,  the ministry said. The bridge opened in 1932.".to_string(),
                sentence_ids: vec!["a".to_string(), "b".to_string()],
            }],
        };
        let r = score(&set, Part::All);
        assert_eq!(r.sentences, 3);
        assert_eq!(r.strength_right, 2);
        assert_eq!(r.response_right, 3);
        assert_eq!(r.kind_right, 3);
        assert_eq!((r.split_found, r.split_total), (2, 2));
        assert_eq!(r.misses.len(), 1);
        assert_eq!(r.misses[0].id, "d");
        assert_eq!(r.uncertain, (0, 0, 1));
    }

    #[test]
    fn the_parts_divide_the_pages() {
        let urls = ["a", "b", "c", "d", "e", "f", "g", "h"];
        for u in urls {
            assert_ne!(Part::Tune.has(u), Part::Held.has(u));
            assert!(Part::All.has(u));
        }
        assert!(urls.iter().any(|u| Part::Held.has(u)));
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
