//! `claimtrack report`: the desk's or one article's status, in every format an editor or a script wants.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Context;
use crate::error::{Error, Result};
use crate::model::ArticleId;
use crate::render::{claimreview, html, report_text, Format, RecordSink};
use crate::report;
use crate::scanner;

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this article.
    #[arg(long)]
    pub article: Option<ArticleId>,
    /// Write to this file (atomically: a temporary file, then a rename) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// For claimreview: the organisation that publishes the reviews [default: the `org` setting].
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// For claimreview: base address of the published reviews [default: the `review_url` setting].
    #[arg(long, value_name = "URL")]
    pub review_url: Option<String>,
}

/// Builds the report and writes it where asked.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let store = ctx.store()?;
    let db = store.read();
    let format = ctx.format();
    let generated_at = ctx.actor().at.clone();
    let mut rendered = Vec::new();
    match format {
        Format::Json => {
            let summary = report::summary(&db, args.article, &generated_at)?;
            serde_json::to_writer_pretty(&mut rendered, &summary).map_err(std::io::Error::from)?;
            writeln!(rendered)?;
        }
        Format::Table | Format::Markdown => {
            let summary = report::summary(&db, args.article, &generated_at)?;
            let open = report::claims(&db, args.article, true)?;
            if format == Format::Table {
                report_text::table(&mut rendered, &summary, &open)?;
            } else {
                report_text::markdown(&mut rendered, &summary, &open)?;
            }
        }
        Format::Csv => {
            let claims = report::claims(&db, args.article, false)?;
            let mut sink = RecordSink::new(&mut rendered, Format::Csv)?;
            for entry in &claims {
                sink.push(entry)?;
            }
            sink.finish()?;
        }
        Format::Html => {
            let summary = report::summary(&db, args.article, &generated_at)?;
            let claims = report::claims(&db, args.article, false)?;
            let scope = match args.article {
                Some(id) => db.article(id)?.title,
                None => "the whole desk".to_string(),
            };
            rendered.extend_from_slice(html::page(&summary, &scope, &claims).as_bytes());
        }
        Format::Claimreview => {
            let org = match args.org.or(store.setting("org")?) {
                Some(org) if !org.trim().is_empty() => org,
                _ => {
                    return Err(Error::invalid_with(
                        "ClaimReview needs the name of the organisation that publishes the reviews",
                        "give `--org \"Your Desk\"`, or set it once with `claimtrack setting org \"Your Desk\"`",
                    ))
                }
            };
            let url_base = args.review_url.or(store.setting("review_url")?);
            let claims = report::claims(&db, args.article, false)?;
            let articles = report::articles(&db, args.article)?;
            let publisher = claimreview::Publisher {
                org: &org,
                url_base: url_base.as_deref(),
            };
            let value = claimreview::reviews(
                &claims,
                |entry| {
                    articles
                        .iter()
                        .find(|a| a.id == entry.claim.article)
                        .cloned()
                },
                |entry| scanner::analyse(&entry.claim.text).source_kind,
                &publisher,
            );
            serde_json::to_writer_pretty(&mut rendered, &value).map_err(std::io::Error::from)?;
            writeln!(rendered)?;
        }
    }
    match &args.out {
        Some(path) => {
            write_atomically(path, &rendered)?;
            writeln!(
                ctx.out(),
                "wrote {} report to {}",
                format.as_str(),
                path.display()
            )?;
        }
        None => ctx.out().write_all(&rendered)?,
    }
    Ok(())
}

/// Writes a file whole or not at all: a temporary file beside it, flushed to disk, then renamed over it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let file_error = |source| Error::File {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(file_error)?;
    temp.write_all(bytes).map_err(file_error)?;
    temp.as_file().sync_all().map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    Ok(())
}
