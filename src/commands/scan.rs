//! `claimtrack scan FILE|-`: the scanner's reading of an article, and with `--record`, its claims stored.

use std::path::PathBuf;

use serde::Serialize;

use super::article::parse_date;
use super::claim::governing_cue;
use super::{non_empty, read_text, Context};
use crate::error::{Error, Result};
use crate::model::{ArticleId, NewArticle, NewClaim};
use crate::render::{Format, RecordSink};
use crate::scanner::{self, Sentence};

/// Arguments of `scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article's text: a UTF-8 file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Store each claim sentence as a claim, with its place, source, cue and strength.
    #[arg(long)]
    pub record: bool,
    /// With --record: the existing article the text belongs to.
    #[arg(long, requires = "record", conflicts_with = "title")]
    pub article: Option<ArticleId>,
    /// With --record: register a new article with this headline.
    #[arg(long, requires = "record")]
    pub title: Option<String>,
    /// With --title: the outlet.
    #[arg(long, requires = "title")]
    pub outlet: Option<String>,
    /// With --title: where it is published.
    #[arg(long, requires = "title")]
    pub url: Option<String>,
    /// With --title: publication date, YYYY-MM-DD.
    #[arg(long, requires = "title", value_parser = parse_date, value_name = "DATE")]
    pub published: Option<String>,
    /// With --title: the byline.
    #[arg(long, requires = "title")]
    pub author: Option<String>,
}

/// `scan --format json`: the design page's shape.
#[derive(Serialize)]
struct ScanView<'a> {
    sentences: &'a [Sentence],
}

/// Scans, prints, and with `--record` stores the claims in one transaction.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let text = read_text(&args.file)?;
    let sentences = scanner::scan(&text);
    if args.record {
        return record(ctx, &args, text, &sentences);
    }
    match ctx.format() {
        Format::Json => {
            serde_json::to_writer(&mut *ctx.out(), &ScanView { sentences: &sentences }).map_err(std::io::Error::from)?;
            writeln!(ctx.out())?;
        }
        format => {
            let mut sink = RecordSink::new(ctx.out(), format)?;
            for sentence in &sentences {
                sink.push(sentence)?;
            }
            sink.finish()?;
        }
    }
    Ok(())
}

fn record(ctx: &mut Context<'_>, args: &Args, text: String, sentences: &[Sentence]) -> Result<()> {
    if args.article.is_none() && args.title.is_none() {
        return Err(Error::Usage {
            message: "`--record` needs the article the claims belong to".to_string(),
            hint: Some("give `--article A1` for an existing article, or `--title \"…\"` for a new one".to_string()),
        });
    }
    let mut store = ctx.store()?;
    let (article, added, skipped) = store.write(ctx.actor(), |db| {
        let article = match args.article {
            Some(id) => {
                let article = db.article(id)?;
                match &article.body {
                    Some(body) if *body != text => {
                        return Err(Error::Conflict {
                            message: format!("the text differs from the text stored with article {id}"),
                            hint: Some(
                                "claims' places refer to one text: scan the stored text, or record the revised \
                                 text as a new article with `--title`"
                                    .to_string(),
                            ),
                        })
                    }
                    Some(_) => {}
                    None => {
                        let new = NewArticle {
                            key: Some(article.key.clone()),
                            title: article.title.clone(),
                            outlet: article.outlet.clone(),
                            url: article.url.clone(),
                            published: article.published.clone(),
                            author: article.author.clone(),
                            body: Some(text.clone()),
                        };
                        db.update_article(id, &new)?;
                    }
                }
                id
            }
            None => {
                let title = args.title.as_deref().map(str::trim).unwrap_or_default().to_string();
                if title.is_empty() {
                    return Err(Error::invalid("the article title is empty"));
                }
                db.add_article(&NewArticle {
                    key: None,
                    title,
                    outlet: non_empty(args.outlet.clone()),
                    url: non_empty(args.url.clone()),
                    published: args.published.clone(),
                    author: non_empty(args.author.clone()),
                    body: Some(text.clone()),
                })?
            }
        };
        let (mut added, mut skipped) = (0, 0);
        for sentence in sentences.iter().filter(|s| s.claim) {
            let span = (sentence.start, sentence.end);
            if db.claim_at(article, span, &sentence.text)?.is_some() {
                skipped += 1;
                continue;
            }
            db.add_claim(&NewClaim {
                article,
                key: None,
                text: sentence.text.clone(),
                span: Some(span),
                source: sentence.source.clone(),
                cue: governing_cue(sentence.strength, &sentence.cues),
                strength: sentence.strength,
                response: sentence.response,
            })?;
            added += 1;
        }
        Ok((article, added, skipped))
    })?;
    let already = if skipped > 0 { format!(" ({skipped} already recorded)") } else { String::new() };
    writeln!(ctx.out(), "recorded {added} claim{} in {article}{already}", if added == 1 { "" } else { "s" })?;
    Ok(())
}
