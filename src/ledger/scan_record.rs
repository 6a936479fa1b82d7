//! `scan --record` as a use case: a text's claim sentences, as the scanner finds them, stored as claims of an
//! article with their place, source, cue and strength. The text must be the article's own (claims' places refer
//! to one text); a sentence already recorded at its place is not recorded twice. The work per sentence does not
//! grow with the article, so a text of 100,000 claim sentences records in one pass.

use super::{claims, validate, Ledger, Writer};
use crate::backend::{ClaimRow, EventRefs};
use crate::error::{Error, Result};
use crate::model::{Action, Actor, ArticleId, NewArticle, NewClaim, Status};
use crate::scanner;

/// The article a scanned text belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanArticle {
    /// An article already on the desk; when it has no text yet, the scanned text becomes its text.
    Existing(ArticleId),
    /// A new article, whose text is the scanned text (its `body` is ignored).
    New(NewArticle),
}

/// What recording a scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub article: ArticleId,
    /// Claims recorded now.
    pub added: usize,
    /// Claim sentences recorded before, left as they were.
    pub skipped: usize,
}

impl Ledger {
    /// Scans `text` and records its claims, all in one transaction.
    pub fn record_scan(
        &mut self,
        actor: &Actor,
        article: ScanArticle,
        text: &str,
    ) -> Result<Recorded> {
        self.write(actor, |writer| writer.record_scan(article, text))
    }
}

impl Writer<'_> {
    /// Scans `text` and records its claim sentences as claims of the article.
    pub fn record_scan(&mut self, article: ScanArticle, text: &str) -> Result<Recorded> {
        self.record_scan_reporting(article, text, &mut |_| {})
    }

    /// `record_scan`, telling `scanned` how many bytes of the text are done after each sentence, for progress.
    pub fn record_scan_reporting(
        &mut self,
        article: ScanArticle,
        text: &str,
        scanned: &mut dyn FnMut(usize),
    ) -> Result<Recorded> {
        let article = match article {
            ScanArticle::Existing(id) => {
                let article = self.read().article(id)?;
                match &article.body {
                    Some(body) if body != text => {
                        return Err(Error::Conflict {
                            message: format!("the text differs from the text stored with article {id}"),
                            hint: Some(
                                "claims' places refer to one text: scan the stored text, or record the revised \
                                 text as a new article with `--title`"
                                    .to_string(),
                            ),
                        })
                    }
                    Some(_) => {}
                    None => {
                        let new = NewArticle {
                            key: Some(article.key.clone()),
                            title: article.title.clone(),
                            outlet: article.outlet.clone(),
                            url: article.url.clone(),
                            published: article.published.clone(),
                            author: article.author.clone(),
                            body: Some(text.to_string()),
                        };
                        self.update_article(id, &new)?;
                    }
                }
                id
            }
            ScanArticle::New(new) => {
                if new.title.trim().is_empty() {
                    return Err(Error::invalid("the article title is empty"));
                }
                self.add_article(&NewArticle {
                    body: Some(text.to_string()),
                    ..new
                })?
            }
        };
        let (mut added, mut skipped) = (0, 0);
        // Linear in the claims of the article: places are found by the index on them, keys counted once, the
        // text checked where it is (in memory), and claims written in batches.
        let mut next_key = self.tx.claim_count(article)? + 1;
        let mut batch: Vec<(NewClaim, String)> = Vec::new();
        // Scanned only once the article stands, so a text the ledger refuses is refused before the work.
        for sentence in scanner::scan_iter(text) {
            scanned(sentence.end);
            if !sentence.claim {
                continue;
            }
            let span = (sentence.start, sentence.end);
            if self
                .read()
                .claim_at(article, span, &sentence.text)?
                .is_some()
            {
                skipped += 1;
                continue;
            }
            let key = loop {
                let key = format!("c{next_key}");
                next_key += 1;
                if self.tx.claim_id(article, &key)?.is_none() {
                    break key;
                }
            };
            let new = NewClaim {
                article,
                key: None,
                cue: scanner::governing_cue(sentence.strength, &sentence.cues),
                text: sentence.text,
                span: Some(span),
                source: sentence.source,
                strength: sentence.strength,
                response: sentence.response,
            };
            validate::claim(&new)?;
            if text.get(span.0..span.1) != Some(new.text.as_str()) {
                return Err(Error::invalid(format!(
                    "the span {}..{} does not hold the claim's text in article {article}",
                    span.0, span.1
                )));
            }
            batch.push((new, key));
            added += 1;
            if batch.len() >= BATCH {
                self.record_batch(&mut batch)?;
            }
        }
        self.record_batch(&mut batch)?;
        Ok(Recorded {
            article,
            added,
            skipped,
        })
    }
}

impl Writer<'_> {
    /// Writes scanned claims and their events.
    fn record_batch(&mut self, batch: &mut Vec<(NewClaim, String)>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let at = self.actor.at;
        let rows: Vec<ClaimRow<'_>> = batch
            .iter()
            .map(|(new, key)| ClaimRow {
                article: new.article,
                key,
                text: &new.text,
                span: new.span,
                source: new.source.as_deref(),
                cue: new.cue.as_deref(),
                strength: new.strength,
                response: new.response,
                status: Status::Unverified,
                created_at: at,
            })
            .collect();
        let ids = self.tx.insert_claims(&rows)?;
        drop(rows);
        for ((new, _), id) in batch.drain(..).zip(ids) {
            self.event(
                Action::ClaimAdd,
                EventRefs {
                    article: Some(new.article),
                    claim: Some(id),
                    ..Default::default()
                },
                claims::recorded_detail(id, &new),
            )?;
        }
        Ok(())
    }
}

/// Claims written to the backend at a time.
const BATCH: usize = 4_096;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::ClaimFilter;
    use crate::model::Strength;

    const TEXT: &str = "Officials allegedly took fees from dock workers. \"We paid every Monday,\" said Amara Quist, \
        a union organiser.\n\nThe company denied the allegations.\n";

    fn actor() -> Actor {
        Actor {
            name: "tester".to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    fn new_article(title: &str) -> ScanArticle {
        ScanArticle::New(NewArticle {
            title: title.to_string(),
            ..Default::default()
        })
    }

    #[test]
    fn a_scan_records_its_claims_with_their_places_once() {
        let mut ledger = Ledger::in_memory().unwrap();
        let first = ledger
            .record_scan(&actor(), new_article("Dock fees"), TEXT)
            .unwrap();
        assert_eq!((first.article, first.skipped), (ArticleId(1), 0));
        let claims = ledger.read().claims(&ClaimFilter::default()).unwrap();
        assert_eq!(claims.len(), first.added);
        assert!(first.added >= 2, "{claims:?}");
        for claim in &claims {
            let (start, end) = claim.span.expect("a place");
            assert_eq!(&TEXT[start..end], claim.text);
        }
        assert_eq!(claims[0].strength, Strength::Hedged);
        assert_eq!(
            ledger.read().article(ArticleId(1)).unwrap().body.as_deref(),
            Some(TEXT)
        );
        let again = ledger
            .record_scan(&actor(), ScanArticle::Existing(first.article), TEXT)
            .unwrap();
        assert_eq!((again.added, again.skipped), (0, first.added));
    }

    #[test]
    fn an_article_without_text_takes_the_scanned_one_and_another_text_is_refused() {
        let mut ledger = Ledger::in_memory().unwrap();
        let id = ledger
            .write(&actor(), |w| {
                w.add_article(&NewArticle {
                    title: "Dock fees".to_string(),
                    ..Default::default()
                })
            })
            .unwrap();
        let recorded = ledger
            .record_scan(&actor(), ScanArticle::Existing(id), TEXT)
            .unwrap();
        assert!(recorded.added > 0);
        assert_eq!(
            ledger.read().article(id).unwrap().body.as_deref(),
            Some(TEXT)
        );
        let events = ledger.read().event_count().unwrap();
        let revised = TEXT.replace("allegedly", "reportedly");
        let err = ledger
            .record_scan(&actor(), ScanArticle::Existing(id), &revised)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the text differs from the text stored with article A1"
        );
        assert_eq!(ledger.read().event_count().unwrap(), events);
        let empty = ledger
            .record_scan(&actor(), new_article("  "), TEXT)
            .unwrap_err();
        assert_eq!(empty.to_string(), "the article title is empty");
        let missing = ledger
            .record_scan(&actor(), ScanArticle::Existing(ArticleId(9)), TEXT)
            .unwrap_err();
        assert_eq!(missing.to_string(), "article `A9` not found");
    }
}
