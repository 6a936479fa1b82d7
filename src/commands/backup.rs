//! `claimtrack backup`: a consistent copy of the database, safe while others write.

use std::path::PathBuf;

use super::Context;
use crate::atomic_file::{create_new_with, Guard};
use crate::error::Result;
use crate::progress::Progress;

/// Arguments of `backup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the copy; must not exist yet. Written beside it under a temporary name and renamed when
    /// complete, so it is never a partial copy.
    pub file: PathBuf,
}

/// Copies the database: an SQLite file with SQLite's online backup API, a server desk into a new SQLite file.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let guard = Guard::for_backup(ctx.db_file());
    guard.new_file(&args.file)?;
    let parts = ctx.parts()?;
    // Copying page by page, then flushing the copy and renaming it into place.
    let mut saving = None;
    create_new_with(&args.file, &guard, |temp| {
        // The engine's unit: SQLite copies pages, a server desk rows.
        let unit = if parts.ledger.server().is_some() {
            "rows"
        } else {
            "pages"
        };
        let copying = Progress::counting(0, "copying", unit);
        parts.ledger.backup(temp, &mut |done, total| {
            copying.set_total(total);
            copying.set(done);
        })?;
        copying.finish();
        saving = Some(Progress::spinner("saving the copy", None));
        Ok(())
    })?;
    drop(saving);
    writeln!(
        parts.out,
        "backed up {} to {}",
        parts.ledger.desk(),
        args.file.display()
    )?;
    if parts.ledger.server().is_some() {
        writeln!(
            parts.out,
            "(an SQLite desk holding every row of the server's, read at one moment; `pg_dump -n claimtrack` makes the server's own kind of backup)"
        )?;
    }
    Ok(())
}
