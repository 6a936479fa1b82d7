//! Renderers: records to a terminal table, JSON, CSV or Markdown, and the report formats. Commands hand over
//! typed values; the choice of format and every byte of layout is made here.

pub mod claim_view;
pub mod claimreview;
pub mod html;
mod records;
pub mod report_text;
mod rows;
pub mod scan;

pub use records::{key_values, markdown_cell, new_table, Cell, RecordSink, Row};

/// Output formats. `html` and `claimreview` are for `report` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people, fitted to the terminal.
    #[default]
    Table,
    /// JSON for scripts (the shapes of the design page).
    Json,
    /// CSV, one row per record, for spreadsheets.
    Csv,
    /// A Markdown table, for wikis and pull requests.
    Markdown,
    /// A self-contained web page (report only).
    Html,
    /// schema.org ClaimReview JSON-LD (report only).
    Claimreview,
}

impl Format {
    /// The spelling on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Claimreview => "claimreview",
        }
    }
}

/// `-` for a missing value in tables.
pub fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}
