//! Articles: the news copy whose claims are logged.

use rusqlite::{named_params, OptionalExtension, Row};

use super::{check_optional, check_text, limits, parse_column, Db, EventRefs};
use crate::error::{Error, Result};
use crate::model::{Action, Article, ArticleId, NewArticle, RecordKind};

const SELECT_ARTICLE: &str =
    "SELECT a.id, a.key, a.title, a.outlet, a.url, a.published, a.author, a.body,
        a.created_at, (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
     FROM articles a";

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: ArticleId(row.get("id")?),
        key: row.get("key")?,
        title: row.get("title")?,
        outlet: row.get("outlet")?,
        url: row.get("url")?,
        published: row.get("published")?,
        author: row.get("author")?,
        body: row.get("body")?,
        claims: row.get("claims")?,
        created_at: parse_column(row, "created_at")?,
    })
}

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

fn check_article(new: &NewArticle) -> Result<()> {
    check_text("article title", &new.title, limits::SHORT)?;
    check_optional("outlet", new.outlet.as_deref(), limits::SHORT)?;
    check_optional("article address", new.url.as_deref(), limits::SHORT)?;
    check_optional("author", new.author.as_deref(), limits::SHORT)?;
    check_optional("article text", new.body.as_deref(), limits::ARTICLE)?;
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
    Ok(())
}

impl Db<'_> {
    /// Adds an article and returns its id. Without a key, one is made from the title, made unique with a number.
    pub fn add_article(&self, new: &NewArticle) -> Result<ArticleId> {
        check_article(new)?;
        let key = match &new.key {
            Some(key) => {
                if self.article_by_key(key)?.is_some() {
                    return Err(Error::Conflict {
                        message: format!("an article with key `{key}` already exists"),
                        hint: Some("choose another key, or import to update it".to_string()),
                    });
                }
                key.clone()
            }
            None => self.free_article_key(&key_from_title(&new.title))?,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO articles (key, title, outlet, url, published, author, body, created_at)
                 VALUES (:key, :title, :outlet, :url, :published, :author, :body, :at)",
            )?
            .execute(named_params! {
                ":key": key, ":title": new.title, ":outlet": new.outlet, ":url": new.url,
                ":published": new.published, ":author": new.author, ":body": new.body, ":at": self.actor().at.to_string(),
            })?;
        let id = ArticleId(self.conn.last_insert_rowid());
        self.event(
            Action::ArticleAdd,
            EventRefs {
                article: Some(id.0),
                ..Default::default()
            },
            &format!("added article {id} {:?}", new.title),
        )?;
        Ok(id)
    }

    /// Replaces an article's fields (the key stays), recording what changed. Returns whether anything did.
    pub fn update_article(&self, id: ArticleId, new: &NewArticle) -> Result<bool> {
        check_article(new)?;
        let old = self.article(id)?;
        let mut changed = Vec::new();
        if old.title != new.title {
            changed.push("title");
        }
        if old.outlet != new.outlet {
            changed.push("outlet");
        }
        if old.url != new.url {
            changed.push("url");
        }
        if old.published != new.published {
            changed.push("published");
        }
        if old.author != new.author {
            changed.push("author");
        }
        if old.body != new.body {
            changed.push("text");
        }
        if changed.is_empty() {
            return Ok(false);
        }
        self.conn
            .prepare_cached(
                "UPDATE articles SET title = :title, outlet = :outlet, url = :url, published = :published,
                    author = :author, body = :body WHERE id = :id",
            )?
            .execute(named_params! {
                ":title": new.title, ":outlet": new.outlet, ":url": new.url, ":published": new.published,
                ":author": new.author, ":body": new.body, ":id": id.0,
            })?;
        self.event(
            Action::ArticleEdit,
            EventRefs {
                article: Some(id.0),
                ..Default::default()
            },
            &format!("changed article {id}: {}", changed.join(", ")),
        )?;
        Ok(true)
    }

    fn free_article_key(&self, base: &str) -> Result<String> {
        let mut key = base.to_string();
        let mut n = 2;
        while self.article_by_key(&key)?.is_some() {
            key = format!("{base}-{n}");
            n += 1;
        }
        Ok(key)
    }

    /// Just an article's text (`None` when it has none), or a not-found error; cheaper than `article`.
    pub(super) fn article_body(&self, id: ArticleId) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT body FROM articles WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found(RecordKind::Article, id))
    }

    /// The article with this id, or a not-found error.
    pub fn article(&self, id: ArticleId) -> Result<Article> {
        self.conn
            .prepare_cached(&format!("{SELECT_ARTICLE} WHERE a.id = ?1"))?
            .query_row([id.0], article_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(RecordKind::Article, id))
    }

    /// The article stored under a desk key.
    pub fn article_by_key(&self, key: &str) -> Result<Option<Article>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{SELECT_ARTICLE} WHERE a.key = ?1"))?
            .query_row([key], article_from_row)
            .optional()?)
    }

    /// Every article, oldest first.
    pub fn articles(&self) -> Result<Vec<Article>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_ARTICLE} ORDER BY a.id"))?;
        let rows = stmt.query_map([], article_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
