//! Spreadsheet import: rows of article title, address, claim text and attribution, each row a claim. An article
//! is one title and address (reused when it is already there); a sentence an article already holds is not
//! recorded twice; the scanner completes the attribution a row leaves out.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::tally::{Counted, Tally};
use super::{ClaimFilter, Ledger, Writer};
use crate::error::Result;
use crate::model::{Actor, ArticleId, NewArticle, NewClaim, Strength};
use crate::scanner::{self, Attribution, GivenAttribution};

/// One checked row of a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub title: String,
    pub url: Option<String>,
    pub text: String,
    pub source: Option<String>,
    pub cue: Option<String>,
    /// Inferred by the scanner when the row leaves it out.
    pub strength: Option<Strength>,
}

impl Ledger {
    /// Writes the rows in one transaction.
    pub fn import_spreadsheet(&mut self, actor: &Actor, rows: &[CsvRow]) -> Result<Tally> {
        self.write(actor, |writer| writer.write_spreadsheet(rows))
    }
}

impl Writer<'_> {
    /// Writes the rows: an article per distinct title and address (reused when it is already there), a claim per
    /// row unless the article already holds that sentence.
    fn write_spreadsheet(&mut self, rows: &[CsvRow]) -> Result<Tally> {
        let mut tally = Tally::default();
        let mut articles: HashMap<(String, Option<String>), ArticleId> = self
            .read()
            .articles()?
            .into_iter()
            .map(|a| ((a.title, a.url), a.id))
            .collect();
        // The sentences each article already holds, loaded once per article.
        let mut texts: HashMap<ArticleId, HashSet<String>> = HashMap::new();
        for row in rows {
            let wanted = (row.title.clone(), row.url.clone());
            let article = match articles.get(&wanted) {
                Some(id) => *id,
                None => {
                    tally.count(Counted::Articles, true, true);
                    let new = NewArticle {
                        title: row.title.clone(),
                        url: row.url.clone(),
                        ..Default::default()
                    };
                    let id = self.add_article(&new)?;
                    articles.insert(wanted, id);
                    id
                }
            };
            let known = match texts.entry(article) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => {
                    let claims = self.read().claims(&ClaimFilter {
                        article: Some(article),
                        ..Default::default()
                    })?;
                    entry.insert(claims.into_iter().map(|c| c.text).collect())
                }
            };
            if !known.insert(row.text.clone()) {
                continue;
            }
            let given = GivenAttribution {
                strength: row.strength,
                source: row.source.clone(),
                cue: row.cue.clone(),
                response: None,
            };
            let Attribution {
                strength,
                source,
                cue,
                response,
            } = scanner::complete_attribution(&row.text, given);
            self.add_claim(&NewClaim {
                article,
                key: None,
                text: row.text.clone(),
                span: None,
                source,
                cue,
                strength,
                response,
            })?;
            tally.count(Counted::Claims, true, true);
        }
        Ok(tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor() -> Actor {
        Actor {
            name: "tester".to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    fn row(title: &str, url: Option<&str>, text: &str, strength: Option<Strength>) -> CsvRow {
        CsvRow {
            title: title.to_string(),
            url: url.map(str::to_string),
            text: text.to_string(),
            source: None,
            cue: None,
            strength,
        }
    }

    #[test]
    fn rows_become_claims_of_one_article_per_title_and_address_once() {
        let mut ledger = Ledger::in_memory().unwrap();
        let rows = [
            row("Dock fees", None, "Officials allegedly took fees.", None),
            row(
                "Dock fees",
                None,
                "The port handled 4.5 million tonnes.",
                Some(Strength::Document),
            ),
            row(
                "Dock fees",
                Some("https://example.org/fees"),
                "Officials allegedly took fees.",
                None,
            ),
            row("Dock fees", None, "Officials allegedly took fees.", None),
        ];
        let tally = ledger.import_spreadsheet(&actor(), &rows).unwrap();
        assert_eq!(tally.summary(), "added 2 articles, 3 claims");
        let claims: Vec<(ArticleId, String, Strength, Option<String>)> = ledger
            .read()
            .claims(&ClaimFilter::default())
            .unwrap()
            .into_iter()
            .map(|c| (c.article, c.key, c.strength, c.cue))
            .collect();
        assert_eq!(
            claims,
            [
                (
                    ArticleId(1),
                    "c1".to_string(),
                    Strength::Hedged,
                    Some("allegedly".to_string())
                ),
                (ArticleId(1), "c2".to_string(), Strength::Document, None),
                (
                    ArticleId(2),
                    "c1".to_string(),
                    Strength::Hedged,
                    Some("allegedly".to_string())
                ),
            ]
        );
        let again = ledger.import_spreadsheet(&actor(), &rows).unwrap();
        assert_eq!(
            again.summary(),
            "nothing to change: the database already matches these files"
        );
    }
}
