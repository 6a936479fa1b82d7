//! `claimtrack why`: the computed status of a claim and each reason for it.

use serde::Serialize;

use super::Context;
use crate::error::Result;
use crate::model::{ClaimId, EvidenceId, Status};
use crate::render::Format;

/// Arguments of `why`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim, as `C1` or `1`.
    pub claim: ClaimId,
}

/// The design page's `why --format json` shape.
#[derive(Serialize)]
struct WhyView {
    id: ClaimId,
    status: Status,
    reasons: Vec<String>,
    origins: Vec<Vec<EvidenceId>>,
}

/// Prints the status engine's reasons, in sentences or as JSON.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let assessment = ctx.ledger()?.read().assess(args.claim)?;
    let view = WhyView {
        id: args.claim,
        status: assessment.status,
        reasons: assessment.reasons,
        origins: assessment.origins,
    };
    match ctx.format() {
        Format::Json => {
            serde_json::to_writer(&mut *ctx.out(), &view).map_err(std::io::Error::from)?;
            writeln!(ctx.out())?;
        }
        _ => {
            let out = ctx.out();
            writeln!(out, "{} is {}.", view.id, view.status)?;
            for reason in &view.reasons {
                writeln!(out, "  - {reason}")?;
            }
            if !view.origins.is_empty() {
                let lines: Vec<String> = view
                    .origins
                    .iter()
                    .map(|line| {
                        line.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" + ")
                    })
                    .collect();
                writeln!(out, "Independent lines of support: {}", lines.join(" | "))?;
            }
        }
    }
    Ok(())
}
