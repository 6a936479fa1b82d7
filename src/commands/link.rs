//! `claimtrack link` and `claimtrack unlink`.

use clap::ArgGroup;

use super::{non_empty, Context};
use crate::error::Result;
use crate::model::{ClaimId, EvidenceId, Stance};

/// Arguments of `link`.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("stance").required(true).args(["supports", "refutes", "context"])))]
pub struct LinkArgs {
    /// The claim, as `C1` or `1`.
    pub claim: ClaimId,
    /// The evidence item, as `E1` or `1`.
    pub evidence: EvidenceId,
    /// The evidence supports the claim.
    #[arg(long)]
    pub supports: bool,
    /// The evidence refutes the claim.
    #[arg(long)]
    pub refutes: bool,
    /// The evidence gives context only.
    #[arg(long)]
    pub context: bool,
    /// Why the item bears on the claim.
    #[arg(long)]
    pub note: Option<String>,
}

/// Arguments of `unlink`.
#[derive(Debug, clap::Args)]
pub struct UnlinkArgs {
    /// The claim, as `C1` or `1`.
    pub claim: ClaimId,
    /// The evidence item, as `E1` or `1`.
    pub evidence: EvidenceId,
}

/// Links (or re-links with another stance) and reports the claim's status.
pub fn run_link(ctx: &mut Context<'_>, args: LinkArgs) -> Result<()> {
    let stance = if args.supports {
        Stance::Supports
    } else if args.refutes {
        Stance::Refutes
    } else {
        Stance::Context
    };
    let note = non_empty(args.note);
    let changed = ctx.write(|db| db.link(args.claim, args.evidence, stance, note.as_deref()))?;
    let status = ctx.ledger()?.read().claim(args.claim)?.status;
    let what = if changed { "linked" } else { "already linked" };
    writeln!(
        ctx.out(),
        "{what} {} to {}: {stance}; {} is {status}",
        args.evidence,
        args.claim,
        args.claim
    )?;
    Ok(())
}

/// Removes a link and reports the claim's status.
pub fn run_unlink(ctx: &mut Context<'_>, args: UnlinkArgs) -> Result<()> {
    ctx.write(|db| db.unlink(args.claim, args.evidence))?;
    let status = ctx.ledger()?.read().claim(args.claim)?.status;
    writeln!(
        ctx.out(),
        "unlinked {} from {}; {} is {status}",
        args.evidence,
        args.claim,
        args.claim
    )?;
    Ok(())
}
