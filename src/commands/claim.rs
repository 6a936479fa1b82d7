//! `claimtrack claim add|show`.

use serde::Serialize;

use super::{non_empty, Context};
use crate::error::Result;
use crate::model::{
    ArticleId, Claim, ClaimId, Event, Evidence, Link, NewClaim, Response, Strength, Verdict,
};
use crate::render::{key_values, new_table, or_dash, Format};
use crate::scanner::{self, Attribution, GivenAttribution};

/// The claim subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a claim of an article; prints its id. Strength, source and cue are inferred from TEXT by the
    /// scanner when `--strength` is not given.
    Add(AddArgs),
    /// Show a claim: its attribution, evidence, status, verdicts and history.
    Show {
        /// The claim, as `C1` or `1`.
        id: ClaimId,
    },
}

/// Arguments of `claim add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The article the claim appears in, as `A1` or `1`.
    #[arg(long)]
    pub article: ArticleId,
    /// The claim's sentence, as it appears in the article.
    pub text: String,
    /// Who the claim is attributed to, as written ("sources familiar with the matter").
    #[arg(long)]
    pub source: Option<String>,
    /// The attribution cue ("allegedly", "according to").
    #[arg(long)]
    pub cue: Option<String>,
    /// How strongly the claim is attributed.
    #[arg(long, value_enum)]
    pub strength: Option<Strength>,
    /// A party's reaction reported with the claim.
    #[arg(long, value_enum)]
    pub response: Option<Response>,
}

/// Runs a claim subcommand.
pub fn run(ctx: &mut Context<'_>, command: Command) -> Result<()> {
    match command {
        Command::Add(args) => add(ctx, args),
        Command::Show { id } => show(ctx, id),
    }
}

fn add(ctx: &mut Context<'_>, args: AddArgs) -> Result<()> {
    let text = args.text.trim().to_string();
    let given = GivenAttribution {
        strength: args.strength,
        source: non_empty(args.source),
        cue: non_empty(args.cue),
        response: args.response,
    };
    let Attribution {
        strength,
        source,
        cue,
        response,
    } = scanner::complete_attribution(&text, given);
    let mut store = ctx.store()?;
    let id = store.write(ctx.actor(), |db| {
        let article = db.article(args.article)?;
        let span = article
            .body
            .as_deref()
            .and_then(|body| body.find(&text).map(|start| (start, start + text.len())));
        let span = span.filter(|_| !text.is_empty());
        db.add_claim(&NewClaim {
            article: args.article,
            key: None,
            text: text.clone(),
            span,
            source,
            cue,
            strength,
            response,
        })
    })?;
    writeln!(ctx.out(), "{id}")?;
    Ok(())
}

/// One evidence link as `claim show` presents it.
#[derive(Serialize)]
struct LinkedItem {
    #[serde(flatten)]
    evidence: Evidence,
    stance: crate::model::Stance,
    note: Option<String>,
}

/// `claim show --format json`.
#[derive(Serialize)]
struct ClaimView {
    #[serde(flatten)]
    claim: Claim,
    reasons: Vec<String>,
    evidence: Vec<LinkedItem>,
    verdicts: Vec<Verdict>,
    history: Vec<Event>,
}

fn show(ctx: &mut Context<'_>, id: ClaimId) -> Result<()> {
    let store = ctx.store()?;
    let db = store.read();
    let claim = db.claim(id)?;
    let links: Vec<Link> = db.links_of_claim(id)?;
    let mut evidence = Vec::new();
    for link in links {
        evidence.push(LinkedItem {
            evidence: db.evidence(link.evidence)?,
            stance: link.stance,
            note: link.note,
        });
    }
    let view = ClaimView {
        reasons: db.assess(id)?.reasons,
        verdicts: db.verdicts(id)?,
        history: db.history(id)?,
        evidence,
        claim,
    };
    match ctx.format() {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *ctx.out(), &view).map_err(std::io::Error::from)?;
            writeln!(ctx.out())?;
        }
        _ => render_table(ctx, &view)?,
    }
    Ok(())
}

fn render_table(ctx: &mut Context<'_>, view: &ClaimView) -> Result<()> {
    let claim = &view.claim;
    let span = claim.span.map(|(s, e)| format!("bytes {s}..{e}"));
    let table = key_values(&[
        ("claim", claim.id.to_string()),
        ("article", claim.article.to_string()),
        ("text", claim.text.clone()),
        ("source", or_dash(claim.source.as_ref())),
        ("cue", or_dash(claim.cue.as_ref())),
        ("strength", claim.strength.to_string()),
        ("response", or_dash(claim.response)),
        ("status", claim.status.to_string()),
        ("verdict", or_dash(claim.verdict)),
        ("place", or_dash(span)),
    ]);
    let out = ctx.out();
    writeln!(out, "{table}")?;
    writeln!(out, "\nWhy {}:", claim.status)?;
    for reason in &view.reasons {
        writeln!(out, "  - {reason}")?;
    }
    writeln!(out, "\nEvidence:")?;
    if view.evidence.is_empty() {
        writeln!(out, "  (none linked)")?;
    } else {
        let mut table = new_table(&["id", "stance", "grade", "origin", "title", "note"]);
        for item in &view.evidence {
            let e = &item.evidence;
            table.add_row(vec![
                e.id.to_string(),
                item.stance.to_string(),
                format!("{}{}", e.reliability, e.credibility),
                or_dash(e.origin.as_ref()),
                e.title.clone(),
                or_dash(item.note.as_ref()),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    writeln!(out, "\nVerdicts:")?;
    if view.verdicts.is_empty() {
        writeln!(out, "  (none yet)")?;
    }
    let newest = view.verdicts.last().map(|v| v.id);
    for verdict in &view.verdicts {
        let mark = if Some(verdict.id) == newest {
            ""
        } else {
            " (superseded)"
        };
        writeln!(
            out,
            "  {} {} ({} confidence) by {}{mark}\n    {}",
            verdict.created_at,
            verdict.rating,
            verdict.confidence,
            verdict.author,
            verdict.rationale
        )?;
    }
    writeln!(out, "\nHistory:")?;
    for event in &view.history {
        writeln!(out, "  {} {}: {}", event.at, event.actor, event.detail)?;
    }
    Ok(())
}
