//! schema.org ClaimReview JSON-LD, one object per claim with a verdict, with the fields Google's fact-check
//! markup requires (`claimReviewed`, `reviewRating` with `alternateName`, `url`) and the recommended ones.
//!
//! It is published output, pasted into a `<script type="application/ld+json">` tag: only http(s) addresses are
//! written, and `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026` so that no text can close the
//! script tag or open a comment.

use std::io::Write;

use serde_json::{json, Value};

use super::web_address;
use crate::error::{Error, Result};
use crate::model::{Article, ClaimId, ClaimSourceKind, Rating, Strength};
use crate::report::ClaimEntry;

/// The longest `claimReviewed` Google's fact-check guidance asks for ("less than 75 characters", so it does not
/// wrap on a phone).
const CLAIM_REVIEWED_MAX: usize = 75;
/// A clause shorter than this says too little to stand for the claim; a cut at a word says more.
const CLAUSE_MIN: usize = 30;
/// Words that start a new clause: a cut just before one leaves whole clauses.
const CLAUSE_WORDS: &[&str] = &[
    "and", "but", "or", "yet", "so", "while", "whereas", "although", "though", "because", "since",
    "after", "before", "when", "which", "who", "where", "as", "if", "unless",
];

/// Byte offsets in `text` where a clause ends: before a comma, semicolon, colon or full stop, before a dash or an
/// opening bracket, and before a word that starts a clause.
fn clause_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().filter_map(move |(i, c)| {
        let rest = &text[i + c.len_utf8()..];
        match c {
            ',' | ';' | ':' | '.' if rest.starts_with(' ') => Some(i),
            ' ' if rest.starts_with(['—', '–', '(']) => Some(i),
            ' ' => {
                let word = rest
                    .split(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                CLAUSE_WORDS
                    .contains(&word.to_lowercase().as_str())
                    .then_some(i)
            }
            _ => None,
        }
    })
}

/// `claimReviewed` from a claim's sentence: the whole sentence when it fits Google's guidance, else its first
/// clauses up to the last clause boundary that fits, with an ellipsis; at a word only when no clause of a useful
/// length fits.
pub fn claim_reviewed(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= CLAIM_REVIEWED_MAX {
        return text.to_string();
    }
    // Leave room for the ellipsis.
    let room = text
        .char_indices()
        .nth(CLAIM_REVIEWED_MAX - 1)
        .map_or(text.len(), |(i, _)| i);
    let clause = clause_ends(text)
        .take_while(|&end| end <= room)
        .filter(|&end| text[..end].chars().count() >= CLAUSE_MIN)
        .last();
    let cut = match clause {
        Some(end) => &text[..end],
        None => {
            let limit = &text[..room];
            // The room may end just before a space: then its last word is whole.
            let whole = text[room..].starts_with(char::is_whitespace);
            match limit.rfind(char::is_whitespace) {
                Some(space) if space > 0 && !whole => &limit[..space],
                _ => limit,
            }
        }
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

/// How the author of a reviewed claim is typed, when the claim's row does not say: by the desk's source record of
/// that name, and, failing that, by the scanner's reading of the sentence reviewed.
pub struct AuthorKinds<R, G> {
    /// The kind of the desk's source record of this name, when there is one that says.
    pub record: R,
    /// The scanner's reading of the claim's sentence as reviewed.
    pub guessed: G,
}

/// Who the claim reviewed is attributed to, by kind: the claim's own stored kind (the scanner's when it was
/// recorded, or what the fact-checker typed, which a later reading never overrides), when `source` is the source it
/// was stored with; else the desk's source record's; else, for a claim recorded before schema version 6 (its
/// kind unknown) or reviewed at a revision that named another source, the scanner's reading of the sentence
/// reviewed, as every review was typed before the kind was kept.
fn author_kind<R, G>(entry: &ClaimEntry, source: &str, kinds: &AuthorKinds<R, G>) -> ClaimSourceKind
where
    R: Fn(&str) -> Option<ClaimSourceKind>,
    G: Fn(&ClaimEntry) -> ClaimSourceKind,
{
    let claim = &entry.claim;
    claim
        .source_kind
        .filter(|_| claim.source.as_deref() == Some(source))
        .or_else(|| (kinds.record)(source))
        .unwrap_or_else(|| (kinds.guessed)(entry))
}

/// One ClaimReview per claim that has a verdict, in the order given. A review address that is not http(s) is
/// refused; an article address that is not is left out, as if the article had none.
pub fn reviews<R, G>(
    entries: &[ClaimEntry],
    article_of: impl Fn(&ClaimEntry) -> Option<Article>,
    kinds: &AuthorKinds<R, G>,
    publisher: &Publisher<'_>,
) -> Result<Value>
where
    R: Fn(&str) -> Option<ClaimSourceKind>,
    G: Fn(&ClaimEntry) -> ClaimSourceKind,
{
    if let Some(base) = publisher.url_base.filter(|base| !web_address(base)) {
        return Err(Error::invalid_with(
            format!("the review address `{}` is not an http(s) address", super::visible(base)),
            "give `--review-url https://…`, or fix it with `claimtrack setting review-url https://…`",
        ));
    }
    let mut out = Vec::new();
    for entry in entries {
        // A verdict given on an earlier text of the claim does not rate what it says now: not published.
        let Some(verdict) = entry.verdict.as_ref().filter(|v| !v.on_earlier_text) else {
            continue;
        };
        let claim = &entry.claim;
        let article = article_of(entry);
        let article_url = published_address(article.as_ref().and_then(|a| a.url.as_deref()));
        let url = review_address(publisher.url_base, article_url, claim.id);
        let mut rating = json!({ "@type": "Rating", "alternateName": rating_name(verdict.rating) });
        if let Some(score) = verdict.rating.score() {
            rating["ratingValue"] = json!(score);
            rating["bestRating"] = json!(5);
            rating["worstRating"] = json!(1);
        }
        let mut item = json!({ "@type": "Claim" });
        // A revised article: the review is of the revision the verdict was checked against, and says so.
        let checked = entry.checked.as_ref().filter(|c| c.latest > 1);
        if let Some(article) = &article {
            if let Some(published) = &article.published {
                item["datePublished"] = json!(published);
            }
            if let Some(address) = article_url {
                let work =
                    json!({ "@type": "CreativeWork", "url": address, "headline": article.title });
                let mut appearance = work.clone();
                if let Some(checked) = checked {
                    appearance["version"] = json!(checked.revision);
                    if checked.revised_since() {
                        appearance["description"] = json!(revised_since(checked));
                    }
                }
                item["appearance"] = json!([appearance]);
                item["firstAppearance"] = work;
            }
        }
        // The claim has an author only when the article names one on the record (in the revision checked).
        let (strength, source) = match checked.and_then(|c| c.attribution.as_ref()) {
            Some(then) => (then.strength, &then.source),
            None => (claim.strength, &claim.source),
        };
        if let (Strength::OnRecord, Some(source)) = (strength, source) {
            let kind = match author_kind(entry, source, kinds) {
                ClaimSourceKind::NamedPerson => "Person",
                _ => "Organization",
            };
            item["author"] = json!({ "@type": kind, "name": source });
        }
        out.push(json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": verdict.summary.clone().unwrap_or_else(|| claim_reviewed(reviewed_text(entry))),
            "datePublished": verdict.created_at.date().to_string(),
            "author": { "@type": "Organization", "name": publisher.org },
            "reviewRating": rating,
            "itemReviewed": item,
        }));
    }
    Ok(Value::Array(out))
}

/// The claim's sentence as it was checked: at the revision of the article its verdict was checked against, when
/// it had a place there; else as it reads now.
pub fn reviewed_text(entry: &ClaimEntry) -> &str {
    entry
        .checked
        .as_ref()
        .and_then(|c| c.text.as_deref())
        .unwrap_or(&entry.claim.text)
}

/// What an appearance says of an article revised after the verdict.
fn revised_since(checked: &crate::ledger::Checked) -> String {
    let claim = if checked.changes.is_empty() {
        "the claim reads the same".to_string()
    } else if checked
        .changes
        .contains(&crate::revision::ChangeKind::Dropped)
    {
        "the claim is no longer in it".to_string()
    } else {
        format!(
            "the claim has changed since ({})",
            super::report_text::since_said(checked)
        )
    };
    format!(
        "Revision {} of the article, as checked; the article has been revised since (revision {} now), and {claim}.",
        checked.revision, checked.latest
    )
}

/// An article's address as ClaimReview may carry it: only an http(s) one.
fn published_address(url: Option<&str>) -> Option<&str> {
    url.filter(|url| web_address(url))
}

/// A review's own address: under the desk's review address, else the article's with a fragment, else the
/// fragment alone.
fn review_address(base: Option<&str>, article_url: Option<&str>, claim: ClaimId) -> String {
    match (base, article_url) {
        (Some(base), _) => format!("{}/{claim}", base.trim_end_matches('/')),
        (None, Some(article_url)) => format!("{article_url}#claimtrack-{claim}"),
        (None, None) => format!("#claimtrack-{claim}"),
    }
}

/// Writes reviews as pretty JSON, safe inside a `<script>` tag.
pub fn write(out: &mut dyn Write, reviews: &Value) -> Result<()> {
    let text = serde_json::to_string_pretty(reviews).map_err(std::io::Error::from)?;
    out.write_all(script_safe(&text).as_bytes())?;
    writeln!(out)?;
    Ok(())
}

/// JSON text with `<`, `>`, `&` and the two Unicode line separators escaped. In JSON those characters can only
/// stand inside strings, where the `\uXXXX` form means the same, so the data is unchanged.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_published() {
        assert_eq!(published_address(Some("javascript:alert(1)")), None);
        assert_eq!(published_address(Some("data:text/html,x")), None);
        assert_eq!(
            published_address(Some("https://example.org/a")),
            Some("https://example.org/a")
        );
        let c1 = crate::model::ClaimId(1);
        assert_eq!(review_address(None, None, c1), "#claimtrack-C1");
        assert_eq!(
            review_address(None, Some("https://example.org/a"), c1),
            "https://example.org/a#claimtrack-C1"
        );
        assert_eq!(
            review_address(Some("https://desk.example/reviews/"), None, c1),
            "https://desk.example/reviews/C1"
        );
    }

    /// The stored kind first, then the desk's source record, and the scanner's reading only when neither says:
    /// a claim from before schema version 6, or one reviewed at a revision that named another source.
    #[test]
    fn the_author_is_typed_by_the_stored_kind_then_the_record_then_the_scanner() {
        use crate::model::{ArticleId, Claim, Status, Timestamp};
        let entry = |kind: Option<ClaimSourceKind>| ClaimEntry {
            claim: Claim {
                id: ClaimId(1),
                article: ArticleId(1),
                text: "Lind said fees rose.".to_string(),
                source: Some("Lind".to_string()),
                cue: Some("said".to_string()),
                strength: Strength::OnRecord,
                response: None,
                status: Status::Unverified,
                verdict: None,
                source_kind: kind,
                key: "c1".to_string(),
                span: None,
                created_at: "2026-11-28T10:00:00Z".parse::<Timestamp>().unwrap(),
            },
            lines: 0,
            evidence: Vec::new(),
            verdict: None,
            checked: None,
        };
        let kinds = |record: Option<ClaimSourceKind>| AuthorKinds {
            record: move |_: &str| record,
            guessed: |_: &ClaimEntry| ClaimSourceKind::NamedOrganization,
        };
        let person = Some(ClaimSourceKind::NamedPerson);
        let typed = entry(person);
        assert_eq!(
            author_kind(&typed, "Lind", &kinds(Some(ClaimSourceKind::Anonymous))),
            ClaimSourceKind::NamedPerson
        );
        // Reviewed at a revision that named another source: the stored kind is not that source's.
        assert_eq!(
            author_kind(&typed, "The ministry", &kinds(None)),
            ClaimSourceKind::NamedOrganization
        );
        let before_6 = entry(None);
        assert_eq!(
            author_kind(&before_6, "Lind", &kinds(person)),
            ClaimSourceKind::NamedPerson
        );
        assert_eq!(
            author_kind(&before_6, "Lind", &kinds(None)),
            ClaimSourceKind::NamedOrganization
        );
    }

    #[test]
    fn json_ld_cannot_close_its_script_tag() {
        let value =
            json!([{ "claimReviewed": "</script><script>alert(1)</script> & <!--", "n": 1 }]);
        let mut out = Vec::new();
        write(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "[\n  {\n    \"claimReviewed\": \"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u003c!--\",\n    \"n\": 1\n  }\n]\n"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    /// Issue 11, item 7: the whole sentence when it fits, else cut where a clause ends, never mid-phrase.
    #[test]
    fn claim_reviewed_is_the_sentence_or_its_first_clauses() {
        assert_eq!(claim_reviewed("  Short claim. "), "Short claim.");
        let exactly = format!("{}.", "a".repeat(74));
        assert_eq!(claim_reviewed(&exactly), exactly);
        for (claim, reviewed) in [
            (
                "Alderhaven is the country's second-largest port and handled 4.5 million tonnes of cargo last year.",
                "Alderhaven is the country's second-largest port…",
            ),
            (
                "The port handles roughly a fifth of the country's exports by value, and the average casual docker \
                 earns about 410 crowns a week.",
                "The port handles roughly a fifth of the country's exports by value…",
            ),
            (
                "Inspectors have opened an investigation into recruitment at the port; they expect to publish their \
                 findings by December.",
                "Inspectors have opened an investigation into recruitment at the port…",
            ),
            // No clause ends late enough: cut at a word, as little as possible.
            (
                "Casual dock workers at the port of Alderhaven were allegedly made to pay labour brokers for a place \
                 on the morning roster, a practice that appears to have gone on for at least three years.",
                "Casual dock workers at the port of Alderhaven were allegedly made to pay…",
            ),
            (
                "Yes, casual dock workers at the port of Alderhaven were allegedly made to pay labour brokers.",
                "Yes, casual dock workers at the port of Alderhaven were allegedly made to…",
            ),
        ] {
            let got = claim_reviewed(claim);
            assert_eq!(got, reviewed, "{claim}");
            assert!(got.chars().count() <= 75, "{got}");
        }
        let no_spaces = "x".repeat(100);
        assert_eq!(claim_reviewed(&no_spaces).chars().count(), 75);
        assert_eq!(claim_reviewed(&"é ".repeat(60)).chars().count(), 74);
    }
}
