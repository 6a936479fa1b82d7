//! Published fact-checks in (`import --claimreview`): the reviews a ClaimReview reading found, kept beside the
//! desk's own records and never mixed with them. A review is matched against and shown by `match`; it changes
//! no claim's status and is no verdict. The same address and claim reviewed are the same review: importing it
//! again changes nothing, or updates it in place when the publisher changed its rating or wording (a later item
//! of one file with the same address and claim replaces an earlier one). The whole file in one transaction, with
//! one event in the audit trail saying what came in.

use super::{validate, Ledger, Reader, Writer};
use crate::backend::{EventRefs, StoredReview};
use crate::error::{Error, Result};
use crate::matching::claimreview::{ExternalReview, MAX_CLAIM, MAX_FIELD};
use crate::matching::segment::DocKey;
use crate::model::{Action, Actor};

/// What an import of published fact-checks did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewImport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ReviewImport {
    /// The closing line of the import.
    pub fn summary(&self) -> String {
        let reviews = |n: usize| match n {
            1 => "1 published fact-check".to_string(),
            n => format!("{n} published fact-checks"),
        };
        match (self.added, self.updated) {
            (0, 0) => format!(
                "nothing to change: the desk already holds {}",
                match self.unchanged {
                    1 => "this fact-check".to_string(),
                    n => format!("these {n} fact-checks"),
                }
            ),
            (added, 0) => format!("added {}", reviews(added)),
            (0, updated) => format!("updated {}", reviews(updated)),
            (added, updated) => format!("added {}, updated {updated}", reviews(added)),
        }
    }
}

impl Ledger {
    /// Stores the reviews of one ClaimReview file (`from` names it in the audit trail), in one transaction.
    pub fn import_reviews(
        &mut self,
        actor: &Actor,
        reviews: &[ExternalReview],
        from: &str,
    ) -> Result<ReviewImport> {
        self.write(actor, |writer| writer.write_reviews(reviews, from))
    }
}

/// The reader keeps every field within these limits; the ledger's own are no tighter (a test holds them so).
fn check(number: usize, review: &ExternalReview) -> Result<()> {
    let what = |field: &str| format!("{field} of published fact-check {number}");
    validate::text(&what("claim reviewed"), &review.claim_reviewed, MAX_CLAIM)?;
    for (field, value) in [
        ("rating", &review.rating.text),
        ("reviewer", &review.reviewer),
        ("address", &review.url),
        ("language", &review.language),
        ("headline", &review.headline),
        ("claimant", &review.claimant),
    ] {
        validate::optional(&what(field), value.as_deref(), MAX_FIELD)?;
    }
    if review.claim_reviewed.trim().is_empty() {
        return Err(Error::invalid(format!(
            "published fact-check {number} has no claim reviewed"
        )));
    }
    if let Some(url) = review
        .url
        .as_deref()
        .filter(|url| !crate::render::web_address(url))
    {
        return Err(Error::invalid(format!(
            "the address of published fact-check {number}, `{}`, is not an http(s) address",
            crate::render::visible(url)
        )));
    }
    Ok(())
}

impl Writer<'_> {
    fn write_reviews(&mut self, reviews: &[ExternalReview], from: &str) -> Result<ReviewImport> {
        let mut done = ReviewImport::default();
        for (index, review) in reviews.iter().enumerate() {
            check(index + 1, review)?;
            let at = self.actor.at;
            match self
                .tx
                .review_by_key(review.url.as_deref(), &review.claim_reviewed)?
            {
                None => {
                    let id = self.tx.insert_review(review, at)?;
                    self.matching.added_review(id);
                    done.added += 1;
                }
                Some(old) if old.review == *review => done.unchanged += 1,
                Some(old) => {
                    self.tx.update_review(old.id, review, at)?;
                    if old.review.headline != review.headline {
                        self.matching.changed(DocKey::Review(old.id));
                    }
                    done.updated += 1;
                }
            }
        }
        if done.added + done.updated > 0 {
            let detail = format!("{} from {from}", done.summary());
            self.event(Action::ReviewImport, EventRefs::default(), detail)?;
        }
        Ok(done)
    }
}

impl Reader<'_> {
    /// Every imported published fact-check, by id.
    pub fn each_review(&self, mut each: impl FnMut(StoredReview) -> Result<()>) -> Result<()> {
        self.rows.each_review(&mut each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::claimreview::Rating;

    fn actor() -> Actor {
        Actor {
            name: "tester".to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    fn review(claim: &str, rating: &str, url: Option<&str>) -> ExternalReview {
        ExternalReview {
            claim_reviewed: claim.to_string(),
            rating: Rating {
                text: Some(rating.to_string()),
                ..Rating::default()
            },
            reviewer: Some("Harbour Factdesk".to_string()),
            url: url.map(str::to_string),
            date: None,
            language: None,
            headline: None,
            claimant: None,
        }
    }

    // The reader's limits are within the ledger's.
    const _: () =
        assert!(MAX_CLAIM <= validate::limits::CLAIM && MAX_FIELD <= validate::limits::SHORT);

    #[test]
    fn the_same_address_and_claim_are_one_review_updated_in_place() {
        let mut ledger = Ledger::in_memory().unwrap();
        let fares = review(
            "Ferry fares doubled.",
            "False",
            Some("https://f.example.org/1"),
        );
        let buses = review("Half the buses run on hydrogen.", "Unproven", None);
        let first = ledger
            .import_reviews(&actor(), &[fares.clone(), buses.clone()], "checks.json")
            .unwrap();
        assert_eq!(first.summary(), "added 2 published fact-checks");
        let again = ledger
            .import_reviews(&actor(), &[fares.clone(), buses.clone()], "checks.json")
            .unwrap();
        assert_eq!(
            again.summary(),
            "nothing to change: the desk already holds these 2 fact-checks"
        );
        let revised = ExternalReview {
            rating: Rating {
                text: Some("Mostly false".to_string()),
                ..Rating::default()
            },
            ..fares.clone()
        };
        let elsewhere = review(
            "Ferry fares doubled.",
            "False",
            Some("https://g.example.org/9"),
        );
        let third = ledger
            .import_reviews(&actor(), &[revised.clone(), elsewhere], "later.json")
            .unwrap();
        assert_eq!(third.summary(), "added 1 published fact-check, updated 1");
        let mut stored = Vec::new();
        ledger
            .read()
            .each_review(|r| {
                stored.push((r.id, r.review.rating.text, r.review.url));
                Ok(())
            })
            .unwrap();
        assert_eq!(
            stored,
            [
                (
                    1,
                    Some("Mostly false".to_string()),
                    Some("https://f.example.org/1".to_string())
                ),
                (2, Some("Unproven".to_string()), None),
                (
                    3,
                    Some("False".to_string()),
                    Some("https://g.example.org/9".to_string())
                ),
            ]
        );
        assert_eq!(ledger.read().event_count().unwrap(), 2);
    }

    #[test]
    fn a_review_the_ledger_refuses_rolls_the_whole_import_back() {
        let mut ledger = Ledger::in_memory().unwrap();
        let good = review("Ferry fares doubled.", "False", None);
        let bad = review("Bus fares\0 fell.", "True", None);
        let error = ledger
            .import_reviews(&actor(), &[good, bad], "checks.json")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the claim reviewed of published fact-check 2 holds a NUL byte (at byte 9), which text never does"
        );
        let mut count = 0;
        ledger
            .read()
            .each_review(|_| {
                count += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!((count, ledger.read().event_count().unwrap()), (0, 0));
    }
}
