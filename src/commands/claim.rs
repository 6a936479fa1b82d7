//! `claimtrack claim add|show`.

use super::{non_empty, Context, ViewOutput};
use crate::error::Result;
use crate::model::{ArticleId, ClaimId, ClaimSourceKind, Response, Strength};
use crate::render::claim_view::{self, ClaimView, Place};
use crate::report;
use crate::scanner::GivenAttribution;

/// The claim subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a claim of an article; prints its id. Strength, source and cue are inferred from TEXT by the
    /// scanner when `--strength` is not given.
    Add(AddArgs),
    /// Show a claim: its attribution, evidence, status, verdicts and history.
    Show {
        /// The claim, as `C1` or `1`.
        id: ClaimId,
        #[command(flatten)]
        output: ViewOutput,
    },
}

/// Arguments of `claim add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The article the claim appears in, as `A1` or `1`.
    #[arg(long)]
    pub article: ArticleId,
    /// The claim's sentence, as it appears in the article.
    pub text: String,
    /// Who the claim is attributed to, as written ("sources familiar with the matter").
    #[arg(long)]
    pub source: Option<String>,
    /// The attribution cue ("allegedly", "according to").
    #[arg(long)]
    pub cue: Option<String>,
    /// How strongly the claim is attributed.
    #[arg(long, value_enum)]
    pub strength: Option<Strength>,
    /// A party's reaction reported with the claim.
    #[arg(long, value_enum)]
    pub response: Option<Response>,
    /// Who the claim is attributed to, by kind. Without it: the kind the strength implies (document, anonymous,
    /// other_media; self for a hedge or a bare assertion), else the desk's source record's (`source add --kind`),
    /// else the scanner's when the source is the one it reads in TEXT, else unknown.
    #[arg(long, value_enum, value_name = "KIND")]
    pub source_kind: Option<ClaimSourceKind>,
}

/// Runs a claim subcommand.
pub fn run(ctx: &mut Context<'_>, command: Command) -> Result<()> {
    match command {
        Command::Add(args) => add(ctx, args),
        Command::Show { id, output } => show(ctx, id, output),
    }
}

fn add(ctx: &mut Context<'_>, args: AddArgs) -> Result<()> {
    let text = args.text.trim().to_string();
    let given = GivenAttribution {
        strength: args.strength,
        source: non_empty(args.source),
        cue: non_empty(args.cue),
        response: args.response,
    };
    let id = ctx.write(|db| db.record_claim(args.article, &text, given, args.source_kind))?;
    writeln!(ctx.out(), "{id}")?;
    // Standard output stays the id alone, for scripts; the person hears on standard error what it looks like.
    super::r#match::note_looks_like(ctx, &[id])
}

fn show(ctx: &mut Context<'_>, id: ClaimId, output: ViewOutput) -> Result<()> {
    let db = ctx.ledger()?.read();
    let claim = db.claim(id)?;
    let place = match claim.span {
        Some(span) => db
            .article(claim.article)?
            .body
            .and_then(|body| Place::of(&body, span)),
        None => None,
    };
    let anchors = db.claim_anchors(&claim)?;
    let mut anchor_places = Vec::with_capacity(anchors.len());
    for anchor in &anchors {
        anchor_places.push(match anchor.span {
            Some(span) if anchors.len() > 1 => {
                Place::of(&db.revision_text(claim.article, anchor.revision)?, span)
            }
            _ => None,
        });
    }
    let verdicts = db.verdicts(id)?;
    let checked_against = match verdicts.last() {
        Some(verdict) => db.checked(&claim, verdict)?,
        None => None,
    };
    let view = ClaimView {
        claim,
        place,
        reasons: db.assess(id)?.reasons,
        evidence: report::linked_items(&db, id)?,
        verdicts,
        history: db.history(id)?,
        anchors,
        anchor_places,
        checked_against,
    };
    let layout = ctx.layout();
    claim_view::render(ctx.out(), output.format(), &view, layout)
}
