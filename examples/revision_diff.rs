//! Re-anchors the claims of one text in another and prints each anchor and the diff, as `article revise` would
//! once it is wired to the ledger. Every claim sentence the scanner finds in the earlier text stands for a recorded
//! claim (C1, C2, … in order, as `scan --record` numbers them), with the scanner's attribution.
//!
//! `cargo run --example revision_diff -- BEFORE.txt AFTER.txt [--json] [--verdict C2]…`
//!
//! Without `--json`: one line per claim (`C2  fuzzy 0.754  …new sentence`), then the diff as JSON (the design
//! page's shape). With `--json`: `{"anchors":[…],"diff":{…}}` on one line. `--verdict C2` marks C2 as carrying a
//! verdict, so its changes are flagged.

use std::process::ExitCode;

use claimtrack::model::{ArticleId, ClaimId, RecordKind};
use claimtrack::revision::{self, Attribution, Claim, Revision};
use claimtrack::scanner;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("hint: cargo run --example revision_diff -- BEFORE.txt AFTER.txt [--json] [--verdict C2]…");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut files = Vec::new();
    let mut json = false;
    let mut verdicts = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--verdict" => {
                let id = args.next().ok_or("--verdict needs a claim, e.g. C2")?;
                verdicts.push(
                    claimtrack::model::parse_id(&id, RecordKind::Claim)
                        .map_err(|e| e.to_string())?,
                );
            }
            _ => files.push(arg),
        }
    }
    let [before, after] = files.as_slice() else {
        return Err("give two files: the earlier text and the new one".to_string());
    };
    let read = |path: &str| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))
    };
    let (before, after) = (read(before)?, read(after)?);
    let claims: Vec<Claim> = scanner::scan(&before)
        .into_iter()
        .filter(|s| s.claim)
        .enumerate()
        .map(|(n, s)| {
            let id = n as i64 + 1;
            Claim {
                id: ClaimId(id),
                text: s.text.clone(),
                span: Some((s.start, s.end)),
                attribution: Attribution {
                    strength: s.strength,
                    source: s.source.clone(),
                    cue: scanner::governing_cue(s.strength, &s.cues),
                    response: s.response,
                },
                has_verdict: verdicts.contains(&id),
            }
        })
        .collect();
    let (old, new) = (Revision::new(1, &before), Revision::new(2, &after));
    let revised = revision::revise(ArticleId(1), &old, &new, &claims).map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string(&revised).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    for anchor in &revised.anchors {
        let now = anchor.span.map_or("-", |(start, end)| &after[start..end]);
        println!(
            "{:<5} {:<16} {now}",
            anchor.claim.to_string(),
            anchor.how.to_string()
        );
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&revised.diff).map_err(|e| e.to_string())?
    );
    Ok(())
}
