//! The `articles` table.

use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::{parse_column, Q};
use crate::backend::ArticleRow;
use crate::error::Result;
use crate::model::{Article, ArticleId};

const SELECT_ARTICLE: &str =
    "SELECT a.id, a.key, a.title, a.outlet, a.url, a.published, a.author, a.body,
        a.created_at, a.desk, (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
     FROM articles a";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Article> {
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
        desk: row.get("desk")?,
    })
}

pub(super) fn by_id(conn: &Connection, id: ArticleId) -> Q<Option<Article>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_ARTICLE} WHERE a.id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?)
}

pub(super) fn by_key(conn: &Connection, key: &str) -> Q<Option<Article>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_ARTICLE} WHERE a.key = ?1"))?
        .query_row([key], from_row)
        .optional()?)
}

pub(super) fn body(conn: &Connection, id: ArticleId) -> Q<Option<Option<String>>> {
    Ok(conn
        .prepare_cached("SELECT body FROM articles WHERE id = ?1")?
        .query_row([id.0], |row| row.get(0))
        .optional()?)
}

pub(super) fn each(conn: &Connection, each: &mut dyn FnMut(Article) -> Result<()>) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_ARTICLE} ORDER BY a.id"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, row: &ArticleRow<'_>) -> Q<ArticleId> {
    conn.prepare_cached(
        "INSERT INTO articles (key, title, outlet, url, published, author, body, created_at, desk)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        row.key,
        row.title,
        row.outlet,
        row.url,
        row.published,
        row.author,
        row.body,
        row.created_at.to_string(),
        row.desk,
    ])?;
    Ok(ArticleId(conn.last_insert_rowid()))
}

pub(super) fn update(conn: &Connection, id: ArticleId, row: &ArticleRow<'_>) -> Q<()> {
    conn.prepare_cached(
        "UPDATE articles SET title = :title, outlet = :outlet, url = :url, published = :published,
            author = :author, body = :body WHERE id = :id",
    )?
    .execute(named_params! {
        ":title": row.title, ":outlet": row.outlet, ":url": row.url, ":published": row.published,
        ":author": row.author, ":body": row.body, ":id": id.0,
    })?;
    Ok(())
}
