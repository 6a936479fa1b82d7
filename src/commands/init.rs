//! `claimtrack init`: create the database ahead of first use; the only way to make a server desk (its database,
//! when the server has none of that name, its schema and its three group roles).

use super::Context;
use crate::error::Result;

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The desk to create: an SQLite file, or a server's `postgres://USER@HOST/DATABASE` (its database is
    /// created too when the server has none of that name) [default: `--db`].
    #[arg(value_name = "URL|PATH")]
    pub desk: Option<std::ffi::OsString>,
}

/// Creates the database, or checks and upgrades an existing one, and says which it did.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    if let Some(desk) = args.desk {
        ctx.set_target(crate::ledger::DbTarget::from(desk))?;
    }
    let store = ctx.ledger()?;
    let version = store.schema_version()?;
    let path = store.desk().to_string();
    let verb = if store.created() { "created" } else { "ready" };
    let groups = store.server().map(|server| {
        crate::backend::DeskRole::ALL
            .iter()
            .map(|role| format!("{role} = {}", server.group(*role)))
            .collect::<Vec<_>>()
            .join(", ")
    });
    writeln!(ctx.out(), "{verb}: {path} (schema version {version})")?;
    if let Some(groups) = groups {
        writeln!(ctx.out(), "roles: {groups}")?;
    }
    Ok(())
}
