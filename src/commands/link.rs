//! `claimtrack link` and `claimtrack unlink`.

use clap::ArgGroup;

use super::{non_empty, Context};
use crate::error::Result;
use crate::ledger::LinkChange;
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

/// Links (or re-links with another stance) and reports the claim's status. A re-link without `--note` keeps the
/// link's note, so the same stance again changes nothing and logs nothing.
pub fn run_link(ctx: &mut Context<'_>, args: LinkArgs) -> Result<()> {
    let stance = if args.supports {
        Stance::Supports
    } else if args.refutes {
        Stance::Refutes
    } else {
        Stance::Context
    };
    let (claim, evidence) = (args.claim, args.evidence);
    let note = non_empty(args.note);
    let change = ctx.write(|db| {
        let note = match note {
            Some(note) => Some(note),
            None => db.read().link(claim, evidence)?.and_then(|link| link.note),
        };
        db.set_link(claim, evidence, stance, note.as_deref())
    })?;
    // The line below gives the claim's status; only another claim's move would need a line of its own.
    ctx.take_moves_of(claim);
    let status = ctx.ledger()?.read().claim(claim)?.status;
    let what = match change {
        LinkChange::Added => format!("linked {evidence} to {claim}: {stance}"),
        LinkChange::Restanced { from } => {
            format!("changed {evidence} on {claim} from {from} to {stance}")
        }
        LinkChange::Renoted => format!("changed the note of {evidence} on {claim}: {stance}"),
        LinkChange::Unchanged => format!("already linked {evidence} to {claim}: {stance}"),
    };
    writeln!(ctx.out(), "{what}; {claim} is {status}")?;
    Ok(())
}

/// Removes a link and reports the claim's status.
pub fn run_unlink(ctx: &mut Context<'_>, args: UnlinkArgs) -> Result<()> {
    ctx.write(|db| db.unlink(args.claim, args.evidence))?;
    ctx.take_moves_of(args.claim);
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
