//! `why`: a claim's computed status and each reason for it, in sentences for a person, as CSV rows (one per
//! reason) for a spreadsheet, as a Markdown list, or as the design page's JSON.

use std::io::Write;

use serde::Serialize;

use super::table::prose;
use super::{markdown_cell, spreadsheet_cell, Format};
use crate::error::{Error, Result};
use crate::model::{ClaimId, EvidenceId, Status};
use crate::status::LinkedEvidence;

/// The design page's `why --format json` shape.
#[derive(Debug, Serialize)]
pub struct WhyView {
    pub id: ClaimId,
    pub status: Status,
    pub reasons: Vec<String>,
    pub origins: Vec<Vec<EvidenceId>>,
    /// The linked items with their provenance, which say how the items of one line are joined.
    #[serde(skip)]
    pub items: Vec<LinkedEvidence>,
}

/// How `item` joins the line whose first item is `first`, in a few words that read after "with E2, ".
fn joined(item: &LinkedEvidence, first: &LinkedEvidence) -> String {
    if let Some(k) = item
        .ancestors
        .iter()
        .position(|a| a.evidence == first.evidence)
    {
        return match k {
            0 => "derived from it".to_string(),
            _ => {
                let via: Vec<String> = item.ancestors[..k]
                    .iter()
                    .map(|a| a.evidence.to_string())
                    .collect();
                format!("derived from it via {}", via.join(", "))
            }
        };
    }
    if first.ancestors.iter().any(|a| a.evidence == item.evidence) {
        return "which it derives from".to_string();
    }
    match (&item.origin, &first.origin) {
        (Some(a), Some(b)) if a.id == b.id => "same origin".to_string(),
        _ => "tracing back to the same source".to_string(),
    }
}

/// "2 independent lines of support: E1 (with E2, derived from it) and E3": each line once, named by its first item,
/// with the items that join it and how, so that one line reads as one. `None` when nothing supports the claim.
pub fn lines_of_support(view: &WhyView) -> Option<String> {
    if view.origins.is_empty() {
        return None;
    }
    let item = |id: EvidenceId| view.items.iter().find(|i| i.evidence == id);
    let lines: Vec<String> = view
        .origins
        .iter()
        .filter_map(|line| {
            let (&first, rest) = line.split_first()?;
            if rest.is_empty() {
                return Some(first.to_string());
            }
            let with: Vec<String> = rest
                .iter()
                .map(|&id| match (item(id), item(first)) {
                    (Some(i), Some(f)) => format!("{id}, {}", joined(i, f)),
                    _ => id.to_string(),
                })
                .collect();
            Some(format!("{first} (with {})", with.join("; ")))
        })
        .collect();
    let n = lines.len();
    let listed = match lines.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => lines.join(""),
    };
    Some(format!(
        "{n} independent line{} of support: {listed}",
        if n == 1 { "" } else { "s" }
    ))
}

/// Writes the view in `format`, sentences laid out for `layout`.
pub fn render(
    out: &mut dyn Write,
    format: Format,
    view: &WhyView,
    layout: super::Layout,
) -> Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *out, view).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            let id = view.id.to_string();
            let status = view.status.to_string();
            let mut write = |row: [&str; 3]| {
                writer
                    .write_record(row.map(|c| spreadsheet_cell(c).into_owned()))
                    .map_err(|e| Error::Output(std::io::Error::other(e.to_string())))
            };
            write(["claim", "status", "reason"])?;
            for reason in &view.reasons {
                write([&id, &status, reason])?;
            }
            writer
                .flush()
                .map_err(|e| Error::Output(std::io::Error::other(e.to_string())))?;
        }
        Format::Markdown => {
            writeln!(out, "**{} is {}.**\n", view.id, view.status)?;
            for reason in &view.reasons {
                writeln!(out, "- {}", markdown_cell(reason))?;
            }
            if let Some(lines) = lines_of_support(view) {
                writeln!(out, "\n{}", markdown_cell(&lines))?;
            }
        }
        Format::Table => {
            writeln!(out, "{} is {}.", view.id, view.status)?;
            for reason in &view.reasons {
                writeln!(out, "{}", prose("  - ", "    ", reason, layout))?;
            }
            if let Some(lines) = lines_of_support(view) {
                writeln!(out, "{}", prose("", "  ", &lines, layout))?;
            }
        }
        Format::Html | Format::Claimreview => {
            return Err(Error::Usage {
                message: format!(
                    "`--format {}` is only for `claimtrack report`",
                    format.as_str()
                ),
                hint: Some("use table, json, csv or markdown here".to_string()),
            })
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SourceId, Stance};
    use crate::status::{Ancestor, Origin};

    fn item(id: i64, origin: Option<i64>, ancestors: &[i64]) -> LinkedEvidence {
        let origin_of = |s: i64| Origin {
            id: SourceId(s),
            name: format!("Source {s}"),
        };
        LinkedEvidence {
            evidence: EvidenceId(id),
            stance: Stance::Supports,
            reliability: "B".parse().expect("a grade"),
            credibility: "2".parse().expect("a grade"),
            origin: origin.map(origin_of),
            ancestors: ancestors
                .iter()
                .map(|&a| Ancestor {
                    evidence: EvidenceId(a),
                    origin: None,
                })
                .collect(),
        }
    }

    fn view() -> WhyView {
        WhyView {
            id: ClaimId(1),
            status: Status::SingleSource,
            reasons: vec![
                "E1 supports, graded B2: credible; origin =Port | Authority (S1).".to_string(),
                "Single source: one line.\u{1b}[2J".to_string(),
            ],
            origins: vec![vec![EvidenceId(1), EvidenceId(2)]],
            items: vec![item(1, Some(1), &[]), item(2, None, &[1])],
        }
    }

    fn text(format: Format) -> String {
        let mut out = Vec::new();
        render(&mut out, format, &view(), super::super::Layout::Plain).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn why_reads_as_sentences_rows_or_a_list() {
        assert_eq!(
            text(Format::Table),
            "C1 is single_source.\n  - E1 supports, graded B2: credible; origin =Port | Authority (S1).\n  - Single source: one line.\\e[2J\n1 independent line of support: E1 (with E2, derived from it)\n"
        );
        assert_eq!(
            text(Format::Csv),
            "claim,status,reason\nC1,single_source,\"E1 supports, graded B2: credible; origin =Port | Authority (S1).\"\nC1,single_source,Single source: one line.\u{1b}[2J\n"
        );
        assert_eq!(
            text(Format::Markdown),
            "**C1 is single_source.**\n\n- E1 supports, graded B2: credible; origin =Port \\| Authority (S1).\n- Single source: one line.\\e\\[2J\n\n1 independent line of support: E1 (with E2, derived from it)\n"
        );
        assert_eq!(
            text(Format::Json),
            "{\"id\":\"C1\",\"status\":\"single_source\",\"reasons\":[\"E1 supports, graded B2: credible; origin =Port | Authority (S1).\",\"Single source: one line.\\u001b[2J\"],\"origins\":[[\"E1\",\"E2\"]]}\n"
        );
    }

    /// Issue 11, item 6: one line reads as one, and the items that join it say how.
    #[test]
    fn the_lines_of_support_are_counted_and_each_join_is_named() {
        let lines = |origins: &[&[i64]], items: Vec<LinkedEvidence>| {
            lines_of_support(&WhyView {
                id: ClaimId(1),
                status: Status::Corroborated,
                reasons: Vec::new(),
                origins: origins
                    .iter()
                    .map(|line| line.iter().map(|&id| EvidenceId(id)).collect())
                    .collect(),
                items,
            })
        };
        assert_eq!(lines(&[], Vec::new()), None);
        assert_eq!(
            lines(
                &[&[1], &[2], &[3]],
                vec![item(1, None, &[]), item(2, None, &[]), item(3, None, &[])]
            )
            .as_deref(),
            Some("3 independent lines of support: E1, E2 and E3")
        );
        assert_eq!(
            lines(&[&[3]], vec![item(3, Some(1), &[])]).as_deref(),
            Some("1 independent line of support: E3")
        );
        assert_eq!(
            lines(
                &[&[1, 2, 4, 5], &[3]],
                vec![
                    item(1, Some(1), &[]),
                    item(2, None, &[5, 1]),
                    item(3, Some(2), &[]),
                    item(4, Some(1), &[]),
                    item(5, None, &[1]),
                ]
            )
            .as_deref(),
            Some(
                "2 independent lines of support: E1 (with E2, derived from it via E5; E4, same origin; E5, derived \
                 from it) and E3"
            )
        );
        assert_eq!(
            lines(
                &[&[1, 2], &[3, 4]],
                vec![
                    item(1, None, &[2]),
                    item(2, Some(1), &[]),
                    item(3, None, &[6]),
                    item(4, None, &[6]),
                ]
            )
            .as_deref(),
            Some(
                "2 independent lines of support: E1 (with E2, which it derives from) and E3 (with E4, tracing back \
                 to the same source)"
            )
        );
    }
}
