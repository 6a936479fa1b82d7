//! `claimtrack export --dir DIR [--article A1]`: the desk as plain-text files people can review in git (a revised
//! article's earlier texts as `sources/<key>.r<N>.txt` beside the latest), written so
//! that export → import into an empty database → export gives the same bytes. What goes in each file is the
//! ledger's (`ledger::desk_export`); this file writes them.

use std::path::PathBuf;

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
    let guard = Guard::for_export(ctx.db_file(), args.force);
    let parts = ctx.parts()?;
    let db = parts.ledger.read();
    let (sources_dir, claims_dir) = (args.dir.join("sources"), args.dir.join("claims"));
    let mut keys = Vec::new();
    let mut check = |article: &Article| -> Result<()> {
        guard.replaceable(&sources_dir.join(format!("{}.txt", article.key)))?;
        guard.replaceable(&claims_dir.join(format!("{}.toml", article.key)))?;
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
    if keys.is_empty() {
        return Err(Error::invalid_with(
            "there is nothing to export: the desk has no articles",
            "add one with `claimtrack article add`",
        ));
    }
    let desk_path = claims_dir.join(desk::DESK_FILE);
    let whole = args.article.is_none();
    let desk_target = if whole {
        Some(guard.replaceable(&desk_path)?)
    } else {
        None
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
        match db.desk_file()? {
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
