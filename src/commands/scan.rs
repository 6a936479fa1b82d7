//! `claimtrack scan FILE|-`: the scanner's reading of an article, and with `--record`, its claims stored (with
//! `--revise`, a changed text of an existing article recorded as its new revision).

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::article::parse_date;
use super::{non_empty, read_text, Context, RecordOutput};
use crate::desk::{self, ArticleFile};
use crate::error::{Error, Result};
use crate::ledger::{ClaimFilter, Recorded, Revised, ScanArticle, ScanRevised};
use crate::model::{ArticleId, ClaimId, NewArticle};
use crate::progress::Progress;
use crate::render::{Format, RecordSink};
use crate::revision::ChangeKind;
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
    /// With --article: a text that differs from the article's is its new revision (as `article revise`): record
    /// it, place the claims in it, print what changed, and record its new claim sentences as claims.
    #[arg(long, requires = "article")]
    pub revise: bool,
    /// With --record: register a new article with this headline (a text already on the desk is its article's).
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
    #[command(flatten)]
    pub output: RecordOutput,
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
    let reading = args
        .record
        .then(|| Progress::spinner("reading the text", None));
    // What `--record` keeps is an article's text: read no further than an article's bound.
    let input = if args.record {
        crate::input::read_text(&args.file, &crate::input::ARTICLE)?
    } else {
        read_text(&args.file)?
    };
    drop(reading);
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
    let format = args.output.format();
    let layout = ctx.layout();
    let out = ctx.out();
    if format == Format::Json {
        crate::render::scan::write_json(text, offset, out)?;
        return Ok(());
    }
    let mut sink = RecordSink::new(out, format, layout)?;
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
    if let (Some(id), true) = (args.article, args.revise) {
        return record_revision(ctx, args, id, &text);
    }
    let article = match args.article {
        Some(id) => ScanArticle::Existing(id),
        None => {
            let from_header =
                |field: fn(&ArticleFile) -> Option<String>| header.as_ref().and_then(field);
            ScanArticle::New(NewArticle {
                key: None,
                title: args
                    .title
                    .clone()
                    .or(header_title)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                outlet: non_empty(args.outlet.clone())
                    .or_else(|| from_header(|h| h.outlet.clone())),
                url: non_empty(args.url.clone()).or_else(|| from_header(|h| h.url.clone())),
                published: args
                    .published
                    .clone()
                    .or_else(|| from_header(|h| h.published.clone())),
                author: non_empty(args.author.clone())
                    .or_else(|| from_header(|h| h.author.clone())),
                body: None,
            })
        }
    };
    // The claims the article holds already: those recorded now are the others, and only they are matched.
    let before: BTreeSet<ClaimId> = match args.article {
        Some(id) => claim_ids(ctx, id)?,
        None => BTreeSet::new(),
    };
    // Scanning and recording sentence by sentence, then committing the whole in one transaction.
    let mut saving = None;
    let recorded = ctx.write(|db| {
        let recording = Progress::bytes(text.len() as u64, "scanning and recording");
        let recorded =
            db.record_scan_reporting(article, &text, &mut |done| recording.set(done as u64))?;
        recording.finish();
        saving = Some(Progress::spinner("saving the claims", None));
        Ok(recorded)
    })?;
    drop(saving);
    print_recorded(ctx, &recorded, &before)
}

/// "recorded 3 claims in A1 (4 already recorded)", and when a new article was asked for, that the text was an
/// existing one's; then the look-alikes of the claims not in `before`.
fn print_recorded(
    ctx: &mut Context<'_>,
    recorded: &Recorded,
    before: &BTreeSet<ClaimId>,
) -> Result<()> {
    let Recorded {
        article,
        added,
        skipped,
        existing,
    } = *recorded;
    let already = if skipped > 0 {
        format!(" ({skipped} already recorded)")
    } else {
        String::new()
    };
    if existing {
        write!(
            ctx.out(),
            "the text is already article {article}'s, so no new article is registered; "
        )?;
    }
    writeln!(
        ctx.out(),
        "recorded {added} claim{} in {article}{already}",
        if added == 1 { "" } else { "s" }
    )?;
    note_new_claims(ctx, article, before)
}

/// The look-alike notes of the article's claims that were not in `before`: those this command recorded.
fn note_new_claims(
    ctx: &mut Context<'_>,
    article: ArticleId,
    before: &BTreeSet<ClaimId>,
) -> Result<()> {
    let recorded: Vec<ClaimId> = claim_ids(ctx, article)?
        .difference(before)
        .copied()
        .collect();
    super::r#match::note_looks_like(ctx, &recorded)
}

fn claim_ids(ctx: &mut Context<'_>, article: ArticleId) -> Result<BTreeSet<ClaimId>> {
    let filter = ClaimFilter {
        article: Some(article),
        ..Default::default()
    };
    let mut ids = BTreeSet::new();
    ctx.ledger()?.read().each_claim(&filter, |claim| {
        ids.insert(claim.id);
        Ok(())
    })?;
    Ok(ids)
}

/// `--record --article A1 --revise`: the article's own text is recorded as usual, a changed one as its new
/// revision, printed as `article revise` prints it.
fn record_revision(
    ctx: &mut Context<'_>,
    args: &Args,
    article: ArticleId,
    text: &str,
) -> Result<()> {
    let before = claim_ids(ctx, article)?;
    let mut saving = None;
    let outcome = ctx.write(|db| {
        let working = Progress::spinner("placing the claims in the new text", None);
        let outcome = db.record_scan_revising(article, text)?;
        drop(working);
        saving = Some(Progress::spinner("saving the revision", None));
        Ok(outcome)
    })?;
    drop(saving);
    match outcome {
        ScanRevised::Same(recorded) => print_recorded(ctx, &recorded, &before),
        ScanRevised::Revised(revised) => {
            let layout = ctx.layout();
            super::article::print_revised(ctx.out(), args.output.format(), &revised, layout)?;
            // The claims it recorded, and those whose sentence the revision reworded, as `article revise` notes them.
            let mut noted: BTreeSet<ClaimId> = claim_ids(ctx, article)?
                .difference(&before)
                .copied()
                .collect();
            if let Revised::Recorded(report) = &revised {
                noted.extend(report.diff.diff.changes.iter().filter_map(|change| {
                    (change.change == ChangeKind::Reworded).then_some(change.claim)?
                }));
            }
            super::r#match::note_looks_like(ctx, &noted.into_iter().collect::<Vec<_>>())
        }
    }
}
