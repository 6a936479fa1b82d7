//! The command line: one enum of subcommands, one file per subcommand holding its arguments and its function, and
//! a one-line dispatch. Commands parse and validate at the edge, then glue the store, the scanner, the status
//! engine and the renderers together, writing to an injected writer.

mod article;
mod backup;
mod check;
mod claim;
mod evidence;
mod export;
mod generate;
mod history;
mod import;
mod init;
mod link;
mod list;
mod report;
mod scan;
mod setting;
mod source;
mod verdict;
mod why;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::Result;
use crate::model::Actor;
use crate::render::Format;
use crate::store::Store;

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
    /// The database file; created on first use.
    #[arg(
        long,
        global = true,
        env = "CLAIMTRACK_DB",
        default_value = "claimtrack.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

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
    /// Create the database (any command does this on first use).
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
    /// Check the database: SQLite integrity, foreign keys, and every stored status against a fresh computation.
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
}

/// What every command gets: where the database is, how to print, who acts and when, and where output goes.
pub struct Context<'w> {
    db: PathBuf,
    format: Option<Format>,
    actor: Actor,
    out: &'w mut dyn Write,
}

impl<'w> Context<'w> {
    /// A context for the command line's global options. `actor` is resolved by the caller from the environment.
    pub fn new(db: PathBuf, format: Option<Format>, actor: Actor, out: &'w mut dyn Write) -> Self {
        Context {
            db,
            format,
            actor,
            out,
        }
    }

    /// Opens the database, creating it on first use.
    pub fn store(&self) -> Result<Store> {
        Store::open(&self.db)
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

    /// The database path.
    pub fn db_path(&self) -> &Path {
        &self.db
    }
}

/// Runs one parsed command line, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let actor = Actor {
        name: actor_name(cli.by.as_deref())?,
        at: now(),
    };
    let mut ctx = Context::new(cli.db, cli.format, actor, out);
    match cli.command {
        Command::Init(args) => init::run(&mut ctx, args),
        Command::Article(command) => article::run(&mut ctx, command),
        Command::Source(command) => source::run(&mut ctx, command),
        Command::Claim(command) => claim::run(&mut ctx, command),
        Command::Scan(args) => scan::run(&mut ctx, args),
        Command::Evidence(command) => evidence::run(&mut ctx, command),
        Command::Link(args) => link::run_link(&mut ctx, args),
        Command::Unlink(args) => link::run_unlink(&mut ctx, args),
        Command::Verdict(args) => verdict::run(&mut ctx, args),
        Command::List(args) => list::run(&mut ctx, args),
        Command::Why(args) => why::run(&mut ctx, args),
        Command::History(args) => history::run(&mut ctx, args),
        Command::Check(args) => check::run(&mut ctx, args),
        Command::Backup(args) => backup::run(&mut ctx, args),
        Command::Import(args) => import::run(&mut ctx, args),
        Command::Export(args) => export::run(&mut ctx, args),
        Command::Generate(args) => generate::run(&mut ctx, args),
        Command::Report(args) => report::run(&mut ctx, args),
        Command::Setting(args) => setting::run(&mut ctx, args),
    }
}

/// `--by`, else `CLAIMTRACK_USER`, else the login name; one plain line.
fn actor_name(by: Option<&str>) -> Result<String> {
    crate::input::actor_name(by)
}

/// The current time in UTC to the second. `CLAIMTRACK_NOW` fixes it, for reproducible output in tests and demos.
fn now() -> String {
    std::env::var("CLAIMTRACK_NOW")
        .ok()
        .filter(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok())
        .unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string())
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
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
