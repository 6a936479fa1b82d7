//! The `articles` table. `published` is a `date` on the server, read back as `YYYY-MM-DD` whatever the session's
//! DateStyle.

use postgres::Row;

use super::{count, time, Conn, Q};
use crate::backend::ArticleRow;
use crate::error::Result;
use crate::model::{Article, ArticleId};

const SELECT_ARTICLE: &str =
    "SELECT a.id, a.key, a.title, a.outlet, a.url, to_char(a.published, 'YYYY-MM-DD') AS published, a.author,
        a.body, a.created_at, a.desk, (SELECT count(*) FROM claimtrack.claims c WHERE c.article_id = a.id) AS claims
     FROM claimtrack.articles a";

pub(super) fn from_row(row: &Row) -> Q<Article> {
    Ok(Article {
        id: ArticleId(row.try_get("id")?),
        key: row.try_get("key")?,
        title: row.try_get("title")?,
        outlet: row.try_get("outlet")?,
        url: row.try_get("url")?,
        published: row.try_get("published")?,
        author: row.try_get("author")?,
        body: row.try_get("body")?,
        claims: count(row, "claims")?,
        created_at: time(row, "created_at")?,
        desk: row.try_get("desk")?,
    })
}

pub(super) fn by_id(conn: &Conn, id: ArticleId) -> Q<Option<Article>> {
    conn.query_opt(&format!("{SELECT_ARTICLE} WHERE a.id = $1"), &[&id.0])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn by_key(conn: &Conn, key: &str) -> Q<Option<Article>> {
    conn.query_opt(&format!("{SELECT_ARTICLE} WHERE a.key = $1"), &[&key])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn body(conn: &Conn, id: ArticleId) -> Q<Option<Option<String>>> {
    Ok(conn
        .query_opt(
            "SELECT body FROM claimtrack.articles WHERE id = $1",
            &[&id.0],
        )?
        .map(|row| row.try_get(0))
        .transpose()?)
}

pub(super) fn each(conn: &Conn, each: &mut dyn FnMut(Article) -> Result<()>) -> Q<()> {
    conn.stream(
        &format!("{SELECT_ARTICLE} ORDER BY a.id"),
        &[],
        &mut |row| each(from_row(row).map_err(super::into_error)?),
    )
}

pub(super) fn insert(conn: &Conn, row: &ArticleRow<'_>) -> Q<ArticleId> {
    let id = conn.query_one(
        "INSERT INTO claimtrack.articles (key, title, outlet, url, published, author, body, created_at, desk)
         VALUES ($1, $2, $3, $4, $5::text::date, $6, $7, $8, $9) RETURNING id",
        &[
            &row.key,
            &row.title,
            &row.outlet,
            &row.url,
            &row.published,
            &row.author,
            &row.body,
            &row.created_at.as_datetime(),
            &row.desk,
        ],
    )?;
    Ok(ArticleId(id.try_get(0)?))
}

pub(super) fn update(conn: &Conn, id: ArticleId, row: &ArticleRow<'_>) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.articles SET title = $1, outlet = $2, url = $3, published = $4::text::date,
            author = $5, body = $6 WHERE id = $7",
        &[
            &row.title,
            &row.outlet,
            &row.url,
            &row.published,
            &row.author,
            &row.body,
            &id.0,
        ],
    )?;
    Ok(())
}
