//! `claimtrack import PATH…`: load a plain-text desk. This file finds the desk files under the paths given, reads
//! and parses them (and a spreadsheet's rows); the ledger checks them all, then writes them in one transaction
//! (`ledger::desk_import`, `ledger::csv_import`).

use std::path::{Path, PathBuf};

use super::{read_text, Context};
use crate::desk;
use crate::error::{Error, Result};
use crate::ledger::desk_import::{desk_error, line_of};
use crate::ledger::{ClaimsInput, CsvRow, DeskFiles};
use crate::model::Strength;
use crate::progress::Progress;

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Desk files (`claims/*.toml`, `sources/*.txt`) or folders holding them.
    #[arg(required_unless_present_any = ["csv", "claimreview"], value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A spreadsheet export instead: columns `article title`, `url`, `claim text`, `source`, `cue`, `strength`
    /// (strength inferred by the scanner when empty).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub csv: Option<PathBuf>,
    /// Published fact-checks to match against instead: ClaimReview JSON-LD (an object, an array, a @graph, a
    /// feed, JSON Lines, or HTML pages carrying it), a file or `-` for standard input.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "csv"])]
    pub claimreview: Option<PathBuf>,
}

const CSV_COLUMNS: [&str; 6] = [
    "article title",
    "url",
    "claim text",
    "source",
    "cue",
    "strength",
];

/// Reads and checks every row of a spreadsheet export before anything is written.
fn read_csv(path: &Path) -> Result<Vec<CsvRow>> {
    let text = read_text(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| desk_error(path, Some(1), e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut index = [0usize; 6];
    for (slot, name) in index.iter_mut().zip(CSV_COLUMNS) {
        *slot = column(name).ok_or_else(|| {
            desk_error(
                path,
                Some(1),
                format!(
                    "the header has no `{name}` column (expected: {})",
                    CSV_COLUMNS.join(", ")
                ),
            )
        })?;
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            desk_error(path, line, e.to_string())
        })?;
        let line = record.position().map(|p| p.line() as usize);
        let cell = |i: usize| {
            record
                .get(index[i])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
        };
        let title = cell(0).ok_or_else(|| desk_error(path, line, "the article title is empty"))?;
        let text = cell(2).ok_or_else(|| desk_error(path, line, "the claim text is empty"))?;
        let strength = cell(5)
            .map(|s| s.parse::<Strength>())
            .transpose()
            .map_err(|e| desk_error(path, line, e.to_string()))?;
        rows.push(CsvRow {
            title,
            url: cell(1),
            text,
            source: cell(3),
            cue: cell(4),
            strength,
        });
    }
    if rows.is_empty() {
        return Err(desk_error(path, None, "the file has a header but no rows"));
    }
    Ok(rows)
}

/// Reads the files, then has the ledger check and write them.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    if let Some(path) = &args.claimreview {
        return super::r#match::import_claimreview(ctx, path);
    }
    let tally = match &args.csv {
        Some(path) => {
            let rows = read_csv(path)?;
            let parts = ctx.parts()?;
            parts.ledger.import_spreadsheet(parts.actor, &rows)?
        }
        None => {
            let files = collect_files(&args.paths)?;
            let desk = read_files(&files)?;
            let parts = ctx.parts()?;
            parts.ledger.import_desk(parts.actor, &desk)?
        }
    };
    writeln!(ctx.out(), "{}", tally.summary())?;
    Ok(())
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
        if file_type.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                walk(&path, files)?;
            }
        } else if file_type.is_file() && desk_kind(&path).is_some() {
            files.push(path);
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

fn read_files(files: &[PathBuf]) -> Result<DeskFiles> {
    let mut plan = DeskFiles::default();
    let progress = Progress::new(files.len() as u64, "reading");
    for path in files {
        progress.advance();
        let text = read_text(path)?;
        match desk_kind(path) {
            Some(DeskKind::Article) => {
                let key = key_of(path)?;
                let article =
                    desk::parse_article(&text).map_err(|e| desk_error(path, e.line, e.message))?;
                if let Some((other, _)) = plan.articles.get(&key) {
                    return Err(desk_error(
                        path,
                        None,
                        format!("article `{key}` is also given by {}", other.display()),
                    ));
                }
                plan.articles.insert(key, (path.clone(), article));
            }
            Some(DeskKind::Claims) => {
                let file =
                    desk::parse_claims(&text).map_err(|e| desk_error(path, e.line, e.message))?;
                plan.claims.push(ClaimsInput {
                    path: path.clone(),
                    text,
                    file,
                });
            }
            None => {
                return Err(Error::invalid_with(
                    format!("`{}` is not a desk file", path.display()),
                    "import `claims/*.toml`, `sources/*.txt`, or the folder holding them",
                ))
            }
        }
    }
    progress.finish();
    // A claims file brings its article's text along when it sits in the usual layout.
    for input in &plan.claims {
        let key = &input.file.article;
        if !valid_key(key) {
            return Err(desk_error(
                &input.path,
                line_of(&input.text, "article"),
                format!("`{key}` is not an article key (lowercase letters, digits and hyphens)"),
            ));
        }
        if plan.articles.contains_key(key) {
            continue;
        }
        if let Some(dir) = input.path.parent().and_then(Path::parent) {
            let sibling = dir.join("sources").join(format!("{key}.txt"));
            if sibling.is_file() {
                let text = read_text(&sibling)?;
                let article = desk::parse_article(&text)
                    .map_err(|e| desk_error(&sibling, e.line, e.message))?;
                plan.articles.insert(key.clone(), (sibling, article));
            }
        }
    }
    Ok(plan)
}
