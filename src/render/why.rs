//! `why`: a claim's computed status and each reason for it, in sentences for a person, as CSV rows (one per
//! reason) for a spreadsheet, as a Markdown list, or as the design page's JSON.

use std::io::Write;

use serde::Serialize;

use super::table::prose;
use super::{markdown_cell, spreadsheet_cell, Format};
use crate::error::{Error, Result};
use crate::model::{ClaimId, EvidenceId, Status};

/// The design page's `why --format json` shape.
#[derive(Debug, Serialize)]
pub struct WhyView {
    pub id: ClaimId,
    pub status: Status,
    pub reasons: Vec<String>,
    pub origins: Vec<Vec<EvidenceId>>,
}

/// "E1 + E2 | E3": the independent lines of support.
fn lines_of_support(view: &WhyView) -> String {
    let lines: Vec<String> = view
        .origins
        .iter()
        .map(|line| {
            line.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    lines.join(" | ")
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
            if !view.origins.is_empty() {
                writeln!(
                    out,
                    "\nIndependent lines of support: {}",
                    lines_of_support(view)
                )?;
            }
        }
        Format::Table => {
            writeln!(out, "{} is {}.", view.id, view.status)?;
            for reason in &view.reasons {
                writeln!(out, "{}", prose("  - ", "    ", reason, layout))?;
            }
            if !view.origins.is_empty() {
                writeln!(
                    out,
                    "Independent lines of support: {}",
                    lines_of_support(view)
                )?;
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

    fn view() -> WhyView {
        WhyView {
            id: ClaimId(1),
            status: Status::SingleSource,
            reasons: vec![
                "E1 supports, graded B2: credible; origin =Port | Authority (S1).".to_string(),
                "Single source: one line.\u{1b}[2J".to_string(),
            ],
            origins: vec![vec![EvidenceId(1), EvidenceId(2)]],
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
            "C1 is single_source.\n  - E1 supports, graded B2: credible; origin =Port | Authority (S1).\n  - Single source: one line.\\e[2J\nIndependent lines of support: E1 + E2\n"
        );
        assert_eq!(
            text(Format::Csv),
            "claim,status,reason\nC1,single_source,\"E1 supports, graded B2: credible; origin =Port | Authority (S1).\"\nC1,single_source,Single source: one line.\u{1b}[2J\n"
        );
        assert_eq!(
            text(Format::Markdown),
            "**C1 is single_source.**\n\n- E1 supports, graded B2: credible; origin =Port \\| Authority (S1).\n- Single source: one line.\\e\\[2J\n\nIndependent lines of support: E1 + E2\n"
        );
        assert_eq!(
            text(Format::Json),
            "{\"id\":\"C1\",\"status\":\"single_source\",\"reasons\":[\"E1 supports, graded B2: credible; origin =Port | Authority (S1).\",\"Single source: one line.\\u001b[2J\"],\"origins\":[[\"E1\",\"E2\"]]}\n"
        );
    }
}
