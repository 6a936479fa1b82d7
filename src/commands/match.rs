//! Has this claim been checked already? `claimtrack match TEXT|C12`: the desk claims and imported published
//! fact-checks most like a text or a claim, ranked, each with its score; and `claimtrack import --claimreview
//! FILE|-`, which brings published fact-checks in to match against (`import` dispatches here). The "looks like"
//! notes of `claim add` and `scan --record` are written with [`note_looks_like`], those of `article revise` with
//! [`note_revision`].

use std::path::Path;

use super::{Context, RecordOutput};
use crate::error::{Error, Result};
use crate::input::{read_text, Limit};
use crate::ledger::RevisionReport;
use crate::matching::claimreview;
use crate::model::ClaimId;
use crate::render::matches;
use crate::revision::ChangeKind;

/// Arguments of `match`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "A score is the match's BM25F score over what restating the query word for word would \
    score, capped at 1: 1 is as good a match as a restatement, 0 nothing in common. From 0.50 a rated match \
    \"looks like\" the claim (calibrated on CheckThat! 2022 2A, see the README). A published fact-check has no \
    status and no verdict of the desk; its publisher's rating is its own."
)]
pub struct Args {
    /// What to match: a text (a sentence, a post, a headline), or a desk claim as `C12`, matched by its sentence
    /// (itself left out).
    #[arg(value_name = "TEXT|C12")]
    pub query: String,
    /// How many matches to show, best first.
    #[arg(long, default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub limit: u16,
    #[command(flatten)]
    pub output: RecordOutput,
}

/// `C12` names a claim; anything else (a bare number included) is text to match.
fn claim_named(query: &str) -> Option<ClaimId> {
    let query = query.trim();
    let digits = query.strip_prefix(['C', 'c'])?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    query.parse().ok()
}

/// Ranks and prints the matches.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let limit = usize::from(args.limit);
    let parts = ctx.parts()?;
    let db = parts.ledger.read();
    let hits = match claim_named(&args.query) {
        Some(id) => db.claim_matches(id, limit)?.1,
        None => {
            if args.query.trim().is_empty() {
                return Err(Error::invalid_with(
                    "there is nothing to match",
                    "give the text to match, or a claim as `C12`",
                ));
            }
            db.matches(&args.query, None, limit)?
        }
    };
    matches::hits(parts.out, args.output.format(), parts.layout, &hits)
}

/// The most a ClaimReview file may hold: a feed of some tens of thousands of fact-checks, short of what
/// parsing it whole in memory would make of a desk's machine.
pub const CLAIMREVIEW_FILE: Limit = Limit {
    bytes: 64 * 1024 * 1024,
    what: "ClaimReview file",
};

/// `import --claimreview FILE|-`: reads every ClaimReview in the file (JSON-LD in any shape, or HTML pages
/// carrying it), refusing the whole file on the first problem, and stores them in one transaction.
pub fn import_claimreview(ctx: &mut Context<'_>, path: &Path) -> Result<()> {
    let text = read_text(path, &CLAIMREVIEW_FILE)?;
    let name = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let reading = claimreview::read(&text).map_err(|e| {
        Error::invalid_with(
            format!("{name}: {e}"),
            "fix the file (nothing was imported); `import --claimreview` reads ClaimReview JSON-LD: an object, \
             an array, a @graph, a feed, JSON Lines, or HTML pages with ld+json script blocks",
        )
    })?;
    // A field the reader would have to drop (an address that is not http(s), a date it cannot read) is refused
    // rather than imported half: nothing of the file is written until it is whole.
    if let Some(first) = reading.warnings.first() {
        let more = match reading.warnings.len() {
            1 => String::new(),
            n => format!(" (and {} more problems)", n - 1),
        };
        return Err(Error::invalid_with(
            format!("{name}: {}{more}", first.as_refusal()),
            "fix or remove the field in the file (nothing was imported): claimtrack keeps only http(s) \
             addresses and dates it can read",
        ));
    }
    let parts = ctx.parts()?;
    let done = parts
        .ledger
        .import_reviews(parts.actor, &reading.reviews, &name)?;
    writeln!(parts.out, "{}", done.summary())?;
    Ok(())
}

/// Tells the person, on the notes channel, which of `claims` look like an already-rated claim or published
/// fact-check. It never fails the command that recorded them: a problem looking is itself only a note.
pub fn note_looks_like(ctx: &mut Context<'_>, claims: &[ClaimId]) -> Result<()> {
    let mut lines = Vec::new();
    {
        let db = ctx.ledger()?.read();
        let claims = match db.holds_ratings() {
            Ok(true) => claims,
            Ok(false) => &[],
            Err(e) => {
                let _ = writeln!(ctx.notes(), "note: could not match against the desk: {e}");
                return Ok(());
            }
        };
        for &id in claims {
            match db.looks_like(id) {
                Ok(Some(pair)) => lines.push(matches::looks_like_line(&pair)),
                Ok(None) => {}
                Err(e) => {
                    lines.push(format!("note: could not match {id} against the desk: {e}"));
                    break;
                }
            }
        }
    }
    for line in lines {
        // A closed standard error is no reason to fail a command whose work is done.
        let _ = writeln!(ctx.notes(), "{line}");
    }
    Ok(())
}

/// Tells the person, as [`note_looks_like`] does, what a new revision brings in that looks like an already-rated
/// claim or published fact-check: each claim whose sentence it rewords or that it recorded (by id), and each
/// claim sentence it adds that the desk does not hold (by its words, since it has no id yet).
pub fn note_revision(ctx: &mut Context<'_>, report: &RevisionReport) -> Result<()> {
    let mut lines = Vec::new();
    {
        let db = ctx.ledger()?.read();
        let mut seen = std::collections::BTreeSet::new();
        let changes = match db.holds_ratings() {
            Ok(true) => report.diff.diff.changes.as_slice(),
            Ok(false) => &[],
            Err(e) => {
                let _ = writeln!(
                    ctx.notes(),
                    "note: could not match the revision against the desk: {e}"
                );
                return Ok(());
            }
        };
        for change in changes {
            let line = match (change.change, change.claim, &change.after) {
                (ChangeKind::Reworded | ChangeKind::Added, Some(id), _) => {
                    if !seen.insert(id) {
                        continue;
                    }
                    db.looks_like(id)
                        .map(|pair| pair.map(|pair| matches::looks_like_line(&pair)))
                }
                (ChangeKind::Added, None, Some(after)) => db
                    .rated_like(&after.text, None)
                    .map(|hit| hit.map(|hit| matches::sentence_like_line(&after.text, &hit))),
                _ => continue,
            };
            match line {
                Ok(Some(line)) => lines.push(line),
                Ok(None) => {}
                Err(e) => {
                    lines.push(format!(
                        "note: could not match the revision against the desk: {e}"
                    ));
                    break;
                }
            }
        }
    }
    for line in lines {
        // A closed standard error is no reason to fail a command whose work is done.
        let _ = writeln!(ctx.notes(), "{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_c_and_digits_name_a_claim() {
        assert_eq!(claim_named("C12"), Some(ClaimId(12)));
        assert_eq!(claim_named(" c7 "), Some(ClaimId(7)));
        for text in ["12", "C", "C12a", "Crime rose", "E12", ""] {
            assert_eq!(claim_named(text), None, "{text}");
        }
    }
}
