//! What a record may hold: the longest value kept for each kind of field, no NUL bytes, and no line breaks in
//! the fields that become header lines of the plain-text desk. Checked before anything is written.

use crate::error::{Error, Result};
use crate::model::{NewArticle, NewClaim, NewEvidence};

/// The longest value the ledger keeps for each kind of field, in bytes. Beyond these a value is a mistake (a
/// whole file pasted into a title), not data.
pub mod limits {
    /// Titles, names, sources, cues, addresses.
    pub const SHORT: usize = 2_000;
    /// A claim's sentence.
    pub const CLAIM: usize = 10_000;
    /// Rationales, notes.
    pub const LONG: usize = 100_000;
    /// An article's text.
    pub const ARTICLE: usize = 20 * 1024 * 1024;
}

/// Refuses a value that is too long or holds a NUL byte, naming the field.
pub(super) fn text(what: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(Error::invalid_with(
            format!(
                "the {what} is {} bytes long; claimtrack keeps at most {max}",
                value.len()
            ),
            format!("shorten the {what}"),
        ));
    }
    if let Some(at) = value.find('\0') {
        return Err(Error::invalid(format!(
            "the {what} holds a NUL byte (at byte {at}), which text never does"
        )));
    }
    Ok(())
}

/// `text` for a value that may be absent.
pub(super) fn optional(what: &str, value: Option<&str>, max: usize) -> Result<()> {
    value.map_or(Ok(()), |v| text(what, v, max))
}

pub(super) fn article(new: &NewArticle) -> Result<()> {
    text("article title", &new.title, limits::SHORT)?;
    optional("outlet", new.outlet.as_deref(), limits::SHORT)?;
    optional("article address", new.url.as_deref(), limits::SHORT)?;
    optional("author", new.author.as_deref(), limits::SHORT)?;
    optional("article text", new.body.as_deref(), limits::ARTICLE)?;
    // These are the header lines of the plain-text desk: a line break would split one into two on export.
    for (what, value) in [
        ("article title", Some(new.title.as_str())),
        ("outlet", new.outlet.as_deref()),
        ("article address", new.url.as_deref()),
        ("author", new.author.as_deref()),
    ] {
        if value.is_some_and(|v| v.chars().any(char::is_control)) {
            return Err(Error::invalid_with(
                format!("the {what} holds a line break or another control character"),
                format!("give the {what} on one line"),
            ));
        }
    }
    // Reports link to it and ClaimReview publishes it: only an address a reader can follow.
    if let Some(url) = new
        .url
        .as_deref()
        .filter(|url| !crate::render::web_address(url))
    {
        return Err(Error::invalid_with(
            format!(
                "the article address `{}` is not an http(s) address",
                crate::render::visible(url)
            ),
            "give the address the article is published at, as `https://…`, or leave it out",
        ));
    }
    Ok(())
}

pub(super) fn claim(new: &NewClaim) -> Result<()> {
    text("claim text", &new.text, limits::CLAIM)?;
    optional("claim's source", new.source.as_deref(), limits::SHORT)?;
    optional("cue", new.cue.as_deref(), limits::SHORT)?;
    optional("claim key", new.key.as_deref(), limits::SHORT)
}

pub(super) fn evidence(new: &NewEvidence) -> Result<()> {
    text("evidence title", &new.title, limits::SHORT)?;
    optional("evidence address", new.url.as_deref(), limits::SHORT)?;
    optional(
        "archived address",
        new.archived_url.as_deref(),
        limits::SHORT,
    )?;
    optional("retrieval time", new.retrieved_at.as_deref(), limits::SHORT)?;
    optional("origin", new.origin.as_deref(), limits::SHORT)?;
    optional("evidence key", new.key.as_deref(), limits::SHORT)?;
    optional("notes", new.notes.as_deref(), limits::LONG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_nul_bytes_name_the_field() {
        assert!(text("claim text", "fine", 10).is_ok());
        let long = text("claim text", "eleven byte", 10).unwrap_err();
        assert_eq!(
            long.to_string(),
            "the claim text is 11 bytes long; claimtrack keeps at most 10"
        );
        assert_eq!(long.hint().as_deref(), Some("shorten the claim text"));
        assert_eq!(
            text("notes", "a\0b", 10).unwrap_err().to_string(),
            "the notes holds a NUL byte (at byte 1), which text never does"
        );
        assert!(optional("notes", None, 0).is_ok());
    }

    #[test]
    fn header_fields_stay_on_one_line() {
        let new = NewArticle {
            title: "Fees".to_string(),
            outlet: Some("Ledger\nurl: elsewhere".to_string()),
            ..Default::default()
        };
        assert_eq!(
            article(&new).unwrap_err().to_string(),
            "the outlet holds a line break or another control character"
        );
        let body = NewArticle {
            title: "Fees".to_string(),
            body: Some("Line one.\nLine two.\n".to_string()),
            ..Default::default()
        };
        assert!(article(&body).is_ok(), "the text itself may have lines");
    }
}
