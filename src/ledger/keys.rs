//! Desk keys: the stable names records have in the plain-text desk. An article's comes from its title, a claim's
//! is the next free `c<N>` of its article, an evidence item's the next free `e<N>`; a key given explicitly (an
//! import) is kept as it is.

use super::Reader;
use crate::error::Result;
use crate::model::ArticleId;

/// A desk-file key from a title: lowercase letters, digits and single hyphens, at most 60 bytes.
pub fn key_from_title(title: &str) -> String {
    let mut key = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
        if key.len() >= 60 {
            break;
        }
    }
    let key = key.trim_end_matches('-');
    if key.is_empty() {
        "article".to_string()
    } else {
        key.to_string()
    }
}

impl Reader<'_> {
    /// `base`, or `base-2`, `base-3`… whichever no article has yet.
    pub(super) fn free_article_key(&self, base: &str) -> Result<String> {
        let mut key = base.to_string();
        let mut n = 2;
        while self.rows.article_by_key(&key)?.is_some() {
            key = format!("{base}-{n}");
            n += 1;
        }
        Ok(key)
    }

    /// The first free `c<N>` of an article, counting from its number of claims.
    pub(super) fn free_claim_key(&self, article: ArticleId) -> Result<String> {
        let mut n = self.rows.claim_count(article)? + 1;
        loop {
            let key = format!("c{n}");
            if self.rows.claim_id(article, &key)?.is_none() {
                return Ok(key);
            }
            n += 1;
        }
    }

    /// The first free `e<N>`, counting from the highest evidence id.
    pub(super) fn free_evidence_key(&self) -> Result<String> {
        let mut n = self.rows.last_evidence_id()?.map_or(0, |id| id.0) + 1;
        loop {
            let key = format!("e{n}");
            if self.rows.evidence_id(&key)?.is_none() {
                return Ok(key);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::key_from_title;

    #[test]
    fn keys_are_slugs_of_titles() {
        for (title, key) in [
            (
                "Port workers say fees were demanded",
                "port-workers-say-fees-were-demanded",
            ),
            ("  «Ça va?» — Élan & co. ", "a-va-lan-co"),
            ("???", "article"),
            ("2026: the year", "2026-the-year"),
        ] {
            assert_eq!(key_from_title(title), key, "{title}");
        }
        assert!(key_from_title(&"word ".repeat(40)).len() <= 60);
    }
}
