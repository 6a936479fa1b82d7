//! The command line: one enum of subcommands, one file per subcommand holding its arguments and its function, and
//! a one-line dispatch. Commands parse and validate at the edge, hand the work to the ledger (which owns the
//! rules) and the scanner, and give what comes back to the renderers, writing to an injected writer.
//!
//! Three things are decided here once for every command: whether it only reads the desk or writes it
//! ([`Command::mode`]: a reader never creates a desk), which formats it offers (its own `--format`, e.g.
//! [`RecordOutput`]), and how tables are laid out where its output goes (the [`Context`]'s layout, detected once
//! for the real standard output). The desk is opened the first time a command needs it, so a command runs as well
//! on an in-memory desk with a `Vec<u8>` for output and the plain layout (`commands/tests.rs` runs them so). After
//! a command, the status moves its writes made are printed, one a line.

mod article;
mod backup;
mod check;
mod claim;
mod completions;
mod copy;
mod diff;
mod evidence;
mod export;
mod generate;
mod history;
mod import;
mod init;
mod link;
mod list;
mod r#match;
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
use crate::ledger::{DbTarget, Ledger, Mode, StatusMove, Writer};
use crate::model::{Actor, ClaimId, Timestamp};
use crate::render::{Format, Layout};

/// The heading the options every command takes are listed under, apart from the command's own.
const GLOBAL: &str = "Global options";

/// Log the claims in news copy, how strongly each is attributed, the evidence for and against, and what is
/// verified.
#[derive(Debug, Parser)]
#[command(
    name = "claimtrack",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Exit codes: 0 success (a closed pipe, as in `claimtrack list | head`, included); 1 failure \
                  (bad data, not found, conflict, no desk); 2 usage error.\n\
                  `claimtrack help COMMAND` shows a command's options."
)]
pub struct Cli {
    /// The desk: an SQLite file, created on first use by a command that writes, or a server desk
    /// `postgres://USER@HOST/DATABASE` (made with `claimtrack init`).
    #[arg(
        long,
        global = true,
        env = "CLAIMTRACK_DB",
        default_value = "claimtrack.db",
        value_name = "PATH",
        help_heading = GLOBAL,
        value_parser = clap::builder::OsStringValueParser::new().map(DbTarget::from)
    )]
    pub db: DbTarget,

    /// Who is acting, for the audit trail [default: $CLAIMTRACK_USER, else the login name].
    #[arg(long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub by: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the desk (a command that writes also creates a desk file on first use; the only way to make a server
    /// desk).
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
    /// What changed in an article's claims between two revisions of its text.
    ///
    /// Claims added, dropped and reworded, and each change of attribution (strength up or down, source, response);
    /// a change to a claim whose verdict was given before it is flagged for the fact-checker.
    Diff(diff::Args),
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
    /// Find the claims and published fact-checks most like a text or a claim, each with its score.
    Match(r#match::Args),
    /// Show or change a desk-wide setting.
    Setting(setting::Args),
    /// Who may read and change a server desk: grant, revoke and list its roles (the desk's owner).
    #[command(subcommand)]
    Role(role::Command),
    /// Copy the whole desk, history included, into a new SQLite file or an empty server desk.
    Copy(copy::Args),
    /// Print a shell completion script (bash, zsh, fish or powershell).
    Completions(completions::Args),
    /// Print a manual page (roff): `claimtrack man > claimtrack.1`, `claimtrack man report > claimtrack-report.1`.
    Man(completions::ManArgs),
}

impl Command {
    /// What the command does with the desk: the one place that decides whether a missing desk is refused
    /// (a command that only reads) or created (one that writes; `init` on a server too). Commands that never open
    /// the desk (`scan` without `--record`, `generate`, `completions`, `man`) are readers: they create nothing.
    pub fn mode(&self) -> Mode {
        use Mode::{Create, Read, Write};
        match self {
            Command::Init(_) => Create,
            Command::Article(article::Command::Add(_) | article::Command::Revise(_)) => Write,
            Command::Article(article::Command::List(_) | article::Command::Show { .. }) => Read,
            Command::Source(source::Command::Add { .. } | source::Command::Grade { .. }) => Write,
            Command::Source(source::Command::List(_)) => Read,
            Command::Claim(claim::Command::Add(_)) => Write,
            Command::Claim(claim::Command::Show { .. }) => Read,
            Command::Scan(args) if args.record => Write,
            Command::Scan(_) => Read,
            Command::Evidence(evidence::Command::Add(_) | evidence::Command::Edit(_)) => Write,
            Command::Evidence(evidence::Command::List(_) | evidence::Command::Show { .. }) => Read,
            Command::Link(_) | Command::Unlink(_) | Command::Verdict(_) | Command::Import(_) => {
                Write
            }
            Command::List(_)
            | Command::Why(_)
            | Command::Diff(_)
            | Command::History(_)
            | Command::Check(_)
            | Command::Backup(_)
            | Command::Export(_)
            | Command::Report(_)
            | Command::Match(_) => Read,
            Command::Setting(args) if args.value.is_some() => Write,
            Command::Setting(_) => Read,
            Command::Generate(_) | Command::Completions(_) | Command::Man(_) => Read,
            // Roles are the server's, changed by statements outside the desk's write transaction; a copy only
            // reads the desk it copies (the one it writes is opened by itself).
            Command::Role(_) | Command::Copy(_) => Read,
        }
    }
}

/// `--format` of a command that prints records or a list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFormat {
    /// For people: aligned columns fitted to the terminal; tab-separated lines when piped.
    Table,
    /// JSON for scripts (the shapes of the design page).
    Json,
    /// CSV, one row per record, for spreadsheets.
    Csv,
    /// A Markdown table, for wikis and pull requests.
    Markdown,
}

impl From<RecordFormat> for Format {
    fn from(format: RecordFormat) -> Format {
        match format {
            RecordFormat::Table => Format::Table,
            RecordFormat::Json => Format::Json,
            RecordFormat::Csv => Format::Csv,
            RecordFormat::Markdown => Format::Markdown,
        }
    }
}

/// The `--format` option of a command that prints records.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct RecordOutput {
    /// How to print.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "table")]
    pub format: RecordFormat,
}

impl RecordOutput {
    /// The format asked for.
    pub fn format(self) -> Format {
        self.format.into()
    }
}

/// `--format` of a command that shows one thing for a person, or as JSON for a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ViewFormat {
    /// For people: fields and tables fitted to the terminal; tab-separated lines when piped.
    Table,
    /// JSON for scripts.
    Json,
}

/// The `--format` option of a command that shows one thing.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct ViewOutput {
    /// How to print.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "table")]
    pub format: ViewFormat,
}

impl ViewOutput {
    /// The format asked for.
    pub fn format(self) -> Format {
        match self.format {
            ViewFormat::Table => Format::Table,
            ViewFormat::Json => Format::Json,
        }
    }
}

/// What every command gets: the desk (opened when first needed, as the command's [`Mode`] allows), how records
/// are laid out where output goes, who acts and when, and the output.
pub struct Context<'w> {
    /// The desk `--db` names…
    target: DbTarget,
    /// …how the command may open it…
    mode: Mode,
    /// …once a command has needed it.
    ledger: Option<Ledger>,
    layout: Layout,
    actor: Actor,
    out: &'w mut dyn Write,
    /// Where notes for the person go that are not the command's output (standard error).
    notes: Box<dyn Write + 'w>,
}

/// The parts of a context a command uses at once (a streaming list reads the ledger as it writes the output).
pub struct Parts<'c> {
    pub ledger: &'c mut Ledger,
    pub actor: &'c Actor,
    pub layout: Layout,
    pub out: &'c mut dyn Write,
}

impl<'w> Context<'w> {
    /// A context for one command line: the desk `target` names is opened for `mode` when first needed, and
    /// tables are laid out for `layout` (the real standard output's, detected once by [`run`]). `actor` is
    /// resolved by the caller from the environment.
    pub fn new(
        target: DbTarget,
        mode: Mode,
        layout: Layout,
        actor: Actor,
        out: &'w mut dyn Write,
    ) -> Self {
        Context {
            target,
            mode,
            ledger: None,
            layout,
            actor,
            out,
            notes: Box::new(std::io::stderr()),
        }
    }

    /// A context over a desk already open (an in-memory one, in tests), writing the plain (pipe) layout whatever
    /// the terminal running the tests is.
    pub fn on(ledger: Ledger, actor: Actor, out: &'w mut dyn Write) -> Self {
        Context {
            target: DbTarget::from(ledger.desk()),
            mode: Mode::Write,
            ledger: Some(ledger),
            layout: Layout::Plain,
            actor,
            out,
            notes: Box::new(std::io::stderr()),
        }
    }

    /// The same context writing its notes (what is not the command's output) to `notes`.
    pub fn with_notes(mut self, notes: &'w mut dyn Write) -> Self {
        self.notes = Box::new(notes);
        self
    }

    /// The same context laying tables out for `layout`.
    pub fn with_layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// The desk, opened the first time it is asked for.
    pub fn ledger(&mut self) -> Result<&mut Ledger> {
        Ok(self.parts()?.ledger)
    }

    /// The desk, who acts, the layout and the output, borrowed together.
    pub fn parts(&mut self) -> Result<Parts<'_>> {
        let ledger = match self.ledger.take() {
            Some(ledger) => ledger,
            None => {
                let mut ledger = Ledger::open(&self.target, self.mode)?;
                if !clock_fixed() {
                    ledger.stamp_at_lock();
                }
                ledger
            }
        };
        // On a server desk the actor is who the server says is connected; its triggers stamp that name anyway.
        if let Some(server) = ledger.server() {
            self.actor.name = server.user().to_string();
        }
        Ok(Parts {
            ledger: self.ledger.insert(ledger),
            actor: &self.actor,
            layout: self.layout,
            out: &mut *self.out,
        })
    }

    /// Works on another desk than `--db` names (`init URL`), before any has been opened.
    pub fn set_target(&mut self, target: DbTarget) -> Result<()> {
        refuse_sqlite_uri(&target)?;
        if self.ledger.is_none() {
            self.target = target;
        }
        Ok(())
    }

    /// Runs `work` in one write transaction of the desk, as who acts.
    pub fn write<T>(&mut self, work: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        debug_assert!(
            self.mode != Mode::Read,
            "a command declared as only reading writes"
        );
        let parts = self.parts()?;
        parts.ledger.write(parts.actor, work)
    }

    /// The database file, for a desk kept in one (output guards never write over it).
    pub fn db_file(&self) -> Option<&Path> {
        self.target.file()
    }

    /// How tables are laid out where output goes.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Who acts, and when.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Where output goes.
    pub fn out(&mut self) -> &mut dyn Write {
        self.out
    }

    /// Where notes go that are for the person, not for a script reading the output: standard error.
    pub fn notes(&mut self) -> &mut dyn Write {
        &mut *self.notes
    }

    /// The status moves the command's writes made to `claim`, taken out of those printed after the command (a
    /// command that reports its claim's status itself).
    pub fn take_moves_of(&mut self, claim: ClaimId) -> Vec<StatusMove> {
        match &mut self.ledger {
            Some(ledger) => ledger.take_moves_of(claim),
            None => Vec::new(),
        }
    }

    /// Prints the status moves the command's writes made and nothing else reported, one a line
    /// ("C1 corroborated → disputed").
    fn print_moves(&mut self) -> Result<()> {
        let moves = match &mut self.ledger {
            Some(ledger) => ledger.take_moves(),
            None => return Ok(()),
        };
        for moved in moves {
            writeln!(self.out, "{} {} → {}", moved.claim, moved.from, moved.to)?;
        }
        Ok(())
    }

    /// The desk, when a command opened it (tests run several commands on one in-memory desk).
    pub fn into_ledger(self) -> Option<Ledger> {
        self.ledger
    }
}

/// Runs one parsed command line, writing its output to `out` (standard output, whose layout is detected here).
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    refuse_sqlite_uri(&cli.db)?;
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
        at: now()?,
    };
    let mode = cli.command.mode();
    let mut ctx = Context::new(cli.db, mode, Layout::stdout(), actor, out);
    execute(&mut ctx, cli.command)?;
    match ctx.into_ledger() {
        Some(mut ledger) => ledger.keep(),
        None => Ok(()),
    }
}

/// Runs one command in a context, then prints the status moves its writes made.
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
        Command::Diff(args) => diff::run(ctx, args),
        Command::History(args) => history::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Backup(args) => backup::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Generate(args) => generate::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Match(args) => r#match::run(ctx, args),
        Command::Setting(args) => setting::run(ctx, args),
        Command::Role(command) => role::run(ctx, command),
        Command::Copy(args) => copy::run(ctx, args),
        Command::Completions(args) => completions::run_completions(ctx, args),
        Command::Man(args) => completions::run_man(ctx, args),
    }?;
    ctx.print_moves()
}

impl Cli {
    /// Parses this process's command line. `--format` belongs to each command that prints (so its help lists only
    /// the formats it has), but the design page makes it global: given before the command's name (`claimtrack
    /// --format json list`), it is moved after it, where that command's own `--format` reads it and refuses a
    /// format the command does not have.
    pub fn parse_command_line() -> Cli {
        Cli::parse_from(hoist_format(std::env::args_os()))
    }
}

/// Moves a `--format VALUE` (or `--format=VALUE`) that stands before the command's name to after it.
fn hoist_format(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    /// The global options that take a value, which may stand before the command's name.
    const VALUED: [&str; 2] = ["--db", "--by"];
    let mut args: Vec<std::ffi::OsString> = args.into_iter().collect();
    let mut moved = Vec::new();
    let mut at = 1;
    while at < args.len() {
        let arg = args[at].to_str().unwrap_or_default();
        if arg == "--format" && at + 1 < args.len() {
            moved.extend(args.drain(at..at + 2));
        } else if arg.starts_with("--format=") {
            moved.push(args.remove(at));
        } else if VALUED.contains(&arg) {
            at += 2;
        } else if arg.starts_with('-') && arg != "-" && arg != "--" {
            at += 1;
        } else {
            break;
        }
    }
    if !moved.is_empty() {
        let end = args[at..]
            .iter()
            .position(|a| a == "--")
            .map_or(args.len(), |p| at + p);
        args.splice(end..end, moved);
    }
    args
}

/// A desk named by an SQLite `file:` URI is refused: SQLite would open another file than the name says, which the
/// guards keeping reports, exports and spreadsheets off the open database could not see.
fn refuse_sqlite_uri(target: &DbTarget) -> Result<()> {
    match target.sqlite_uri_file() {
        None => Ok(()),
        Some(file) => Err(crate::error::Error::Usage {
            message: format!(
                "`{target}` is an SQLite `file:` URI; claimtrack takes the desk's file name"
            ),
            hint: Some(format!(
                "give `--db` (or CLAIMTRACK_DB) the file's path, here `{file}` (for a file whose name starts with \
                 `file:`, write `./file:…`)"
            )),
        }),
    }
}

/// `--by`, else `CLAIMTRACK_USER`, else the login name; one plain line.
fn actor_name(by: Option<&str>) -> Result<String> {
    crate::input::actor_name(by)
}

/// The current time in UTC to the second. `CLAIMTRACK_NOW` fixes it, for reproducible output in tests and demos,
/// to a time that has passed: a change is never stamped before it happens.
fn now() -> Result<Timestamp> {
    let real = Timestamp::now();
    match fixed_clock() {
        None => Ok(real),
        Some(fixed) if fixed <= real => Ok(fixed),
        Some(fixed) => Err(crate::error::Error::Usage {
            message: format!(
                "CLAIMTRACK_NOW is {fixed}, later than the computer's clock: a change is never stamped before it \
                 happens"
            ),
            hint: Some("unset CLAIMTRACK_NOW, or set it to a time that has passed".to_string()),
        }),
    }
}

/// The time `CLAIMTRACK_NOW` fixes, when it is set to one.
fn fixed_clock() -> Option<Timestamp> {
    std::env::var("CLAIMTRACK_NOW")
        .ok()
        .and_then(|t| t.parse().ok())
}

/// Whether the clock is fixed: then writes are stamped with that time; else each with the clock read once it
/// holds the desk's lock ([`Ledger::stamp_at_lock`]).
fn clock_fixed() -> bool {
    fixed_clock().is_some()
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
