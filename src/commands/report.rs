//! `claimtrack report`: the desk's or one article's status, in every format an editor or a script wants.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use super::Context;
use crate::atomic_file::{write_output, Guard, OutputTo};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{ArticleId, ClaimSourceKind, SourceKind, Timestamp};
use crate::render::{claimreview, html, report_text, Format, Layout, RecordSink};
use crate::report;
use crate::scanner;

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this article.
    #[arg(long)]
    pub article: Option<ArticleId>,
    /// How to print the report.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "table")]
    pub format: Format,
    /// Write to this file (atomically: a temporary file, then a rename) instead of standard output; `-` is
    /// standard output. Never the database; an existing file only if claimtrack wrote it, or with --force.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file even though claimtrack did not write it.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// How many claims table, markdown and html list before saying how many more there are; 0 for all.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub limit: usize,
    /// For claimreview: the organisation that publishes the reviews [default: the `org` setting].
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// For claimreview: base address of the published reviews [default: the `review_url` setting].
    #[arg(long, value_name = "URL")]
    pub review_url: Option<String>,
    /// Instead of the status report: the open claims that look like an already-rated claim or a published
    /// fact-check (table, json, csv or markdown).
    #[arg(long, conflicts_with_all = ["out", "org", "review_url"])]
    pub matches: bool,
}

/// Builds the report and writes it where asked, as it goes: to standard output, or to a temporary file renamed
/// over `--out` only once the report is whole.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let guard = Guard::for_report(ctx.db_file(), args.force);
    let parts = ctx.parts()?;
    let (ledger, format, generated_at) = (&*parts.ledger, args.format, parts.actor.at);
    let layout = parts.layout;
    let written = write_output(args.out.as_deref(), &guard, &mut *parts.out, |out, to| {
        let layout = match to {
            OutputTo::Stdout => layout,
            OutputTo::File => Layout::Plain,
        };
        render(ledger, &args, format, generated_at, out, layout)
    })?;
    if let Some(path) = written {
        writeln!(
            parts.out,
            "wrote {} report to {}",
            format.as_str(),
            path.display()
        )?;
    }
    Ok(())
}

fn render(
    ledger: &Ledger,
    args: &Args,
    format: Format,
    generated_at: Timestamp,
    out: &mut dyn Write,
    layout: Layout,
) -> Result<()> {
    let db = ledger.read();
    if args.matches {
        return looks_like_pairs(&db, args, out, layout);
    }
    let limit = (args.limit > 0).then_some(args.limit);
    match format {
        Format::Json => report::write_json(&db, args.article, generated_at, out)?,
        Format::Table | Format::Markdown => {
            let summary = report::summary(&db, args.article, generated_at, limit)?;
            let (open, total) = report::first_claims(&db, args.article, true, limit)?;
            let stale = db.checked_before_latest(args.article)?;
            if format == Format::Table {
                report_text::table(out, layout, &summary, &open, total, &stale)?;
            } else {
                report_text::markdown(out, &summary, &open, total, &stale)?;
            }
        }
        Format::Csv => {
            let mut sink = RecordSink::new(out, Format::Csv, layout)?;
            report::each_claim(&db, args.article, |entry| sink.push(&entry))?;
            sink.finish()?;
        }
        Format::Html => {
            let summary = report::summary(&db, args.article, generated_at, limit)?;
            let (claims, total) = report::first_claims(&db, args.article, false, limit)?;
            let scope = match args.article {
                Some(id) => db.article(id)?.title,
                None => "the whole desk".to_string(),
            };
            out.write_all(html::page(&summary, &scope, &claims, total).as_bytes())?;
        }
        Format::Claimreview => {
            let org = match args.org.clone().or(db.setting("org")?) {
                Some(org) if !org.trim().is_empty() => org,
                _ => {
                    return Err(Error::invalid_with(
                        "ClaimReview needs the name of the organisation that publishes the reviews",
                        "give `--org \"Your Desk\"`, or set it once with `claimtrack setting org \"Your Desk\"`",
                    ))
                }
            };
            let url_base = args.review_url.clone().or(db.setting("review_url")?);
            let claims = report::claims(&db, args.article, false)?;
            let articles = report::articles(&db, args.article)?;
            let publisher = claimreview::Publisher {
                org: &org,
                url_base: url_base.as_deref(),
            };
            // The desk's source records, by the name as the ledger compares names.
            let records: HashMap<String, SourceKind> = db
                .sources()?
                .into_iter()
                .map(|s| (crate::ledger::source_identity(&s.name), s.kind))
                .collect();
            let kinds = claimreview::AuthorKinds {
                record: |name: &str| {
                    records
                        .get(&crate::ledger::source_identity(name))
                        .and_then(|kind| ClaimSourceKind::of_source(*kind))
                },
                guessed: |entry: &report::ClaimEntry| {
                    scanner::analyse(claimreview::reviewed_text(entry)).source_kind
                },
            };
            let value = claimreview::reviews(
                &claims,
                |entry| {
                    articles
                        .iter()
                        .find(|a| a.id == entry.claim.article)
                        .cloned()
                },
                &kinds,
                &publisher,
            )?;
            claimreview::write(out, &value)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `report --matches`: each open claim matched against the desk, with a bar on a terminal.
fn looks_like_pairs(
    db: &crate::ledger::Reader<'_>,
    args: &Args,
    out: &mut dyn Write,
    layout: Layout,
) -> Result<()> {
    if matches!(args.format, Format::Html | Format::Claimreview) {
        return Err(Error::Usage {
            message: format!("`--matches` does not come as {}", args.format.as_str()),
            hint: Some("use --format table, json, csv or markdown".to_string()),
        });
    }
    let progress = crate::progress::Progress::spinner("matching the open claims", Some("claims"));
    let pairs = db.looks_like_pairs(args.article, &mut |done| progress.set(done))?;
    progress.finish();
    crate::render::matches::pairs(out, args.format, layout, &pairs)?;
    out.flush()?;
    Ok(())
}
