//! `claimtrack init`: create the database ahead of first use.

use super::Context;
use crate::error::Result;

/// Arguments of `init` (none: `--db` says where).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Creates the database, or checks and upgrades an existing one, and says which it did.
pub fn run(ctx: &mut Context<'_>, _args: Args) -> Result<()> {
    let store = ctx.ledger()?;
    let version = store.schema_version()?;
    let path = store.desk().to_string();
    let verb = if store.created() { "created" } else { "ready" };
    writeln!(ctx.out(), "{verb}: {path} (schema version {version})")?;
    Ok(())
}
