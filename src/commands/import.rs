//! `claimtrack import PATH…`: load a plain-text desk, or a spreadsheet with `--csv`. This file finds the desk files
//! under the paths given and reads them one at a time as the ledger asks for them (`ledger::desk_import`, which
//! checks and writes them in one transaction); a spreadsheet is read twice, streaming: once to check every row
//! (and report every bad one), then again as the ledger writes it (`ledger::csv_import`). Memory stays that of
//! one file, or one row, whatever the size of the desk. On a terminal a bar shows each phase; off one, nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{read_text, Context};
use crate::desk;
use crate::error::{Error, Result};
use crate::ledger::desk_import::{
    desk_error, line_of, ArticleInput, DeskSource, DeskUnit, ImportStep,
};
use crate::ledger::{desk_revisions, ClaimsInput, CsvRow, CsvStep};
use crate::model::{ClaimSourceKind, Strength};
use crate::progress::Progress;

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Desk files (`claims/*.toml`, `sources/*.txt`) or folders holding them.
    #[arg(required_unless_present_any = ["csv", "claimreview"], value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A spreadsheet export instead: columns `article title` and `claim text`, and optionally `url`, `source`,
    /// `cue`, `strength` (inferred by the scanner when empty or absent) and `source kind` (as `claim add
    /// --source-kind`, and decided as it is when empty or absent).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub csv: Option<PathBuf>,
    /// Published fact-checks to match against instead: ClaimReview JSON-LD (an object, an array, a @graph, a
    /// feed, JSON Lines, or HTML pages carrying it), a file or `-` for standard input.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "csv"])]
    pub claimreview: Option<PathBuf>,
}

/// The spreadsheet's columns, the first two required.
const CSV_COLUMNS: [&str; 7] = [
    "article title",
    "claim text",
    "url",
    "source",
    "cue",
    "strength",
    "source kind",
];

/// How many bad rows a refusal lists before it only counts the rest.
const LISTED: usize = 20;

/// A spreadsheet, as bytes to read (a file, opened afresh for each pass; standard input or a device, held once).
enum Sheet {
    File(PathBuf),
    Held(Vec<u8>),
}

impl Sheet {
    fn open(path: &Path) -> Result<Sheet> {
        let meta = std::fs::metadata(path);
        match meta {
            Ok(meta) if meta.is_file() && path != Path::new("-") => {
                let limit = crate::input::TEXT;
                if meta.len() > limit.bytes as u64 {
                    return Err(Error::invalid_with(
                        format!(
                            "the {} is {} bytes long; claimtrack keeps at most {}",
                            limit.what,
                            meta.len(),
                            limit.bytes
                        ),
                        format!("shorten the {}", limit.what),
                    ));
                }
                Ok(Sheet::File(path.to_path_buf()))
            }
            _ => Ok(Sheet::Held(read_text(path)?.into_bytes())),
        }
    }

    fn len(&self) -> u64 {
        match self {
            Sheet::File(path) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            Sheet::Held(bytes) => bytes.len() as u64,
        }
    }

    fn reader(&self) -> Result<csv::Reader<Box<dyn Read + '_>>> {
        let input: Box<dyn Read + '_> = match self {
            Sheet::File(path) => {
                Box::new(std::fs::File::open(path).map_err(|source| Error::File {
                    action: "read",
                    path: path.clone(),
                    source,
                })?)
            }
            Sheet::Held(bytes) => Box::new(bytes.as_slice()),
        };
        Ok(csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(input))
    }
}

/// Where each column is, by the header's names (trimmed, any case).
struct Columns {
    index: [Option<usize>; 7],
    count: usize,
}

impl Columns {
    fn read(path: &Path, reader: &mut csv::Reader<Box<dyn Read + '_>>) -> Result<Columns> {
        let headers = reader
            .byte_headers()
            .map_err(|e| desk_error(path, Some(1), e.to_string()))?
            .clone();
        let names: Vec<String> = headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_lowercase())
            .collect();
        if names.is_empty() {
            return Err(Error::Invalid {
                message: format!("{}: the file is empty", path.display()),
                hint: Some(
                    "export the spreadsheet again with a header row (article title, claim text, …) and its rows"
                        .to_string(),
                ),
            });
        }
        let mut index = [None; 7];
        for (slot, name) in index.iter_mut().zip(CSV_COLUMNS) {
            let mut at = names
                .iter()
                .enumerate()
                .filter(|(_, h)| *h == name)
                .map(|(i, _)| i);
            *slot = at.next();
            // A column named twice: which one holds the values would be a guess, and the other's would be lost.
            if let (Some(first), Some(second)) = (*slot, at.next()) {
                return Err(Error::Invalid {
                    message: format!(
                        "{}:1: the header names the `{name}` column twice (columns {} and {})",
                        path.display(),
                        first + 1,
                        second + 1
                    ),
                    hint: Some(
                        "rename or remove one of them and import the file again".to_string(),
                    ),
                });
            }
        }
        for required in 0..2 {
            if index[required].is_none() {
                let message = format!(
                    "the header has no `{}` column (expected: article title, url, claim text, source, cue, \
                     strength, source kind)",
                    CSV_COLUMNS[required],
                );
                let semicolons = names.len() == 1 && names[0].contains(';');
                return Err(match semicolons {
                    true => Error::Invalid {
                        message: format!("{}:1: {message}", path.display()),
                        hint: Some(
                            "the file separates its columns with `;`: save it from the spreadsheet as \
                             comma-separated CSV (UTF-8)"
                                .to_string(),
                        ),
                    },
                    false => desk_error(path, Some(1), message),
                });
            }
        }
        Ok(Columns {
            index,
            count: names.len(),
        })
    }
}

/// A value of a vocabulary as spreadsheets spell it: `on_record`, `On record`, `on-record`.
fn spelled<T: std::str::FromStr<Err = crate::model::UnknownValue>>(
    cell: &str,
) -> std::result::Result<T, crate::model::UnknownValue> {
    let spelled: String = cell
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    spelled.parse::<T>().map_err(|mut e| {
        e.given = cell.trim().to_string();
        e
    })
}

/// One row read: the claim, or what is wrong with the row.
fn row(columns: &Columns, record: &csv::ByteRecord) -> std::result::Result<CsvRow, String> {
    if record.len() != columns.count {
        if record
            .iter()
            .any(|f| f.contains(&b'\n') || f.contains(&b'\r'))
        {
            return Err(unclosed(record));
        }
        return Err(format!(
            "the row has {} fields where the header has {}",
            record.len(),
            columns.count
        ));
    }
    // A field holding a line break and, after it, a whole row's worth of commas: a quote that was never closed
    // swallowed the rows after it.
    let swallowed = record.iter().any(|f| {
        f.split(|b| *b == b'\n')
            .skip(1)
            .any(|line| line.iter().filter(|b| **b == b',').count() + 1 >= columns.count)
    });
    if swallowed {
        return Err(unclosed(record));
    }
    let cell = |i: usize| -> std::result::Result<Option<String>, String> {
        let Some(at) = columns.index[i] else {
            return Ok(None);
        };
        let bytes = record.get(at).unwrap_or_default();
        let text = std::str::from_utf8(bytes).map_err(|e| {
            format!(
                "the `{}` field is not UTF-8 text (invalid byte at {})",
                CSV_COLUMNS[i],
                e.valid_up_to()
            )
        })?;
        if text.contains('\0') {
            return Err(format!("the `{}` field holds a NUL byte", CSV_COLUMNS[i]));
        }
        Ok(Some(text.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_string))
    };
    let title = cell(0)?.ok_or("the article title is empty")?;
    let text = cell(1)?.ok_or("the claim text is empty")?;
    let strength = cell(5)?
        .map(|s| spelled::<Strength>(&s))
        .transpose()
        .map_err(|e| e.to_string())?;
    let source_kind = cell(6)?
        .map(|s| spelled::<ClaimSourceKind>(&s))
        .transpose()
        .map_err(|e| e.to_string())?;
    Ok(CsvRow {
        title,
        url: cell(2)?,
        text,
        source: cell(3)?,
        cue: cell(4)?,
        strength,
        source_kind,
    })
}

fn unclosed(record: &csv::ByteRecord) -> String {
    // The line break that ends the file ends the last line swallowed; it starts none.
    let ends = record
        .iter()
        .next_back()
        .is_some_and(|f| f.ends_with(b"\n"));
    let lines = record
        .iter()
        .map(|f| f.iter().filter(|b| **b == b'\n').count())
        .sum::<usize>()
        - usize::from(ends);
    let start = record.position().map_or(0, |p| p.line() as usize);
    if lines == 0 {
        return "a quote opened in this row is never closed, so it runs to the end of the file; close the quote, \
                or double a quote meant as text (\"\")"
            .to_string();
    }
    format!(
        "a quote opened in this row is never closed, so it swallows the {lines} line{} after it (to line {}); \
         close the quote, or double a quote meant as text (\"\")",
        if lines == 1 { "" } else { "s" },
        start + lines
    )
}

/// Checks every row, reporting every bad one; returns how many rows there are.
fn check_csv(path: &Path, sheet: &Sheet) -> Result<u64> {
    let mut reader = sheet.reader()?;
    let columns = Columns::read(path, &mut reader)?;
    let progress = Progress::bytes(sheet.len(), "checking rows");
    let mut bad: Vec<(u64, String)> = Vec::new();
    let mut bad_count = 0u64;
    let mut rows = 0u64;
    let mut record = csv::ByteRecord::new();
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            desk_error(path, line, e.to_string())
        })?;
        if !more {
            break;
        }
        rows += 1;
        if rows.is_multiple_of(4096) {
            progress.set(record.position().map_or(0, |p| p.byte()));
        }
        if let Err(message) = row(&columns, &record) {
            bad_count += 1;
            if bad.len() < LISTED {
                bad.push((record.position().map_or(0, |p| p.line()), message));
            }
        }
    }
    progress.finish();
    match bad.len() {
        0 if rows == 0 => Err(desk_error(path, None, "the file has a header but no rows")),
        0 => Ok(rows),
        1 if bad_count == 1 => {
            let (line, message) = bad.remove(0);
            Err(desk_error(path, Some(line as usize), message))
        }
        _ => {
            let mut message = format!(
                "{}: {bad_count} rows cannot be imported, so none was:",
                path.display()
            );
            for (line, problem) in &bad {
                message.push_str(&format!("\n  {}:{line}: {problem}", path.display()));
            }
            if bad_count > bad.len() as u64 {
                message.push_str(&format!("\n  … and {} more", bad_count - bad.len() as u64));
            }
            Err(Error::invalid_with(
                message,
                "fix these rows (or remove them) and import the file again",
            ))
        }
    }
}

/// Reads a checked spreadsheet again, row by row, as the ledger writes it.
fn csv_rows<'s>(
    path: &'s Path,
    sheet: &'s Sheet,
) -> Result<impl Iterator<Item = Result<CsvRow>> + 's> {
    let mut reader = sheet.reader()?;
    let columns = Columns::read(path, &mut reader)?;
    let mut record = csv::ByteRecord::new();
    Ok(std::iter::from_fn(move || {
        match reader.read_byte_record(&mut record) {
            Ok(false) => None,
            Ok(true) => Some(row(&columns, &record).map_err(|message| {
                desk_error(
                    path,
                    record.position().map(|p| p.line() as usize),
                    format!("{message} (the file changed while it was imported)"),
                )
            })),
            Err(e) => Some(Err(desk_error(path, None, e.to_string()))),
        }
    }))
}

/// Reads the files, then has the ledger check and write them.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    if let Some(path) = &args.claimreview {
        return super::r#match::import_claimreview(ctx, path);
    }
    let tally = match &args.csv {
        Some(path) => {
            let sheet = Sheet::open(path)?;
            let rows = check_csv(path, &sheet)?;
            let parts = ctx.parts()?;
            let mut bar = Phases::new(rows, "importing rows");
            let mut input = csv_rows(path, &sheet)?;
            parts
                .ledger
                .import_spreadsheet_from(parts.actor, &mut input, &mut |step| bar.csv(step))?
        }
        None => {
            let mut source = Folder::new(&args.paths)?;
            let parts = ctx.parts()?;
            let mut bar = Phases::new(source.steps() as u64, "importing files");
            parts
                .ledger
                .import_desk_from(parts.actor, &mut source, &mut |step| bar.desk(step))?
        }
    };
    writeln!(ctx.out(), "{}", tally.summary())?;
    Ok(())
}

/// The bars of an import's phases: the files or rows, then settling statuses and committing (a spinner each).
struct Phases {
    bar: Progress,
    phase: &'static str,
}

impl Phases {
    fn new(total: u64, what: &'static str) -> Phases {
        Phases {
            bar: Progress::new(total, what),
            phase: what,
        }
    }

    fn next(&mut self, what: &'static str) {
        if self.phase != what {
            self.bar.finish();
            self.bar = Progress::spinner(what, None);
            self.phase = what;
        }
    }

    fn desk(&mut self, step: ImportStep) {
        match step {
            ImportStep::Files { done, .. } => self.bar.set(done as u64),
            ImportStep::Settling => self.next("settling statuses"),
            ImportStep::Committing => self.next("committing"),
        }
    }

    fn csv(&mut self, step: CsvStep) {
        match step {
            CsvStep::Rows { done } => self.bar.set(done),
            CsvStep::Committing => self.next("committing"),
        }
    }
}

impl Drop for Phases {
    fn drop(&mut self) {
        self.bar.finish();
    }
}

/// Expands folders into the desk files below them, in a stable order.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| Error::File {
            action: "read",
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(Error::invalid_with(
                    format!("`{}` holds no desk files", path.display()),
                    "a desk has `claims/*.toml` and `sources/*.txt`",
                ));
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::File {
        action: "read",
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::File {
            action: "read",
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|source| Error::File {
            action: "read",
            path: path.clone(),
            source,
        })?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if file_type.is_dir() {
            if !hidden {
                walk(&path, files)?;
            }
        } else if file_type.is_file() && desk_kind(&path).is_some() {
            files.push(path);
        } else if file_type.is_symlink() && !hidden {
            // A linked file is read through its link, as a file given by name is; a linked folder is not walked
            // (a link can lead back up), and skipping either without a word would import a desk in part.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    return Err(Error::invalid_with(
                        format!(
                            "`{}` is a symbolic link to a folder, which an import does not follow",
                            path.display()
                        ),
                        "import the folder it leads to by its own name",
                    ))
                }
                Ok(meta) if meta.is_file() && desk_kind(&path).is_some() => files.push(path),
                Ok(_) => {}
                Err(source) if desk_kind(&path).is_some() => {
                    return Err(Error::File {
                        action: "read",
                        path,
                        source,
                    })
                }
                Err(_) => {}
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DeskKind {
    Article,
    Claims,
}

/// `.txt` files are article texts, `.toml` files are claims; anything else is not part of a desk.
fn desk_kind(path: &Path) -> Option<DeskKind> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("txt") => Some(DeskKind::Article),
        Some("toml") => Some(DeskKind::Claims),
        _ => None,
    }
}

/// The article key a file stands for: its name without the extension, which must be a valid key.
fn key_of(path: &Path) -> Result<String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if valid_key(stem) {
        Ok(stem.to_string())
    } else {
        Err(desk_error(
            path,
            None,
            "the file name must be a key of lowercase letters, digits and hyphens",
        ))
    }
}

/// Keys name files, so they may hold nothing that walks out of a folder.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The desk files under the paths given, read one at a time: every claims file (with its article's file, given or
/// beside it in `sources/`), then the article files no claims file brought along.
struct Folder {
    claims: Vec<PathBuf>,
    /// Article files by key.
    articles: BTreeMap<String, PathBuf>,
    /// Earlier revisions' texts given (`sources/<key>.r<N>.txt`), by key and number.
    revisions: BTreeMap<String, BTreeMap<u32, PathBuf>>,
    /// Articles already read with their claims.
    taken: BTreeSet<String>,
}

impl Folder {
    fn new(paths: &[PathBuf]) -> Result<Folder> {
        let mut folder = Folder {
            claims: Vec::new(),
            articles: BTreeMap::new(),
            revisions: BTreeMap::new(),
            taken: BTreeSet::new(),
        };
        for path in collect_files(paths)? {
            match (desk_kind(&path), revision_of(&path)) {
                (Some(DeskKind::Claims), _) => folder.claims.push(path),
                (Some(DeskKind::Article), Some((key, number))) => {
                    folder
                        .revisions
                        .entry(key)
                        .or_default()
                        .insert(number, path);
                }
                (Some(DeskKind::Article), None) => {
                    let key = key_of(&path)?;
                    if let Some(other) = folder.articles.get(&key) {
                        return Err(desk_error(
                            &path,
                            None,
                            format!("article `{key}` is also given by {}", other.display()),
                        ));
                    }
                    folder.articles.insert(key, path);
                }
                (None, _) => {
                    return Err(Error::invalid_with(
                        format!("`{}` is not a desk file", path.display()),
                        "import `claims/*.toml`, `sources/*.txt`, or the folder holding them",
                    ))
                }
            }
        }
        // An earlier revision comes with its article's latest text, which the claims file listing it goes with.
        for (key, numbers) in &folder.revisions {
            if !folder.articles.contains_key(key) {
                let path = numbers.values().next().cloned().unwrap_or_default();
                return Err(Error::invalid_with(
                    format!(
                        "{} is an earlier revision of article `{key}`, whose text sources/{key}.txt is not given",
                        path.display()
                    ),
                    format!("import the folder, or give sources/{key}.txt and claims/{key}.toml with it"),
                ));
            }
        }
        // The desk's own file last, so the items it derives from are already there.
        folder.claims.sort_by_key(|p| {
            (
                p.file_name() == Some(std::ffi::OsStr::new(desk::DESK_FILE)),
                p.clone(),
            )
        });
        Ok(folder)
    }

    fn article(key: &str, path: &Path) -> Result<ArticleInput> {
        let text = read_text(path)?;
        let file = desk::parse_article(&text).map_err(|e| desk_error(path, e.line, e.message))?;
        Ok(ArticleInput {
            key: key.to_string(),
            path: path.to_path_buf(),
            file,
        })
    }
}

impl Folder {
    /// The earlier revisions' texts of article `key`: every one given, and those `listed` found beside the
    /// claims file in `dir/sources/`.
    fn revision_texts(
        &mut self,
        key: &str,
        dir: Option<&Path>,
        listed: &[u32],
    ) -> Result<BTreeMap<u32, (PathBuf, String)>> {
        let mut paths = self.revisions.remove(key).unwrap_or_default();
        if let Some(dir) = dir {
            for number in listed.iter().copied().filter(|n| *n >= 1) {
                let beside = dir
                    .join("sources")
                    .join(desk_revisions::revision_file_name(key, number));
                if !paths.contains_key(&number) && beside.is_file() {
                    paths.insert(number, beside);
                }
            }
        }
        let mut texts = BTreeMap::new();
        for (number, path) in paths {
            let text = read_text(&path)?;
            let article =
                desk::parse_article(&text).map_err(|e| desk_error(&path, e.line, e.message))?;
            texts.insert(number, (path, article.body));
        }
        Ok(texts)
    }
}

/// The article key and revision number of an earlier revision's text, `sources/<key>.r<N>.txt`.
fn revision_of(path: &Path) -> Option<(String, u32)> {
    let stem = path.file_stem()?.to_str()?;
    let (key, number) = desk_revisions::parse_revision_stem(stem)?;
    valid_key(key).then(|| (key.to_string(), number))
}

impl DeskSource for Folder {
    fn steps(&self) -> usize {
        self.claims.len() + self.articles.len()
    }

    fn step(&mut self, index: usize) -> Result<DeskUnit> {
        let Some(path) = self.claims.get(index).cloned() else {
            let Some((key, path)) = self.articles.iter().nth(index - self.claims.len()) else {
                return Ok(DeskUnit::default());
            };
            if self.taken.contains(key) {
                return Ok(DeskUnit::default());
            }
            let key = key.clone();
            return Ok(DeskUnit {
                article: Some(Folder::article(&key, path)?),
                claims: None,
                revisions: self.revision_texts(&key, None, &[])?,
            });
        };
        let path = &path;
        let text = read_text(path)?;
        let file = desk::parse_claims(&text).map_err(|e| desk_error(path, e.line, e.message))?;
        let key = file.article.clone();
        let mut article = None;
        if !key.is_empty() {
            if !valid_key(&key) {
                return Err(desk_error(
                    path,
                    line_of(&text, "article"),
                    format!(
                        "`{key}` is not an article key (lowercase letters, digits and hyphens)"
                    ),
                ));
            }
            // A claims file brings its article's text along when it sits in the usual layout.
            let beside = path
                .parent()
                .and_then(Path::parent)
                .map(|dir| dir.join("sources").join(format!("{key}.txt")))
                .filter(|p| p.is_file());
            if let Some(given) = self.articles.get(&key).cloned().or(beside) {
                article = Some(Folder::article(&key, &given)?);
                self.taken.insert(key.clone());
            }
        }
        // And a revised article's earlier texts, given or beside it.
        let listed: Vec<u32> = file.revisions.iter().map(|r| r.number - 1).collect();
        let dir = path.parent().and_then(Path::parent).map(Path::to_path_buf);
        let revisions = if key.is_empty() {
            BTreeMap::new()
        } else {
            self.revision_texts(&key, dir.as_deref(), &listed)?
        };
        Ok(DeskUnit {
            article,
            claims: Some(ClaimsInput {
                path: path.clone(),
                text,
                file,
            }),
            revisions,
        })
    }
}
