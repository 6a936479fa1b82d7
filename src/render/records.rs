//! Lists of records in the four record formats, written row by row in every format, so that a list of a million
//! claims never sits in memory and its first rows appear at once.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use super::table::TableWriter;
use super::terminal::Layout;
use super::visible::escape;
use super::{or_dash, Format};
use crate::error::{Error, Result};

/// One cell of a row.
pub type Cell = Option<String>;

/// A record that can be one row of a table: headers for table, CSV and Markdown; serde for JSON.
pub trait Row: Serialize {
    /// Column names, in order.
    const HEADERS: &'static [&'static str];
    /// The row's cells, one per header; `None` is a missing value (`-` in tables, empty in CSV).
    fn cells(&self) -> Vec<Cell>;
}

/// Writes records one at a time in the chosen format; `finish` closes the list.
pub struct RecordSink<'w, T: Row> {
    out: Target<'w>,
    format: Format,
    table: Option<TableWriter>,
    count: usize,
    /// One JSON record, serialised here and written whole: serde's many small writes, each through two dynamic
    /// writers, took a quarter of a full `list --format json`'s CPU time (153 ms of user time, then 117, at 100k).
    json: Vec<u8>,
    _row: std::marker::PhantomData<T>,
}

/// CSV goes through the csv crate's writer, which then owns the output.
enum Target<'w> {
    Plain(&'w mut dyn Write),
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
}

impl Write for Target<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Target::Plain(out) => out.write(buf),
            // Every CSV byte goes through the csv writer's records; nothing writes around it.
            Target::Csv(_) => Err(std::io::Error::other("raw bytes cannot go into a CSV list")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Target::Plain(out) => out.flush(),
            Target::Csv(writer) => writer.flush(),
        }
    }
}

impl<'w, T: Row> RecordSink<'w, T> {
    /// Starts a list whose table is laid out for `layout` (a file is `Layout::Plain`). `html` and `claimreview`
    /// are refused: they are report formats.
    pub fn new(out: &'w mut dyn Write, format: Format, layout: Layout) -> Result<Self> {
        let target = match format {
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(T::HEADERS).map_err(csv_error)?;
                Target::Csv(Box::new(writer))
            }
            _ => Target::Plain(out),
        };
        let mut sink = RecordSink {
            out: target,
            format,
            table: None,
            count: 0,
            json: Vec::new(),
            _row: std::marker::PhantomData,
        };
        match format {
            Format::Table => sink.table = Some(TableWriter::new(T::HEADERS, layout)),
            Format::Json | Format::Csv => {}
            Format::Markdown => {
                writeln!(sink.out, "| {} |", T::HEADERS.join(" | "))?;
                writeln!(sink.out, "|{}", "---|".repeat(T::HEADERS.len()))?;
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
        Ok(sink)
    }

    /// Adds one record.
    pub fn push(&mut self, record: &T) -> Result<()> {
        match self.format {
            Format::Table => {
                if let (Some(table), Target::Plain(out)) = (&mut self.table, &mut self.out) {
                    let cells = record.cells();
                    let cells: Vec<Option<&str>> = cells.iter().map(Option::as_deref).collect();
                    table.row(*out, &cells)?;
                }
            }
            Format::Json => {
                self.json.clear();
                self.json
                    .extend_from_slice(if self.count == 0 { b"[\n  " } else { b",\n  " });
                serde_json::to_writer(&mut self.json, record).map_err(json_error)?;
                self.out.write_all(&self.json)?;
            }
            Format::Csv => {
                if let Target::Csv(writer) = &mut self.out {
                    let cells = record.cells();
                    let cells = cells
                        .iter()
                        .map(|c| spreadsheet_cell(c.as_deref().unwrap_or_default()).into_owned());
                    writer.write_record(cells).map_err(csv_error)?;
                }
            }
            Format::Markdown => {
                let cells: Vec<String> = record
                    .cells()
                    .into_iter()
                    .map(|c| markdown_cell(&or_dash(c)))
                    .collect();
                writeln!(self.out, "| {} |", cells.join(" | "))?;
            }
            Format::Html | Format::Claimreview => {}
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the list; returns how many records were written.
    pub fn finish(mut self) -> Result<usize> {
        match self.format {
            Format::Table => {
                if let (Some(table), Target::Plain(out)) = (&mut self.table, &mut self.out) {
                    table.finish(*out)?;
                }
            }
            Format::Json => self
                .out
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?,
            Format::Csv | Format::Markdown | Format::Html | Format::Claimreview => {}
        }
        self.out.flush()?;
        Ok(self.count)
    }
}

/// Escapes what would break a Markdown table cell or turn into markup when the Markdown is rendered: pipes and
/// backslashes, HTML (`<`, `>`, `&` become entities, so no tag, comment or autolink survives), and brackets (so no
/// link, `javascript:` or otherwise, can be formed). Line breaks become spaces; other controls are made visible.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' => out.push(' '),
            _ => match escape(c) {
                Some(escaped) => out.push_str(&escaped),
                None => out.push(c),
            },
        }
    }
    out
}

/// A CSV cell that a spreadsheet will not run as a formula. Following OWASP's advice on CSV injection, a cell
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which spreadsheets take as
/// "this is text" and do not show.
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

fn csv_error(error: csv::Error) -> Error {
    match error.into_kind() {
        csv::ErrorKind::Io(io) => Error::Output(io),
        other => Error::Output(std::io::Error::other(format!("{other:?}"))),
    }
}

fn json_error(error: serde_json::Error) -> Error {
    Error::Output(error.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Pair {
        name: &'static str,
        count: u32,
    }

    impl Row for Pair {
        const HEADERS: &'static [&'static str] = &["name", "count"];
        fn cells(&self) -> Vec<Cell> {
            vec![
                Some(self.name.to_string()),
                Some(self.count.to_string()).filter(|c| c != "0"),
            ]
        }
    }

    fn render(format: Format, items: &[Pair]) -> String {
        let mut out = Vec::new();
        let mut sink = RecordSink::new(&mut out, format, Layout::Plain).unwrap();
        for item in items {
            sink.push(item).unwrap();
        }
        sink.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_format_writes_every_row() {
        let items = [
            Pair {
                name: "a|b",
                count: 1,
            },
            Pair {
                name: "say \"x\"",
                count: 0,
            },
        ];
        assert_eq!(
            render(Format::Json, &items),
            "[\n  {\"name\":\"a|b\",\"count\":1},\n  {\"name\":\"say \\\"x\\\"\",\"count\":0}\n]\n"
        );
        assert_eq!(
            render(Format::Csv, &items),
            "name,count\na|b,1\n\"say \"\"x\"\"\",\n"
        );
        assert_eq!(
            render(Format::Markdown, &items),
            "| name | count |\n|---|---|\n| a\\|b | 1 |\n| say \"x\" | - |\n"
        );
        assert_eq!(render(Format::Json, &[]), "[]\n");
        assert_eq!(render(Format::Table, &[]), "name\tcount\n");
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
        let items = [
            Pair {
                name: "=HYPERLINK(\"http://x.example\",\"click\")",
                count: 1,
            },
            Pair {
                name: "+1",
                count: 1,
            },
            Pair {
                name: "-2+3",
                count: 1,
            },
            Pair {
                name: "@SUM(A1)",
                count: 1,
            },
            Pair {
                name: "\tx",
                count: 1,
            },
            Pair {
                name: "\rx",
                count: 1,
            },
            Pair {
                name: "a = b",
                count: 1,
            },
        ];
        assert_eq!(
            render(Format::Csv, &items),
            "name,count\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\",1\n'+1,1\n'-2+3,1\n'@SUM(A1),1\n'\tx,1\n\"'\rx\",1\na = b,1\n"
        );
    }

    #[test]
    fn markdown_cells_carry_no_html_and_no_links() {
        assert_eq!(
            markdown_cell("<script>x</script> & [click](javascript:alert(1)) a|b"),
            "&lt;script&gt;x&lt;/script&gt; &amp; \\[click\\](javascript:alert(1)) a\\|b"
        );
        assert_eq!(
            markdown_cell("<javascript:alert(1)>"),
            "&lt;javascript:alert(1)&gt;"
        );
        assert_eq!(markdown_cell("two\nlines\x1b[2J"), "two lines\\e\\[2J");
    }
}
