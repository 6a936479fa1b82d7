//! The status report for a terminal (or, off one, as tab-separated sections) and as Markdown: totals, then the
//! open claims, weakest attribution first. The first line ends "by claimtrack", which is how `report --out`
//! knows a file it may replace.

use std::io::Write;

use super::or_dash;
use super::records::markdown_cell;
use super::table::table_for;
use super::terminal::Layout;
use crate::error::Result;
use crate::ledger::Checked;
use crate::model::{Claim, Status, Strength, Verdict};
use crate::report::{ClaimEntry, Summary};

/// A claim whose newest verdict was checked against an earlier revision than its article's latest.
pub type CheckedBefore = (Claim, Verdict, Checked);

/// What changed in a claim since its verdict, in a word each ("reworded, strength, source"), or "unchanged".
pub fn since_said(checked: &Checked) -> String {
    if checked.changes.is_empty() {
        "unchanged".to_string()
    } else {
        checked
            .changes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// "Checked against revision 1 (the article is at revision 3 now); since then: reworded, strength."
pub fn checked_said(checked: &Checked) -> String {
    if !checked.revised_since() {
        return format!("Checked against revision {}, the latest.", checked.revision);
    }
    let since = if checked.changes.is_empty() {
        "the claim is unchanged since.".to_string()
    } else {
        format!("since then: {}.", since_said(checked))
    };
    format!(
        "Checked against revision {} (the article is at revision {} now); {since}",
        checked.revision, checked.latest
    )
}

const CHECKED_HEADERS: [&str; 6] = ["claim", "article", "verdict", "revision", "since", "text"];

fn checked_cells((claim, verdict, checked): &CheckedBefore) -> Vec<String> {
    vec![
        claim.id.to_string(),
        claim.article.to_string(),
        verdict.rating.to_string(),
        format!("{} of {}", checked.revision, checked.latest),
        since_said(checked),
        claim.text.clone(),
    ]
}

/// "Verdicts checked against an earlier revision (2): …": what the fact-checker should look at again.
fn checked_heading(stale: &[CheckedBefore]) -> String {
    format!(
        "Verdicts given on an earlier revision of the article ({}); each claim as it reads now",
        stale.len()
    )
}

/// "15 claims in 1 article".
pub fn scope_line(summary: &Summary) -> String {
    let claims = summary.totals.claims;
    let articles = summary.article_count;
    format!(
        "{claims} claim{} in {articles} article{}",
        if claims == 1 { "" } else { "s" },
        if articles == 1 { "" } else { "s" }
    )
}

/// "… and 12 more": what a report shows of a long list, and how to see the rest.
pub fn more_line(shown: usize, total: usize) -> Option<String> {
    (total > shown).then(|| {
        format!(
            "… and {} more (`--limit 0` shows all; `--format csv` lists every claim)",
            total - shown
        )
    })
}

/// "… and 40 more articles" under a per-article table cut short by `--limit`.
fn more_articles(summary: &Summary) -> Option<String> {
    let shown = summary.articles.len();
    (summary.article_count > shown).then(|| {
        let more = summary.article_count - shown;
        let noun = if more == 1 { "article" } else { "articles" };
        format!(
            "… and {more} more {noun} (`--limit 0` shows all; `--format json` lists every article)"
        )
    })
}

const OPEN_HEADERS: [&str; 8] = [
    "claim", "article", "strength", "status", "lines", "source", "cue", "text",
];

fn open_cells(entry: &ClaimEntry) -> Vec<String> {
    let claim = &entry.claim;
    vec![
        claim.id.to_string(),
        claim.article.to_string(),
        claim.strength.to_string(),
        claim.status.to_string(),
        entry.lines.to_string(),
        or_dash(claim.source.as_ref()),
        or_dash(claim.cue.as_ref()),
        claim.text.clone(),
    ]
}

fn status_headers() -> Vec<String> {
    let mut headers = vec![
        "article".to_string(),
        "title".to_string(),
        "claims".to_string(),
    ];
    headers.extend(Status::ALL.iter().map(ToString::to_string));
    headers
}

fn status_cells(id: String, title: String, counts: &crate::report::Counts) -> Vec<String> {
    let mut cells = vec![id, title, counts.claims.to_string()];
    cells.extend(Status::ALL.iter().map(|s| counts.by_status[s].to_string()));
    cells
}

/// What a report of a desk without a single article says instead of empty tables.
pub(crate) const EMPTY: &str = "The desk is empty: no articles and no claims yet.";

/// Why no claim is open: there are none, or every one has a verdict.
pub(crate) fn none_open(summary: &Summary) -> &'static str {
    if summary.totals.claims == 0 {
        "no claim is recorded yet"
    } else {
        "every claim has a verdict"
    }
}

/// The report as tables laid out for `layout`: aligned on a terminal, tab-separated sections off one.
pub fn table(
    out: &mut dyn Write,
    layout: Layout,
    summary: &Summary,
    open: &[ClaimEntry],
    total: usize,
    stale: &[CheckedBefore],
) -> Result<()> {
    writeln!(
        out,
        "Status report: {}, generated {} by claimtrack\n",
        scope_line(summary),
        summary.generated_at
    )?;
    if summary.article_count == 0 {
        writeln!(out, "{EMPTY}")?;
        writeln!(
            out,
            "Add an article with `claimtrack article add`, scan one with `claimtrack scan FILE --record`, or load \
             a desk with `claimtrack import PATH`."
        )?;
        return Ok(());
    }
    let headers = status_headers();
    let mut table = table_for(
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
        layout,
    );
    for article in &summary.articles {
        table.add_row(status_cells(
            article.id.to_string(),
            article.title.clone(),
            &article.counts,
        ));
    }
    if summary.article_count > 1 {
        table.add_row(status_cells(
            "all".to_string(),
            String::new(),
            &summary.totals,
        ));
    }
    writeln!(out, "{table}")?;
    if let Some(more) = more_articles(summary) {
        writeln!(out, "{more}")?;
    }
    let mut strengths = table_for(
        &Strength::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        layout,
    );
    strengths.add_row(
        Strength::ALL
            .iter()
            .map(|s| summary.totals.by_strength[s].to_string())
            .collect::<Vec<_>>(),
    );
    writeln!(out, "\nBy attribution strength:\n{strengths}")?;
    if open.is_empty() {
        writeln!(out, "\nOpen claims: none; {}.", none_open(summary))?;
    } else {
        writeln!(out, "\nOpen claims ({total}), weakest attribution first:")?;
        let mut table = table_for(&OPEN_HEADERS, layout);
        for entry in open {
            table.add_row(open_cells(entry));
        }
        writeln!(out, "{table}")?;
        if let Some(more) = more_line(open.len(), total) {
            writeln!(out, "{more}")?;
        }
    }
    if !stale.is_empty() {
        writeln!(out, "\n{}:", checked_heading(stale))?;
        let mut table = table_for(&CHECKED_HEADERS, layout);
        for entry in stale {
            table.add_row(checked_cells(entry));
        }
        writeln!(out, "{table}")?;
    }
    Ok(())
}

/// The report as Markdown, for a newsroom wiki or a pull request.
pub fn markdown(
    out: &mut dyn Write,
    summary: &Summary,
    open: &[ClaimEntry],
    total: usize,
    stale: &[CheckedBefore],
) -> Result<()> {
    writeln!(out, "# Status report\n")?;
    writeln!(
        out,
        "{}, generated {} by claimtrack.\n",
        scope_line(summary),
        summary.generated_at
    )?;
    if summary.article_count == 0 {
        writeln!(out, "{EMPTY}")?;
        return Ok(());
    }
    writeln!(out, "## By status\n")?;
    let headers = status_headers();
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(headers.len()))?;
    for article in &summary.articles {
        let cells = status_cells(
            article.id.to_string(),
            markdown_cell(&article.title),
            &article.counts,
        );
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    if summary.article_count > 1 {
        writeln!(
            out,
            "| {} |",
            status_cells("**all**".to_string(), String::new(), &summary.totals).join(" | ")
        )?;
    }
    if let Some(more) = more_articles(summary) {
        writeln!(out, "\n{more}")?;
    }
    writeln!(out, "\n## By attribution strength\n")?;
    writeln!(out, "| {} |", Strength::NAMES.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(Strength::ALL.len()))?;
    let counts: Vec<String> = Strength::ALL
        .iter()
        .map(|s| summary.totals.by_strength[s].to_string())
        .collect();
    writeln!(out, "| {} |", counts.join(" | "))?;
    writeln!(out, "\n## Open claims, weakest attribution first\n")?;
    if open.is_empty() {
        writeln!(out, "None: {}.", none_open(summary))?;
    } else {
        writeln!(out, "| {} |", OPEN_HEADERS.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(OPEN_HEADERS.len()))?;
        for entry in open {
            let cells: Vec<String> = open_cells(entry).iter().map(|c| markdown_cell(c)).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        if let Some(more) = more_line(open.len(), total) {
            writeln!(out, "\n{more}")?;
        }
    }
    if !stale.is_empty() {
        writeln!(out, "\n## {}\n", checked_heading(stale))?;
        writeln!(out, "| {} |", CHECKED_HEADERS.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(CHECKED_HEADERS.len()))?;
        for entry in stale {
            let cells: Vec<String> = checked_cells(entry)
                .iter()
                .map(|c| markdown_cell(c))
                .collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
    }
    Ok(())
}
