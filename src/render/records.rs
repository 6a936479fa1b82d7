//! Lists of records in the four record formats, written row by row where the format allows, so that a list of a
//! million claims does not sit in memory (only the terminal table, which must measure its columns, collects).

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

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
    table: Option<Table>,
    count: usize,
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
    /// Starts a list. `html` and `claimreview` are refused: they are report formats.
    pub fn new(out: &'w mut dyn Write, format: Format) -> Result<Self> {
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
            _row: std::marker::PhantomData,
        };
        match format {
            Format::Table => sink.table = Some(new_table(T::HEADERS)),
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
                if let Some(table) = &mut self.table {
                    table.add_row(record.cells().into_iter().map(or_dash).collect::<Vec<_>>());
                }
            }
            Format::Json => {
                self.out
                    .write_all(if self.count == 0 { b"[\n  " } else { b",\n  " })?;
                serde_json::to_writer(&mut self.out, record).map_err(json_error)?;
            }
            Format::Csv => {
                if let Target::Csv(writer) = &mut self.out {
                    let cells = record.cells().into_iter().map(Option::unwrap_or_default);
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
                if let Some(table) = self.table.take() {
                    if self.count == 0 {
                        writeln!(self.out, "(none)")?;
                    } else {
                        writeln!(self.out, "{table}")?;
                    }
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

/// A comfy-table in the house style: rounded borders, fitted to the terminal when there is one.
pub fn new_table(headers: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(headers.to_vec());
    table
}

/// A two-column table of field and value, for `show` commands.
pub fn key_values(rows: &[(&str, String)]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    for (key, value) in rows {
        table.add_row(vec![key.to_string(), value.clone()]);
    }
    table
}

/// Escapes what would break a Markdown table cell.
pub fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
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
        let mut sink = RecordSink::new(&mut out, format).unwrap();
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
        assert_eq!(render(Format::Table, &[]), "(none)\n");
    }
}
