//! `claimtrack diff A1 [--from R1] [--to R2]`: what changed in an article's claims between two of its revisions
//! (by default the one before the latest and the latest). What changed is the ledger's and the revision engine's
//! (`ledger::revisions`); this file reads the arguments and hands the diff to `render::diff`.

use super::{Context, RecordOutput};
use crate::error::Result;
use crate::model::ArticleId;
use crate::render::diff;

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article, as `A1` or `1`.
    pub article: ArticleId,
    /// The earlier revision [default: the one before --to].
    #[arg(long, value_name = "R", value_parser = clap::value_parser!(u32).range(1..))]
    pub from: Option<u32>,
    /// The later revision [default: the latest].
    #[arg(long, value_name = "R", value_parser = clap::value_parser!(u32).range(1..))]
    pub to: Option<u32>,
    #[command(flatten)]
    pub output: RecordOutput,
}

/// Prints the diff.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let parts = ctx.parts()?;
    let view = parts.ledger.read().diff(args.article, args.from, args.to)?;
    diff::render(parts.out, args.output.format(), &view, parts.layout)
}
