//! `claimtrack list`: claims, filtered.

use super::{Context, RecordOutput};
use crate::error::Result;
use crate::ledger::ClaimFilter;
use crate::model::{ArticleId, Claim, Status, Strength};
use crate::render::RecordSink;

/// Arguments of `list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only claims with this status (repeat for several).
    #[arg(long, value_enum)]
    pub status: Vec<Status>,
    /// Only claims of this attribution strength (repeat for several).
    #[arg(long, value_enum)]
    pub strength: Vec<Strength>,
    /// Only claims of this article.
    #[arg(long)]
    pub article: Option<ArticleId>,
    /// Only claims without a verdict yet.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub output: RecordOutput,
}

/// Streams the selected claims in the chosen format.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let parts = ctx.parts()?;
    let db = parts.ledger.read();
    if let Some(article) = args.article {
        db.article(article)?;
    }
    let filter = ClaimFilter {
        statuses: args.status,
        strengths: args.strength,
        article: args.article,
        open: args.open,
        weakest_first: false,
    };
    let mut sink: RecordSink<'_, Claim> =
        RecordSink::new(parts.out, args.output.format(), parts.layout)?;
    db.each_claim(&filter, |claim| sink.push(&claim))?;
    sink.finish()?;
    Ok(())
}
