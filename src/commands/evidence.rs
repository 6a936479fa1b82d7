//! `claimtrack evidence add|list|show|edit`.

use std::path::PathBuf;

use serde::Serialize;

use super::{non_empty, Context, RecordOutput, ViewOutput};
use crate::error::{Error, Result};
use crate::model::{
    Credibility, Evidence, EvidenceGrades, EvidenceId, Link, NewEvidence, Reliability,
};
use crate::render::{key_values, or_dash, table_for, Format, RecordSink};

/// The evidence subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an evidence item; prints its id.
    Add(AddArgs),
    /// List every evidence item.
    List(RecordOutput),
    /// Show an item: its chain of custody, grades and the claims it is linked to.
    Show {
        /// The item, as `E1` or `1`.
        id: EvidenceId,
        #[command(flatten)]
        output: ViewOutput,
    },
    /// Re-grade an item or correct its origin or descent; affected claims' statuses follow.
    Edit(EditArgs),
}

/// Arguments of `evidence add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// What the item is ("Port authority audit, 2025").
    #[arg(long)]
    pub title: String,
    /// Where it was found.
    #[arg(long)]
    pub url: Option<String>,
    /// An archived copy (e.g. a web archive snapshot).
    #[arg(long, value_name = "URL")]
    pub archived_url: Option<String>,
    /// When it was retrieved, YYYY-MM-DD or an RFC 3339 time.
    #[arg(long, value_parser = parse_when, value_name = "WHEN")]
    pub retrieved: Option<String>,
    /// The source it ultimately comes from; registered when new.
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// The item this one repeats or derives from.
    #[arg(long, value_name = "E1")]
    pub derived_from: Option<EvidenceId>,
    /// Admiralty reliability of its source, A–F [default: the origin's grade, else F].
    #[arg(long, value_enum, value_name = "A-F")]
    pub reliability: Option<Reliability>,
    /// Admiralty credibility of the information, 1–6 [default: 6, cannot be judged].
    #[arg(long, value_enum, value_name = "1-6")]
    pub credibility: Option<Credibility>,
    /// The content as collected (a regular file, hashed as it streams); its SHA-256 is stored for the chain of
    /// custody.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Free notes.
    #[arg(long)]
    pub notes: Option<String>,
}

/// Arguments of `evidence edit`; what is not given stays as it is.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The item, as `E1` or `1`.
    pub id: EvidenceId,
    /// New reliability grade, A–F.
    #[arg(long, value_enum, value_name = "A-F")]
    pub reliability: Option<Reliability>,
    /// Drop the item's own reliability grade so it inherits its origin's.
    #[arg(long, conflicts_with = "reliability")]
    pub inherit_reliability: bool,
    /// New credibility grade, 1–6.
    #[arg(long, value_enum, value_name = "1-6")]
    pub credibility: Option<Credibility>,
    /// New origin (a source name; registered when new).
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// New derived-from item.
    #[arg(long, value_name = "E1")]
    pub derived_from: Option<EvidenceId>,
    /// Remove the derived-from link.
    #[arg(long, conflicts_with = "derived_from")]
    pub independent: bool,
}

/// A retrieval time: a date or an RFC 3339 time.
fn parse_when(text: &str) -> std::result::Result<String, String> {
    if chrono::DateTime::parse_from_rfc3339(text).is_ok() {
        return Ok(text.to_string());
    }
    super::article::parse_date(text)
        .map_err(|_| format!("`{text}` is not a date or time; use YYYY-MM-DD"))
}

/// Runs an evidence subcommand.
pub fn run(ctx: &mut Context<'_>, command: Command) -> Result<()> {
    match command {
        Command::Add(args) => add(ctx, args),
        Command::List(output) => list(ctx, output),
        Command::Show { id, output } => show(ctx, id, output),
        Command::Edit(args) => edit(ctx, args),
    }
}

fn add(ctx: &mut Context<'_>, args: AddArgs) -> Result<()> {
    let sha256 = args
        .file
        .as_deref()
        .map(crate::input::sha256_of_file)
        .transpose()?;
    let new = NewEvidence {
        key: None,
        title: args.title.trim().to_string(),
        url: non_empty(args.url),
        archived_url: non_empty(args.archived_url),
        retrieved_at: args.retrieved,
        origin: non_empty(args.origin),
        derived_from: args.derived_from,
        reliability: args.reliability,
        credibility: args.credibility,
        sha256,
        notes: non_empty(args.notes),
    };
    let id = ctx.write(|db| db.add_evidence(&new))?;
    writeln!(ctx.out(), "{id}")?;
    Ok(())
}

fn list(ctx: &mut Context<'_>, output: RecordOutput) -> Result<()> {
    let parts = ctx.parts()?;
    let mut sink = RecordSink::new(parts.out, output.format(), parts.layout)?;
    parts.ledger.read().each_evidence(|item| sink.push(&item))?;
    sink.finish()?;
    Ok(())
}

/// `evidence show --format json`.
#[derive(Serialize)]
struct EvidenceView {
    #[serde(flatten)]
    evidence: Evidence,
    links: Vec<Link>,
}

fn show(ctx: &mut Context<'_>, id: EvidenceId, output: ViewOutput) -> Result<()> {
    let db = ctx.ledger()?.read();
    let view = EvidenceView {
        evidence: db.evidence(id)?,
        links: db.links_of_evidence(id)?,
    };
    let layout = ctx.layout();
    if output.format() == Format::Json {
        serde_json::to_writer_pretty(&mut *ctx.out(), &view).map_err(std::io::Error::from)?;
        writeln!(ctx.out())?;
        return Ok(());
    }
    let e = &view.evidence;
    let inherited = if e.own_reliability.is_none() {
        " (from its origin)"
    } else {
        ""
    };
    let table = key_values(
        &[
            ("evidence", e.id.to_string()),
            ("title", e.title.clone()),
            ("url", or_dash(e.url.as_ref())),
            ("archived", or_dash(e.archived_url.as_ref())),
            ("retrieved", or_dash(e.retrieved_at.as_ref())),
            ("origin", or_dash(e.origin.as_ref())),
            ("derived from", or_dash(e.derived_from)),
            ("reliability", format!("{}{inherited}", e.reliability)),
            ("credibility", e.credibility.to_string()),
            ("sha256", or_dash(e.sha256.as_ref())),
            ("notes", or_dash(e.notes.as_ref())),
            ("key", e.key.clone()),
        ],
        layout,
    );
    writeln!(ctx.out(), "{table}")?;
    if view.links.is_empty() {
        writeln!(ctx.out(), "Linked to no claim.")?;
    } else {
        let mut table = table_for(&["claim", "stance", "note"], layout);
        for link in &view.links {
            table.add_row(vec![
                link.claim.to_string(),
                link.stance.to_string(),
                or_dash(link.note.as_ref()),
            ]);
        }
        writeln!(ctx.out(), "{table}")?;
    }
    Ok(())
}

fn edit(ctx: &mut Context<'_>, args: EditArgs) -> Result<()> {
    let nothing = args.reliability.is_none()
        && !args.inherit_reliability
        && args.credibility.is_none()
        && args.origin.is_none()
        && args.derived_from.is_none()
        && !args.independent;
    if nothing {
        return Err(Error::Usage {
            message: "nothing to change".to_string(),
            hint: Some(
                "give --reliability, --credibility, --origin, --derived-from or --independent"
                    .to_string(),
            ),
        });
    }
    let changed = ctx.write(|db| {
        let old = db.read().evidence(args.id)?;
        let origin = match non_empty(args.origin.clone()) {
            Some(name) => Some(db.source_named(&name)?),
            None => old.origin_id,
        };
        if let Some(parent) = args.derived_from {
            db.read().require_evidence(parent)?;
        }
        let grades = EvidenceGrades {
            origin,
            derived_from: if args.independent {
                None
            } else {
                args.derived_from.or(old.derived_from)
            },
            reliability: if args.inherit_reliability {
                None
            } else {
                args.reliability.or(old.own_reliability)
            },
            credibility: args.credibility.unwrap_or(old.credibility),
        };
        db.update_evidence(args.id, &grades)
    })?;
    let e = ctx.ledger()?.read().evidence(args.id)?;
    let what = if changed { "now" } else { "already" };
    writeln!(
        ctx.out(),
        "{} is {what} graded {}{}",
        e.id,
        e.reliability,
        e.credibility
    )?;
    Ok(())
}
