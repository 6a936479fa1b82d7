//! How each record reads as a row of a table, CSV or Markdown list.

use super::{or_dash, Row};
use crate::model::{Article, Claim, Evidence, Source};

impl Row for Article {
    const HEADERS: &'static [&'static str] = &["id", "title", "outlet", "published", "claims", "key"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.title.clone(),
            or_dash(self.outlet.as_ref()),
            or_dash(self.published.as_ref()),
            self.claims.to_string(),
            self.key.clone(),
        ]
    }
}

impl Row for Source {
    const HEADERS: &'static [&'static str] = &["id", "name", "kind", "reliability", "evidence"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            self.kind.to_string(),
            or_dash(self.reliability),
            self.evidence.to_string(),
        ]
    }
}

impl Row for Claim {
    const HEADERS: &'static [&'static str] =
        &["id", "article", "strength", "status", "verdict", "source", "cue", "response", "text"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.article.to_string(),
            self.strength.to_string(),
            self.status.to_string(),
            or_dash(self.verdict),
            or_dash(self.source.as_ref()),
            or_dash(self.cue.as_ref()),
            or_dash(self.response),
            self.text.clone(),
        ]
    }
}

impl Row for Evidence {
    const HEADERS: &'static [&'static str] = &["id", "title", "origin", "derived from", "grade", "url"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.title.clone(),
            or_dash(self.origin.as_ref()),
            or_dash(self.derived_from),
            format!("{}{}", self.reliability, self.credibility),
            or_dash(self.url.as_ref()),
        ]
    }
}
