//! Tables for people and for pipes, written a row at a time.
//!
//! On a terminal the column widths come from the terminal's width and the columns' names, never from the data, so
//! the first row is written before the second is read and memory stays flat however many rows follow. A column of
//! a vocabulary (status, strength, verdict…) or of ids is as wide as its longest word, so a status is never split;
//! the text column takes the room that is left and shows at most two lines, other free-text columns one, cut with
//! `…` (the whole text is in `claim show` and `--format json`). A cell is measured only as far as it is shown, so
//! a 4 MB token costs no more than a short one. Status and strength are coloured when colour is allowed.
//!
//! Off a terminal the same rows are tab-separated lines: a header line, then one line per record, every value
//! whole, missing values empty, and tab, line breaks, other control characters and backslash escaped (`\t`,
//! `\n`, `\e`, `\\`…), so `cut -f`, `awk -F'\t'` and `sort` read it as it comes.

use std::fmt;
use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;

use super::terminal::{paint, status_colour, strength_colour, Layout};
use super::visible::{escape, tsv_field};
use crate::model::{ClaimSourceKind, Status, Strength};

/// Spaces between columns on a terminal.
const GAP: usize = 2;
/// A fixed column holding something longer than expected grows up to this many columns, then is cut.
const FIXED_MAX: usize = 40;

/// How a column takes its width on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Width {
    /// As wide as its longest value can be (ids, vocabularies, counts, dates): never cut.
    Fixed(usize),
    /// A share of the room left, between `min` and `max` columns, on up to `lines` lines.
    Flex {
        min: usize,
        max: usize,
        weight: usize,
        lines: usize,
    },
}

/// Free text that is the point of the table: it gets most of the room and two lines.
const MAIN: Width = Width::Flex {
    min: 20,
    max: usize::MAX,
    weight: 4,
    lines: 2,
};
/// Other free text (a source, a cue, a note): a modest share and one line.
const SIDE: Width = Width::Flex {
    min: 8,
    max: 36,
    weight: 1,
    lines: 1,
};

/// The width rule for a column, from its name: the names are the renderers' own, so this is the one place that
/// knows what each column holds.
fn width_of(header: &str) -> Width {
    match header {
        // Ids to C99999 and counts to 999999; a longer one pushes the rest of its row along rather than be cut.
        "id" | "claim" | "evidence" | "#" | "lines" | "claims" => Width::Fixed(6),
        "article" => Width::Fixed(7),
        "strength" => Width::Fixed(longest(Strength::NAMES)),
        "status" => Width::Fixed(
            Status::ALL
                .iter()
                .map(|s| s.as_str().len())
                .max()
                .unwrap_or(0),
        ),
        "verdict" => Width::Fixed(12),
        "response" => Width::Fixed(10),
        "source kind" => Width::Fixed(longest(ClaimSourceKind::NAMES)),
        "stance" => Width::Fixed(8),
        "grade" => Width::Fixed(5),
        "kind" => Width::Fixed(12),
        "action" => Width::Fixed(13),
        "published" | "retrieved" => Width::Fixed(10),
        "at" => Width::Fixed(20),
        "reliability" | "credibility" | "derived from" => Width::Fixed(header.len()),
        // Revisions: the kind of a diff's change and its direction, a revision's number, how a claim was placed.
        "change" => Width::Fixed(8),
        "detail" => Width::Fixed(7),
        "revision" => Width::Fixed(8),
        "how" => Width::Fixed(15),
        "text" | "sentence" | "title" | "what" | "was" | "now" => MAIN,
        // Count columns named after a status or a strength, as in the report's totals.
        _ if Strength::NAMES.contains(&header)
            || Status::ALL.iter().any(|s| s.as_str() == header) =>
        {
            Width::Fixed(header.len())
        }
        _ => SIDE,
    }
}

fn longest(names: &[&str]) -> usize {
    names.iter().map(|n| n.len()).max().unwrap_or(0)
}

/// The order in which columns are left out on a terminal too narrow for all of them, first out first; `None` is
/// never left out (the ids, the text, the status and strength).
fn drop_order(header: &str) -> Option<u8> {
    Some(match header {
        "response" | "source kind" => 0,
        "article" => 1,
        "verdict" => 2,
        "lines" => 3,
        "url" | "key" | "outlet" | "published" | "retrieved" => 4,
        "derived from" | "note" => 5,
        "cue" | "cues" => 6,
        "grade" | "kind" | "reliability" | "credibility" => 7,
        "origin" | "source" | "name" | "by" | "action" => 8,
        _ => return None,
    })
}

/// The share of a terminal's width the text column keeps before other columns are left out for it.
const MAIN_SHARE: (usize, usize) = (1, 3);
/// … and the least it keeps, on any terminal.
const MAIN_LEAST: usize = 30;

/// The columns shown on a terminal `total` columns wide, fitted: all of them when the text column has its room,
/// else without the least needed ones. A table of counts (a column per status or strength) keeps every column.
fn choose_columns(headers: &[&str], total: usize) -> Vec<Column> {
    let mut shown: Vec<usize> = (0..headers.len()).collect();
    let main = headers.iter().position(|h| width_of(h) == MAIN);
    let counts = headers
        .iter()
        .any(|h| Strength::NAMES.contains(h) || Status::ALL.iter().any(|s| s.as_str() == *h));
    let need = (total * MAIN_SHARE.0 / MAIN_SHARE.1).max(MAIN_LEAST);
    loop {
        let names: Vec<&str> = shown.iter().map(|&i| headers[i]).collect();
        let mut columns = fit_columns(&names, total);
        for (column, &index) in columns.iter_mut().zip(&shown) {
            column.index = index;
        }
        let Some(main) = main.filter(|_| !counts) else {
            return columns;
        };
        let main_width = columns
            .iter()
            .find(|c| c.index == main)
            .map_or(0, |c| c.width);
        let next = shown
            .iter()
            .enumerate()
            .filter_map(|(at, &i)| drop_order(headers[i]).map(|order| (order, at)))
            .min();
        match next {
            Some((_, at)) if main_width < need => {
                shown.remove(at);
            }
            _ => return columns,
        }
    }
}

/// What colour a column's values take, by the column's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Colouring {
    None,
    Status,
    Strength,
}

#[derive(Debug, Clone)]
struct Column {
    /// Which of the row's cells it shows.
    index: usize,
    header: String,
    width: usize,
    lines: usize,
    fixed: bool,
    colouring: Colouring,
}

/// Column widths for a terminal `total` columns wide.
fn fit_columns(headers: &[&str], total: usize) -> Vec<Column> {
    let mut rules: Vec<Width> = headers.iter().map(|h| width_of(h)).collect();
    // A table without a text column (a link's note, a source's name) gives its last free-text column the room.
    if !rules.contains(&MAIN) {
        if let Some(last) = rules.iter_mut().rev().find(|r| **r == SIDE) {
            *last = MAIN;
        }
    }
    let mut widths: Vec<usize> = rules
        .iter()
        .zip(headers)
        .map(|(rule, header)| match rule {
            // A header is never cut in a fixed column.
            Width::Fixed(w) => (*w).max(header.chars().count()),
            Width::Flex { min, .. } => *min,
        })
        .collect();
    let used: usize = widths.iter().sum::<usize>() + GAP * headers.len().saturating_sub(1);
    let mut room = total.saturating_sub(used);
    // Shared out by weight, again and again, as columns reach their most.
    while room > 0 {
        // Heaviest first, so what rounding leaves over goes to the text.
        let mut open: Vec<usize> = (0..rules.len())
            .filter(|&i| matches!(rules[i], Width::Flex { max, .. } if widths[i] < max))
            .collect();
        open.sort_by_key(|&i| match rules[i] {
            Width::Flex { weight, .. } => std::cmp::Reverse(weight),
            Width::Fixed(_) => std::cmp::Reverse(0),
        });
        let weights: usize = open
            .iter()
            .map(|&i| match rules[i] {
                Width::Flex { weight, .. } => weight,
                Width::Fixed(_) => 0,
            })
            .sum();
        if weights == 0 {
            break;
        }
        let before = room;
        for &i in &open {
            let Width::Flex { max, weight, .. } = rules[i] else {
                continue;
            };
            let share = (before * weight / weights).max(1).min(room);
            let given = share.min(max - widths[i]);
            widths[i] += given;
            room -= given;
            if room == 0 {
                break;
            }
        }
    }
    headers
        .iter()
        .zip(rules)
        .zip(widths)
        .enumerate()
        .map(|(index, ((header, rule), width))| Column {
            index,
            header: header.to_string(),
            width,
            lines: match rule {
                Width::Fixed(_) => 1,
                Width::Flex { lines, .. } => lines,
            },
            fixed: matches!(rule, Width::Fixed(_)),
            colouring: match *header {
                "status" => Colouring::Status,
                "strength" => Colouring::Strength,
                _ => Colouring::None,
            },
        })
        .collect()
}

/// One shown line of a cell and its width in terminal columns.
struct Line {
    text: String,
    width: usize,
}

/// The first `lines` lines of `text` at most `width` columns wide, broken at spaces where it can, with control
/// characters escaped and `…` where text was left out. Reads only as much of `text` as it shows.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut out: Vec<Line> = Vec::new();
    let mut line = Line {
        text: String::new(),
        width: 0,
    };
    // Where the current line may break: the byte after its last space, and the width up to there.
    let mut space: Option<(usize, usize)> = None;
    let mut escaped = String::new();
    for c in text.trim_end().chars() {
        escaped.clear();
        match escape(c) {
            Some(e) => escaped.push_str(&e),
            None => escaped.push(c),
        }
        let w: usize = escaped.chars().map(|c| c.width().unwrap_or(0)).sum();
        while line.width + w > width && line.width > 0 {
            if out.len() + 1 >= lines {
                ellipsize(&mut line, width);
                out.push(line);
                return out;
            }
            let mut next = Line {
                text: String::new(),
                width: 0,
            };
            if let Some((at, upto)) = space.take().filter(|_| c != ' ') {
                next.text = line.text.split_off(at);
                next.width = line.width - upto;
                line.width = upto;
            }
            trim_end(&mut line);
            out.push(std::mem::replace(&mut line, next));
        }
        if c == ' ' && line.width == 0 && !out.is_empty() {
            // A wrapped line does not start with the space it broke at.
            continue;
        }
        line.text.push_str(&escaped);
        line.width += w;
        if c == ' ' {
            space = Some((line.text.len(), line.width));
        }
    }
    if line.width > 0 || out.is_empty() {
        out.push(line);
    }
    out
}

fn trim_end(line: &mut Line) {
    while line.text.ends_with(' ') {
        line.text.pop();
        line.width -= 1;
    }
}

/// Makes room for `…` at the end of a full line and adds it.
fn ellipsize(line: &mut Line, width: usize) {
    while line.width + 1 > width {
        match line.text.pop() {
            Some(c) => line.width -= c.width().unwrap_or(0).min(line.width),
            None => break,
        }
    }
    trim_end(line);
    line.text.push('…');
    line.width += 1;
}

/// A table that writes each row as it is given: aligned on a terminal, tab-separated off one.
pub struct TableWriter {
    layout: Layout,
    headers: Vec<String>,
    columns: Vec<Column>,
    rows: usize,
    header_written: bool,
}

impl TableWriter {
    /// A table with these columns, laid out for `layout`.
    pub fn new(headers: &[&str], layout: Layout) -> TableWriter {
        let columns = match layout {
            Layout::Terminal { width, .. } => choose_columns(headers, width),
            Layout::Plain => Vec::new(),
        };
        TableWriter {
            layout,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            columns,
            rows: 0,
            header_written: false,
        }
    }

    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.header_written = true;
        match self.layout {
            Layout::Plain => {
                let fields: Vec<_> = self.headers.iter().map(|h| tsv_field(h)).collect();
                writeln!(out, "{}", fields.join("\t"))
            }
            Layout::Terminal { colour, .. } => {
                let mut head = String::new();
                let mut rule = String::new();
                for (i, column) in self.columns.iter().enumerate() {
                    let last = i + 1 == self.columns.len();
                    let shown = wrap(&column.header, column.width, 1).remove(0);
                    if colour {
                        head.push_str(&paint(&shown.text, "1"));
                    } else {
                        head.push_str(&shown.text);
                    }
                    rule.push_str(&"─".repeat(column.width));
                    if !last {
                        head.push_str(
                            &" ".repeat(column.width - shown.width.min(column.width) + GAP),
                        );
                        rule.push_str(&" ".repeat(GAP));
                    }
                }
                writeln!(out, "{}", head.trim_end())?;
                if colour {
                    writeln!(out, "{}", paint(&rule, "2"))
                } else {
                    writeln!(out, "{rule}")
                }
            }
        }
    }

    /// Writes one row; a missing value is `None` (`-` on a terminal, empty off one).
    pub fn row(&mut self, out: &mut dyn Write, cells: &[Option<&str>]) -> io::Result<()> {
        if !self.header_written {
            self.header(out)?;
        }
        self.rows += 1;
        match self.layout {
            Layout::Plain => {
                let mut line = String::new();
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        line.push('\t');
                    }
                    line.push_str(&tsv_field(cell.unwrap_or("")));
                }
                line.push('\n');
                out.write_all(line.as_bytes())
            }
            Layout::Terminal { colour, .. } => {
                out.write_all(self.terminal_row(cells, colour).as_bytes())
            }
        }
    }

    fn terminal_row(&self, cells: &[Option<&str>], colour: bool) -> String {
        let blocks: Vec<Vec<Line>> = self
            .columns
            .iter()
            .map(|column| {
                let value = cells.get(column.index).copied().flatten().unwrap_or("-");
                if column.fixed {
                    wrap(value, column.width.max(FIXED_MAX), 1)
                } else {
                    wrap(value, column.width, column.lines)
                }
            })
            .collect();
        let height = blocks.iter().map(Vec::len).max().unwrap_or(1);
        let mut text = String::new();
        for index in 0..height {
            let mut line = String::new();
            // Spaces still owed to pad the columns before: written only when something follows.
            let mut owed = 0;
            for (i, (column, block)) in self.columns.iter().zip(&blocks).enumerate() {
                let Some(shown) = block.get(index) else {
                    owed += column.width + GAP;
                    continue;
                };
                line.push_str(&" ".repeat(owed));
                let sgr = match (colour, column.colouring) {
                    (true, Colouring::Status) => {
                        shown.text.parse::<Status>().ok().map(status_colour)
                    }
                    (true, Colouring::Strength) => {
                        shown.text.parse::<Strength>().ok().map(strength_colour)
                    }
                    _ => None,
                };
                match sgr {
                    Some(sgr) => line.push_str(&paint(&shown.text, sgr)),
                    None => line.push_str(&shown.text),
                }
                owed = column.width.saturating_sub(shown.width);
                if i + 1 < self.columns.len() {
                    owed += GAP;
                }
            }
            text.push_str(line.trim_end_matches(' '));
            text.push('\n');
        }
        text
    }

    /// Ends the table: `(none)` on a terminal when there was no row, the header alone off one.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<usize> {
        if self.rows == 0 {
            match self.layout {
                Layout::Plain => self.header(out)?,
                Layout::Terminal { .. } => writeln!(out, "(none)")?,
            }
        }
        Ok(self.rows)
    }
}

/// A small table gathered whole, then printed with `{}`: the tables of `show` commands and of the report's
/// totals. Laid out like `TableWriter`.
pub struct Table {
    layout: Layout,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// Adds a row of present values.
    pub fn add_row(&mut self, cells: Vec<String>) -> &mut Table {
        self.rows.push(cells);
        self
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        let mut writer = TableWriter::new(&headers, self.layout);
        let mut bytes = Vec::new();
        for row in &self.rows {
            let cells: Vec<Option<&str>> = row.iter().map(|c| Some(c.as_str())).collect();
            writer.row(&mut bytes, &cells).map_err(|_| fmt::Error)?;
        }
        writer.finish(&mut bytes).map_err(|_| fmt::Error)?;
        // The caller's `writeln!` ends the last line.
        let text = String::from_utf8_lossy(&bytes);
        f.write_str(text.strip_suffix('\n').unwrap_or(&text))
    }
}

/// A table with these headers, for `layout`.
pub fn table_for(headers: &[&str], layout: Layout) -> Table {
    Table {
        layout,
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: Vec::new(),
    }
}

/// A line of prose (a reason, a rationale): on a terminal, wrapped to its width with `first` before the first line
/// and `rest` before the others; off one, on one line. Control characters are escaped.
pub fn prose(first: &str, rest: &str, text: &str, layout: Layout) -> String {
    match layout {
        Layout::Plain => format!("{first}{}", super::visible::visible(text)),
        Layout::Terminal { width, .. } => {
            let room = width.saturating_sub(first.chars().count()).max(20);
            wrap(text, room, usize::MAX)
                .iter()
                .enumerate()
                .map(|(i, line)| format!("{}{}", if i == 0 { first } else { rest }, line.text))
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

/// Fields and their values, for `show` commands: on a terminal, the names in a column and each value whole,
/// wrapped to the terminal's width; off one, `field<TAB>value` lines.
pub struct KeyValues {
    layout: Layout,
    rows: Vec<(String, String)>,
}

/// The key-value table of `rows`, for `layout`.
pub fn key_values(rows: &[(&str, String)], layout: Layout) -> KeyValues {
    KeyValues {
        layout,
        rows: rows
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    }
}

impl fmt::Display for KeyValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines = Vec::new();
        match self.layout {
            Layout::Plain => {
                for (key, value) in &self.rows {
                    lines.push(format!("{}\t{}", tsv_field(key), tsv_field(value)));
                }
            }
            Layout::Terminal { width, colour } => {
                let key_width = self.rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                let room = width.saturating_sub(key_width + GAP).max(20);
                for (key, value) in &self.rows {
                    let shown = wrap(value, room, usize::MAX);
                    for (index, line) in shown.iter().enumerate() {
                        let label = if index == 0 { key.as_str() } else { "" };
                        let label = format!("{label:key_width$}");
                        let label = if colour && index == 0 {
                            paint(&label, "1")
                        } else {
                            label
                        };
                        let text = match (colour, key.as_str()) {
                            (true, "status") => line
                                .text
                                .parse::<Status>()
                                .map_or(line.text.clone(), |s| paint(&line.text, status_colour(s))),
                            (true, "strength") => line
                                .text
                                .parse::<Strength>()
                                .map_or(line.text.clone(), |s| {
                                    paint(&line.text, strength_colour(s))
                                }),
                            _ => line.text.clone(),
                        };
                        lines.push(
                            format!("{label}{}{text}", " ".repeat(GAP))
                                .trim_end()
                                .to_string(),
                        );
                    }
                }
            }
        }
        f.write_str(&lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, width: usize, lines: usize) -> Vec<String> {
        wrap(text, width, lines)
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn long_text_wraps_at_spaces_and_is_cut_with_an_ellipsis() {
        assert_eq!(shown("short", 10, 2), ["short"]);
        assert_eq!(shown("one two three four", 9, 2), ["one two", "three fo…"]);
        assert_eq!(shown("one two three", 9, 2), ["one two", "three"]);
        assert_eq!(shown("exactly10!", 10, 1), ["exactly10!"]);
        assert_eq!(shown("exactly10!+", 10, 1), ["exactly10…"]);
        assert_eq!(shown("abcdefghijkl", 5, 2), ["abcde", "fghi…"]);
        assert_eq!(shown("", 5, 2), [""]);
    }

    #[test]
    fn controls_are_escaped_before_they_are_measured() {
        assert_eq!(shown("a\x1b]0;x\x07b", 20, 1), ["a\\e]0;x\\x07b"]);
        assert_eq!(shown("line\nbreak", 20, 2), ["line\\nbreak"]);
        // Wide characters take two columns.
        assert_eq!(shown("東京東京東京", 7, 1), ["東京東…"]);
    }

    #[test]
    fn a_huge_token_is_read_only_as_far_as_it_is_shown() {
        // The cost is what `scripts/bench-table` measures; here, that the cut is right.
        let token = "x".repeat(4 << 20);
        let lines = shown(&token, 50, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "x".repeat(50));
        assert_eq!(lines[1], format!("{}…", "x".repeat(49)));
    }

    #[test]
    fn the_text_column_gets_the_room_and_statuses_are_never_split() {
        let columns = fit_columns(&["id", "status", "source", "text"], 80);
        let widths: Vec<usize> = columns.iter().map(|c| c.width).collect();
        // 6 + 13 fixed, three gaps of 2: 55 left, shared 1:4 between source and text (each from its least).
        assert_eq!(widths, [6, 13, 13, 42]);
        let narrow = fit_columns(&["id", "status", "source", "text"], 30);
        assert_eq!(
            narrow.iter().map(|c| c.width).collect::<Vec<_>>(),
            [6, 13, 8, 20]
        );
        let wide = fit_columns(&["id", "status", "source", "text"], 200);
        assert_eq!(
            wide.iter().map(|c| c.width).collect::<Vec<_>>(),
            [6, 13, 36, 139]
        );
    }

    #[test]
    fn rows_are_aligned_on_a_terminal_and_tab_separated_off_one() {
        let terminal = Layout::Terminal {
            width: 60,
            colour: false,
        };
        let mut out = Vec::new();
        let mut table = TableWriter::new(&["id", "status", "text"], terminal);
        table
            .row(
                &mut out,
                &[
                    Some("C1"),
                    Some("single_source"),
                    Some("A claim that is long enough to need a second line and then some more."),
                ],
            )
            .unwrap();
        table
            .row(&mut out, &[Some("C2"), None, Some("Short.")])
            .unwrap();
        table.finish(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id      status         text\n\
             ──────  ─────────────  ─────────────────────────────────────\n\
             C1      single_source  A claim that is long enough to need a\n\
             \x20                      second line and then some more.\n\
             C2      -              Short.\n"
        );
        let mut out = Vec::new();
        let mut table = TableWriter::new(&["id", "text"], Layout::Plain);
        table
            .row(&mut out, &[Some("C1"), Some("tab\there")])
            .unwrap();
        table.row(&mut out, &[Some("C2"), None]).unwrap();
        table.finish(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id\ttext\nC1\ttab\\there\nC2\t\n"
        );
    }

    #[test]
    fn status_and_strength_are_coloured_when_colour_is_allowed() {
        let mut out = Vec::new();
        let mut table = TableWriter::new(
            &["status", "strength"],
            Layout::Terminal {
                width: 40,
                colour: true,
            },
        );
        table
            .row(&mut out, &[Some("refuted"), Some("hedged")])
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().nth(2),
            Some("\x1b[31mrefuted\x1b[0m        \x1b[38;5;172mhedged\x1b[0m")
        );
    }

    #[test]
    fn an_empty_table_says_so_on_a_terminal_and_keeps_its_header_off_one() {
        let mut out = Vec::new();
        TableWriter::new(&["id"], Layout::Plain)
            .finish(&mut out)
            .unwrap();
        assert_eq!(out, b"id\n");
        let mut out = Vec::new();
        TableWriter::new(
            &["id"],
            Layout::Terminal {
                width: 40,
                colour: false,
            },
        )
        .finish(&mut out)
        .unwrap();
        assert_eq!(out, b"(none)\n");
    }
}
