//! `claimtrack history`: the audit trail of one claim.

use super::{Context, RecordOutput};
use crate::error::Result;
use crate::model::ClaimId;
use crate::render::RecordSink;

/// Arguments of `history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim, as `C1` or `1`.
    pub claim: ClaimId,
    #[command(flatten)]
    pub output: RecordOutput,
}

/// Prints every event that touched the claim, oldest first.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let events = ctx.ledger()?.read().history(args.claim)?;
    let layout = ctx.layout();
    let mut sink = RecordSink::new(ctx.out(), args.output.format(), layout)?;
    for event in &events {
        sink.push(event)?;
    }
    sink.finish()?;
    Ok(())
}
