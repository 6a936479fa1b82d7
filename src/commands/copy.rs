//! `claimtrack copy --to postgres://…|FILE.db`: the whole desk, history, verdicts, hashes, ids and event ids
//! included, into a new SQLite file or an empty server desk (made with `claimtrack init`), in one transaction,
//! each table's count checked on both sides before it commits. A laptop desk moves to the server and back this
//! way.

use std::ffi::OsString;

use super::Context;
use crate::atomic_file::{create_new_with, Guard};
use crate::error::{Error, Result};
use crate::ledger::DbTarget;

/// Arguments of `copy`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to copy the desk: a server desk's URL (`postgres://USER@HOST/DB`, empty, made with `claimtrack
    /// init`), or a new SQLite file (it must not exist; written under a temporary name and renamed when whole).
    #[arg(long, value_name = "URL|FILE")]
    pub to: OsString,
}

pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let target = DbTarget::from(args.to);
    let guard = Guard::for_backup(ctx.db_file());
    if let DbTarget::File(file) = &target {
        // `--db file:z.db` opens `z.db`; a copy would make a file named `file:z.db`, so a URI is refused.
        if target.sqlite_uri_file().is_some() {
            return Err(Error::invalid_with(
                format!(
                    "`copy --to` takes a file name, not an SQLite `file:` URI (`{}`)",
                    file.display()
                ),
                "give the new file's name, without `file:` or a query",
            ));
        }
        guard.new_file(file)?;
    }
    let parts = ctx.parts()?;
    let counts = match &target {
        DbTarget::File(file) => {
            let mut counts = Vec::new();
            create_new_with(file, &guard, |temp| {
                counts = parts.ledger.copy_to(&DbTarget::File(temp.to_path_buf()))?;
                Ok(())
            })?;
            counts
        }
        DbTarget::Postgres(_) => parts.ledger.copy_to(&target)?,
    };
    let summary: Vec<String> = counts
        .iter()
        .map(|(table, n)| format!("{n} {}", table.name()))
        .collect();
    writeln!(
        parts.out,
        "copied {} to {}: {}",
        parts.ledger.desk(),
        target,
        summary.join(", ")
    )?;
    Ok(())
}
