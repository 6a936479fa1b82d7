//! Published fact-checks read from schema.org ClaimReview JSON-LD, as [`ExternalReview`]s to match against.
//!
//! Tolerant of the shapes real publishers put out, strict about the one thing a review is useless without:
//! - **containers**: a single object, an array, an `@graph`, an `ItemList` (`itemListElement`, items bare or in
//!   `ListItem.item`), a `DataFeed` (`dataFeedElement`, items bare or in `DataFeedItem.item`), a ClaimReview
//!   nested anywhere in another object (a `WebPage`'s `mainEntity`, a `Claim`'s `review`), several JSON documents
//!   one after another (JSON Lines), and HTML pages carrying `<script type="application/ld+json">` blocks
//!   (one page or many concatenated: a feed of pages' markup);
//! - **values**: `@type` as a string or a list, bare or prefixed (`schema:ClaimReview`,
//!   `https://schema.org/ClaimReview`); the author as a string, an object or a list (the publisher when there is
//!   no author); `reviewRating` as an object or a list, its verdict in `alternateName` or `name`, its number as a
//!   number or a numeric string; `itemReviewed` as a `Claim` or a `CreativeWork`, or absent; dates as a day or a
//!   date-time, or absent; HTML entities inside strings; raw line breaks inside strings (invalid JSON, common in
//!   hand-templated markup);
//! - **strict**: every ClaimReview must have a non-empty `claimReviewed` text; a ClaimReview that has none, a
//!   field of an impossible type, or a block that is not JSON stops the read with an error naming the item (its
//!   number and JSON path, and its script block and line in HTML) and the field. Nothing is returned half-read.
//!
//! Only `http`/`https` URLs are kept; any other (`javascript:`, relative, `data:`) is dropped with a warning. A text
//! field holding a control character (a NUL written `\u0000`) or longer than its limit ([`MAX_CLAIM`],
//! [`MAX_FIELD`]) is an error naming the item and the field.

use std::fmt;

use chrono::{DateTime, NaiveDate};
use serde::Serialize;
use serde_json::Value;

use super::text::decode_entities;

/// A published fact-check, as read: never a desk verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExternalReview {
    /// The claim as the fact-checker worded it (`claimReviewed`), whitespace collapsed.
    pub claim_reviewed: String,
    pub rating: Rating,
    /// The fact-checking organisation (`author`, else `publisher`).
    pub reviewer: Option<String>,
    /// The fact-check's address (`url`, else an `http(s)` `@id`).
    pub url: Option<String>,
    /// When the fact-check was published (`datePublished`), as a day.
    pub date: Option<NaiveDate>,
    /// `inLanguage` as given (`en`, `es-MX`).
    pub language: Option<String>,
    /// The fact-check's own headline (`headline`, else `name`), matched as the document's title.
    pub headline: Option<String>,
    /// Who made the claim (`itemReviewed.author`).
    pub claimant: Option<String>,
}

/// The verdict as the publisher gave it: its words and, where given, its number on the publisher's scale.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rating {
    /// `alternateName` (else `name`): "False", "Misleading", "Pants on Fire".
    pub text: Option<String>,
    pub value: Option<f64>,
    pub best: Option<f64>,
    pub worst: Option<f64>,
}

/// What a read found: the reviews, in document order (exact repeats dropped), and what was set aside.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    pub reviews: Vec<ExternalReview>,
    pub warnings: Vec<Warning>,
}

/// Where an item was found: its number among the ClaimReviews (from 1), its JSON path, and in HTML its script
/// block (from 1) and the line that block starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub item: usize,
    pub path: String,
    pub block: Option<Block>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub number: usize,
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClaimReview {} at {}", self.item, self.path)?;
        if let Some(block) = self.block {
            write!(f, " in script block {} (line {})", block.number, block.line)?;
        }
        Ok(())
    }
}

/// Something kept out of a review that was otherwise read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub at: Location,
    pub field: &'static str,
    /// What is wrong with the value ("`javascript:void(0)` is not an http(s) address").
    pub problem: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: `{}` {} and was dropped",
            self.at, self.field, self.problem
        )
    }
}

impl Warning {
    /// The problem as a reason to refuse the input rather than drop the value: "ClaimReview 2 at $[1]: `url`
    /// `javascript:void(0)` is not an http(s) address".
    pub fn as_refusal(&self) -> String {
        format!("{}: `{}` {}", self.at, self.field, self.problem)
    }
}

/// Why a read failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The input (or one script block of it) is not JSON.
    #[error("{} is not JSON: {message} (line {line}, column {column})", place(*.block))]
    Syntax {
        block: Option<Block>,
        message: String,
        line: usize,
        column: usize,
    },
    /// A ClaimReview without a field it must have.
    #[error("{at}: `{field}` is missing or empty")]
    Missing { at: Location, field: &'static str },
    /// A field whose value cannot be what schema.org says it is.
    #[error("{at}: `{field}` {problem}")]
    Invalid {
        at: Location,
        field: &'static str,
        problem: String,
    },
    /// Well-formed input with no ClaimReview in it.
    #[error("no ClaimReview found in {0}")]
    Empty(&'static str),
}

fn place(block: Option<Block>) -> String {
    match block {
        Some(b) => format!("script block {} (line {})", b.number, b.line),
        None => "the input".to_owned(),
    }
}

/// Reads every ClaimReview in `input`: JSON-LD, JSON Lines of it, or HTML with JSON-LD script blocks.
pub fn read(input: &str) -> Result<Reading, ReadError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut reader = Reader {
        input,
        reading: Reading::default(),
        seen: 0,
    };
    let html = !matches!(input.trim_start().chars().next(), Some('{' | '['));
    if html {
        let blocks = script_blocks(input);
        if blocks.is_empty() {
            return Err(ReadError::Empty(
                "the input (neither JSON nor HTML with a JSON-LD script block)",
            ));
        }
        for (number, (line, body)) in blocks.into_iter().enumerate() {
            let block = Block {
                number: number + 1,
                line,
            };
            reader.documents(body, Some(block))?;
        }
    } else {
        reader.documents(input, None)?;
    }
    if reader.reading.reviews.is_empty() {
        return Err(ReadError::Empty(if html {
            "the page's JSON-LD"
        } else {
            "the JSON-LD"
        }));
    }
    Ok(reader.reading)
}

struct Reader<'a> {
    input: &'a str,
    reading: Reading,
    /// ClaimReviews met so far, repeats included: the item number in messages.
    seen: usize,
}

impl Reader<'_> {
    /// One or more JSON documents one after another (one, or JSON Lines); `text` is a slice of the input.
    fn documents(&mut self, text: &str, block: Option<Block>) -> Result<(), ReadError> {
        let clean = escape_raw_controls(text);
        let stream = serde_json::Deserializer::from_str(&clean).into_iter::<Value>();
        let mut values = Vec::new();
        for value in stream {
            let value = value.map_err(|e| {
                // serde_json counts in the block; the message counts in the file the person has open.
                let offset = offset_of(&clean, e.line(), e.column())
                    + (text.as_ptr() as usize - self.input.as_ptr() as usize);
                let (line, column) = line_and_column(self.input, offset);
                ReadError::Syntax {
                    block,
                    message: syntax_message(&e),
                    line,
                    column,
                }
            })?;
            values.push(value);
        }
        let several = values.len() > 1;
        for (i, value) in values.iter().enumerate() {
            let path = if several {
                format!("document {}: $", i + 1)
            } else {
                "$".to_owned()
            };
            self.walk(value, &path, block)?;
        }
        Ok(())
    }

    fn walk(&mut self, value: &Value, path: &str, block: Option<Block>) -> Result<(), ReadError> {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, &format!("{path}[{i}]"), block)?;
                }
            }
            Value::Object(map) if has_type(value, "ClaimReview") => {
                self.seen += 1;
                let at = Location {
                    item: self.seen,
                    path: path.to_owned(),
                    block,
                };
                let review = review(map, &at, &mut self.reading.warnings)?;
                if !self.reading.reviews.contains(&review) {
                    self.reading.reviews.push(review);
                }
            }
            Value::Object(map) => {
                // Containers (`@graph`, `itemListElement`, `dataFeedElement`, `ListItem.item`) and any other
                // object a ClaimReview may sit in are walked alike: every value, in document order.
                for (key, child) in map {
                    if matches!(child, Value::Array(_) | Value::Object(_)) {
                        self.walk(child, &format!("{path}.{key}"), block)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The byte offset of serde_json's one-based line and (byte) column in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column.saturating_sub(1)).min(text.len())
}

/// One-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn syntax_message(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the error prints those itself.
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Whether `@type` (a string or a list of them) names `wanted`, bare or with a schema.org prefix.
fn has_type(value: &Value, wanted: &str) -> bool {
    let names: Vec<&str> = match value.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    names.iter().any(|name| {
        let bare = name.rsplit(['/', ':', '#']).next().unwrap_or(name);
        bare.eq_ignore_ascii_case(wanted)
    })
}

fn review(
    map: &serde_json::Map<String, Value>,
    at: &Location,
    warnings: &mut Vec<Warning>,
) -> Result<ExternalReview, ReadError> {
    let claim_reviewed = match map.get("claimReviewed") {
        Some(Value::String(s)) => tidy(s),
        // A list of wordings: the first is the claim, as Google's reader takes it.
        Some(Value::Array(list)) => list
            .iter()
            .find_map(Value::as_str)
            .map(tidy)
            .unwrap_or_default(),
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err(invalid(at, "claimReviewed", "must be text")),
    };
    if claim_reviewed.is_empty() {
        return Err(ReadError::Missing {
            at: at.clone(),
            field: "claimReviewed",
        });
    }
    let rating = match map.get("reviewRating") {
        None | Some(Value::Null) => Rating::default(),
        Some(value) => rating(first(value), at)?,
    };
    let reviewer = match map
        .get("author")
        .and_then(|v| name_of(v, at, "author").transpose())
    {
        Some(result) => Some(result?),
        None => map
            .get("publisher")
            .map(|v| name_of(v, at, "publisher"))
            .transpose()?
            .flatten(),
    };
    let mut url = None;
    for field in ["url", "@id"] {
        match map.get(field) {
            Some(Value::String(s)) if is_web_address(s.trim()) => {
                url = Some(s.trim().to_owned());
                break;
            }
            // An `@id` is often a fragment naming the node, not an address: only a `url` is worth a warning.
            Some(Value::String(s)) if field == "url" && !s.trim().is_empty() => {
                warnings.push(Warning {
                    at: at.clone(),
                    field: "url",
                    problem: format!("`{}` is not an http(s) address", s.trim()),
                })
            }
            Some(Value::String(_)) | None | Some(Value::Null) => {}
            Some(_) if field == "url" => return Err(invalid(at, "url", "must be text")),
            Some(_) => {}
        }
    }
    let date = match map.get("datePublished") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => {
            let day = parse_day(s.trim());
            if day.is_none() {
                warnings.push(Warning {
                    at: at.clone(),
                    field: "datePublished",
                    problem: format!("`{}` is not a date", s.trim()),
                });
            }
            day
        }
        Some(_) => return Err(invalid(at, "datePublished", "must be a date as text")),
    };
    let language = map
        .get("inLanguage")
        .map(|v| language_of(v, at))
        .transpose()?
        .flatten();
    let headline = ["headline", "name"].iter().find_map(|field| {
        map.get(*field)
            .and_then(Value::as_str)
            .map(tidy)
            .filter(|s| !s.is_empty())
    });
    let claimant = match map.get("itemReviewed") {
        Some(item @ Value::Object(_)) => match item.get("author") {
            Some(author) => name_of(author, at, "itemReviewed.author")?,
            None => None,
        },
        None | Some(Value::Null) | Some(Value::String(_)) => None,
        Some(_) => {
            return Err(invalid(
                at,
                "itemReviewed",
                "must be a Claim or CreativeWork object",
            ))
        }
    };
    let review = ExternalReview {
        claim_reviewed,
        rating,
        reviewer,
        url,
        date,
        language,
        headline,
        claimant,
    };
    check_texts(&review, at)?;
    Ok(review)
}

/// The longest `claimReviewed` kept, in bytes (a desk claim's limit): beyond it a value is a page pasted into the
/// field, not a claim.
pub const MAX_CLAIM: usize = 10_000;
/// The longest of any other text field, in bytes (a desk title's limit).
pub const MAX_FIELD: usize = 2_000;

/// Every text kept is one line of plain text within its limit: a control character (a NUL from `\u0000`, a bell)
/// or a runaway length is refused, naming the field, rather than stored.
fn check_texts(review: &ExternalReview, at: &Location) -> Result<(), ReadError> {
    let fields: [(&'static str, Option<&str>, usize); 7] = [
        ("claimReviewed", Some(&review.claim_reviewed), MAX_CLAIM),
        ("reviewRating", review.rating.text.as_deref(), MAX_FIELD),
        ("author", review.reviewer.as_deref(), MAX_FIELD),
        ("url", review.url.as_deref(), MAX_FIELD),
        ("inLanguage", review.language.as_deref(), MAX_FIELD),
        ("headline", review.headline.as_deref(), MAX_FIELD),
        ("itemReviewed.author", review.claimant.as_deref(), MAX_FIELD),
    ];
    for (field, value, max) in fields {
        let Some(value) = value else { continue };
        if let Some(c) = value.chars().find(|c| c.is_control()) {
            return Err(invalid(
                at,
                field,
                &format!(
                    "holds a control character (U+{:04X}), which text never does",
                    u32::from(c)
                ),
            ));
        }
        if value.len() > max {
            return Err(invalid(
                at,
                field,
                &format!(
                    "is {} bytes long; claimtrack keeps at most {max}",
                    value.len()
                ),
            ));
        }
    }
    Ok(())
}

fn invalid(at: &Location, field: &'static str, problem: &str) -> ReadError {
    ReadError::Invalid {
        at: at.clone(),
        field,
        problem: problem.to_owned(),
    }
}

/// The first element of a list, or the value itself.
fn first(value: &Value) -> &Value {
    match value {
        Value::Array(list) => list.first().unwrap_or(&Value::Null),
        other => other,
    }
}

fn rating(value: &Value, at: &Location) -> Result<Rating, ReadError> {
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return Ok(Rating::default()),
        // A bare word ("False") is how a few publishers write the verdict.
        Value::String(s) => {
            return Ok(Rating {
                text: Some(tidy(s)).filter(|t| !t.is_empty()),
                ..Rating::default()
            })
        }
        _ => return Err(invalid(at, "reviewRating", "must be a Rating object")),
    };
    let text = ["alternateName", "name"].iter().find_map(|field| {
        map.get(*field)
            .and_then(Value::as_str)
            .map(tidy)
            .filter(|s| !s.is_empty())
    });
    let number = |field: &'static str| -> Result<Option<f64>, ReadError> {
        match map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| ReadError::Invalid {
                    at: at.clone(),
                    field,
                    problem: format!("`{}` is not a number", s.trim()),
                }),
            Some(_) => Err(invalid(at, field, "must be a number")),
        }
    };
    Ok(Rating {
        text,
        value: number("ratingValue")?,
        best: number("bestRating")?,
        worst: number("worstRating")?,
    })
}

/// An organisation or person as schema.org writes one: a name, an object with a `name`, or a list of them
/// (the first name wins).
fn name_of(value: &Value, at: &Location, field: &'static str) -> Result<Option<String>, ReadError> {
    Ok(match value {
        Value::String(s) => Some(tidy(s)).filter(|s| !s.is_empty()),
        Value::Object(map) => match map.get("name") {
            Some(Value::String(s)) => Some(tidy(s)).filter(|s| !s.is_empty()),
            None | Some(Value::Null) => None,
            Some(_) => return Err(invalid(at, field, "has a `name` that is not text")),
        },
        Value::Array(list) => {
            for item in list {
                if let Some(name) = name_of(item, at, field)? {
                    return Ok(Some(name));
                }
            }
            None
        }
        Value::Null => None,
        _ => return Err(invalid(at, field, "must be a name or an Organization")),
    })
}

/// `inLanguage`: a code as text, or a `Language` object with an `alternateName` (the code) or a `name`.
fn language_of(value: &Value, at: &Location) -> Result<Option<String>, ReadError> {
    Ok(match value {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Object(map) => ["alternateName", "name"]
            .iter()
            .find_map(|f| map.get(*f).and_then(Value::as_str))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty()),
        Value::Null => None,
        _ => return Err(invalid(at, "inLanguage", "must be a language code")),
    })
}

fn is_web_address(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() > lower.find("//").map_or(0, |i| i + 2)
        && !s.chars().any(char::is_whitespace)
}

/// A day, from `2026-03-04`, `2026-03-04T09:30:00Z`, `2026-03-04T09:30:00+02:00` or `2026-03-04 09:30`.
fn parse_day(s: &str) -> Option<NaiveDate> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.date_naive());
    }
    let day = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', ' '])) {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Entities decoded, runs of whitespace made one space, ends trimmed.
fn tidy(s: &str) -> String {
    decode_entities(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Raw tabs and line breaks inside JSON strings (invalid, and common in templated markup) as escapes.
fn escape_raw_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let mut in_string = false;
    let mut escaped = false;
    let mut needs = false;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c.is_ascii_control() {
                needs = true;
                break;
            }
        } else if c == '"' {
            in_string = true;
        }
    }
    if !needs {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c.is_ascii_control() {
                // One byte for one byte, so that error positions still point into the input. Whitespace inside a claim carries no meaning the tidy-up would keep.
                out.push(' ');
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// The bodies of `<script type="application/ld+json">` blocks, each with the line its tag starts on.
fn script_blocks(html: &str) -> Vec<(usize, &str)> {
    let lower = html.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| i + from) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let tag = &lower[start..tag_end];
        let body_start = tag_end + 1;
        let body_end = lower[body_start..]
            .find("</script")
            .map_or(html.len(), |i| i + body_start);
        if is_json_ld(tag) {
            let body = unwrap_comment(&html[body_start..body_end]);
            let line = 1 + html[..start].matches('\n').count();
            blocks.push((line, body));
        }
        from = body_end.max(body_start);
    }
    blocks
}

/// `type="application/ld+json"`, quoted either way or bare, with or without parameters.
fn is_json_ld(tag: &str) -> bool {
    let Some(at) = tag.find("type") else {
        return false;
    };
    let value = tag[at + 4..].trim_start();
    let Some(value) = value.strip_prefix('=') else {
        return false;
    };
    let value = value.trim_start().trim_start_matches(['"', '\'']);
    value.starts_with("application/ld+json")
}

/// Old pages wrap script bodies in `<!-- -->` or `<![CDATA[ ]]>` (sometimes behind `//`).
fn unwrap_comment(body: &str) -> &str {
    let mut body = body.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = body.strip_prefix(open) {
            body = inner.trim_end().strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_match_bare_prefixed_listed_and_in_any_case() {
        let t = |v: &str| has_type(&serde_json::from_str(v).unwrap(), "ClaimReview");
        assert!(t(r#"{"@type":"ClaimReview"}"#));
        assert!(t(r#"{"@type":"schema:ClaimReview"}"#));
        assert!(t(r#"{"@type":"https://schema.org/ClaimReview"}"#));
        assert!(t(r#"{"@type":["Review","claimreview"]}"#));
        assert!(!t(r#"{"@type":"Review"}"#));
        assert!(!t(r#"{"type":"ClaimReview"}"#));
    }

    #[test]
    fn days_are_read_from_dates_and_date_times() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 4);
        assert_eq!(parse_day("2026-03-04"), day);
        assert_eq!(parse_day("2026-03-04T23:30:00Z"), day);
        assert_eq!(parse_day("2026-03-04T01:30:00+02:00"), day);
        assert_eq!(parse_day("2026-03-04 09:30"), day);
        assert_eq!(parse_day("2026-03-04T09:30:00"), day);
        assert_eq!(parse_day("March 4, 2026"), None);
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("2026-03-045"), None);
    }

    #[test]
    fn only_web_addresses_count() {
        assert!(is_web_address("https://checks.example.org/a"));
        assert!(is_web_address("HTTP://checks.example.org"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("/fact-checks/a"));
        assert!(!is_web_address("https://checks.example.org/a b"));
        assert!(!is_web_address("ftp://checks.example.org/a"));
    }

    #[test]
    fn raw_line_breaks_in_strings_become_spaces_and_structure_is_untouched() {
        assert_eq!(
            escape_raw_controls("{\n\"a\": \"x\ny\"\n}"),
            "{\n\"a\": \"x y\"\n}"
        );
        assert_eq!(
            escape_raw_controls(r#"{"a": "q\"\n"}"#),
            r#"{"a": "q\"\n"}"#
        );
    }

    #[test]
    fn script_blocks_are_found_by_type_in_any_spelling() {
        let html = "<html>\n<script>var x = 1;</script>\n<SCRIPT TYPE='application/ld+json'>{\"a\":1}</SCRIPT>\n\
                    <script type=application/ld+json; charset=utf-8><!-- [2] --></script>\n<script type=\"text/javascript\">{}</script>";
        assert_eq!(script_blocks(html), [(3, "{\"a\":1}"), (4, "[2]")]);
    }

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/claimreview/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    fn rated(text: &str, value: Option<f64>, best: Option<f64>, worst: Option<f64>) -> Rating {
        Rating {
            text: some(text),
            value,
            best,
            worst,
        }
    }

    fn review(claim: &str, rating: Rating, reviewer: &str, url: Option<&str>) -> ExternalReview {
        ExternalReview {
            claim_reviewed: claim.to_owned(),
            rating,
            reviewer: some(reviewer),
            url: url.map(str::to_owned),
            date: None,
            language: None,
            headline: None,
            claimant: None,
        }
    }

    fn at(item: usize, path: &str, block: Option<(usize, usize)>) -> Location {
        Location {
            item,
            path: path.to_owned(),
            block: block.map(|(number, line)| Block { number, line }),
        }
    }

    #[test]
    fn a_single_object_with_every_field() {
        let got = read(&fixture("single.json")).unwrap();
        let expected = ExternalReview {
            date: day(2026, 3, 4),
            language: some("en"),
            headline: some("No, Alderhaven ferry fares have not doubled"),
            claimant: some("Councillor Mara Lindqvist"),
            ..review(
                "Ferry fares in Alderhaven have doubled since the port was sold.",
                rated("Mostly false", Some(2.0), Some(5.0), Some(1.0)),
                "The Harbour Factdesk",
                Some("https://factdesk.example.org/checks/ferry-fares-doubled"),
            )
        };
        assert_eq!(
            got,
            Reading {
                reviews: vec![expected],
                warnings: vec![]
            }
        );
    }

    #[test]
    fn an_array_with_author_lists_string_numbers_a_publisher_and_a_dropped_url() {
        let got = read(&fixture("array.json")).unwrap();
        let first = ExternalReview {
            date: day(2026, 4, 11),
            claimant: some("Tolland Business Forum"),
            ..review(
                "The jobless rate in Tolland doubled last year.",
                rated("False", Some(1.0), Some(5.0), Some(1.0)),
                "Verify Northwest",
                Some("https://verify.example.net/2026/04/jobless-rate"),
            )
        };
        let second = review(
            "Half of the city\u{2019}s buses run on hydrogen.",
            rated("Unproven", None, None, None),
            "Civic Check",
            None,
        );
        assert_eq!(got.reviews, [first, second]);
        assert_eq!(
            got.warnings,
            [Warning {
                at: at(2, "$[1]", None),
                field: "url",
                problem: "`javascript:void(0)` is not an http(s) address".to_owned(),
            }]
        );
        assert_eq!(
            got.warnings[0].to_string(),
            "ClaimReview 2 at $[1]: `url` `javascript:void(0)` is not an http(s) address and was dropped"
        );
        assert_eq!(
            got.warnings[0].as_refusal(),
            "ClaimReview 2 at $[1]: `url` `javascript:void(0)` is not an http(s) address"
        );
    }

    #[test]
    fn a_graph_with_prefixed_types_an_id_for_url_a_language_object_and_a_repeat() {
        let got = read(&fixture("graph.json")).unwrap();
        let expected = ExternalReview {
            language: some("en-GB"),
            headline: some("Is the Ostra dam leaking?"),
            ..review(
                "The Ostra dam is leaking 40,000 litres an hour.",
                rated("Misleading", None, None, None),
                "Lakeside Checks",
                Some("https://checks.example.com/dam-leak"),
            )
        };
        assert_eq!(
            got,
            Reading {
                reviews: vec![expected],
                warnings: vec![]
            }
        );
    }

    #[test]
    fn an_item_list_with_wrapped_and_bare_items() {
        let got = read(&fixture("itemlist.json")).unwrap();
        let meals = ExternalReview {
            date: day(2026, 5, 2),
            ..review(
                "Free school meals were cut in every district.",
                rated("False", Some(1.0), None, None),
                "Weekly Check",
                Some("https://weekly.example.org/checks/school-meals"),
            )
        };
        let tram = ExternalReview {
            date: day(2026, 5, 3),
            ..review(
                "The new tram line opened two years late.",
                rated("True", Some(5.0), None, None),
                "Weekly Check",
                Some("https://weekly.example.org/checks/tram-line"),
            )
        };
        assert_eq!(
            got,
            Reading {
                reviews: vec![meals, tram],
                warnings: vec![]
            }
        );
    }

    #[test]
    fn a_data_feed_keeps_a_review_whose_date_is_not_a_date() {
        let got = read(&fixture("datafeed.json")).unwrap();
        let tolls = ExternalReview {
            date: day(2026, 6, 1),
            claimant: some("Motorists' League"),
            ..review(
                "Bridge tolls will rise by 30 percent in July.",
                rated("Half true", Some(3.0), Some(5.0), Some(1.0)),
                "Feed Factcheck",
                Some("https://feed.example.org/fc/1001"),
            )
        };
        let ward = review(
            "The regional hospital closed its maternity ward.",
            rated("Correct", None, None, None),
            "Feed Factcheck",
            Some("https://feed.example.org/fc/1002"),
        );
        assert_eq!(got.reviews, [tolls, ward]);
        assert_eq!(
            got.warnings,
            [Warning {
                at: at(2, "$.dataFeedElement[1].item[0]", None),
                field: "datePublished",
                problem: "`not yet` is not a date".to_owned(),
            }]
        );
    }

    #[test]
    fn json_lines_and_a_bare_rating_word() {
        let got = read(&fixture("lines.jsonl")).unwrap();
        let a = review(
            "The mayor owns three harbour warehouses.",
            rated("False", Some(1.0), None, None),
            "Lines Check",
            Some("https://lines.example.org/a"),
        );
        let b = review(
            "Rents in the old town fell by a fifth.",
            rated("Mostly true", None, None, None),
            "Lines Check",
            Some("https://lines.example.org/b"),
        );
        assert_eq!(
            got,
            Reading {
                reviews: vec![a, b],
                warnings: vec![]
            }
        );
    }

    #[test]
    fn an_html_page_with_cdata_a_raw_line_break_and_other_scripts() {
        let got = read(&fixture("page.html")).unwrap();
        let expected = ExternalReview {
            date: day(2026, 7, 19),
            claimant: some("A. Okafor"),
            ..review(
                "The central library lost all of its council funding this year.",
                rated("Mostly false", Some(2.0), Some(5.0), Some(1.0)),
                "Riverside Verify",
                Some("https://riverside.example.org/verify/library-funding"),
            )
        };
        assert_eq!(
            got,
            Reading {
                reviews: vec![expected],
                warnings: vec![]
            }
        );
    }

    #[test]
    fn a_feed_of_pages_markup() {
        let got = read(&fixture("feed.html")).unwrap();
        let one = review(
            "The stadium was built with no public money.",
            rated("False", None, None, None),
            "Pages Check",
            Some("https://pages.example.com/one"),
        );
        let two = review(
            "Tap water in the east district is unsafe to drink.",
            rated("Misleading", None, None, None),
            "Pages Check",
            Some("https://pages.example.com/two"),
        );
        assert_eq!(
            got,
            Reading {
                reviews: vec![one, two],
                warnings: vec![]
            }
        );
    }

    #[test]
    fn a_review_without_its_claim_is_refused_by_number_and_path() {
        let err = read(&fixture("missing_claim.json")).unwrap_err();
        assert_eq!(
            err,
            ReadError::Missing {
                at: at(2, "$[1]", None),
                field: "claimReviewed"
            }
        );
        assert_eq!(
            err.to_string(),
            "ClaimReview 2 at $[1]: `claimReviewed` is missing or empty"
        );
    }

    #[test]
    fn a_rating_that_is_not_a_number_is_refused() {
        let err = read(&fixture("bad_rating.json")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ClaimReview 1 at $.@graph[0]: `ratingValue` `five` is not a number"
        );
    }

    #[test]
    fn a_broken_script_block_is_named_with_its_line() {
        let err = read(&fixture("broken.html")).unwrap_err();
        assert_eq!(
            err,
            ReadError::Syntax {
                block: Some(Block { number: 2, line: 3 }),
                message: "trailing comma".to_owned(),
                line: 4,
                column: 58,
            }
        );
        assert_eq!(
            err.to_string(),
            "script block 2 (line 3) is not JSON: trailing comma (line 4, column 58)"
        );
    }

    #[test]
    fn input_without_any_claim_review_is_refused() {
        let none = |input: &str| read(input).unwrap_err().to_string();
        assert_eq!(
            none(r#"{"@type":"NewsArticle","headline":"x"}"#),
            "no ClaimReview found in the JSON-LD"
        );
        assert_eq!(
            none("<html><script type=\"application/ld+json\">{}</script></html>"),
            "no ClaimReview found in the page's JSON-LD"
        );
        assert_eq!(
            none("just some words"),
            "no ClaimReview found in the input (neither JSON nor HTML with a JSON-LD script block)"
        );
        assert_eq!(
            none(""),
            "no ClaimReview found in the input (neither JSON nor HTML with a JSON-LD script block)"
        );
        assert_eq!(
            read("{\"@type\": \"ClaimReview\"").unwrap_err().to_string(),
            "the input is not JSON: EOF while parsing an object (line 1, column 23)"
        );
    }

    #[test]
    fn impossible_field_types_are_named() {
        let err = |input: &str| read(input).unwrap_err().to_string();
        assert_eq!(
            err(r#"{"@type":"ClaimReview","claimReviewed":42}"#),
            "ClaimReview 1 at $: `claimReviewed` must be text"
        );
        assert_eq!(
            err(r#"{"@type":"ClaimReview","claimReviewed":"x","author":7}"#),
            "ClaimReview 1 at $: `author` must be a name or an Organization"
        );
        assert_eq!(
            err(r#"{"@type":"ClaimReview","claimReviewed":"x","itemReviewed":[1]}"#),
            "ClaimReview 1 at $: `itemReviewed` must be a Claim or CreativeWork object"
        );
        assert_eq!(
            err(r#"{"@type":"ClaimReview","claimReviewed":"x","datePublished":20260101}"#),
            "ClaimReview 1 at $: `datePublished` must be a date as text"
        );
    }

    #[test]
    fn a_control_character_or_a_runaway_field_is_refused_by_item_and_field() {
        let nul = r#"[{"@type":"ClaimReview","claimReviewed":"Fares rose."},
            {"@type":"ClaimReview","claimReviewed":"Fares fell.","author":"Desk\u0000One"}]"#;
        assert_eq!(
            read(nul).unwrap_err().to_string(),
            "ClaimReview 2 at $[1]: `author` holds a control character (U+0000), which text never does"
        );
        let long = format!(
            r#"{{"@type":"ClaimReview","claimReviewed":"{}"}}"#,
            "fares ".repeat(2_000)
        );
        assert_eq!(
            read(&long).unwrap_err().to_string(),
            "ClaimReview 1 at $: `claimReviewed` is 11999 bytes long; claimtrack keeps at most 10000"
        );
    }

    #[test]
    fn what_the_desk_exports_reads_back() {
        // The shape `report --format claimreview` writes (src/render/claimreview.rs).
        let exported = r#"[{"@context":"https://schema.org","@type":"ClaimReview","url":"https://desk.example.org/C3",
            "claimReviewed":"Workers who refuse to pay are left off the roster.","datePublished":"2026-11-28",
            "author":{"@type":"Organization","name":"The Ledger"},
            "reviewRating":{"@type":"Rating","alternateName":"Mostly true","ratingValue":4,"bestRating":5,"worstRating":1},
            "itemReviewed":{"@type":"Claim","author":{"@type":"Person","name":"Amara Quist"}}}]"#;
        let expected = ExternalReview {
            date: day(2026, 11, 28),
            claimant: some("Amara Quist"),
            ..review(
                "Workers who refuse to pay are left off the roster.",
                rated("Mostly true", Some(4.0), Some(5.0), Some(1.0)),
                "The Ledger",
                Some("https://desk.example.org/C3"),
            )
        };
        assert_eq!(read(exported).unwrap().reviews, [expected]);
    }
}
