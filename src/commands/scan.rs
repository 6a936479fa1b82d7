//! `claimtrack scan FILE|-`: the scanner's reading of an article, and with `--record`, its claims stored.

use std::path::PathBuf;

use super::article::parse_date;
use super::{non_empty, read_text, Context};
use crate::desk::{self, ArticleFile};
use crate::error::{Error, Result};
use crate::model::{ArticleId, NewArticle, NewClaim};
use crate::render::{Format, RecordSink};
use crate::scanner;

/// Arguments of `scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article's text: a UTF-8 file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Store each claim sentence as a claim, with its place, source, cue and strength. A desk file's header
    /// (`title:` … `---`) gives a new article its details.
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

/// A desk article file (`sources/<key>.txt`): its header is not prose, so only the text after `---` is scanned.
struct DeskText {
    header: ArticleFile,
    /// Where the text starts in the input.
    offset: usize,
}

fn desk_text(input: &str) -> Option<DeskText> {
    if !input.starts_with("title:") {
        return None;
    }
    let header = desk::parse_article(input).ok()?;
    let offset = input.len() - header.body.len();
    Some(DeskText { header, offset })
}

/// Scans, prints, and with `--record` stores the claims in one transaction. Sentences are printed as they are
/// found, so a large file is never held twice over in memory (the terminal table, which measures its columns, is the
/// exception).
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let input = read_text(&args.file)?;
    let desk = desk_text(&input);
    let offset = desk.as_ref().map_or(0, |d| d.offset);
    let text = &input[offset..];
    if args.record {
        return record(ctx, &args, text.to_string(), desk.map(|d| d.header));
    }
    // Offsets are into the input as given, header included.
    let shifted = scanner::scan_iter(text).map(|mut sentence| {
        sentence.start += offset;
        sentence.end += offset;
        for cue in &mut sentence.cues {
            cue.start += offset;
            cue.end += offset;
        }
        sentence
    });
    let format = ctx.format();
    let out = ctx.out();
    if format == Format::Json {
        crate::render::scan::write_json(text, offset, out)?;
        return Ok(());
    }
    let mut sink = RecordSink::new(out, format)?;
    for sentence in shifted {
        sink.push(&sentence)?;
    }
    sink.finish()?;
    Ok(())
}

fn record(
    ctx: &mut Context<'_>,
    args: &Args,
    text: String,
    header: Option<ArticleFile>,
) -> Result<()> {
    let header_title = header.as_ref().map(|h| h.title.clone());
    if args.article.is_none() && args.title.is_none() && header_title.is_none() {
        return Err(Error::Usage {
            message: "`--record` needs the article the claims belong to".to_string(),
            hint: Some(
                "give `--article A1` for an existing article, or `--title \"…\"` for a new one"
                    .to_string(),
            ),
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
                let title = args.title.clone().or(header_title.clone()).unwrap_or_default().trim().to_string();
                if title.is_empty() {
                    return Err(Error::invalid("the article title is empty"));
                }
                let from_header = |field: fn(&ArticleFile) -> Option<String>| header.as_ref().and_then(field);
                db.add_article(&NewArticle {
                    key: None,
                    title,
                    outlet: non_empty(args.outlet.clone()).or_else(|| from_header(|h| h.outlet.clone())),
                    url: non_empty(args.url.clone()).or_else(|| from_header(|h| h.url.clone())),
                    published: args.published.clone().or_else(|| from_header(|h| h.published.clone())),
                    author: non_empty(args.author.clone()).or_else(|| from_header(|h| h.author.clone())),
                    body: Some(text.clone()),
                })?
            }
        };
        let (mut added, mut skipped) = (0, 0);
        // Scanned only once the article stands, so a text the store refuses is refused before the work.
        for sentence in scanner::scan_iter(&text).filter(|s| s.claim) {
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
                cue: scanner::governing_cue(sentence.strength, &sentence.cues),
                strength: sentence.strength,
                response: sentence.response,
            })?;
            added += 1;
        }
        Ok((article, added, skipped))
    })?;
    let already = if skipped > 0 {
        format!(" ({skipped} already recorded)")
    } else {
        String::new()
    };
    writeln!(
        ctx.out(),
        "recorded {added} claim{} in {article}{already}",
        if added == 1 { "" } else { "s" }
    )?;
    Ok(())
}
