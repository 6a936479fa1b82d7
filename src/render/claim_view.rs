//! `claim show`: a claim with its attribution, the reasons for its status, its evidence, verdicts and history.
//! Every value from the database goes through `visible`, so a rationale or a name cannot forge a line.

use std::io::Write;

use serde::Serialize;

use super::table::{prose, table_for};
use super::{key_values, or_dash, visible, Format, Layout};
use crate::error::Result;
use crate::ledger::{Checked, ClaimAnchor};
use crate::model::{AnchorKind, Claim, Event, Verdict};
use crate::report::LinkedItem;

/// Everything `claim show` prints; as JSON, the claim's fields with the rest beside them.
#[derive(Debug, Serialize)]
pub struct ClaimView {
    #[serde(flatten)]
    pub claim: Claim,
    pub reasons: Vec<String>,
    pub evidence: Vec<LinkedItem>,
    pub verdicts: Vec<Verdict>,
    pub history: Vec<Event>,
    /// Where the claim is in its article's text, as a person finds it (the JSON gives the byte span).
    #[serde(skip)]
    pub place: Option<Place>,
    /// The claim at each revision of its article it was at, oldest first (one, for an article never revised;
    /// none, and left out, for an article without text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<ClaimAnchor>,
    /// Where each anchor is in its revision's text, as a person finds it; one per anchor.
    #[serde(skip)]
    pub anchor_places: Vec<Option<Place>>,
    /// The revision the newest verdict was checked against, and what changed in the claim since (left out
    /// without a verdict or a text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_against: Option<Checked>,
}

/// A claim's place in its article as lines and columns, counted from 1 in characters (what an editor shows), the
/// end being the column of its last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub start: (usize, usize),
    pub end: (usize, usize),
}

impl Place {
    /// The place of the byte span `start..end` in `text`; `None` when the span is empty or not in the text.
    pub fn of(text: &str, (start, end): (usize, usize)) -> Option<Place> {
        let last = text.get(start..end)?.char_indices().last()?.0 + start;
        let at = |byte: usize| {
            let before = &text[..byte];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            (line, before[line_start..].chars().count() + 1)
        };
        Some(Place {
            start: at(start),
            end: at(last),
        })
    }
}

impl std::fmt::Display for Place {
    /// "line 3, columns 1–48", or "line 3, column 40 to line 4, column 12" across lines.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ((line, column), (end_line, end_column)) = (self.start, self.end);
        if line == end_line {
            write!(f, "line {line}, columns {column}–{end_column}")
        } else {
            write!(
                f,
                "line {line}, column {column} to line {end_line}, column {end_column}"
            )
        }
    }
}

/// Writes the view as JSON, or as tables and lists for a person in every other format.
pub fn render(out: &mut dyn Write, format: Format, view: &ClaimView, layout: Layout) -> Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, view).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let claim = &view.claim;
    let revised = view.anchors.len() > 1;
    let span = view.place.map(|place| place.to_string()).or_else(|| {
        view.anchors
            .last()
            .filter(|a| a.how == AnchorKind::Gone)
            .map(|a| format!("gone from revision {}", a.revision))
    });
    let table = key_values(
        &[
            ("claim", claim.id.to_string()),
            ("article", claim.article.to_string()),
            ("text", claim.text.clone()),
            ("source", or_dash(claim.source.as_ref())),
            ("source kind", or_dash(claim.source_kind)),
            ("cue", or_dash(claim.cue.as_ref())),
            ("strength", claim.strength.to_string()),
            ("response", or_dash(claim.response)),
            ("status", claim.status.to_string()),
            ("verdict", or_dash(claim.verdict)),
            ("place", or_dash(span)),
        ],
        layout,
    );
    writeln!(out, "{table}")?;
    writeln!(out, "\nWhy {}:", claim.status)?;
    for reason in &view.reasons {
        writeln!(out, "{}", prose("  - ", "    ", reason, layout))?;
    }
    writeln!(out, "\nEvidence:")?;
    if view.evidence.is_empty() {
        writeln!(out, "  (none linked)")?;
    } else {
        let mut table = table_for(
            &["id", "stance", "grade", "origin", "title", "note"],
            layout,
        );
        for item in &view.evidence {
            let e = &item.evidence;
            table.add_row(vec![
                e.id.to_string(),
                item.stance.to_string(),
                format!("{}{}", e.reliability, e.credibility),
                or_dash(e.origin.as_ref()),
                e.title.clone(),
                or_dash(item.note.as_ref()),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    if revised {
        writeln!(out, "\nRevisions of the article:")?;
        let mut table = table_for(
            &[
                "revision", "how", "place", "strength", "source", "cue", "response", "text",
            ],
            layout,
        );
        for (anchor, place) in view.anchors.iter().zip(&view.anchor_places) {
            let how = match anchor.score {
                Some(score) => format!("{} {score:.3}", anchor.how),
                None => anchor.how.to_string(),
            };
            let a = anchor.attribution.as_ref();
            table.add_row(vec![
                anchor.revision.to_string(),
                how,
                or_dash(place.map(|p| p.to_string())),
                or_dash(a.map(|a| a.strength)),
                or_dash(a.and_then(|a| a.source.as_ref())),
                or_dash(a.and_then(|a| a.cue.as_ref())),
                or_dash(a.and_then(|a| a.response)),
                or_dash(anchor.text.as_ref()),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    writeln!(out, "\nVerdicts:")?;
    if view.verdicts.is_empty() {
        writeln!(out, "  (none yet)")?;
    }
    let newest = view.verdicts.last().map(|v| v.id);
    for verdict in &view.verdicts {
        let mark = if Some(verdict.id) == newest {
            ""
        } else {
            " (superseded)"
        };
        let against = match verdict.revision.filter(|_| revised) {
            Some(revision) => format!(", checked against revision {revision}"),
            None => String::new(),
        };
        writeln!(
            out,
            "  {} {} ({} confidence) by {}{against}{mark}\n{}",
            verdict.created_at,
            verdict.rating,
            verdict.confidence,
            visible(&verdict.author),
            prose("    ", "    ", &verdict.rationale, layout)
        )?;
        if let Some(summary) = &verdict.summary {
            writeln!(
                out,
                "{}",
                prose("    published as: ", "      ", summary, layout)
            )?;
        }
    }
    writeln!(out, "\nHistory:")?;
    for event in &view.history {
        writeln!(
            out,
            "  {} {}: {}",
            event.at,
            visible(&event.actor),
            visible(&event.detail)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Place;

    #[test]
    fn a_place_is_lines_and_columns_in_characters() {
        let text = "Title\n\nThe café said: «yes».\nIt paid\r\n300 crowns.";
        let place = |needle: &str| {
            let start = text.find(needle).expect("in the text");
            Place::of(text, (start, start + needle.len())).map(|p| p.to_string())
        };
        assert_eq!(place("Title").as_deref(), Some("line 1, columns 1–5"));
        assert_eq!(place("«yes»").as_deref(), Some("line 3, columns 16–20"));
        assert_eq!(
            place("It paid\r\n300 crowns.").as_deref(),
            Some("line 4, column 1 to line 5, column 11")
        );
        assert_eq!(Place::of(text, (3, 3)), None);
        assert_eq!(Place::of(text, (0, 999)), None);
        // Not on a character boundary: no place rather than a wrong one.
        let start = text.find('é').expect("in the text");
        assert_eq!(Place::of(text, (start + 1, start + 4)), None);
    }
}
