//! `claimtrack check`: is the database sound, and does every stored status equal a fresh computation?

use super::Context;
use crate::error::{Error, Result};
use crate::progress::Progress;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// SQLite's quick check instead of the full one: every page and row, but not that each index matches its
    /// table. Much faster on a large desk.
    #[arg(long)]
    pub quick: bool,
}

/// Runs SQLite's integrity and foreign-key checks and the status check; fails naming each problem.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let parts = ctx.parts()?;
    let (ledger, out) = (parts.ledger, parts.out);
    let engine = Progress::spinner("checking integrity and foreign keys", None);
    let mut problems = ledger.integrity_problems(args.quick)?;
    engine.finish();
    let statuses = Progress::spinner("checking every stored status", Some("claims with evidence"));
    let stale = ledger
        .read()
        .stale_statuses_counting(&mut || statuses.advance())?;
    statuses.finish();
    for (claim, stored, computed) in &stale {
        problems.push(format!(
            "status: {claim} is stored as {stored} but its evidence makes it {computed}"
        ));
    }
    if problems.is_empty() {
        writeln!(
            out,
            "ok: {} and every stored status check out",
            ledger.checks()
        )?;
        return Ok(());
    }
    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    Err(Error::Invalid {
        message: format!(
            "{} problem{} found in `{}`",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            ledger.desk()
        ),
        hint: Some(
            "restore from a backup (`claimtrack backup`), or report the problem with this output"
                .to_string(),
        ),
    })
}
