//! The command line: one enum of subcommands, one file per subcommand holding its arguments and its function, and
//! a one-line dispatch. Commands parse and validate at the edge, hand the work to the ledger (which owns the
//! rules) and the scanner, and give what comes back to the renderers, writing to an injected writer. The desk is
//! opened the first time a command needs it, so a command runs as well on an in-memory desk with a `Vec<u8>` for
//! output (`commands/tests.rs` runs them so).

mod article;
mod backup;
mod check;
mod claim;
mod copy;
mod evidence;
mod export;
mod generate;
mod history;
mod import;
mod init;
mod link;
mod list;
mod report;
mod role;
mod scan;
mod setting;
mod source;
mod verdict;
mod why;

use std::io::Write;
use std::path::Path;

use clap::builder::TypedValueParser;
use clap::{Parser, Subcommand};

use crate::error::Result;
use crate::ledger::{DbTarget, Ledger, Writer};
use crate::model::{Actor, Timestamp};
use crate::render::Format;

/// Log the claims in news copy, how strongly each is attributed, the evidence for and against, and what is
/// verified.
#[derive(Debug, Parser)]
#[command(
    name = "claimtrack",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The desk: an SQLite file (created on first use), or a server desk `postgres://USER@HOST/DATABASE` (made
    /// with `claimtrack init`).
    #[arg(
        long,
        global = true,
        env = "CLAIMTRACK_DB",
        default_value = "claimtrack.db",
        value_name = "PATH",
        value_parser = clap::builder::OsStringValueParser::new().map(DbTarget::from)
    )]
    pub db: DbTarget,

    /// How to print records.
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Who is acting, for the audit trail [default: $CLAIMTRACK_USER, else the login name].
    #[arg(long, global = true, value_name = "NAME")]
    pub by: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (any command does this on first use of a file; the only way to make a server desk).
    Init(init::Args),
    /// Register, list and show articles.
    #[command(subcommand)]
    Article(article::Command),
    /// Register, grade and list the sources evidence comes from.
    #[command(subcommand)]
    Source(source::Command),
    /// Record and show claims.
    #[command(subcommand)]
    Claim(claim::Command),
    /// Find sentences, attribution cues, sources and strength in an article's text.
    Scan(scan::Args),
    /// Add, grade, list and show evidence.
    #[command(subcommand)]
    Evidence(evidence::Command),
    /// Link a claim to evidence that supports, refutes or gives context.
    Link(link::LinkArgs),
    /// Remove a claim–evidence link.
    Unlink(link::UnlinkArgs),
    /// Record a fact-checker's verdict on a claim.
    Verdict(verdict::Args),
    /// List claims, filtered by status, strength, article or openness.
    List(list::Args),
    /// Explain a claim's computed status, reason by reason.
    Why(why::Args),
    /// Every event that touched a claim, with who and when.
    History(history::Args),
    /// Check the database: its engine's integrity (SQLite's; on a server, constraints, triggers, indexes and the
    /// audit trail's ids), foreign keys, and every stored status against a fresh computation.
    Check(check::Args),
    /// Copy the database safely, even while others write.
    Backup(backup::Args),
    /// Load a plain-text desk (`claims/*.toml` and `sources/*.txt`) into the database.
    Import(import::Args),
    /// Write the desk as plain-text files (`sources/*.txt`, `claims/*.toml`) for review in git.
    Export(export::Args),
    /// Write a synthetic desk of news-like articles and claims, for benchmarks and trying things out.
    Generate(generate::Args),
    /// Totals by status and strength, and the open claims, weakest attribution first.
    Report(report::Args),
    /// Show or change a desk-wide setting.
    Setting(setting::Args),
    /// Who may read and change a server desk: grant, revoke and list its roles (the desk's owner).
    #[command(subcommand)]
    Role(role::Command),
    /// Copy the whole desk, history included, into a new SQLite file or an empty server desk.
    Copy(copy::Args),
}

/// What every command gets: the desk (opened when first needed), how to print, who acts and when, and where output
/// goes.
pub struct Context<'w> {
    /// The desk `--db` names…
    target: DbTarget,
    /// …once a command has needed it.
    ledger: Option<Ledger>,
    format: Option<Format>,
    actor: Actor,
    out: &'w mut dyn Write,
}

/// The parts of a context a command uses at once (a streaming list reads the ledger as it writes the output).
pub struct Parts<'c> {
    pub ledger: &'c mut Ledger,
    pub actor: &'c Actor,
    pub format: Format,
    pub out: &'c mut dyn Write,
}

impl<'w> Context<'w> {
    /// A context for the command line's global options: the desk `target` names is opened when first needed.
    /// `actor` is resolved by the caller from the environment.
    pub fn new(
        target: DbTarget,
        format: Option<Format>,
        actor: Actor,
        out: &'w mut dyn Write,
    ) -> Self {
        Context {
            target,
            ledger: None,
            format,
            actor,
            out,
        }
    }

    /// A context over a desk already open (an in-memory one, in tests).
    pub fn on(
        ledger: Ledger,
        format: Option<Format>,
        actor: Actor,
        out: &'w mut dyn Write,
    ) -> Self {
        Context {
            target: DbTarget::from(ledger.desk()),
            ledger: Some(ledger),
            format,
            actor,
            out,
        }
    }

    /// The desk, opened (and created on first use) the first time it is asked for.
    pub fn ledger(&mut self) -> Result<&mut Ledger> {
        Ok(self.parts()?.ledger)
    }

    /// The desk, who acts, the format and the output, borrowed together.
    pub fn parts(&mut self) -> Result<Parts<'_>> {
        let format = self.format();
        let ledger = match self.ledger.take() {
            Some(ledger) => ledger,
            None => Ledger::open(&self.target)?,
        };
        // On a server desk the actor is who the server says is connected; its triggers stamp that name anyway.
        if let Some(server) = ledger.server() {
            self.actor.name = server.user().to_string();
        }
        Ok(Parts {
            ledger: self.ledger.insert(ledger),
            actor: &self.actor,
            format,
            out: &mut *self.out,
        })
    }

    /// Creates the desk (the only way to make a server desk), or opens the one there.
    pub fn create(&mut self) -> Result<&mut Ledger> {
        if self.ledger.is_none() {
            let ledger = Ledger::init(&self.target)?;
            if let Some(server) = ledger.server() {
                self.actor.name = server.user().to_string();
            }
            self.ledger = Some(ledger);
        }
        self.ledger()
    }

    /// Works on another desk than `--db` names (`init URL`), before any has been opened.
    pub fn set_target(&mut self, target: DbTarget) {
        if self.ledger.is_none() {
            self.target = target;
        }
    }

    /// Runs `work` in one write transaction of the desk, as who acts.
    pub fn write<T>(&mut self, work: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let parts = self.parts()?;
        parts.ledger.write(parts.actor, work)
    }

    /// The database file, for a desk kept in one (output guards never write over it).
    pub fn db_file(&self) -> Option<&Path> {
        self.target.file()
    }

    /// The format asked for, table when none.
    pub fn format(&self) -> Format {
        self.format.unwrap_or_default()
    }

    /// Who acts, and when.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Where output goes.
    pub fn out(&mut self) -> &mut dyn Write {
        self.out
    }

    /// The desk, when a command opened it (tests run several commands on one in-memory desk).
    pub fn into_ledger(self) -> Option<Ledger> {
        self.ledger
    }
}

/// Runs one parsed command line, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    if cli.by.is_some() && matches!(cli.db, DbTarget::Postgres(_)) {
        return Err(crate::error::Error::Usage {
            message: format!(
                "`--by` is for SQLite desks: `{}` records who connected, as the server knows them",
                cli.db
            ),
            hint: Some("connect as that person instead (postgres://NAME@…)".to_string()),
        });
    }
    let actor = Actor {
        name: actor_name(cli.by.as_deref())?,
        at: now(),
    };
    let mut ctx = Context::new(cli.db, cli.format, actor, out);
    execute(&mut ctx, cli.command)
}

/// Runs one command in a context.
pub fn execute(ctx: &mut Context<'_>, command: Command) -> Result<()> {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Article(command) => article::run(ctx, command),
        Command::Source(command) => source::run(ctx, command),
        Command::Claim(command) => claim::run(ctx, command),
        Command::Scan(args) => scan::run(ctx, args),
        Command::Evidence(command) => evidence::run(ctx, command),
        Command::Link(args) => link::run_link(ctx, args),
        Command::Unlink(args) => link::run_unlink(ctx, args),
        Command::Verdict(args) => verdict::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Why(args) => why::run(ctx, args),
        Command::History(args) => history::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Backup(args) => backup::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Generate(args) => generate::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Setting(args) => setting::run(ctx, args),
        Command::Role(command) => role::run(ctx, command),
        Command::Copy(args) => copy::run(ctx, args),
    }
}

/// `--by`, else `CLAIMTRACK_USER`, else the login name; one plain line.
fn actor_name(by: Option<&str>) -> Result<String> {
    crate::input::actor_name(by)
}

/// The current time in UTC to the second. `CLAIMTRACK_NOW` fixes it, for reproducible output in tests and demos.
fn now() -> Timestamp {
    std::env::var("CLAIMTRACK_NOW")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(Timestamp::now)
}

/// Reads a text file (`-` for standard input) that must be UTF-8, with a bound (`input::TEXT`).
pub(crate) fn read_text(path: &Path) -> Result<String> {
    crate::input::read_text(path, &crate::input::TEXT)
}

/// Trims a free-text option; an empty one is no value at all.
pub(crate) fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests;
