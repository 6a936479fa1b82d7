//! `claimtrack backup`: a consistent copy of the database, safe while others write.

use std::path::PathBuf;

use super::Context;
use crate::error::{Error, Result};

/// Arguments of `backup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the copy; must not exist yet.
    pub file: PathBuf,
}

/// Copies the database with SQLite's online backup API.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    if args.file.exists() {
        return Err(Error::invalid_with(
            format!("`{}` already exists", args.file.display()),
            "choose a new file name; a backup never overwrites",
        ));
    }
    let parts = ctx.parts()?;
    parts.ledger.backup(&args.file)?;
    writeln!(
        parts.out,
        "backed up {} to {}",
        parts.ledger.desk(),
        args.file.display()
    )?;
    Ok(())
}
