//! schema.org ClaimReview JSON-LD, one object per claim with a verdict, with the fields Google's fact-check
//! markup requires (`claimReviewed`, `reviewRating` with `alternateName`, `url`) and the recommended ones.

use serde_json::{json, Value};

use crate::model::{Article, ClaimSourceKind, Rating, Strength};
use crate::report::ClaimEntry;

/// The longest `claimReviewed` Google shows in full.
const CLAIM_REVIEWED_MAX: usize = 75;

/// Cuts a claim to at most 75 characters at a word boundary, with an ellipsis when it was cut.
pub fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= CLAIM_REVIEWED_MAX {
        return text.to_string();
    }
    // Leave room for the ellipsis.
    let limit: String = text.chars().take(CLAIM_REVIEWED_MAX - 1).collect();
    let cut = match limit.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &limit[..space],
        _ => limit.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c))
    )
}

/// How a rating reads to a person, as `alternateName`.
pub fn rating_name(rating: Rating) -> &'static str {
    match rating {
        Rating::True => "True",
        Rating::MostlyTrue => "Mostly true",
        Rating::Mixed => "Mixed",
        Rating::MostlyFalse => "Mostly false",
        Rating::False => "False",
        Rating::Unproven => "Unproven",
    }
}

/// Who the desk publishes as, and where its reviews live.
pub struct Publisher<'a> {
    pub org: &'a str,
    /// Base address of the desk's published reviews; each review's `url` is `<base>/<claim id>`. Without it,
    /// the article's address with a `#claimtrack-C1` fragment stands in.
    pub url_base: Option<&'a str>,
}

/// One ClaimReview per claim that has a verdict, in the order given.
pub fn reviews(
    entries: &[ClaimEntry],
    article_of: impl Fn(&ClaimEntry) -> Option<Article>,
    source_kind: impl Fn(&ClaimEntry) -> ClaimSourceKind,
    publisher: &Publisher<'_>,
) -> Value {
    let mut out = Vec::new();
    for entry in entries {
        let Some(verdict) = &entry.verdict else {
            continue;
        };
        let claim = &entry.claim;
        let article = article_of(entry);
        let article_url = article.as_ref().and_then(|a| a.url.clone());
        let url = match (publisher.url_base, &article_url) {
            (Some(base), _) => format!("{}/{}", base.trim_end_matches('/'), claim.id),
            (None, Some(article_url)) => format!("{article_url}#claimtrack-{}", claim.id),
            (None, None) => format!("#claimtrack-{}", claim.id),
        };
        let mut rating = json!({ "@type": "Rating", "alternateName": rating_name(verdict.rating) });
        if let Some(score) = verdict.rating.score() {
            rating["ratingValue"] = json!(score);
            rating["bestRating"] = json!(5);
            rating["worstRating"] = json!(1);
        }
        let mut item = json!({ "@type": "Claim" });
        if let Some(article) = &article {
            if let Some(published) = &article.published {
                item["datePublished"] = json!(published);
            }
            if let Some(address) = &article.url {
                let work =
                    json!({ "@type": "CreativeWork", "url": address, "headline": article.title });
                item["appearance"] = json!([work.clone()]);
                item["firstAppearance"] = work;
            }
        }
        // The claim has an author only when the article names one on the record.
        if let (Strength::OnRecord, Some(source)) = (claim.strength, &claim.source) {
            let kind = match source_kind(entry) {
                ClaimSourceKind::NamedPerson => "Person",
                _ => "Organization",
            };
            item["author"] = json!({ "@type": kind, "name": source });
        }
        out.push(json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": shorten(&claim.text),
            "datePublished": verdict.created_at.get(..10).unwrap_or(&verdict.created_at),
            "author": { "@type": "Organization", "name": publisher.org },
            "reviewRating": rating,
            "itemReviewed": item,
        }));
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_shortened_at_a_word_boundary() {
        assert_eq!(shorten("Short claim."), "Short claim.");
        let long = "Casual dock workers at the port of Alderhaven were allegedly made to pay labour brokers for shifts.";
        let short = shorten(long);
        assert_eq!(
            short,
            "Casual dock workers at the port of Alderhaven were allegedly made to pay…"
        );
        assert!(short.chars().count() <= 75);
        let exactly: String = "a".repeat(75);
        assert_eq!(shorten(&exactly), exactly);
        let no_spaces = "x".repeat(100);
        assert_eq!(shorten(&no_spaces).chars().count(), 75);
        assert_eq!(shorten(&"é ".repeat(60)).chars().count(), 74);
    }
}
