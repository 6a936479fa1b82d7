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
use crate::model::ArticleId;
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

/// Writes one `sources/<key>.txt` and one `claims/<key>.toml` per article.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let guard = Guard::for_export(ctx.db_file(), args.force);
    let parts = ctx.parts()?;
    let db = parts.ledger.read();
    let articles = match args.article {
        Some(id) => vec![db.article(id)?],
        None => db.articles()?,
    };
    if articles.is_empty() {
        return Err(Error::invalid_with(
            "there is nothing to export: the desk has no articles",
            "add one with `claimtrack article add`",
        ));
    }
    let (sources_dir, claims_dir) = (args.dir.join("sources"), args.dir.join("claims"));
    let targets = articles
        .iter()
        .map(|a| {
            let source = guard.replaceable(&sources_dir.join(format!("{}.txt", a.key)))?;
            let claims = guard.replaceable(&claims_dir.join(format!("{}.toml", a.key)))?;
            // A revised article's earlier texts, each beside the latest (`ledger::desk_revisions`).
            let mut earlier = Vec::new();
            for (number, text) in db.earlier_revision_texts(a)? {
                let name = desk_revisions::revision_file_name(&a.key, number);
                earlier.push((guard.replaceable(&sources_dir.join(name))?, text));
            }
            Ok((source, claims, earlier))
        })
        .collect::<Result<Vec<_>>>()?;
    for dir in [&sources_dir, &claims_dir] {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            action: "create",
            path: dir.clone(),
            source,
        })?;
    }
    let progress = Progress::new(articles.len() as u64, "exporting");
    for (article, (source, claims, earlier)) in articles.iter().zip(targets) {
        let file = article_file(article);
        let text = desk::write_article(&file);
        write_atomically(&source, text.as_bytes())?;
        for (path, body) in earlier {
            let text = desk::write_article(&desk::ArticleFile {
                body,
                ..file.clone()
            });
            write_atomically(&path, text.as_bytes())?;
        }
        let claims_text = desk::write_claims(&db.claims_file(article)?);
        write_atomically(&claims, claims_text.as_bytes())?;
        progress.advance();
    }
    progress.finish();
    let n = articles.len();
    writeln!(
        parts.out,
        "exported {n} article{} to {}",
        if n == 1 { "" } else { "s" },
        args.dir.display()
    )?;
    Ok(())
}
