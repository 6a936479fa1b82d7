//! Where a desk is: what `--db` (or `CLAIMTRACK_DB`) names. A path is an SQLite file; a `postgres://` or
//! `postgresql://` URL is a PostgreSQL server. Shown in messages without a password.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

/// The desk a command works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// An SQLite file, created on first use. (A name starting `file:`, which SQLite reads as a URI naming another
    /// file, is refused by the commands: see [`DbTarget::sqlite_uri_file`].)
    File(PathBuf),
    /// A PostgreSQL server, as a libpq connection URL.
    Postgres(String),
}

impl DbTarget {
    /// For a file desk named by an SQLite `file:` URI, the file it names, as far as it can be shown
    /// (`file:desk.db?mode=ro` → `desk.db`, `file:///srv/desk.db` → `/srv/desk.db`); `None` for a plain path.
    pub fn sqlite_uri_file(&self) -> Option<String> {
        let DbTarget::File(path) = self else {
            return None;
        };
        let rest = path.to_str()?.strip_prefix("file:")?;
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let rest = match rest.strip_prefix("//") {
            Some(authority) => authority.find('/').map_or("", |at| &authority[at..]),
            None => rest,
        };
        Some(rest.to_string())
    }

    /// The file, for a file desk.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            DbTarget::File(path) => Some(path),
            DbTarget::Postgres(_) => None,
        }
    }
}

impl From<OsString> for DbTarget {
    /// Anything that is not a server URL is a path, and paths need not be UTF-8.
    fn from(value: OsString) -> Self {
        match value.to_str() {
            Some(text) if is_server_url(text) => DbTarget::Postgres(text.to_string()),
            _ => DbTarget::File(PathBuf::from(value)),
        }
    }
}

impl From<&str> for DbTarget {
    fn from(value: &str) -> Self {
        DbTarget::from(OsString::from(value))
    }
}

impl From<PathBuf> for DbTarget {
    fn from(value: PathBuf) -> Self {
        DbTarget::from(value.into_os_string())
    }
}

fn is_server_url(text: &str) -> bool {
    ["postgres://", "postgresql://"].iter().any(|scheme| {
        text.len() >= scheme.len() && text[..scheme.len()].eq_ignore_ascii_case(scheme)
    })
}

impl fmt::Display for DbTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbTarget::File(path) => write!(f, "{}", path.display()),
            DbTarget::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

/// A connection URL with any password (in the user information or a `password=` parameter) replaced by `***`,
/// for messages and the audit trail.
pub fn redacted(url: &str) -> String {
    let url = redact_user_password(url);
    match url.find('?') {
        Some(query) => {
            let params: Vec<String> = url[query + 1..]
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((name, _)) if name.eq_ignore_ascii_case("password") => {
                        format!("{name}=***")
                    }
                    _ => param.to_string(),
                })
                .collect();
            format!("{}?{}", &url[..query], params.join("&"))
        }
        None => url,
    }
}

fn redact_user_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    // The last `@` ends the user information; a password is what follows its first `:`.
    match authority.rfind('@') {
        Some(at) => match authority[..at].find(':') {
            Some(colon) => format!(
                "{}{}:***{}",
                &url[..scheme_end],
                &authority[..colon],
                &rest[at..]
            ),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_sqlite_uri_is_known_with_the_file_it_names() {
        let named = |text: &str| DbTarget::from(OsString::from(text)).sqlite_uri_file();
        assert_eq!(named("file:desk.db").as_deref(), Some("desk.db"));
        assert_eq!(named("file:desk.db?mode=ro#x").as_deref(), Some("desk.db"));
        assert_eq!(
            named("file:///srv/desk.db").as_deref(),
            Some("/srv/desk.db")
        );
        assert_eq!(
            named("file://localhost/srv/desk.db").as_deref(),
            Some("/srv/desk.db")
        );
        assert_eq!(named("file::memory:").as_deref(), Some(":memory:"));
        assert_eq!(named("./file:desk.db"), None);
        assert_eq!(named("desk.db"), None);
        assert_eq!(named("postgres://u@h/d"), None);
    }

    #[test]
    fn paths_and_server_urls_are_told_apart() {
        assert_eq!(
            DbTarget::from("desk.db"),
            DbTarget::File(PathBuf::from("desk.db"))
        );
        assert_eq!(
            DbTarget::from("file:desk.db?mode=ro"),
            DbTarget::File(PathBuf::from("file:desk.db?mode=ro"))
        );
        for url in [
            "postgres://desk@localhost/news",
            "postgresql:///news?host=/tmp",
            "POSTGRES://h/d",
        ] {
            assert_eq!(DbTarget::from(url), DbTarget::Postgres(url.to_string()));
        }
        // A folder that happens to be called `postgres:` is still a path.
        assert!(matches!(DbTarget::from("postgres:/x"), DbTarget::File(_)));
    }

    #[test]
    fn passwords_never_show() {
        for (url, shown) in [
            (
                "postgres://marta:s3cret@db.example.org:5432/desk",
                "postgres://marta:***@db.example.org:5432/desk",
            ),
            (
                "postgres://marta:p@ss@db/desk?sslmode=require",
                "postgres://marta:***@db/desk?sslmode=require",
            ),
            ("postgres://marta@db/desk", "postgres://marta@db/desk"),
            (
                "postgresql:///desk?host=/tmp",
                "postgresql:///desk?host=/tmp",
            ),
            (
                "postgres://db/desk?user=marta&password=s3cret&sslmode=require",
                "postgres://db/desk?user=marta&password=***&sslmode=require",
            ),
        ] {
            assert_eq!(DbTarget::from(url).to_string(), shown);
        }
    }
}
