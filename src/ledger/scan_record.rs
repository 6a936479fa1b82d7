//! `scan --record` as a use case: a text's claim sentences, as the scanner finds them, stored as claims of an
//! article with their place, source, cue and strength. The text must be the article's own (claims' places refer
//! to one text); a sentence already recorded at its place is not recorded twice. The work per sentence does not
//! grow with the article, so a text of 100,000 claim sentences records in one pass. A text that is already an
//! article's is that article, even when a new one is asked for (`--title`): its claims are not recorded twice.
//! A changed text of an article is a new revision of it only when asked (`--revise`, [`Writer::record_scan_revising`]).

use super::{claims, validate, Ledger, Revised, Writer};
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
    /// A new article was asked for, and the text was this existing article's already.
    pub existing: bool,
}

/// What `scan --record --revise` did: the text was the article's already (a plain scan), or a new revision.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanRevised {
    Same(Recorded),
    Revised(Revised),
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
        let mut existing = false;
        let article = match article {
            ScanArticle::Existing(id) => {
                let article = self.read().article(id)?;
                match &article.body {
                    Some(body) if body != text => {
                        return Err(Error::Conflict {
                            message: format!("the text differs from the text stored with article {id}"),
                            hint: Some(format!(
                                "claims' places refer to one text: record it as a new revision of {id} with \
                                 `--revise` (or `claimtrack article revise {id} --text-file FILE`)"
                            )),
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
                if let Some(id) = self.article_holding(text, new.url.as_deref())? {
                    existing = true;
                    id
                } else {
                    self.new_scanned_article(new, text)?
                }
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
                source_kind: Some(sentence.source_kind),
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
            existing,
        })
    }

    /// A new article for a scanned text.
    fn new_scanned_article(&mut self, new: NewArticle, text: &str) -> Result<ArticleId> {
        self.add_article(&NewArticle {
            body: Some(text.to_string()),
            ..new
        })
    }

    /// The article whose latest text is `text` (at `url`, when given), which a new article of that text would
    /// only repeat. A text that was an article's earlier revision is refused: its claims' places are in the
    /// latest text.
    fn article_holding(&self, text: &str, url: Option<&str>) -> Result<Option<ArticleId>> {
        match self.read().article_with_text(text, url)? {
            Some((id, number, latest)) if number == latest => Ok(Some(id)),
            Some((id, number, latest)) => Err(Error::Conflict {
                message: format!(
                    "the text is revision {number} of article {id}, which has been revised since (its latest is \
                     revision {latest})"
                ),
                hint: Some(format!(
                    "scan its latest text with `--article {id}`, or see what changed with `claimtrack diff {id}`"
                )),
            }),
            None => Ok(None),
        }
    }

    /// `scan --record --article A1 --revise`: the same text as the article's is scanned and recorded as usual; a
    /// changed one is recorded as a new revision, its claims re-anchored and its new claim sentences recorded.
    pub fn record_scan_revising(&mut self, article: ArticleId, text: &str) -> Result<ScanRevised> {
        if self.read().article(article)?.body.as_deref() == Some(text) {
            return Ok(ScanRevised::Same(
                self.record_scan(ScanArticle::Existing(article), text)?,
            ));
        }
        Ok(ScanRevised::Revised(
            self.revise_article(article, text, true)?,
        ))
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
                source_kind: new.source_kind,
                status: Status::Unverified,
                created_at: at,
            })
            .collect();
        let ids = self.tx.insert_claims(&rows)?;
        drop(rows);
        for ((new, _), id) in batch.drain(..).zip(ids) {
            self.matching.added_claim(id, new.article, &new.text);
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

    /// Issue 11, item 2: scanning the same text again with `--title` recorded every claim twice, as a second
    /// article. The same text (at the same address, when one is given) is the same article.
    #[test]
    fn a_text_already_on_the_desk_is_its_article_whatever_title_is_given() {
        let mut ledger = Ledger::in_memory().unwrap();
        let first = ledger
            .record_scan(&actor(), new_article("Dock fees"), TEXT)
            .unwrap();
        assert!(!first.existing);
        let events = ledger.read().event_count().unwrap();
        let again = ledger
            .record_scan(&actor(), new_article("Dock fees, again"), TEXT)
            .unwrap();
        assert_eq!(
            again,
            Recorded {
                article: first.article,
                added: 0,
                skipped: first.added,
                existing: true
            }
        );
        assert_eq!(ledger.read().articles().unwrap().len(), 1);
        assert_eq!(ledger.read().event_count().unwrap(), events);
        // Another address is another article (a syndicated copy), and so is another text.
        let elsewhere = ScanArticle::New(NewArticle {
            title: "Dock fees".to_string(),
            url: Some("https://example.org/elsewhere".to_string()),
            ..Default::default()
        });
        let copy = ledger.record_scan(&actor(), elsewhere, TEXT).unwrap();
        assert_eq!((copy.article, copy.existing), (ArticleId(2), false));
        let at_copy = ScanArticle::New(NewArticle {
            title: "Dock fees".to_string(),
            url: Some("https://example.org/elsewhere".to_string()),
            ..Default::default()
        });
        let same_copy = ledger.record_scan(&actor(), at_copy, TEXT).unwrap();
        assert_eq!(
            (same_copy.article, same_copy.existing),
            (ArticleId(2), true)
        );
        let other = ledger
            .record_scan(
                &actor(),
                new_article("Other"),
                "The port denied the report.\n",
            )
            .unwrap();
        assert_eq!((other.article, other.existing), (ArticleId(3), false));
    }

    #[test]
    fn the_text_of_an_earlier_revision_is_refused() {
        let mut ledger = Ledger::in_memory().unwrap();
        ledger
            .record_scan(&actor(), new_article("Dock fees"), TEXT)
            .unwrap();
        let revised = TEXT.replace("allegedly", "reportedly");
        ledger
            .write(&actor(), |w| {
                w.revise_article(ArticleId(1), &revised, false)
            })
            .unwrap();
        let events = ledger.read().event_count().unwrap();
        let err = ledger
            .record_scan(&actor(), new_article("Dock fees"), TEXT)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the text is revision 1 of article A1, which has been revised since (its latest is revision 2)"
        );
        assert_eq!(ledger.read().event_count().unwrap(), events);
        // Its latest text is the article.
        let latest = ledger
            .record_scan(&actor(), new_article("Dock fees"), &revised)
            .unwrap();
        assert_eq!((latest.article, latest.existing), (ArticleId(1), true));
    }
}
