//! What claim matching prints: `match`'s ranked list (desk claims and published fact-checks, each with its score)
//! in the four record formats, the "looks like" line `claim add` and `scan --record` print, and the pairs of
//! `report --matches`.
//!
//! A score is shown to two decimals, rounded down, so that a shown 0.50 is never a 0.497 below a threshold of 0.5.
//! A published fact-check is never shown as a desk verdict: it has no status and no verdict, and its
//! publisher's rating stands in its own column (and its own JSON object).

use std::io::Write;

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use super::{Cell, Format, Layout, RecordSink, Row};
use crate::error::Result;
use crate::ledger::{Hit, LooksLike, Matched};
use crate::matching::claimreview::Rating;

/// A score as shown: two decimals, rounded down.
pub fn score(value: f64) -> f64 {
    (value * 100.0 + 1e-9).floor() / 100.0
}

fn score_text(value: f64) -> String {
    format!("{:.2}", score(value))
}

/// A publisher's rating in words: its name, else its number on its scale.
fn rating_words(rating: &Rating) -> Option<String> {
    if let Some(text) = &rating.text {
        return Some(text.clone());
    }
    let value = rating.value?;
    Some(match rating.best {
        Some(best) => format!("{value} of {best}"),
        None => value.to_string(),
    })
}

/// One row of `match`: the design page's JSON shape (`id`, `review`, `text`, `score`, `status`, `verdict`).
struct MatchRow<'h>(&'h Hit);

impl Serialize for MatchRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let hit = self.0;
        let mut row = serializer.serialize_struct("Match", 6)?;
        match &hit.matched {
            Matched::Claim { claim, .. } => {
                row.serialize_field("id", &claim.id)?;
                row.serialize_field("review", &None::<()>)?;
                row.serialize_field("text", &claim.text)?;
                row.serialize_field("score", &score(hit.score))?;
                row.serialize_field("status", &claim.status)?;
                row.serialize_field("verdict", &claim.verdict)?;
            }
            Matched::Review(review) => {
                row.serialize_field("id", &None::<()>)?;
                row.serialize_field("review", &review.review)?;
                row.serialize_field("text", &review.review.claim_reviewed)?;
                row.serialize_field("score", &score(hit.score))?;
                row.serialize_field("status", &None::<()>)?;
                row.serialize_field("verdict", &None::<()>)?;
            }
        }
        row.end()
    }
}

impl Row for MatchRow<'_> {
    const HEADERS: &'static [&'static str] = &[
        "score", "id", "status", "verdict", "date", "reviewer", "rating", "url", "text",
    ];
    fn cells(&self) -> Vec<Cell> {
        let hit = self.0;
        let score = Some(score_text(hit.score));
        match &hit.matched {
            Matched::Claim { claim, rated_at } => vec![
                score,
                Some(claim.id.to_string()),
                Some(claim.status.to_string()),
                claim.verdict.map(|v| v.to_string()),
                rated_at.map(|t| t.date().to_string()),
                None,
                None,
                None,
                Some(claim.text.clone()),
            ],
            Matched::Review(stored) => {
                let review = &stored.review;
                vec![
                    score,
                    None,
                    None,
                    None,
                    review.date.map(|d| d.to_string()),
                    review.reviewer.clone(),
                    rating_words(&review.rating),
                    review.url.clone(),
                    Some(review.claim_reviewed.clone()),
                ]
            }
        }
    }
}

/// `match`'s results, best first.
pub fn hits(out: &mut dyn Write, format: Format, layout: Layout, hits: &[Hit]) -> Result<()> {
    let mut sink: RecordSink<'_, MatchRow<'_>> = RecordSink::new(out, format, layout)?;
    for hit in hits {
        sink.push(&MatchRow(hit))?;
    }
    sink.finish()?;
    Ok(())
}

/// What an already-rated match is, as the "looks like" line names it: "C12, rated false on 2026-10-01", or "a
/// fact-check by Full Fact, rated "False" on 2026-09-12".
fn rated(matched: &Matched) -> String {
    match matched {
        Matched::Claim { claim, rated_at } => {
            let mut line = claim.id.to_string();
            if let Some(verdict) = claim.verdict {
                line.push_str(&format!(", rated {verdict}"));
                if let Some(at) = rated_at {
                    line.push_str(&format!(" on {}", at.date()));
                }
            }
            line
        }
        Matched::Review(stored) => {
            let review = &stored.review;
            let mut line = match &review.reviewer {
                Some(reviewer) => format!("a fact-check by {reviewer}"),
                None => "a published fact-check".to_string(),
            };
            if let Some(rating) = rating_words(&review.rating) {
                line.push_str(&format!(", rated {rating:?}"));
            }
            if let Some(date) = review.date {
                line.push_str(&format!(" on {date}"));
            }
            line
        }
    }
}

/// "C41 looks like C12, rated false on 2026-10-01 (score 0.82)"; a fact-check's address follows it.
pub fn looks_like_line(pair: &LooksLike) -> String {
    like_line(&pair.claim.id.to_string(), &pair.like)
}

/// The note for a claim sentence the desk does not hold (one a revision adds): `new claim sentence "…" looks like
/// C12, rated false on 2026-10-01 (score 0.82)`.
pub fn sentence_like_line(sentence: &str, like: &Hit) -> String {
    like_line(&format!("new claim sentence \"{sentence}\""), like)
}

fn like_line(what: &str, like: &Hit) -> String {
    let mut line = format!(
        "{what} looks like {} (score {})",
        rated(&like.matched),
        score_text(like.score)
    );
    if let Matched::Review(stored) = &like.matched {
        if let Some(url) = &stored.review.url {
            line.push_str(&format!(": {url}"));
        }
    }
    super::visible(&line).into_owned()
}

/// One pair of `report --matches`: an open claim and what it looks like. JSON: `{"claim":"C41","article":"A3",
/// "text":"…","score":0.82,"like":{…}}`, with `like` in the shape of a `match` result.
struct PairRow<'p>(&'p LooksLike);

impl Serialize for PairRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let pair = self.0;
        let mut row = serializer.serialize_struct("Pair", 5)?;
        row.serialize_field("claim", &pair.claim.id)?;
        row.serialize_field("article", &pair.claim.article)?;
        row.serialize_field("text", &pair.claim.text)?;
        row.serialize_field("score", &score(pair.like.score))?;
        row.serialize_field("like", &MatchRow(&pair.like))?;
        row.end()
    }
}

impl Row for PairRow<'_> {
    const HEADERS: &'static [&'static str] = &["claim", "score", "looks like", "text", "like text"];
    fn cells(&self) -> Vec<Cell> {
        let pair = self.0;
        let like_text = match &pair.like.matched {
            Matched::Claim { claim, .. } => claim.text.clone(),
            Matched::Review(review) => review.review.claim_reviewed.clone(),
        };
        let mut like = rated(&pair.like.matched);
        if let Matched::Review(stored) = &pair.like.matched {
            if let Some(url) = &stored.review.url {
                like.push_str(&format!(" ({url})"));
            }
        }
        vec![
            Some(pair.claim.id.to_string()),
            Some(score_text(pair.like.score)),
            Some(like),
            Some(pair.claim.text.clone()),
            Some(like_text),
        ]
    }
}

/// `report --matches`: the open claims that look like an already-rated claim or fact-check.
pub fn pairs(
    out: &mut dyn Write,
    format: Format,
    layout: Layout,
    pairs: &[LooksLike],
) -> Result<()> {
    let mut sink: RecordSink<'_, PairRow<'_>> = RecordSink::new(out, format, layout)?;
    for pair in pairs {
        sink.push(&PairRow(pair))?;
    }
    sink.finish()?;
    Ok(())
}
