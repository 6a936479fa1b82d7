//! `claimtrack article add|list|show`.

use std::path::PathBuf;

use serde::Serialize;

use super::{non_empty, Context, RecordOutput};
use crate::error::Result;
use crate::ledger::ClaimFilter;
use crate::model::{Article, ArticleId, Claim, NewArticle};
use crate::render::{key_values, or_dash, Format, RecordSink};

/// The article subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Register an article; prints its id.
    Add(AddArgs),
    /// List every article.
    List(RecordOutput),
    /// Show an article and its claims (csv and markdown: its claims).
    Show {
        /// The article, as `A1` or `1`.
        id: ArticleId,
        #[command(flatten)]
        output: RecordOutput,
    },
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
    }
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

/// `article show --format json`: the article with its text and claims.
#[derive(Serialize)]
struct ArticleView<'a> {
    #[serde(flatten)]
    article: &'a Article,
    text: Option<&'a str>,
    claim_list: &'a [Claim],
}

fn show(ctx: &mut Context<'_>, id: ArticleId, output: RecordOutput) -> Result<()> {
    let db = ctx.ledger()?.read();
    let article = db.article(id)?;
    let claims = db.claims(&ClaimFilter {
        article: Some(id),
        ..Default::default()
    })?;
    let layout = ctx.layout();
    match output.format() {
        Format::Json => {
            let view = ArticleView {
                article: &article,
                text: article.body.as_deref(),
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
            let table = key_values(
                &[
                    ("article", article.id.to_string()),
                    ("title", article.title.clone()),
                    ("outlet", or_dash(article.outlet.as_ref())),
                    ("url", or_dash(article.url.as_ref())),
                    ("published", or_dash(article.published.as_ref())),
                    ("author", or_dash(article.author.as_ref())),
                    ("text", or_dash(words)),
                    ("key", article.key.clone()),
                    ("claims", article.claims.to_string()),
                ],
                layout,
            );
            writeln!(ctx.out(), "{table}")?;
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
