//! Measuring the scanner on PolNeAR (political news articles with every attribution relation annotated:
//! source, cue, content), read from its brat standoff files: `text/NAME.txt` and `attributions/NAME_XXXX.ann`,
//! whose offsets count Unicode scalar values. Reading and counting only.
//!
//! What is measured, for the relations whose cue is a speech-type reporting word ([`is_speech_cue`]):
//! - **recall**: of the sentences holding such a relation, the share the scanner marks with an attribution
//!   cue (any cue but a hedge), and the stricter share where one of its cues overlaps the annotated cue;
//! - **source overlap**: of those sentences whose relation names a source, the share where the scanner's
//!   source phrase overlaps an annotated source of one of them.
//!
//! Every article is scanned as a whole, so the per-article state (quotations, pronouns) is in play. An article
//! annotated twice counts once, by its first annotation file.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use crate::model::CueKind;
use crate::scanner::scan_iter;

/// A span of an annotation: one or more byte ranges of the article text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans(pub Vec<Range<usize>>);

impl Spans {
    fn overlaps(&self, r: &Range<usize>) -> bool {
        self.0.iter().any(|s| s.start < r.end && r.start < s.end)
    }

    fn start(&self) -> Option<usize> {
        self.0.iter().map(|s| s.start).min()
    }
}

/// One attribution relation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relation {
    /// The cue's text, as written (pieces of a discontinuous cue joined by a space).
    pub cue_text: String,
    pub cue: Spans,
    pub source: Option<Spans>,
}

/// One article with its relations.
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub relations: Vec<Relation>,
}

/// Byte offsets of each character of `text`, plus its length: `offsets[i]` is where character `i` starts.
fn char_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// Parses a brat `.ann` file against its article text (character offsets turned into byte offsets).
pub fn parse_ann(ann: &str, text: &str) -> Result<Vec<Relation>, String> {
    let offsets = char_offsets(text);
    let byte = |c: &str| -> Result<usize, String> {
        let i: usize = c.parse().map_err(|_| format!("bad offset `{c}`"))?;
        offsets
            .get(i)
            .copied()
            .ok_or_else(|| format!("offset {i} is past the end of the text"))
    };
    let mut spans: HashMap<&str, (Spans, String)> = HashMap::new();
    let mut events = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_label, ranges)) = body.split_once(' ') else {
                return Err(format!("line {}: no span", n + 1));
            };
            let mut s = Spans::default();
            for piece in ranges.split(';') {
                let mut ends = piece.split_whitespace();
                let (Some(a), Some(b)) = (ends.next(), ends.next()) else {
                    return Err(format!("line {}: bad span `{piece}`", n + 1));
                };
                let (a, b) = (
                    byte(a).map_err(|e| format!("line {}: {e}", n + 1))?,
                    byte(b).map_err(|e| format!("line {}: {e}", n + 1))?,
                );
                s.0.push(a.min(b)..b.max(a));
            }
            let written: Vec<&str> = s.0.iter().filter_map(|r| text.get(r.clone())).collect();
            spans.insert(id, (s, written.join(" ")));
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut relations = Vec::new();
    for body in events {
        let mut relation = Relation::default();
        let mut has_cue = false;
        for arg in body.split_whitespace() {
            let Some((role, target)) = arg.split_once(':') else {
                continue;
            };
            let Some((s, written)) = spans.get(target) else {
                continue;
            };
            match role {
                "Cue" => {
                    relation.cue = s.clone();
                    relation.cue_text = written.clone();
                    has_cue = true;
                }
                "Source" => relation.source = Some(s.clone()),
                _ => {}
            }
        }
        if has_cue {
            relations.push(relation);
        }
    }
    Ok(relations)
}

/// Reads every annotated article of a split folder (`text/`, `attributions/`).
pub fn read_split(dir: &Path) -> Result<Vec<Article>, String> {
    let ann_dir = dir.join("attributions");
    let mut files: Vec<_> = std::fs::read_dir(&ann_dir)
        .map_err(|e| format!("cannot read {}: {e}", ann_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    files.sort();
    let mut by_article: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    for f in files {
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        // NAME_XXXX.ann: the last underscore separates the annotator.
        let name = stem
            .rsplit_once('_')
            .map_or(stem.as_str(), |(n, _)| n)
            .to_string();
        by_article.entry(name).or_insert(f);
    }
    let mut articles = Vec::new();
    for (name, ann_path) in by_article {
        let text_path = dir.join("text").join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path)
            .map_err(|e| format!("cannot read {}: {e}", text_path.display()))?;
        let ann = std::fs::read_to_string(&ann_path)
            .map_err(|e| format!("cannot read {}: {e}", ann_path.display()))?;
        let relations =
            parse_ann(&ann, &text).map_err(|e| format!("{}: {e}", ann_path.display()))?;
        articles.push(Article {
            name,
            text,
            relations,
        });
    }
    Ok(articles)
}

/// The speech-type reporting words: statements, announcements, interviews, reports, denials and refusals
/// (what the issue asks recall for), in their inflections. Beliefs, feelings and intentions ("wants",
/// "fears", "mocked"), which PolNeAR also annotates, are left out.
const SPEECH_WORDS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "according",
    "announce",
    "announces",
    "announced",
    "announcing",
    "deny",
    "denies",
    "denied",
    "denying",
    "declined",
    "declines",
    "refused",
    "refuses",
    "report",
    "reports",
    "reported",
    "reporting",
    "state",
    "states",
    "stated",
    "statement",
    "add",
    "adds",
    "added",
    "adding",
    "write",
    "writes",
    "wrote",
    "writing",
    "tweet",
    "tweets",
    "tweeted",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "explain",
    "explains",
    "explained",
    "note",
    "notes",
    "noted",
    "noting",
    "reply",
    "replies",
    "replied",
    "respond",
    "responds",
    "responded",
    "confirm",
    "confirms",
    "confirmed",
    "insist",
    "insists",
    "insisted",
    "argue",
    "argues",
    "argued",
    "arguing",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "admit",
    "admits",
    "admitted",
    "warn",
    "warns",
    "warned",
    "testify",
    "testified",
    "declare",
    "declares",
    "declared",
    "comment",
    "comments",
    "commented",
    "quoted",
    "quoting",
    "interview",
    "asserted",
    "asserts",
    "stressed",
    "emphasized",
    "emphasised",
    "recalled",
    "remarked",
    "posted",
    "wrote:",
    "said:",
];

/// Whether a PolNeAR cue is a speech-type one: one of its words is a speech-type reporting word.
pub fn is_speech_cue(cue: &str) -> bool {
    cue.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|w| SPEECH_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
}

/// The counts of one split.
#[derive(Debug, Clone, Default)]
pub struct PolnearReport {
    pub articles: usize,
    pub relations: usize,
    pub speech_relations: usize,
    /// Sentences holding a speech-type relation.
    pub sentences: usize,
    /// Of those, the sentences the scanner marks with an attribution cue.
    pub marked: usize,
    /// Of those, the sentences where a scanner cue overlaps an annotated speech cue.
    pub cue_overlap: usize,
    /// Sentences holding a speech-type relation with an annotated source.
    pub with_source: usize,
    /// Of those, the sentences whose scanner source overlaps one of those sources.
    pub source_overlap: usize,
    /// Annotated cues (all relations) no scanner cue overlaps, by their lowercased text, with counts.
    pub unmatched_cues: Vec<(String, usize)>,
}

impl PolnearReport {
    fn share(n: usize, of: usize) -> f64 {
        if of == 0 {
            0.0
        } else {
            n as f64 / of as f64
        }
    }

    /// Share of speech-attribution sentences marked.
    pub fn recall(&self) -> f64 {
        Self::share(self.marked, self.sentences)
    }

    /// Share of speech-attribution sentences with an overlapping cue.
    pub fn cue_recall(&self) -> f64 {
        Self::share(self.cue_overlap, self.sentences)
    }

    /// Share of sourced speech-attribution sentences whose source overlaps.
    pub fn source_share(&self) -> f64 {
        Self::share(self.source_overlap, self.with_source)
    }
}

/// Scans every article and counts.
pub fn score(articles: &[Article]) -> PolnearReport {
    let mut report = PolnearReport {
        articles: articles.len(),
        ..PolnearReport::default()
    };
    let mut unmatched: HashMap<String, usize> = HashMap::new();
    for article in articles {
        let sentences: Vec<_> = scan_iter(&article.text).collect();
        report.relations += article.relations.len();
        // Per sentence: (has a speech relation, cue overlap, sources of its speech relations).
        let mut per_sentence: BTreeMap<usize, (bool, Vec<Spans>)> = BTreeMap::new();
        for rel in &article.relations {
            let Some(at) = rel.cue.start() else { continue };
            let i = sentences.partition_point(|s| s.end <= at);
            let Some(s) = sentences.get(i).filter(|s| s.start <= at) else {
                continue;
            };
            let overlapping = s.cues.iter().any(|c| rel.cue.overlaps(&(c.start..c.end)));
            if !overlapping {
                let key = rel.cue_text.to_lowercase();
                let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
                *unmatched.entry(key).or_default() += 1;
            }
            if !is_speech_cue(&rel.cue_text) {
                continue;
            }
            report.speech_relations += 1;
            let entry = per_sentence.entry(i).or_default();
            entry.0 |= overlapping;
            if let Some(src) = &rel.source {
                entry.1.push(src.clone());
            }
        }
        for (i, (overlap, sources)) in per_sentence {
            let s = &sentences[i];
            report.sentences += 1;
            report.marked += usize::from(s.cues.iter().any(|c| c.kind != CueKind::Hedge));
            report.cue_overlap += usize::from(overlap);
            if !sources.is_empty() {
                report.with_source += 1;
                let found = s.source.as_ref().and_then(|src| {
                    let at = s.text.find(src.as_str())?;
                    Some(s.start + at..s.start + at + src.len())
                });
                report.source_overlap +=
                    usize::from(found.is_some_and(|f| sources.iter().any(|src| src.overlaps(&f))));
            }
        }
    }
    let mut unmatched: Vec<(String, usize)> = unmatched.into_iter().collect();
    unmatched.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    report.unmatched_cues = unmatched;
    report
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn standoff_offsets_count_characters() {
        // "Ä" is two bytes: the annotation's character offsets must land on the right bytes.
        let text = "Än official said the bridge is shut.";
        let ann = "T1\tSource 0 11\tÄn official\nT2\tCue 12 16\tsaid\nT3\tContent 17 35\tthe bridge is shut\n\
                   E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        let rels = parse_ann(ann, text).unwrap();
        assert_eq!(rels.len(), 1);
        assert_eq!(rels[0].cue_text, "said");
        assert_eq!(rels[0].cue.0, vec![13..17]);
        assert_eq!(rels[0].source.as_ref().unwrap().0, vec![0..12]);
        assert!(parse_ann("T1\tCue 0 99\tx\n", text).is_err());
    }

    #[test]
    fn discontinuous_spans_and_sourceless_relations() {
        let text = "It was first reported by the paper.";
        let ann = "T1\tCue 3 21;22 24\twas first reported by\nE1\tAttribution:T1 Cue:T1\n";
        let rels = parse_ann(ann, text).unwrap();
        assert_eq!(rels[0].cue.0, vec![3..21, 22..24]);
        assert_eq!(rels[0].source, None);
        assert!(is_speech_cue(&rels[0].cue_text));
        assert!(!is_speech_cue("wants"));
    }

    #[test]
    fn counts_recall_and_source_overlap() {
        let text = "Fares will rise, the ministry said. The mayor frowned at it.";
        let ann = "T1\tCue 30 34\tsaid\nT2\tSource 17 29\tthe ministry\nE1\tCue:T1 Source:T2\n\
                   T3\tCue 46 53\tfrowned\nT4\tSource 36 45\tThe mayor\nE2\tCue:T3 Source:T4\n";
        let article = Article {
            name: "a".to_string(),
            text: text.to_string(),
            relations: parse_ann(ann, text).unwrap(),
        };
        let r = score(&[article]);
        assert_eq!((r.sentences, r.marked, r.cue_overlap), (1, 1, 1));
        assert_eq!((r.with_source, r.source_overlap), (1, 1));
        assert_eq!(r.unmatched_cues, vec![("frowned".to_string(), 1)]);
    }
}
