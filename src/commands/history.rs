//! `claimtrack history`: the audit trail of one claim.

use super::Context;
use crate::error::Result;
use crate::model::ClaimId;
use crate::render::RecordSink;

/// Arguments of `history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim, as `C1` or `1`.
    pub claim: ClaimId,
}

/// Prints every event that touched the claim, oldest first.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let events = ctx.ledger()?.read().history(args.claim)?;
    let format = ctx.format();
    let mut sink = RecordSink::new(ctx.out(), format)?;
    for event in &events {
        sink.push(event)?;
    }
    sink.finish()?;
    Ok(())
}
