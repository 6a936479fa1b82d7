//! Scoring the scanner on labelled data: the project's own `eval/strength.tsv` (strength, response, source per
//! sentence) and the CoNLL-2010 Wikipedia weasel set (uncertain or not per sentence). Reading and counting
//! only; the `evaluate` example prints, the `scanner_eval` test asserts.

use crate::model::{Response, Strength};

pub mod news;
pub mod polnear;

use super::{analyse, split};

/// One labelled sentence of `eval/strength.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    /// Line number in the file, from 1.
    pub line: usize,
    /// The expected strength.
    pub strength: Strength,
    /// The expected response.
    pub response: Option<Response>,
    /// The expected source phrase.
    pub source: Option<String>,
    /// The sentence.
    pub text: String,
}

/// Parses the TSV: a header `strength, response, source, text` (tab-separated), then one sentence a line; `#` lines and blank
/// lines are skipped; `-` means none.
pub fn parse_tsv(text: &str) -> Result<Vec<Labelled>, String> {
    let mut items = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let row = raw.trim_end_matches('\r');
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if row.starts_with("strength\t") {
                continue;
            }
        }
        let fields: Vec<&str> = row.splitn(4, '\t').collect();
        let [strength, response, source, text] = fields[..] else {
            return Err(format!(
                "line {line}: expected 4 tab-separated fields, found {}",
                fields.len()
            ));
        };
        let strength = strength
            .trim()
            .parse::<Strength>()
            .map_err(|e| format!("line {line}: {e}"))?;
        let response = match response.trim() {
            "-" | "" => None,
            r => Some(
                r.parse::<Response>()
                    .map_err(|e| format!("line {line}: {e}"))?,
            ),
        };
        let source = match source.trim() {
            "-" | "" => None,
            s => Some(s.to_string()),
        };
        items.push(Labelled {
            line,
            strength,
            response,
            source,
            text: text.trim().to_string(),
        });
    }
    Ok(items)
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    /// Correct predictions of the class over all its predictions (1 when never predicted).
    pub precision: f64,
    /// Correct predictions of the class over all its gold items (1 when none).
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
    /// Gold items of the class.
    pub support: usize,
}

impl Prf {
    /// From true positives, false positives and false negatives.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
            support: tp + fn_,
        }
    }
}

/// A confusion matrix over the strengths: `counts[gold][predicted]`, in [`Strength::ALL`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Rows gold, columns predicted.
    pub counts: [[usize; 6]; 6],
}

fn position(s: Strength) -> usize {
    Strength::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl Confusion {
    /// Counts one item.
    pub fn add(&mut self, gold: Strength, predicted: Strength) {
        self.counts[position(gold)][position(predicted)] += 1;
    }

    /// Items counted.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// Share of items predicted right (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let right: usize = (0..6).map(|i| self.counts[i][i]).sum();
        if self.total() == 0 {
            0.0
        } else {
            right as f64 / self.total() as f64
        }
    }

    /// Precision, recall and F1 of one strength.
    pub fn class(&self, s: Strength) -> Prf {
        let i = position(s);
        let tp = self.counts[i][i];
        let fp = (0..6).map(|g| self.counts[g][i]).sum::<usize>() - tp;
        let fn_ = self.counts[i].iter().sum::<usize>() - tp;
        Prf::from_counts(tp, fp, fn_)
    }
}

/// A wrong strength, for the error listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// Line in the TSV.
    pub line: usize,
    /// Expected.
    pub gold: Strength,
    /// Predicted.
    pub predicted: Strength,
    /// The source the scanner read, if any.
    pub source: Option<String>,
}

/// Everything measured on the labelled set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Strength confusion matrix.
    pub strength: Confusion,
    /// Per response class (denial, no_comment): (true positives, false positives, false negatives).
    pub response: [(usize, usize, usize); 2],
    /// Items whose response (including none) was right.
    pub response_right: usize,
    /// Items with a gold or predicted source.
    pub source_items: usize,
    /// Of those, items whose source matched, ignoring case and surrounding punctuation.
    pub source_right: usize,
    /// Items the splitter kept as one sentence.
    pub one_sentence: usize,
    /// Wrong strengths.
    pub misses: Vec<Miss>,
}

impl Report {
    /// Precision, recall and F1 of one response.
    pub fn response_class(&self, r: Response) -> Prf {
        let (tp, fp, fn_) = self.response[usize::from(r == Response::NoComment)];
        Prf::from_counts(tp, fp, fn_)
    }
}

fn normalise(s: &str) -> String {
    s.trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Runs the scanner on every item and counts.
pub fn evaluate(items: &[Labelled]) -> Report {
    let mut report = Report::default();
    for item in items {
        let a = analyse(&item.text);
        report.strength.add(item.strength, a.strength);
        if a.strength != item.strength {
            report.misses.push(Miss {
                line: item.line,
                gold: item.strength,
                predicted: a.strength,
                source: a.source.clone(),
            });
        }
        for (i, r) in [Response::Denial, Response::NoComment]
            .into_iter()
            .enumerate()
        {
            let gold = item.response == Some(r);
            let predicted = a.response == Some(r);
            let cell = &mut report.response[i];
            match (gold, predicted) {
                (true, true) => cell.0 += 1,
                (false, true) => cell.1 += 1,
                (true, false) => cell.2 += 1,
                (false, false) => {}
            }
        }
        report.response_right += usize::from(item.response == a.response);
        if item.source.is_some() || a.source.is_some() {
            report.source_items += 1;
            let same = match (&item.source, &a.source) {
                (Some(g), Some(p)) => normalise(g) == normalise(p),
                _ => false,
            };
            report.source_right += usize::from(same);
        }
        report.one_sentence += usize::from(split(&item.text).len() == 1);
    }
    report
}

/// Counts of a binary decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Binary {
    /// Predicted and gold positive.
    pub tp: usize,
    /// Predicted positive, gold negative.
    pub fp: usize,
    /// Predicted negative, gold positive.
    pub fn_: usize,
    /// Both negative.
    pub tn: usize,
}

impl Binary {
    /// Precision, recall and F1 of the positive class.
    pub fn prf(&self) -> Prf {
        Prf::from_counts(self.tp, self.fp, self.fn_)
    }
}

/// Scores the uncertain flag on a CoNLL-2010 CSV (`text,label`, label 1 = uncertain).
pub fn conll(csv_text: &str) -> Result<Binary, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv_text.as_bytes());
    let mut counts = Binary::default();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| format!("record {}: {e}", i + 1))?;
        let (Some(text), Some(label)) = (row.get(0), row.get(1)) else {
            return Err(format!("record {}: expected text and label", i + 1));
        };
        let gold = match label.trim() {
            "1" => true,
            "0" => false,
            other => return Err(format!("record {}: label `{other}` is not 0 or 1", i + 1)),
        };
        let predicted = analyse(text.trim()).uncertain;
        match (gold, predicted) {
            (true, true) => counts.tp += 1,
            (false, true) => counts.fp += 1,
            (true, false) => counts.fn_ += 1,
            (false, false) => counts.tn += 1,
        }
    }
    Ok(counts)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tsv_parses_and_scores() {
        let tsv = "strength\tresponse\tsource\ttext\n# a comment\n\
                   on_record\t-\tthe ministry\tFares will rise, the ministry said.\n\
                   hedged\t-\t-\tThe mayor allegedly took bribes.\n\
                   on_record\tno_comment\tThe ministry\tThe ministry did not respond to a request for comment.\n";
        let items = parse_tsv(tsv).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].line, 3);
        assert_eq!(items[0].source.as_deref(), Some("the ministry"));
        let report = evaluate(&items);
        assert_eq!(report.strength.total(), 3);
        assert_eq!(report.strength.accuracy(), 1.0);
        assert_eq!(report.response_right, 3);
        assert_eq!((report.source_items, report.source_right), (2, 2));
        assert_eq!(report.one_sentence, 3);
        assert_eq!(report.response_class(Response::NoComment).f1, 1.0);
    }

    #[test]
    fn tsv_errors_name_the_line() {
        assert_eq!(
            parse_tsv("strength\tresponse\tsource\ttext\nbad line\n"),
            Err("line 2: expected 4 tab-separated fields, found 1".to_string())
        );
        assert!(parse_tsv("weak\t-\t-\tText.\n")
            .unwrap_err()
            .starts_with("line 1: `weak` is not a valid"));
    }

    #[test]
    fn prf_counts() {
        let p = Prf::from_counts(6, 2, 4);
        assert_eq!((p.precision, p.recall, p.support), (0.75, 0.6, 10));
        assert!((p.f1 - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn conll_csv_is_read() {
        let csv = "text,label\n\"Some say it is the oldest.\n\",1\n\"It opened in 1901.\",0\n";
        assert_eq!(
            conll(csv),
            Ok(Binary {
                tp: 1,
                fp: 0,
                fn_: 0,
                tn: 1
            })
        );
    }
}
