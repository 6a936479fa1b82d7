//! What changed between two revisions of an article (`diff`, `article revise`): one row per change, in the order
//! of the later text, as a table, CSV or Markdown, or the design page's JSON. A change to a claim whose verdict
//! was given before it is flagged in a column of its own ("look again: rated false on revision 1"), so the
//! fact-checker sees it at a glance; in Markdown the flag is bold.

use std::io::Write;

use serde::Serialize;

use super::records::markdown_cell;
use super::{Cell, Format, Layout, RecordSink, Row};
use crate::backend::AnchorRow;
use crate::error::Result;
use crate::ledger::{DiffView, RevisionReport};
use crate::model::{AnchorKind, ArticleId, ArticleRevision, ClaimId, Rating};
use crate::revision::{Attribution, Change, ChangeKind, Detail, Diff, Snapshot};

/// One change as a row.
#[derive(Serialize)]
pub struct DiffRow<'a> {
    #[serde(flatten)]
    change: &'a Change,
    #[serde(skip)]
    verdict: Option<(Rating, Option<u32>)>,
    #[serde(skip)]
    markdown: bool,
}

fn detail_name(detail: Detail) -> &'static str {
    match detail {
        Detail::Up => "up",
        Detail::Down => "down",
        Detail::Added => "added",
        Detail::Removed => "removed",
        Detail::Changed => "changed",
    }
}

/// "on_record (said)": a strength with the cue that carries it.
fn strength_of(snapshot: &Snapshot) -> String {
    match &snapshot.cue {
        Some(cue) => format!("{} ({cue})", snapshot.strength),
        None => snapshot.strength.to_string(),
    }
}

/// The flag of a change to a claim with a verdict.
pub fn flag(rating: Rating, revision: Option<u32>) -> String {
    match revision {
        Some(revision) => format!("look again: rated {rating} on revision {revision}"),
        None => format!("look again: rated {rating}"),
    }
}

impl DiffRow<'_> {
    /// What the claim was and is, as far as this change goes.
    fn sides(&self) -> (Cell, Cell) {
        let (before, after) = (self.change.before.as_ref(), self.change.after.as_ref());
        match self.change.change {
            ChangeKind::Added | ChangeKind::Dropped | ChangeKind::Reworded => (
                before.map(|b| b.text.clone()),
                after.map(|a| a.text.clone()),
            ),
            ChangeKind::Strength => (before.map(strength_of), after.map(strength_of)),
            ChangeKind::Source => (
                before.and_then(|b| b.source.clone()),
                after.and_then(|a| a.source.clone()),
            ),
            ChangeKind::Response => (
                before.and_then(|b| b.response).map(|r| r.to_string()),
                after.and_then(|a| a.response).map(|r| r.to_string()),
            ),
        }
    }
}

impl Row for DiffRow<'_> {
    const HEADERS: &'static [&'static str] = &["claim", "change", "detail", "was", "now", "flag"];

    fn cells(&self) -> Vec<Cell> {
        let (was, now) = self.sides();
        let flag = self
            .change
            .flagged
            .then_some(self.verdict)
            .flatten()
            .map(|(rating, revision)| flag(rating, revision))
            .map(|f| if self.markdown { format!("**{f}**") } else { f });
        vec![
            self.change.claim.map(|c| c.to_string()),
            Some(self.change.change.to_string()),
            self.change.detail.map(|d| detail_name(d).to_string()),
            was,
            now,
            flag,
        ]
    }
}

/// "revision 2 (2026-11-29T08:30:00Z, editor)".
fn revision_said(revision: &ArticleRevision) -> String {
    format!(
        "revision {} ({}, {})",
        revision.number,
        revision.created_at,
        super::visible(&revision.actor)
    )
}

/// The line over the table: which revisions, and how many changes.
fn summary(view: &DiffView) -> (String, String) {
    let changes = view.diff.changes.len();
    let flagged = view.diff.changes.iter().filter(|c| c.flagged).count();
    let what = match (changes, flagged) {
        (0, _) => "no change to any claim".to_string(),
        (n, 0) => format!("{n} change{}", if n == 1 { "" } else { "s" }),
        (n, f) => format!(
            "{n} change{}, {f} flagged for a fact-checker",
            if n == 1 { "" } else { "s" }
        ),
    };
    let head = format!(
        "{} from {} to {}",
        view.diff.article,
        revision_said(&view.from),
        revision_said(&view.to)
    );
    (head, what)
}

/// Writes a diff in `format`: the summary line and the rows (table, Markdown), the rows alone (CSV), or JSON.
pub fn render(out: &mut dyn Write, format: Format, view: &DiffView, layout: Layout) -> Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &view.diff).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    rows(out, format, view, layout)
}

fn rows(out: &mut dyn Write, format: Format, view: &DiffView, layout: Layout) -> Result<()> {
    let (head, what) = summary(view);
    match format {
        Format::Table => writeln!(out, "{head}: {what}")?,
        Format::Markdown => writeln!(out, "## {}\n\n{what}.\n", markdown_cell(&head))?,
        _ => {}
    }
    let markdown = format == Format::Markdown;
    let mut sink = RecordSink::new(out, format, layout)?;
    for change in &view.diff.changes {
        sink.push(&DiffRow {
            change,
            verdict: change.claim.and_then(|c| view.verdicts.get(&c).copied()),
            markdown,
        })?;
    }
    sink.finish()?;
    Ok(())
}

/// An anchor as the revision engine's JSON writes one: `{"claim":"C3","how":"fuzzy","score":0.82,"span":[…],
/// "attribution":{…}}`.
#[derive(Serialize)]
struct AnchorJson<'a> {
    claim: ClaimId,
    how: AnchorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    span: Option<(usize, usize)>,
    attribution: &'a Option<Attribution>,
}

impl<'a> From<&'a AnchorRow> for AnchorJson<'a> {
    fn from(anchor: &'a AnchorRow) -> Self {
        AnchorJson {
            claim: anchor.claim,
            how: anchor.kind,
            score: anchor.score,
            span: anchor.span,
            attribution: &anchor.attribution,
        }
    }
}

/// `article revise --format json`: the diff's shape, then what the revision did.
#[derive(Serialize)]
struct RevisedJson<'a> {
    #[serde(flatten)]
    diff: &'a Diff,
    revision: u32,
    changed: bool,
    anchors: Vec<AnchorJson<'a>>,
    recorded: &'a [ClaimId],
}

fn write_json(out: &mut dyn Write, value: &RevisedJson<'_>) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// What `article revise` (and `scan --record --revise`) did, for a person or a script.
pub enum Revision<'a> {
    Unchanged { article: ArticleId, revision: u32 },
    Recorded(&'a RevisionReport),
}

/// Writes what revising did: the new revision with its diff, or that the text was the latest already. JSON has
/// the diff's shape with `revision`, `changed`, `anchors` (each claim's place in the new revision) and `recorded`
/// (the claims recorded for new sentences) added.
pub fn revised(
    out: &mut dyn Write,
    format: Format,
    revision: Revision<'_>,
    layout: Layout,
) -> Result<()> {
    let report = match revision {
        Revision::Unchanged { article, revision } => {
            if format == Format::Json {
                let diff = Diff {
                    article,
                    from: revision,
                    to: revision,
                    changes: Vec::new(),
                };
                write_json(
                    out,
                    &RevisedJson {
                        diff: &diff,
                        revision,
                        changed: false,
                        anchors: Vec::new(),
                        recorded: &[],
                    },
                )?;
            } else {
                writeln!(
                    out,
                    "{article} is unchanged: the text is its revision {revision} already; nothing recorded"
                )?;
            }
            return Ok(());
        }
        Revision::Recorded(report) => report,
    };
    if format == Format::Json {
        return write_json(
            out,
            &RevisedJson {
                diff: &report.diff.diff,
                revision: report.revision,
                changed: true,
                anchors: report.anchors.iter().map(AnchorJson::from).collect(),
                recorded: &report.recorded,
            },
        );
    }
    if format != Format::Csv {
        let line = format!(
            "recorded revision {} of {}{}",
            report.revision,
            report.article,
            placed_said(&report.anchors)
        );
        match format {
            Format::Markdown => writeln!(out, "{}\n", markdown_cell(&line))?,
            _ => writeln!(out, "{line}")?,
        }
    }
    rows(out, format, &report.diff, layout)?;
    if !report.recorded.is_empty() && format != Format::Csv {
        let ids: Vec<String> = report.recorded.iter().map(|c| c.to_string()).collect();
        let n = ids.len();
        writeln!(
            out,
            "{}recorded {n} claim{} for its new sentences: {}",
            if format == Format::Markdown { "\n" } else { "" },
            if n == 1 { "" } else { "s" },
            ids.join(", ")
        )?;
    }
    Ok(())
}

/// ": 7 claims placed (4 exact, 1 moved, 1 fuzzy), 1 gone".
fn placed_said(anchors: &[AnchorRow]) -> String {
    if anchors.is_empty() {
        return String::new();
    }
    let mut counts = std::collections::BTreeMap::new();
    for anchor in anchors {
        *counts.entry(anchor.kind).or_insert(0usize) += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    let n = anchors.len();
    format!(
        ": {n} claim{} ({})",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}
