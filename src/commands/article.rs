//! `claimtrack article add|list|show|revise`.

use std::path::PathBuf;

use serde::Serialize;

use super::{non_empty, Context, RecordOutput};
use crate::error::Result;
use crate::ledger::{ClaimFilter, Revised};
use crate::model::{Article, ArticleId, ArticleRevision, Claim, NewArticle};
use crate::render::diff::{self, Revision};
use crate::render::{key_values, or_dash, table_for, Format, Layout, RecordSink};

/// The article subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Register an article; prints its id.
    Add(AddArgs),
    /// List every article.
    List(RecordOutput),
    /// Show an article, its revisions and its claims (csv and markdown: its claims).
    Show {
        /// The article, as `A1` or `1`.
        id: ArticleId,
        #[command(flatten)]
        output: RecordOutput,
    },
    /// Record a new revision of an article's text: every earlier one is kept, each claim is placed in the new text
    /// (or marked gone) with its attribution there, and what changed since the revision before is printed. A
    /// change to a claim with a verdict is flagged. The same text again records nothing.
    Revise(ReviseArgs),
}

/// Arguments of `article revise`.
#[derive(Debug, clap::Args)]
pub struct ReviseArgs {
    /// The article, as `A1` or `1`.
    pub id: ArticleId,
    /// The new text, from a UTF-8 file or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub text_file: PathBuf,
    #[command(flatten)]
    pub output: RecordOutput,
}

/// Arguments of `article add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The headline.
    #[arg(long)]
    pub title: String,
    /// The publication or outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Where the article is published.
    #[arg(long)]
    pub url: Option<String>,
    /// Publication date, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub published: Option<String>,
    /// The byline.
    #[arg(long)]
    pub author: Option<String>,
    /// The article's text, from a UTF-8 file or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub text_file: Option<PathBuf>,
}

/// A date as `YYYY-MM-DD`, checked to exist on the calendar.
pub fn parse_date(text: &str) -> std::result::Result<String, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("`{text}` is not a date; use YYYY-MM-DD, e.g. 2026-10-14"))
}

/// Runs an article subcommand.
pub fn run(ctx: &mut Context<'_>, command: Command) -> Result<()> {
    match command {
        Command::Add(args) => add(ctx, args),
        Command::List(output) => list(ctx, output),
        Command::Show { id, output } => show(ctx, id, output),
        Command::Revise(args) => revise(ctx, args),
    }
}

fn revise(ctx: &mut Context<'_>, args: ReviseArgs) -> Result<()> {
    let text = crate::input::read_text(&args.text_file, &crate::input::ARTICLE)?;
    let revised = ctx.write(|db| db.revise_article(args.id, &text, false))?;
    let layout = ctx.layout();
    print_revised(ctx.out(), args.output.format(), &revised, layout)?;
    match &revised {
        Revised::Recorded(report) => super::r#match::note_revision(ctx, report),
        Revised::Unchanged { .. } => Ok(()),
    }
}

/// What revising did, as `article revise` and `scan --record --revise` print it.
pub(super) fn print_revised(
    out: &mut dyn std::io::Write,
    format: Format,
    revised: &Revised,
    layout: Layout,
) -> Result<()> {
    let revision = match revised {
        Revised::Unchanged { article, revision } => Revision::Unchanged {
            article: *article,
            revision: *revision,
        },
        Revised::Recorded(report) => Revision::Recorded(report),
    };
    diff::revised(out, format, revision, layout)
}

fn add(ctx: &mut Context<'_>, args: AddArgs) -> Result<()> {
    let body = args
        .text_file
        .as_deref()
        .map(|path| crate::input::read_text(path, &crate::input::ARTICLE))
        .transpose()?;
    let title = args.title.trim().to_string();
    if title.is_empty() {
        return Err(crate::error::Error::invalid_with(
            "the article title is empty",
            "give `--title \"…\"`",
        ));
    }
    let new = NewArticle {
        key: None,
        title,
        outlet: non_empty(args.outlet),
        url: non_empty(args.url),
        published: args.published,
        author: non_empty(args.author),
        body,
    };
    let id = ctx.write(|db| db.add_article(&new))?;
    writeln!(ctx.out(), "{id}")?;
    Ok(())
}

fn list(ctx: &mut Context<'_>, output: RecordOutput) -> Result<()> {
    let parts = ctx.parts()?;
    let mut sink = RecordSink::new(parts.out, output.format(), parts.layout)?;
    parts
        .ledger
        .read()
        .each_article(|article| sink.push(&article))?;
    sink.finish()?;
    Ok(())
}

/// `article show --format json`: the article with its text, revisions and claims.
#[derive(Serialize)]
struct ArticleView<'a> {
    #[serde(flatten)]
    article: &'a Article,
    text: Option<&'a str>,
    revisions: &'a [RevisionEntry],
    claim_list: &'a [Claim],
}

/// One revision as `article show` lists it.
#[derive(Serialize)]
struct RevisionEntry {
    #[serde(flatten)]
    revision: ArticleRevision,
    words: usize,
}

fn show(ctx: &mut Context<'_>, id: ArticleId, output: RecordOutput) -> Result<()> {
    let db = ctx.ledger()?.read();
    let article = db.article(id)?;
    let claims = db.claims(&ClaimFilter {
        article: Some(id),
        ..Default::default()
    })?;
    let mut revisions = Vec::new();
    for revision in db.revisions(id)? {
        let words = db
            .revision_text(id, revision.number)?
            .split_whitespace()
            .count();
        revisions.push(RevisionEntry { revision, words });
    }
    let layout = ctx.layout();
    match output.format() {
        Format::Json => {
            let view = ArticleView {
                article: &article,
                text: article.body.as_deref(),
                revisions: &revisions,
                claim_list: &claims,
            };
            serde_json::to_writer_pretty(&mut *ctx.out(), &view).map_err(std::io::Error::from)?;
            writeln!(ctx.out())?;
        }
        Format::Table => {
            let words = article
                .body
                .as_deref()
                .map(|b| format!("{} words", b.split_whitespace().count()));
            let mut fields = vec![
                ("article", article.id.to_string()),
                ("title", article.title.clone()),
                ("outlet", or_dash(article.outlet.as_ref())),
                ("url", or_dash(article.url.as_ref())),
                ("published", or_dash(article.published.as_ref())),
                ("author", or_dash(article.author.as_ref())),
                ("text", or_dash(words)),
            ];
            // An article never revised reads as it always has; one revised says so and lists its revisions.
            if revisions.len() > 1 {
                fields.push(("revisions", revisions.len().to_string()));
            }
            fields.push(("key", article.key.clone()));
            fields.push(("claims", article.claims.to_string()));
            let table = key_values(&fields, layout);
            writeln!(ctx.out(), "{table}")?;
            if revisions.len() > 1 {
                let mut table = table_for(&["revision", "at", "by", "words"], layout);
                for entry in &revisions {
                    let r = &entry.revision;
                    table.add_row(vec![
                        r.number.to_string(),
                        r.created_at.to_string(),
                        r.actor.clone(),
                        entry.words.to_string(),
                    ]);
                }
                writeln!(ctx.out(), "{table}")?;
            }
            if !claims.is_empty() {
                let mut sink = RecordSink::new(ctx.out(), Format::Table, layout)?;
                for claim in &claims {
                    sink.push(claim)?;
                }
                sink.finish()?;
            }
        }
        format => {
            // CSV and Markdown: the article's claims, the records a spreadsheet wants.
            let mut sink = RecordSink::new(ctx.out(), format, layout)?;
            for claim in &claims {
                sink.push(claim)?;
            }
            sink.finish()?;
        }
    }
    Ok(())
}
