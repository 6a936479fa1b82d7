//! `claimtrack role grant USER ROLE` · `role revoke USER ROLE` · `role list`: who may read and change a server
//! desk. The roles are the server's own group roles, so the server enforces them whatever client connects;
//! granting and revoking is for the desk's owner. An SQLite desk has no roles: who may change it is who may write
//! its file.

use serde::Serialize;

use super::{Context, RecordOutput};
use crate::backend::DeskRole;
use crate::error::{Error, Result};
use crate::render::{Cell, RecordSink, Row};

/// A desk role, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleName {
    /// Reads and reports.
    Reader,
    /// Also writes articles, claims, sources, evidence, links and scans.
    Checker,
    /// Also verdicts and settings.
    Editor,
}

impl From<RoleName> for DeskRole {
    fn from(role: RoleName) -> DeskRole {
        match role {
            RoleName::Reader => DeskRole::Reader,
            RoleName::Checker => DeskRole::Checker,
            RoleName::Editor => DeskRole::Editor,
        }
    }
}

/// The subcommands of `role`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Give a server user exactly this role on the desk (replacing the one they held).
    Grant {
        /// The user, as the server knows them.
        user: String,
        #[arg(value_enum)]
        role: RoleName,
    },
    /// Take a role from a user.
    Revoke {
        user: String,
        #[arg(value_enum)]
        role: RoleName,
    },
    /// Everyone who holds a role on the desk.
    List(RecordOutput),
}

/// One line of `role list`.
#[derive(Debug, Serialize)]
struct RoleRow {
    user: String,
    role: DeskRole,
    /// The server's group role.
    group: String,
}

impl Row for RoleRow {
    const HEADERS: &'static [&'static str] = &["user", "role", "group"];
    fn cells(&self) -> Vec<Cell> {
        vec![
            Some(self.user.clone()),
            Some(self.role.to_string()),
            Some(self.group.clone()),
        ]
    }
}

pub fn run(ctx: &mut Context<'_>, command: Command) -> Result<()> {
    let parts = ctx.parts()?;
    let desk = parts.ledger.desk().to_string();
    let Some(server) = parts.ledger.server_mut() else {
        return Err(Error::invalid_with(
            format!("`{desk}` is an SQLite desk, and roles are for server desks"),
            "who may change an SQLite desk is who may write its file; to share a desk, move it to a server with \
             `claimtrack copy --to postgres://…`",
        ));
    };
    match command {
        Command::Grant { user, role } => {
            let role = DeskRole::from(role);
            let before = server.grant(&user, role)?;
            let was = match before.iter().max() {
                Some(old) if *old == role => " (unchanged)".to_string(),
                Some(old) => format!(" (was {old})"),
                None => String::new(),
            };
            writeln!(
                parts.out,
                "{}: {role} on {desk}{was}",
                crate::render::visible(&user)
            )?;
        }
        Command::Revoke { user, role } => {
            let role = DeskRole::from(role);
            server.revoke(&user, role)?;
            writeln!(
                parts.out,
                "{}: no longer {role} on {desk}",
                crate::render::visible(&user)
            )?;
        }
        Command::List(output) => {
            let members = server.members()?;
            let mut sink = RecordSink::new(parts.out, output.format(), parts.layout)?;
            for member in members {
                sink.push(&RoleRow {
                    group: server.group(member.role).to_string(),
                    user: member.user,
                    role: member.role,
                })?;
            }
            sink.finish()?;
        }
    }
    Ok(())
}
