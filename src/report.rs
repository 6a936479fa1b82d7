//! What a status report says, gathered from the ledger into plain values that every renderer draws from: totals
//! by status and strength, per article, and the claims with their evidence and verdicts.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::error::Result;
use crate::ledger::{Checked, ClaimFilter, Reader};
use crate::model::{
    Article, ArticleId, Claim, ClaimId, Evidence, Stance, Status, Strength, Timestamp, Verdict,
};

/// Claim counts, every status and strength present (zero included) in the design page's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub claims: u64,
    pub by_status: BTreeMap<Status, u64>,
    pub by_strength: BTreeMap<Strength, u64>,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            claims: 0,
            by_status: Status::ALL.iter().map(|s| (*s, 0)).collect(),
            by_strength: Strength::ALL.iter().map(|s| (*s, 0)).collect(),
        }
    }
}

impl Counts {
    fn add(&mut self, status: Status, strength: Strength, n: u64) {
        self.claims += n;
        *self.by_status.entry(status).or_default() += n;
        *self.by_strength.entry(strength).or_default() += n;
    }
}

/// One article's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleCounts {
    pub id: ArticleId,
    pub title: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// What a report says up top: the totals, and the first articles' counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub generated_at: Timestamp,
    pub totals: Counts,
    /// The first articles, as many as the report shows.
    pub articles: Vec<ArticleCounts>,
    /// How many articles the report covers in all.
    pub article_count: usize,
}

/// An evidence item as linked to one claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedItem {
    #[serde(flatten)]
    pub evidence: Evidence,
    pub stance: Stance,
    pub note: Option<String>,
}

/// A claim with what a reader of the report needs beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimEntry {
    pub claim: Claim,
    /// Independent lines of supporting evidence.
    pub lines: usize,
    pub evidence: Vec<LinkedItem>,
    /// The newest verdict, which is the one that counts.
    pub verdict: Option<Verdict>,
    /// The revision of the article that verdict was checked against, and what changed in the claim since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<Checked>,
}

/// Totals by status and strength, for one article or the whole desk.
pub fn totals(db: &Reader<'_>, article: Option<ArticleId>) -> Result<Counts> {
    if let Some(id) = article {
        db.article(id)?;
    }
    let mut totals = Counts::default();
    for (status, strength, n) in db.claim_totals(article)? {
        totals.add(status, strength, n);
    }
    Ok(totals)
}

/// Calls `each` with every article's counts in turn, from one GROUP BY read as it goes, so a desk of many
/// articles is never held whole.
pub fn each_article(
    db: &Reader<'_>,
    article: Option<ArticleId>,
    mut each: impl FnMut(ArticleCounts) -> Result<()>,
) -> Result<()> {
    let mut current: Option<ArticleCounts> = None;
    db.each_article_count(article, |group| {
        if current.as_ref().map(|a| a.id) != Some(group.article) {
            if let Some(done) = current.take() {
                each(done)?;
            }
            current = Some(ArticleCounts {
                id: group.article,
                title: group.title.clone(),
                counts: Counts::default(),
            });
        }
        if let (Some(status), Some(strength), Some(entry)) =
            (group.status, group.strength, current.as_mut())
        {
            entry.counts.add(status, strength, group.claims);
        }
        Ok(())
    })?;
    match current {
        Some(last) => each(last),
        None => Ok(()),
    }
}

/// Totals and the first `limit` articles' counts (all when `None`), and how many articles there are.
pub fn summary(
    db: &Reader<'_>,
    article: Option<ArticleId>,
    generated_at: Timestamp,
    limit: Option<usize>,
) -> Result<Summary> {
    let totals = totals(db, article)?;
    let mut articles = Vec::new();
    let mut count = 0;
    each_article(db, article, |counts| {
        count += 1;
        if limit.is_none_or(|limit| articles.len() < limit) {
            articles.push(counts);
        }
        Ok(())
    })?;
    Ok(Summary {
        generated_at,
        totals,
        articles,
        article_count: count,
    })
}

/// The design page's `report --format json`, written as it is read: totals first, then one article at a time.
pub fn write_json(
    db: &Reader<'_>,
    article: Option<ArticleId>,
    generated_at: Timestamp,
    out: &mut dyn Write,
) -> Result<()> {
    let totals = totals(db, article)?;
    write!(
        out,
        "{{\n  \"generated_at\": {},\n",
        serde_json::to_string(&generated_at).map_err(std::io::Error::from)?
    )?;
    write!(
        out,
        "  \"totals\": {},\n  \"articles\": [",
        pretty(&totals, "  ")?
    )?;
    let mut first = true;
    each_article(db, article, |counts| {
        write!(
            out,
            "{}\n    {}",
            if first { "" } else { "," },
            pretty(&counts, "    ")?
        )?;
        first = false;
        Ok(())
    })?;
    writeln!(out, "{}]\n}}", if first { "" } else { "\n  " })?;
    Ok(())
}

/// Pretty JSON of a value nested at `indent` inside a larger document.
fn pretty<T: Serialize>(value: &T, indent: &str) -> Result<String> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::from)?;
    Ok(text.replace('\n', &format!("\n{indent}")))
}

/// The claims a report lists, weakest attribution first and oldest first within a strength: the open ones (no
/// verdict yet), or all of them.
pub fn claims(
    db: &Reader<'_>,
    article: Option<ArticleId>,
    open_only: bool,
) -> Result<Vec<ClaimEntry>> {
    Ok(first_claims(db, article, open_only, None)?.0)
}

/// Like `claims`, but only the first `limit` get their evidence looked up; also returns how many there are in
/// all, so a report can say how many it left out.
pub fn first_claims(
    db: &Reader<'_>,
    article: Option<ArticleId>,
    open_only: bool,
    limit: Option<usize>,
) -> Result<(Vec<ClaimEntry>, usize)> {
    let mut entries = Vec::new();
    let mut total = 0;
    db.each_claim(&filter(article, open_only), |claim| {
        total += 1;
        if limit.is_none_or(|limit| entries.len() < limit) {
            entries.push(entry(db, claim)?);
        }
        Ok(())
    })?;
    Ok((entries, total))
}

/// Calls `each` with every claim a report covers, weakest attribution first, one at a time, with its lines of
/// support (what the CSV report shows; its verdict is the claim's own column).
pub fn each_claim(
    db: &Reader<'_>,
    article: Option<ArticleId>,
    mut each: impl FnMut(ClaimLine) -> Result<()>,
) -> Result<()> {
    // Only claims with a supporting link have a line of support: their counts come from one pass over the
    // supporting links and their chains (in claim order, where the rows come in report order), kept at a byte
    // a claim id, a megabyte for a million claims; the rare count above 254 is kept aside.
    let mut lines: Vec<u8> = Vec::new();
    let mut many: BTreeMap<ClaimId, usize> = BTreeMap::new();
    db.each_lines_of_support(&mut |claim, n| {
        let Ok(id) = usize::try_from(claim.0) else {
            return;
        };
        if lines.len() <= id {
            lines.resize(id + 1, 0);
        }
        match u8::try_from(n) {
            Ok(small) if small < u8::MAX => lines[id] = small,
            _ => {
                lines[id] = u8::MAX;
                many.insert(claim, n);
            }
        }
    })?;
    let lines_of = |claim: ClaimId| -> usize {
        let Some(&n) = usize::try_from(claim.0).ok().and_then(|id| lines.get(id)) else {
            return 0;
        };
        if n == u8::MAX {
            many.get(&claim).copied().unwrap_or(0)
        } else {
            usize::from(n)
        }
    };
    db.each_claim(&filter(article, false), |claim| {
        let lines = lines_of(claim.id);
        each(ClaimLine { claim, lines })
    })
}

/// A claim with its number of independent lines of supporting evidence: a row of the CSV report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimLine {
    pub claim: Claim,
    pub lines: usize,
}

fn filter(article: Option<ArticleId>, open_only: bool) -> ClaimFilter {
    ClaimFilter {
        article,
        open: open_only,
        weakest_first: true,
        ..Default::default()
    }
}

/// One claim with its evidence, lines of support and current verdict.
pub fn entry(db: &Reader<'_>, claim: Claim) -> Result<ClaimEntry> {
    let lines = db.assess(claim.id)?.origins.len();
    let evidence = linked_items(db, claim.id)?;
    let verdict = db.verdicts(claim.id)?.pop();
    let checked = match &verdict {
        Some(verdict) => db.checked(&claim, verdict)?,
        None => None,
    };
    Ok(ClaimEntry {
        claim,
        lines,
        evidence,
        verdict,
        checked,
    })
}

/// The evidence items linked to a claim, with the stance and note of each link, by evidence id.
pub fn linked_items(db: &Reader<'_>, claim: ClaimId) -> Result<Vec<LinkedItem>> {
    let mut items = Vec::new();
    for link in db.links_of_claim(claim)? {
        items.push(LinkedItem {
            evidence: db.evidence(link.evidence)?,
            stance: link.stance,
            note: link.note,
        });
    }
    Ok(items)
}

/// The articles a report covers.
pub fn articles(db: &Reader<'_>, article: Option<ArticleId>) -> Result<Vec<Article>> {
    match article {
        Some(id) => Ok(vec![db.article(id)?]),
        None => db.articles(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::ledger::{ClaimsInput, DeskFiles, Ledger};
    use crate::model::{Actor, EvidenceId};

    /// A generated desk: many supported claims, items derived from items derived from others, origins shared
    /// across chains.
    fn generated(claims: usize, articles: usize, seed: u64) -> Ledger {
        let mut files = DeskFiles::default();
        for (key, article, claims) in crate::generate::desk(claims, articles, seed) {
            let path = PathBuf::from(format!("sources/{key}.txt"));
            files.articles.insert(key.clone(), (path, article));
            files.claims.push(ClaimsInput {
                path: PathBuf::from(format!("claims/{key}.toml")),
                text: crate::desk::write_claims(&claims),
                file: claims,
            });
        }
        let mut ledger = Ledger::in_memory().unwrap();
        let actor = Actor {
            name: "tester".to_string(),
            at: "2026-12-02T04:00:00Z".parse().unwrap(),
        };
        ledger.import_desk(&actor, &files).unwrap();
        ledger
    }

    #[test]
    fn the_csv_rows_lines_are_the_status_engines_on_each_claim_alone() {
        let ledger = generated(3000, 120, 7);
        let db = ledger.read();
        let mut rows = Vec::new();
        each_claim(&db, None, |line| {
            rows.push((line.claim.id, line.lines));
            Ok(())
        })
        .unwrap();
        // against what the per-claim path (a query per claim and per step of a chain) says: (claim, CSV, that)
        let differing: Vec<(ClaimId, usize, usize)> = rows
            .iter()
            .map(|&(claim, lines)| (claim, lines, db.lines_of_support(claim).unwrap()))
            .filter(|(_, csv, alone)| csv != alone)
            .collect();
        assert_eq!(differing, []);
        assert_eq!(rows.len(), 3000);
        // the desk is one the test can fail on: many supported claims, some with several lines, and chains of
        // two steps or more
        assert!(rows.iter().filter(|(_, lines)| *lines > 0).count() > 1000);
        assert!(rows.iter().any(|(_, lines)| *lines >= 3));
        let items = db.all_evidence().unwrap();
        let parent = |id: EvidenceId| {
            items
                .iter()
                .find(|e| e.id == id)
                .and_then(|e| e.derived_from)
        };
        let deep = items
            .iter()
            .filter(|item| item.derived_from.and_then(parent).is_some())
            .count();
        assert!(deep > 10, "{deep} items two steps down a chain");
    }

    #[test]
    fn an_articles_csv_rows_have_the_lines_of_the_whole_desks() {
        let ledger = generated(600, 30, 3);
        let db = ledger.read();
        let article = ArticleId(2);
        let mut rows = Vec::new();
        each_claim(&db, Some(article), |line| {
            assert_eq!(line.claim.article, article);
            rows.push((line.claim.id, line.lines));
            Ok(())
        })
        .unwrap();
        assert!(!rows.is_empty());
        for (claim, lines) in rows {
            assert_eq!(lines, db.lines_of_support(claim).unwrap(), "{claim}");
        }
    }
}
