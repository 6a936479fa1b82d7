//! `claimtrack verdict`: a fact-checker's published judgement.

use super::{non_empty, Context};
use crate::error::Result;
use crate::model::{ClaimId, Confidence, NewVerdict, Rating};

/// Arguments of `verdict`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim, as `C1` or `1`.
    pub claim: ClaimId,
    /// The rating.
    #[arg(value_enum)]
    pub rating: Rating,
    /// Why: what the evidence shows.
    #[arg(long)]
    pub rationale: String,
    /// How sure the desk is.
    #[arg(long, value_enum, default_value = "moderate")]
    pub confidence: Confidence,
    /// The claim summed up in a line for publishing, kept with the verdict: ClaimReview's `claimReviewed`
    /// [default: the claim's sentence, cut at a clause when longer than 75 characters].
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
}

/// Records the verdict; an earlier one is superseded, never overwritten.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let previous = ctx.write(|db| {
        let previous = db.read().claim(args.claim)?.verdict;
        db.add_verdict(
            args.claim,
            &NewVerdict {
                rating: args.rating,
                rationale: args.rationale.trim().to_string(),
                confidence: args.confidence,
                author: None,
                at: None,
                summary: non_empty(args.summary.clone()),
            },
        )?;
        Ok(previous)
    })?;
    let superseding = previous
        .map(|p| format!(", superseding {p}"))
        .unwrap_or_default();
    let by = ctx.actor().name.clone();
    writeln!(
        ctx.out(),
        "{} rated {} ({} confidence) by {}{superseding}",
        args.claim,
        args.rating,
        args.confidence,
        by
    )?;
    Ok(())
}
