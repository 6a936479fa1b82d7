//! `claim show`: a claim with its attribution, the reasons for its status, its evidence, verdicts and history.
//! Every value from the database goes through `visible`, so a rationale or a name cannot forge a line.

use std::io::Write;

use serde::Serialize;

use super::table::{prose, table_for};
use super::{key_values, or_dash, visible, Format, Layout};
use crate::error::Result;
use crate::model::{Claim, Event, Verdict};
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
}

/// Writes the view as JSON, or as tables and lists for a person in every other format.
pub fn render(out: &mut dyn Write, format: Format, view: &ClaimView, layout: Layout) -> Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, view).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let claim = &view.claim;
    let span = claim.span.map(|(s, e)| format!("bytes {s}..{e}"));
    let table = key_values(
        &[
            ("claim", claim.id.to_string()),
            ("article", claim.article.to_string()),
            ("text", claim.text.clone()),
            ("source", or_dash(claim.source.as_ref())),
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
        writeln!(
            out,
            "  {} {} ({} confidence) by {}{mark}\n{}",
            verdict.created_at,
            verdict.rating,
            verdict.confidence,
            visible(&verdict.author),
            prose("    ", "    ", &verdict.rationale, layout)
        )?;
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
