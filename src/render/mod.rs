//! Renderers: records to a terminal table, JSON, CSV or Markdown, and the report formats. Commands hand over
//! typed values; the choice of format and every byte of layout is made here.

pub mod claim_view;
pub mod claimreview;
pub mod diff;
pub mod html;
pub mod matches;
mod records;
pub mod report_text;
mod rows;
pub mod scan;
pub mod table;
pub mod terminal;
pub mod visible;
pub mod why;

pub use records::{markdown_cell, spreadsheet_cell, Cell, RecordSink, Row};
pub use table::{key_values, prose, table_for};
pub use terminal::Layout;
pub use visible::visible;

/// Output formats. Each command offers the ones it supports (`commands::RecordFormat` and the like); `html` and
/// `claimreview` are for `report` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: aligned columns fitted to the terminal; tab-separated lines when piped.
    #[default]
    Table,
    /// JSON for scripts (the shapes of the design page).
    Json,
    /// CSV, one row per record, for spreadsheets.
    Csv,
    /// A Markdown table, for wikis and pull requests.
    Markdown,
    /// A self-contained web page.
    Html,
    /// schema.org ClaimReview JSON-LD, one review per claim with a verdict, for publishing.
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

/// `setting NAME`: the value as it is (escaped for the terminal), or that it is not set; JSON gives
/// `{"setting":"org","value":"…"}` with `null` for a value not set.
pub fn setting(
    out: &mut dyn std::io::Write,
    format: Format,
    key: &str,
    value: Option<&str>,
) -> crate::error::Result<()> {
    match (format, value) {
        (Format::Json, value) => {
            let json = serde_json::json!({ "setting": key, "value": value });
            writeln!(out, "{json}")?;
        }
        (_, Some(value)) => writeln!(out, "{}", visible(value))?,
        (_, None) => writeln!(
            out,
            "{key} is not set (set it with `claimtrack setting {} VALUE`)",
            key.replace('_', "-")
        )?,
    }
    Ok(())
}

/// The report CSV's header row before schema version 6 gave it the claims' source kinds: a report written then
/// is still claimtrack's to replace.
const REPORT_CSV_BEFORE_SOURCE_KIND: &str =
    "claim,article,strength,status,verdict,lines,source,cue,response,text";

/// True when `head`, the first bytes of a file, is a report claimtrack wrote, so that `report --out` may replace
/// it. Each format carries its mark where it has room for one: the HTML page a `generator` meta tag, the table and
/// Markdown reports a first line that ends "by claimtrack"; the others are known by what claimtrack always writes
/// first (the CSV's header row, the JSON's `generated_at` and `totals`, ClaimReview's `@context` and `@type`).
pub fn is_report(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let first = text.lines().next().unwrap_or("");
    let csv_header = <crate::report::ClaimLine as Row>::HEADERS.join(",");
    text.contains("<meta name=\"generator\" content=\"claimtrack\">")
        || (first.starts_with("Status report: ") && first.ends_with(" by claimtrack"))
        || (text.starts_with("# Status report\n\n")
            && text
                .lines()
                .nth(2)
                .is_some_and(|l| l.ends_with(" by claimtrack.")))
        || first == csv_header
        || first == REPORT_CSV_BEFORE_SOURCE_KIND
        || (text.starts_with("{\n  \"generated_at\": \"") && text.contains("\n  \"totals\": {"))
        || text.trim_end() == "[]"
        || text.starts_with(
            "[\n  {\n    \"@context\": \"https://schema.org\",\n    \"@type\": \"ClaimReview\",",
        )
}

/// True for an address a reader can follow safely: `http://` or `https://` (any case) and a host, with no space
/// or control character in it (quotes and brackets are the renderers' to escape). Anything else (`javascript:`, `data:`, a bare path) is not published as a link.
pub fn web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with('@')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::web_address;

    #[test]
    fn only_http_addresses_with_a_host_are_web_addresses() {
        for good in [
            "https://example.org/a?b=1#c",
            "HTTP://Example.org",
            "http://127.0.0.1:8080/",
        ] {
            assert!(web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>x</script>",
            "https://",
            "https:///path",
            "http://exa mple.org",
            "//example.org",
            "ftp://example.org",
            "https://ex\nample.org",
        ] {
            assert!(!web_address(bad), "{bad}");
        }
    }
}
