//! The status report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no fonts or
//! images fetched from anywhere, so an editor can open it or mail it. maud escapes everything from the database.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::model::{Stance, Status, Strength};
use crate::report::{ClaimEntry, Counts, Summary};

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d232a;margin:0;background:#f6f7f9}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px}
.meta{color:#5b6570;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:8px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 12px;min-width:110px}
.card b{display:block;font-size:22px}
.panel{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px;overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e6e9ed;vertical-align:top}
th{font-size:13px;color:#5b6570}
mark{background:#ffe08a;padding:0 2px;border-radius:2px}
.tag{display:inline-block;font-size:12px;padding:1px 6px;border-radius:10px;color:#fff;white-space:nowrap}
.claim{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px;margin:10px 0}
.claim p{margin:4px 0}.small{font-size:13px;color:#5b6570}
ul{margin:6px 0;padding-left:20px}
";

fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Unverified => "#8a939c",
        Status::SingleSource => "#c98a12",
        Status::Corroborated => "#2e8b57",
        Status::Disputed => "#d4662a",
        Status::Refuted => "#b83b35",
    }
}

fn strength_colour(strength: Strength) -> &'static str {
    match strength {
        Strength::OnRecord => "#2e6fb8",
        Strength::Document => "#4f8fd1",
        Strength::Anonymous => "#8a6fc4",
        Strength::Reported => "#b56fb0",
        Strength::Hedged => "#d98f4e",
        Strength::Unattributed => "#8a939c",
    }
}

fn tag(text: &str, colour: &str) -> Markup {
    html! { span.tag style={ "background:" (colour) } { (text) } }
}

/// The claim's sentence with its cue marked, found case-insensitively.
fn highlighted(text: &str, cue: Option<&str>) -> Markup {
    let found = cue.filter(|c| !c.is_empty()).and_then(|cue| {
        // ASCII lowercasing keeps byte offsets, so the match indexes the original text.
        text.to_ascii_lowercase()
            .find(&cue.to_ascii_lowercase())
            .map(|start| (start, start + cue.len()))
    });
    match found.filter(|(s, e)| text.is_char_boundary(*s) && text.is_char_boundary(*e)) {
        Some((start, end)) => {
            html! { (&text[..start]) mark { (&text[start..end]) } (&text[end..]) }
        }
        None => html! { (text) },
    }
}

/// Only web addresses become links; anything else (a `javascript:` URL, say) stays text.
fn link(url: &str, label: &str) -> Markup {
    if super::web_address(url) {
        html! { a href=(url) rel="noopener noreferrer" { (label) } }
    } else {
        html! { (label) }
    }
}

const BAR_WIDTH: f64 = 560.0;

/// The pieces of one stacked bar: each status with claims, its count, where it starts and how wide it is.
fn segments(counts: &Counts, max: f64) -> Vec<(Status, u64, f64, f64)> {
    let mut x = 300.0;
    let mut out = Vec::new();
    for status in Status::ALL {
        let n = counts.by_status[status];
        if n > 0 {
            let w = n as f64 / max * BAR_WIDTH;
            out.push((*status, n, x, w));
            x += w;
        }
    }
    out
}

/// A stacked bar per article: how many of its claims have each status.
fn status_chart(summary: &Summary) -> Markup {
    let rows: Vec<(&str, &Counts)> = summary
        .articles
        .iter()
        .map(|a| (a.title.as_str(), &a.counts))
        .collect();
    let max = rows.iter().map(|(_, c)| c.claims).max().unwrap_or(0).max(1) as f64;
    let row_height = 30.0;
    let height = rows.len() as f64 * row_height + 40.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width="900" height=(height) viewBox={ "0 0 900 " (height) } role="img" aria-label="Claims by status per article" {
            @for (index, (title, counts)) in rows.iter().enumerate() {
                @let y = index as f64 * row_height;
                @let label: String = title.chars().take(38).collect();
                text x="0" y=(y + 19.0) font-size="13" fill="#1d232a" { (label) @if title.chars().count() > 38 { "…" } }
                @for (status, n, x, w) in segments(counts, max) {
                    rect x=(x) y=(y + 4.0) width=(w) height="20" fill=(status_colour(status)) {
                        title { (status.as_str()) ": " (n) }
                    }
                    @if w > 18.0 {
                        text x=(x + w / 2.0) y=(y + 19.0) font-size="12" fill="#fff" text-anchor="middle" { (n) }
                    }
                }
            }
            @let legend_y = rows.len() as f64 * row_height + 20.0;
            @for (index, status) in Status::ALL.iter().enumerate() {
                @let lx = 300.0 + index as f64 * 120.0;
                rect x=(lx) y=(legend_y) width="12" height="12" fill=(status_colour(*status)) {}
                text x=(lx + 16.0) y=(legend_y + 11.0) font-size="12" fill="#1d232a" { (status.as_str()) }
            }
        }
    }
}

/// A bar per attribution strength, strongest first.
fn strength_chart(totals: &Counts) -> Markup {
    let max = totals
        .by_strength
        .values()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let row_height = 26.0;
    let height = Strength::ALL.len() as f64 * row_height + 8.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width="900" height=(height) viewBox={ "0 0 900 " (height) } role="img" aria-label="Claims by attribution strength" {
            @for (index, strength) in Strength::ALL.iter().enumerate() {
                @let y = index as f64 * row_height;
                @let n = totals.by_strength[strength];
                @let w = n as f64 / max * BAR_WIDTH;
                text x="0" y=(y + 17.0) font-size="13" fill="#1d232a" { (strength.as_str()) }
                rect x="300" y=(y + 4.0) width=(w) height="18" fill=(strength_colour(*strength)) { title { (strength.as_str()) ": " (n) } }
                text x=(306.0 + w) y=(y + 17.0) font-size="12" fill="#1d232a" { (n) }
            }
        }
    }
}

fn claim_detail(entry: &ClaimEntry) -> Markup {
    let claim = &entry.claim;
    html! {
        div.claim id={ "claim-" (claim.id) } {
            p {
                b { (claim.id.to_string()) } " "
                span.small { "status " } (tag(claim.status.as_str(), status_colour(claim.status))) " "
                span.small { "attribution " } (tag(claim.strength.as_str(), strength_colour(claim.strength)))
                @if let Some(response) = claim.response { " " span.small { "response: " (response.as_str()) } }
            }
            p { (highlighted(&claim.text, claim.cue.as_deref())) }
            p.small {
                "Source: " (claim.source.as_deref().unwrap_or("none given"))
                " · independent lines of support: " (entry.lines)
            }
            @if entry.evidence.is_empty() {
                p.small { "No evidence linked yet." }
            } @else {
                ul {
                    @for item in &entry.evidence {
                        @let e = &item.evidence;
                        li {
                            b { (match item.stance { Stance::Supports => "supports", Stance::Refutes => "refutes", Stance::Context => "context" }) }
                            " " (e.id.to_string()) ", graded " (e.reliability.as_str()) (e.credibility.as_str()) ": "
                            @match &e.url { Some(url) => (link(url, &e.title)), None => (e.title) }
                            @if let Some(origin) = &e.origin { span.small { " — " (origin) } }
                            @if let Some(parent) = e.derived_from { span.small { ", derived from " (parent.to_string()) } }
                            @if let Some(note) = &item.note { br; span.small { (note) } }
                        }
                    }
                }
            }
            @match &entry.verdict {
                Some(v) => p { "Verdict: " b { (v.rating.as_str()) } " (" (v.confidence.as_str()) " confidence) by " (v.author) ", " (v.created_at) ": " (v.rationale) },
                None => p.small { "No verdict yet." },
            }
            // Only an article revised since it was registered has a revision worth naming.
            @if let Some(checked) = entry.checked.as_ref().filter(|c| c.latest > 1) {
                p.small { (super::report_text::checked_said(checked)) }
            }
        }
    }
}

/// The whole page, with `claims` (the first of `total`) listed in detail.
pub fn page(summary: &Summary, scope: &str, claims: &[ClaimEntry], total: usize) -> String {
    let open: Vec<&ClaimEntry> = claims.iter().filter(|c| c.verdict.is_none()).collect();
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // How `report --out` knows a page it may replace.
                meta name="generator" content="claimtrack";
                title { "claimtrack status report — " (scope) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    h1 { "Status report: " (scope) }
                    p.meta { (super::report_text::scope_line(summary)) " · generated " (summary.generated_at) " by claimtrack" }
                    @if summary.article_count == 0 {
                        p { (super::report_text::EMPTY) }
                    }
                    div.cards {
                        @for status in Status::ALL {
                            div.card style={ "border-top:4px solid " (status_colour(*status)) } {
                                b { (summary.totals.by_status[status]) } (status.as_str())
                            }
                        }
                    }
                    h2 { "Status per article" }
                    div.panel { (status_chart(summary)) }
                    h2 { "Attribution strength" }
                    div.panel { (strength_chart(&summary.totals)) }
                    h2 { "Open claims, weakest attribution first (" (open.len()) ")" }
                    @if open.is_empty() {
                        p { "None: " (super::report_text::none_open(summary)) "." }
                    } @else {
                        div.panel {
                            table {
                                thead { tr { th { "claim" } th { "strength" } th { "status" } th { "lines" } th { "source" } th { "sentence (cue marked)" } } }
                                tbody {
                                    @for entry in &open {
                                        @let c = &entry.claim;
                                        tr {
                                            td { a href={ "#claim-" (c.id) } { (c.id.to_string()) } }
                                            td { (tag(c.strength.as_str(), strength_colour(c.strength))) }
                                            td { (tag(c.status.as_str(), status_colour(c.status))) }
                                            td { (entry.lines) }
                                            td { (c.source.as_deref().unwrap_or("—")) }
                                            td { (highlighted(&c.text, c.cue.as_deref())) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    h2 { "Claims, evidence and verdicts" }
                    @for entry in claims { (claim_detail(entry)) }
                    @if let Some(more) = super::report_text::more_line(claims.len(), total) { p.small { (more) } }
                }
            }
        }
    };
    markup.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_marked_and_everything_is_escaped() {
        let marked = highlighted(
            "Officials ALLEGEDLY took <b>fees</b> & \"more\"",
            Some("allegedly"),
        )
        .into_string();
        assert_eq!(
            marked,
            "Officials <mark>ALLEGEDLY</mark> took &lt;b&gt;fees&lt;/b&gt; &amp; &quot;more&quot;"
        );
        assert_eq!(
            highlighted("<script>x</script>", None).into_string(),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(link("javascript:alert(1)", "t").into_string(), "t");
        assert_eq!(link("https://example.org/?a=1&b=\"2\"", "t").into_string(), "<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer\">t</a>");
    }
}
