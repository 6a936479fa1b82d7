//! How each record reads as a row of a table, CSV or Markdown list.

use super::{Cell, Row};
use crate::model::{Article, Claim, Evidence, Source};

/// A present value.
fn cell(value: impl ToString) -> Cell {
    Some(value.to_string())
}

/// A value that may be missing.
fn maybe(value: Option<impl ToString>) -> Cell {
    value.map(|v| v.to_string())
}

impl Row for Article {
    const HEADERS: &'static [&'static str] =
        &["id", "title", "outlet", "published", "claims", "key"];
    fn cells(&self) -> Vec<Cell> {
        vec![
            cell(self.id),
            cell(&self.title),
            maybe(self.outlet.as_ref()),
            maybe(self.published.as_ref()),
            cell(self.claims),
            cell(&self.key),
        ]
    }
}

impl Row for Source {
    const HEADERS: &'static [&'static str] = &["id", "name", "kind", "reliability", "evidence"];
    fn cells(&self) -> Vec<Cell> {
        vec![
            cell(self.id),
            cell(&self.name),
            cell(self.kind),
            maybe(self.reliability),
            cell(self.evidence),
        ]
    }
}

impl Row for Claim {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "article",
        "strength",
        "status",
        "verdict",
        "source",
        "source kind",
        "cue",
        "response",
        "text",
    ];
    fn cells(&self) -> Vec<Cell> {
        vec![
            cell(self.id),
            cell(self.article),
            cell(self.strength),
            cell(self.status),
            maybe(self.verdict),
            maybe(self.source.as_ref()),
            maybe(self.source_kind),
            maybe(self.cue.as_ref()),
            maybe(self.response),
            cell(&self.text),
        ]
    }
}

impl Row for Evidence {
    const HEADERS: &'static [&'static str] =
        &["id", "title", "origin", "derived from", "grade", "url"];
    fn cells(&self) -> Vec<Cell> {
        vec![
            cell(self.id),
            cell(&self.title),
            maybe(self.origin.as_ref()),
            maybe(self.derived_from),
            cell(format!("{}{}", self.reliability, self.credibility)),
            maybe(self.url.as_ref()),
        ]
    }
}

impl Row for crate::model::Event {
    const HEADERS: &'static [&'static str] = &["at", "by", "action", "what"];
    fn cells(&self) -> Vec<Cell> {
        vec![
            cell(self.at),
            cell(&self.actor),
            cell(self.action),
            cell(&self.detail),
        ]
    }
}

impl Row for crate::scanner::Sentence {
    const HEADERS: &'static [&'static str] = &[
        "#", "claim", "strength", "source", "response", "cues", "sentence",
    ];
    fn cells(&self) -> Vec<Cell> {
        let cues: Vec<String> = self
            .cues
            .iter()
            .map(|c| format!("{} ({})", c.text, c.kind))
            .collect();
        vec![
            cell(self.index + 1),
            cell(if self.claim { "yes" } else { "no" }),
            cell(self.strength),
            maybe(self.source.as_ref()),
            maybe(self.response),
            Some(cues.join(", ")).filter(|c| !c.is_empty()),
            cell(&self.text),
        ]
    }
}

impl Row for crate::report::ClaimLine {
    const HEADERS: &'static [&'static str] = &[
        "claim",
        "article",
        "strength",
        "status",
        "verdict",
        "lines",
        "source",
        "source kind",
        "cue",
        "response",
        "text",
    ];
    fn cells(&self) -> Vec<Cell> {
        let claim = &self.claim;
        vec![
            cell(claim.id),
            cell(claim.article),
            cell(claim.strength),
            cell(claim.status),
            maybe(claim.verdict),
            cell(self.lines),
            maybe(claim.source.as_ref()),
            maybe(claim.source_kind),
            maybe(claim.cue.as_ref()),
            maybe(claim.response),
            cell(&claim.text),
        ]
    }
}
