//! `claimtrack source add|list|grade`.

use super::{Context, RecordOutput};
use crate::error::{Error, Result};
use crate::model::{Reliability, SourceId, SourceKind};
use crate::render::RecordSink;

/// The source subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Register a source; prints its id.
    Add {
        /// The source's name, as it should appear in reports.
        name: String,
        /// What kind of party it is.
        #[arg(long, value_enum, default_value = "other")]
        kind: SourceKind,
        /// Admiralty reliability grade, A (reliable) to F (cannot be judged); its evidence inherits it.
        #[arg(long, value_enum, value_name = "A-F")]
        reliability: Option<Reliability>,
    },
    /// List every source.
    List(RecordOutput),
    /// Change a source's grade or kind; the status of every claim resting on its evidence follows.
    Grade {
        /// The source, as `S1` or `1`.
        id: SourceId,
        /// New Admiralty reliability grade, A–F.
        #[arg(long, value_enum, value_name = "A-F")]
        reliability: Option<Reliability>,
        /// Remove the grade.
        #[arg(long, conflicts_with = "reliability")]
        ungraded: bool,
        /// New kind.
        #[arg(long, value_enum)]
        kind: Option<SourceKind>,
    },
}

/// Runs a source subcommand.
pub fn run(ctx: &mut Context<'_>, command: Command) -> Result<()> {
    match command {
        Command::Add {
            name,
            kind,
            reliability,
        } => {
            let name = name.trim().to_string();
            if name.is_empty() {
                return Err(Error::invalid("the source name is empty"));
            }
            let id = ctx.write(|db| db.add_source(&name, kind, reliability))?;
            writeln!(ctx.out(), "{id}")?;
        }
        Command::List(output) => {
            let sources = ctx.ledger()?.read().sources()?;
            let layout = ctx.layout();
            let mut sink = RecordSink::new(ctx.out(), output.format(), layout)?;
            for source in &sources {
                sink.push(source)?;
            }
            sink.finish()?;
        }
        Command::Grade {
            id,
            reliability,
            ungraded,
            kind,
        } => {
            if reliability.is_none() && !ungraded && kind.is_none() {
                return Err(Error::Usage {
                    message: "nothing to change".to_string(),
                    hint: Some("give `--reliability A-F`, `--ungraded` or `--kind K`".to_string()),
                });
            }
            let changed = ctx.write(|db| {
                let old = db.read().source(id)?;
                let reliability = if ungraded {
                    None
                } else {
                    reliability.or(old.reliability)
                };
                db.update_source(id, kind.unwrap_or(old.kind), reliability)
            })?;
            let source = ctx.ledger()?.read().source(id)?;
            let grade = source
                .reliability
                .map_or("ungraded".to_string(), |r| r.to_string());
            let what = if changed { "now" } else { "already" };
            writeln!(
                ctx.out(),
                "{id} {:?} is {what} {} {grade}",
                source.name,
                source.kind
            )?;
        }
    }
    Ok(())
}
