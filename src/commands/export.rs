//! `claimtrack export --dir DIR [--article A1]`: the desk as plain-text files people can review in git (a revised
//! article's earlier texts as `sources/<key>.r<N>.txt` beside the latest), written so
//! that export → import into an empty database → export gives the same bytes. What goes in each file is the
//! ledger's (`ledger::desk_export`); this file writes them.

use std::path::{Path, PathBuf};

use super::Context;
use crate::atomic_file::{write_atomically, Guard};
use crate::desk;
use crate::error::{Error, Result};
use crate::ledger::desk_export::article_file;
use crate::ledger::desk_revisions;
use crate::model::{Article, ArticleId};
use crate::progress::Progress;

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write `sources/` and `claims/` into; created when missing.
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    /// Only this article.
    #[arg(long)]
    pub article: Option<ArticleId>,
    /// Replace files in DIR that claimtrack did not write.
    #[arg(long)]
    pub force: bool,
}

/// Writes one `sources/<key>.txt` and one `claims/<key>.toml` per article, and `claims/_desk.toml` for what belongs
/// to no article. Articles are read twice, one at a time: once to check that every file may be written, then to
/// write it, so memory stays that of one article whatever the size of the desk.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(Error::invalid_with(
            format!("`{}` is a file, not a folder", args.dir.display()),
            "give `--dir` a folder (it is made when missing)",
        ));
    }
    let guard = Guard::for_export(ctx.db_file(), args.force);
    let parts = ctx.parts()?;
    let db = parts.ledger.read();
    let (sources_dir, claims_dir) = (args.dir.join("sources"), args.dir.join("claims"));
    let own = db.desk_id()?;
    let mut keys = Vec::new();
    let mut check = |article: &Article| -> Result<()> {
        guard.replaceable(&sources_dir.join(format!("{}.txt", article.key)))?;
        let claims = claims_dir.join(format!("{}.toml", article.key));
        guard.replaceable(&claims)?;
        if !args.force {
            same_desk(&claims, article.desk.as_deref().or(own.as_deref()))?;
        }
        for earlier in db.revisions(article.id)?.iter().rev().skip(1) {
            let name = desk_revisions::revision_file_name(&article.key, earlier.number);
            guard.replaceable(&sources_dir.join(name))?;
        }
        keys.push(article.key.clone());
        Ok(())
    };
    match args.article {
        Some(id) => check(&db.article(id)?)?,
        None => db.each_article(|article| check(&article))?,
    }
    let desk_path = claims_dir.join(desk::DESK_FILE);
    let whole = args.article.is_none();
    let file = if whole { db.desk_file()? } else { None };
    // Evidence and sources gathered before any article is registered are a desk's records all the same.
    if keys.is_empty() && file.is_none() {
        return Err(Error::invalid_with(
            "there is nothing to export: the desk has no articles, evidence or sources",
            "add an article with `claimtrack article add`",
        ));
    }
    let (desk_target, desk_file) = if whole {
        if !args.force {
            let named = file.as_ref().and_then(|f| f.desk.as_deref());
            same_desk(&desk_path, named.or(own.as_deref()))?;
        }
        (Some(guard.replaceable(&desk_path)?), file)
    } else {
        (None, None)
    };
    for dir in [&sources_dir, &claims_dir] {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            action: "create",
            path: dir.clone(),
            source,
        })?;
    }
    let progress = Progress::new(keys.len() as u64 + u64::from(whole), "exporting");
    let mut write = |article: Article| -> Result<()> {
        let source = guard.replaceable(&sources_dir.join(format!("{}.txt", article.key)))?;
        let claims = guard.replaceable(&claims_dir.join(format!("{}.toml", article.key)))?;
        let file = article_file(&article);
        write_atomically(&source, desk::write_article(&file).as_bytes())?;
        // A revised article's earlier texts, each beside the latest under the same header.
        for (number, body) in db.earlier_revision_texts(&article)? {
            let name = desk_revisions::revision_file_name(&article.key, number);
            let path = guard.replaceable(&sources_dir.join(name))?;
            let text = desk::write_article(&desk::ArticleFile {
                body,
                ..file.clone()
            });
            write_atomically(&path, text.as_bytes())?;
        }
        let claims_text = desk::write_claims(&db.claims_file(&article)?);
        write_atomically(&claims, claims_text.as_bytes())?;
        progress.advance();
        Ok(())
    };
    match args.article {
        Some(id) => write(db.article(id)?)?,
        None => db.each_article(&mut write)?,
    }
    if let Some(target) = desk_target {
        match desk_file {
            Some(file) => write_atomically(&target, desk::write_claims(&file).as_bytes())?,
            // Nothing belongs to no article now: an earlier export's file would only bring back what it said.
            None => match std::fs::remove_file(&target) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::File {
                        action: "remove",
                        path: target,
                        source: e,
                    })
                }
                _ => {}
            },
        }
        progress.advance();
    }
    progress.finish();
    let n = keys.len();
    writeln!(
        parts.out,
        "exported {n} article{} to {}",
        if n == 1 { "" } else { "s" },
        args.dir.display()
    )?;
    Ok(())
}

/// Refuses to replace a claims file that names another desk than the one the new file will name: two desks'
/// stories of the same key exported into one folder would otherwise overwrite each other's records. A file that
/// is not there, names no desk or cannot be read as a claims file's header is left to the guard's rules.
fn same_desk(path: &Path, desk: Option<&str>) -> Result<()> {
    let Some(theirs) = desk_named_in(path) else {
        return Ok(());
    };
    if desk == Some(theirs.as_str()) {
        return Ok(());
    }
    Err(Error::invalid_with(
        format!(
            "`{}` holds the records of desk `{theirs}`, not of this desk ({})",
            path.display(),
            match desk {
                Some(ours) => format!("`{ours}`"),
                None => "which has no id yet".to_string(),
            }
        ),
        "export into a folder of its own, or give `--force` to replace it",
    ))
}

/// The `desk = "…"` a claims file gives in its header (the lines before its first table).
pub(super) fn desk_named_in(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let header: String = text
        .lines()
        .take_while(|line| !line.trim_start().starts_with('['))
        .flat_map(|line| [line, "\n"])
        .collect();
    let table: toml::Table = header.parse().ok()?;
    table.get("desk")?.as_str().map(str::to_string)
}
