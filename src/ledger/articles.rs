//! Articles: the news copy whose claims are logged.

use super::{validate, Reader, Writer};
use crate::backend::{ArticleRow, EventRefs};
use crate::error::{Error, Result};
use crate::model::{Action, Article, ArticleId, NewArticle, RecordKind, Timestamp};

impl Reader<'_> {
    /// The article with this id, or a not-found error.
    pub fn article(&self, id: ArticleId) -> Result<Article> {
        self.rows
            .article(id)?
            .ok_or_else(|| Error::not_found(RecordKind::Article, id))
    }

    /// The article stored under a desk key.
    pub fn article_by_key(&self, key: &str) -> Result<Option<Article>> {
        self.rows.article_by_key(key)
    }

    /// Calls `each` with every article, oldest first.
    pub fn each_article(&self, mut each: impl FnMut(Article) -> Result<()>) -> Result<()> {
        self.rows.each_article(&mut each)
    }

    /// Every article, oldest first.
    pub fn articles(&self) -> Result<Vec<Article>> {
        let mut articles = Vec::new();
        self.each_article(|article| {
            articles.push(article);
            Ok(())
        })?;
        Ok(articles)
    }

    /// Just an article's text (`None` when it has none), or a not-found error; cheaper than `article`.
    pub(super) fn article_body(&self, id: ArticleId) -> Result<Option<String>> {
        self.rows
            .article_body(id)?
            .ok_or_else(|| Error::not_found(RecordKind::Article, id))
    }
}

fn row<'a>(key: &'a str, new: &'a NewArticle, at: Timestamp) -> ArticleRow<'a> {
    ArticleRow {
        desk: None,
        key,
        title: &new.title,
        outlet: new.outlet.as_deref(),
        url: new.url.as_deref(),
        published: new.published.as_deref(),
        author: new.author.as_deref(),
        body: new.body.as_deref(),
        created_at: at,
    }
}

impl Writer<'_> {
    /// Adds an article and returns its id. Without a key, one is made from the title, made unique with a number.
    pub fn add_article(&mut self, new: &NewArticle) -> Result<ArticleId> {
        self.add_article_of_desk(new, None)
    }

    /// `add_article` for an article that came from another desk (`desk`, its id), as an import brings it.
    pub(super) fn add_article_of_desk(
        &mut self,
        new: &NewArticle,
        desk: Option<&str>,
    ) -> Result<ArticleId> {
        validate::article(new)?;
        let key = match &new.key {
            Some(key) => {
                if self.tx.article_by_key(key)?.is_some() {
                    return Err(Error::Conflict {
                        message: format!("an article with key `{key}` already exists"),
                        hint: Some("choose another key, or import to update it".to_string()),
                    });
                }
                key.clone()
            }
            None => self
                .read()
                .free_article_key(&super::key_from_title(&new.title))?,
        };
        let id = self.tx.insert_article(&ArticleRow {
            desk,
            ..row(&key, new, self.actor.at)
        })?;
        if let Some(text) = &new.body {
            self.first_revision(id, text)?;
        }
        self.event(
            Action::ArticleAdd,
            EventRefs {
                article: Some(id),
                ..Default::default()
            },
            format!("added article {id} {:?}", new.title),
        )?;
        Ok(id)
    }

    /// Replaces an article's fields (the key stays), recording what changed. Returns whether anything did.
    pub fn update_article(&mut self, id: ArticleId, new: &NewArticle) -> Result<bool> {
        validate::article(new)?;
        let old = self.read().article(id)?;
        let changed: Vec<&str> = [
            ("title", old.title == new.title),
            ("outlet", old.outlet == new.outlet),
            ("url", old.url == new.url),
            ("published", old.published == new.published),
            ("author", old.author == new.author),
            ("text", old.body == new.body),
        ]
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(field, _)| field)
        .collect();
        if changed.is_empty() {
            return Ok(false);
        }
        self.tx
            .update_article(id, &row(&old.key, new, self.actor.at))?;
        if old.title != new.title {
            self.matching.retitled(id);
        }
        if let (None, Some(text)) = (&old.body, &new.body) {
            self.first_revision(id, text)?;
        }
        self.event(
            Action::ArticleEdit,
            EventRefs {
                article: Some(id),
                ..Default::default()
            },
            format!("changed article {id}: {}", changed.join(", ")),
        )?;
        Ok(true)
    }
}
