//! `claimtrack why`: the computed status of a claim and each reason for it.

use super::{Context, RecordOutput};
use crate::error::Result;
use crate::model::ClaimId;
use crate::render::why::{render, WhyView};

/// Arguments of `why`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim, as `C1` or `1`.
    pub claim: ClaimId,
    #[command(flatten)]
    pub output: RecordOutput,
}

/// Prints the status engine's reasons, in sentences, as CSV rows, a Markdown list or JSON.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let db = ctx.ledger()?.read();
    let assessment = db.assess(args.claim)?;
    let view = WhyView {
        id: args.claim,
        status: assessment.status,
        reasons: assessment.reasons,
        origins: assessment.origins,
        items: db.linked_evidence(args.claim)?,
    };
    let layout = ctx.layout();
    render(ctx.out(), args.output.format(), &view, layout)
}
