//! Reaching the server a `postgres://` URL names, as libpq would: the URL's parts (and its query parameters, which
//! win over them), then `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSSLMODE` for what the URL leaves out; the
//! password from the URL, else `PGPASSWORD`, else the password file (`PGPASSFILE`, else `~/.pgpass`, read only when
//! nobody else may read it). TLS as `sslmode` asks: `disable`, `prefer` (the default: TLS when the server offers
//! it), `require` (TLS, the certificate not checked, as libpq), `verify-ca` and `verify-full` (checked against
//! `sslrootcert` or the system's roots; `verify-full` also checks the host name).
//!
//! Every failure is a sentence naming the server by its URL without the password, and the way out.

use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::config::SslMode;
use postgres::{Client, Config};

use crate::backend::target::redacted;
use crate::error::{Error, Result};

/// How long a connection attempt waits for a server that does not answer, unless the URL says.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What `sslmode` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tls {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Tls {
    fn parse(value: &str) -> Option<Tls> {
        Some(match value {
            "disable" | "allow" => Tls::Disable,
            "prefer" => Tls::Prefer,
            "require" => Tls::Require,
            "verify-ca" => Tls::VerifyCa,
            "verify-full" => Tls::VerifyFull,
            _ => return None,
        })
    }
}

/// Everything needed to connect, from the URL and the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Params {
    /// Host names, addresses, or socket folders (starting with `/`), tried in order.
    pub hosts: Vec<String>,
    pub port: u16,
    pub user: String,
    pub password: Option<String>,
    pub dbname: String,
    pub tls: Tls,
    pub root_cert: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub options: Option<String>,
}

/// The environment the defaults come from (a function, so tests can give their own).
pub(super) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

pub(super) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Params {
    /// Reads a `postgres://` or `postgresql://` URL.
    pub fn from_url(url: &str, env: Env<'_>) -> Result<Params> {
        let bad = |why: String| {
            Error::invalid_with(
                format!(
                    "`{}` is not a PostgreSQL URL claimtrack can read: {why}",
                    redacted(url)
                ),
                "write it as postgres://USER@HOST:PORT/DATABASE (add ?sslmode=require for TLS)",
            )
        };
        let rest = ["postgresql://", "postgres://"]
            .iter()
            .find_map(|scheme| {
                (url.len() >= scheme.len() && url[..scheme.len()].eq_ignore_ascii_case(scheme))
                    .then(|| &url[scheme.len()..])
            })
            .ok_or_else(|| bad("it does not start with postgres://".to_string()))?;
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query)),
            None => (rest, None),
        };
        let (authority, path) = match rest.find('/') {
            Some(slash) => (&rest[..slash], Some(&rest[slash + 1..])),
            None => (rest, None),
        };
        let (userinfo, hostspec) = match authority.rfind('@') {
            Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
            None => (None, authority),
        };
        let mut user = None;
        let mut password = None;
        if let Some(info) = userinfo {
            let (name, secret) = match info.split_once(':') {
                Some((name, secret)) => (name, Some(secret)),
                None => (info, None),
            };
            user = Some(decode(name).map_err(&bad)?).filter(|u| !u.is_empty());
            password = secret.map(decode).transpose().map_err(&bad)?;
        }
        let mut hosts = Vec::new();
        let mut port = None;
        for spec in hostspec.split(',').filter(|s| !s.is_empty()) {
            let (host, host_port) = if let Some(inner) = spec.strip_prefix('[') {
                let (host, after) = inner
                    .split_once(']')
                    .ok_or_else(|| bad(format!("`{spec}` opens a `[` it does not close")))?;
                (host.to_string(), after.strip_prefix(':'))
            } else {
                match spec.split_once(':') {
                    Some((host, p)) => (decode(host).map_err(&bad)?, Some(p)),
                    None => (decode(spec).map_err(&bad)?, None),
                }
            };
            hosts.push(host);
            if let Some(p) = host_port.filter(|p| !p.is_empty()) {
                port = Some(parse_port(p).map_err(&bad)?);
            }
        }
        let mut dbname = path
            .filter(|p| !p.is_empty())
            .map(decode)
            .transpose()
            .map_err(&bad)?;
        let mut tls = None;
        let mut root_cert = None;
        let mut connect_timeout = None;
        let mut options = None;
        // Query parameters win over the parts of the URL, as in libpq.
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value).map_err(&bad)?;
            match name {
                "host" => hosts = value.split(',').map(str::to_string).collect(),
                "port" => port = Some(parse_port(&value).map_err(&bad)?),
                "user" => user = Some(value),
                "password" => password = Some(value),
                "dbname" => dbname = Some(value),
                "sslmode" => {
                    tls = Some(Tls::parse(&value).ok_or_else(|| {
                        bad(format!(
                            "sslmode `{value}` is not one of disable, prefer, require, verify-ca, verify-full"
                        ))
                    })?)
                }
                "sslrootcert" => root_cert = Some(PathBuf::from(value)),
                "connect_timeout" => {
                    let seconds: u64 = value
                        .parse()
                        .map_err(|_| bad(format!("connect_timeout `{value}` is not a number of seconds")))?;
                    connect_timeout = Some(Duration::from_secs(seconds.max(1)));
                }
                "options" => options = Some(value),
                "application_name" => {}
                other => return Err(bad(format!("claimtrack does not know the parameter `{other}`"))),
            }
        }
        if hosts.is_empty() {
            hosts = match env("PGHOST") {
                Some(host) => host.split(',').map(str::to_string).collect(),
                // Debian's libpq looks for the local server's socket here first.
                None if Path::new("/var/run/postgresql/.s.PGSQL.5432").exists() => {
                    vec!["/var/run/postgresql".to_string()]
                }
                None => vec!["localhost".to_string()],
            };
        }
        let port = match port {
            Some(port) => port,
            None => match env("PGPORT") {
                Some(p) => parse_port(&p).map_err(|why| bad(format!("PGPORT: {why}")))?,
                None => 5432,
            },
        };
        let user = match user.or_else(|| env("PGUSER")) {
            Some(user) => user,
            None => env("USER").or_else(|| env("LOGNAME")).ok_or_else(|| {
                bad("it names no user, and neither PGUSER nor USER is set".to_string())
            })?,
        };
        let dbname = dbname
            .or_else(|| env("PGDATABASE"))
            .unwrap_or_else(|| user.clone());
        let tls = match tls {
            Some(tls) => tls,
            None => match env("PGSSLMODE") {
                Some(mode) => Tls::parse(&mode)
                    .ok_or_else(|| bad(format!("PGSSLMODE `{mode}` is not an sslmode")))?,
                None => Tls::Prefer,
            },
        };
        Ok(Params {
            hosts,
            port,
            user,
            password,
            dbname,
            tls,
            root_cert,
            connect_timeout: connect_timeout.unwrap_or(CONNECT_TIMEOUT),
            options,
        })
    }

    /// The password to offer: the URL's, else `PGPASSWORD`, else the password file's line for this connection.
    pub fn resolve_password(&mut self, env: Env<'_>) {
        if self.password.is_some() {
            return;
        }
        if let Some(password) = env("PGPASSWORD") {
            self.password = Some(password);
            return;
        }
        let file = env("PGPASSFILE")
            .map(PathBuf::from)
            .or_else(|| env("HOME").map(|home| Path::new(&home).join(".pgpass")));
        if let Some(file) = file {
            if let Some(text) = read_private(&file) {
                let host = self
                    .hosts
                    .first()
                    .map(String::as_str)
                    .unwrap_or("localhost");
                self.password = pgpass_lookup(&text, host, self.port, &self.dbname, &self.user);
            }
        }
    }

    /// The same server and user, another database (the server's `postgres` database, to create a desk's).
    pub fn with_dbname(&self, dbname: &str) -> Params {
        Params {
            dbname: dbname.to_string(),
            ..self.clone()
        }
    }

    fn config(&self) -> Config {
        let mut config = Config::new();
        for host in &self.hosts {
            config.host(host);
        }
        config
            .port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .application_name("claimtrack")
            .connect_timeout(self.connect_timeout)
            .ssl_mode(match self.tls {
                Tls::Disable => SslMode::Disable,
                Tls::Prefer => SslMode::Prefer,
                Tls::Require | Tls::VerifyCa | Tls::VerifyFull => SslMode::Require,
            });
        if let Some(password) = &self.password {
            config.password(password);
        }
        if let Some(options) = &self.options {
            config.options(options);
        }
        config
    }

    /// Where the server is, for messages: `HOST:PORT`, or the socket folder.
    pub fn place(&self) -> String {
        self.hosts
            .iter()
            .map(|h| {
                if h.starts_with('/') {
                    format!("the socket in {h} (port {})", self.port)
                } else {
                    format!("{h}:{}", self.port)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Connects, explaining every failure in terms of `desk` (the URL without its password).
pub(super) fn connect(params: &Params, desk: &str) -> Result<Client> {
    try_connect(params)?.map_err(|e| explain(&e, params, desk))
}

/// Whether a connection failed because the server has no database of that name.
pub(super) fn is_missing_database(error: &postgres::Error) -> bool {
    error.code() == Some(&postgres::error::SqlState::INVALID_CATALOG_NAME)
}

/// Connects: the outer error is a TLS setup that could not be made, the inner the server's answer.
pub(super) fn try_connect(params: &Params) -> Result<std::result::Result<Client, postgres::Error>> {
    // Setting up TLS costs more than the rest of a short command (OpenSSL 3 builds its context slowly), so it is
    // set up only when it may be used: never over a Unix socket, nor with `sslmode=disable`.
    if params.tls == Tls::Disable || params.hosts.iter().all(|h| h.starts_with('/')) {
        return Ok(params.config().connect(postgres::NoTls));
    }
    let mut builder = native_tls::TlsConnector::builder();
    match params.tls {
        // libpq's `require` encrypts without checking who is at the other end; `prefer` likewise, when offered.
        Tls::Disable | Tls::Prefer | Tls::Require => {
            builder
                .danger_accept_invalid_certs(true)
                .danger_accept_invalid_hostnames(true);
        }
        Tls::VerifyCa => {
            builder.danger_accept_invalid_hostnames(true);
        }
        Tls::VerifyFull => {}
    }
    if let Some(path) = &params.root_cert {
        let pem = std::fs::read(path).map_err(|source| Error::File {
            action: "read the server's root certificate",
            path: path.clone(),
            source,
        })?;
        let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
            Error::invalid(format!(
                "`{}` is not a PEM certificate: {e}",
                path.display()
            ))
        })?;
        builder.add_root_certificate(cert);
    }
    let connector = builder
        .build()
        .map_err(|e| Error::invalid(format!("cannot set up TLS: {e}")))?;
    let tls = postgres_native_tls::MakeTlsConnector::new(connector);
    Ok(params.config().connect(tls))
}

/// Why a connection failed, without the password and with the way out.
pub(super) fn explain(error: &postgres::Error, params: &Params, desk: &str) -> Error {
    use postgres::error::SqlState;
    let user = &params.user;
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        return if *code == SqlState::INVALID_PASSWORD {
            Error::invalid_with(
                format!("`{desk}` refused the password of `{user}`"),
                "check the password in the URL, PGPASSWORD or ~/.pgpass",
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            Error::NotADesk {
                desk: desk.to_string(),
                reason: format!("the server has no database `{}`", params.dbname),
            }
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            Error::invalid_with(
                format!("`{desk}` does not let `{user}` in: {}", db.message()),
                "ask the server's administrator for access (pg_hba.conf), or connect as another user",
            )
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            Error::Busy {
                desk: desk.to_string(),
            }
        } else {
            Error::invalid(format!("`{desk}` refused the connection: {}", db.message()))
        };
    }
    let text = error.to_string();
    if text.contains("password missing") {
        return Error::invalid_with(
            format!("`{desk}` asks `{user}` for a password, and none was given"),
            "put it in the URL (postgres://USER:PASSWORD@…), in PGPASSWORD, or in ~/.pgpass",
        );
    }
    if text.contains("server does not support TLS") {
        return Error::invalid_with(
            format!("`{desk}` does not offer TLS, and the URL requires it"),
            "ask the server's administrator to turn on ssl, or drop sslmode=require for a local server",
        );
    }
    let cause = io_cause(error);
    match cause.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::ConnectionRefused) | Some(std::io::ErrorKind::NotFound) => {
            Error::invalid_with(
                format!(
                    "cannot reach `{desk}`: nothing answers at {}",
                    params.place()
                ),
                "is the server running, and is the host and port right?",
            )
        }
        Some(std::io::ErrorKind::TimedOut) => Error::invalid_with(
            format!(
                "cannot reach `{desk}`: {} did not answer in time",
                params.place()
            ),
            "is the host right, and does a firewall let the connection through?",
        ),
        _ if text.contains("timed out") => Error::invalid_with(
            format!(
                "cannot reach `{desk}`: {} did not answer in time",
                params.place()
            ),
            "is the host right, and does a firewall let the connection through?",
        ),
        _ => Error::invalid(format!("cannot connect to `{desk}`: {text}")),
    }
}

fn io_cause(error: &postgres::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = cause.source();
    }
    None
}

fn parse_port(text: &str) -> std::result::Result<u16, String> {
    text.parse()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("`{text}` is not a port number"))
}

/// Percent-decoding, as URLs carry user names, passwords, paths and socket folders.
fn decode(text: &str) -> std::result::Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| "a `%` is not followed by two hex digits".to_string())?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a percent-encoded part is not UTF-8".to_string())
}

/// The password file's text, when only its owner may read it (libpq ignores it otherwise).
fn read_private(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// The password of the first line of a password file that matches: `host:port:database:user:password`, each of
/// the first four `*` for any, `\:` and `\\` for a literal colon and backslash. A socket connection matches
/// `localhost`, as in libpq.
pub(super) fn pgpass_lookup(
    text: &str,
    host: &str,
    port: u16,
    dbname: &str,
    user: &str,
) -> Option<String> {
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    let port = port.to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => field.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        if fields.len() != 5 {
            continue;
        }
        let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
        if matches(&fields[0], host)
            && matches(&fields[1], &port)
            && matches(&fields[2], dbname)
            && matches(&fields[3], user)
        {
            return Some(fields.swap_remove(4));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_url_gives_host_port_user_database_and_password() {
        let env = env_of(&[]);
        let params =
            Params::from_url("postgres://marta:p%40ss@db.example.org:6543/news", &env).unwrap();
        assert_eq!(params.hosts, ["db.example.org"]);
        assert_eq!(params.port, 6543);
        assert_eq!(params.user, "marta");
        assert_eq!(params.password.as_deref(), Some("p@ss"));
        assert_eq!(params.dbname, "news");
        assert_eq!(params.tls, Tls::Prefer);
    }

    #[test]
    fn query_parameters_win_over_the_url_as_in_libpq() {
        let env = env_of(&[]);
        let params = Params::from_url(
            "postgres://postgres@localhost/postgres?host=/tmp/pg&port=47000&sslmode=require",
            &env,
        )
        .unwrap();
        assert_eq!(params.hosts, ["/tmp/pg"]);
        assert_eq!(params.port, 47000);
        assert_eq!(params.tls, Tls::Require);
        assert!(params.place().contains("socket in /tmp/pg"));
    }

    #[test]
    fn the_environment_fills_what_the_url_leaves_out() {
        let env = env_of(&[
            ("PGHOST", "pg.internal"),
            ("PGPORT", "5433"),
            ("PGUSER", "desk"),
            ("PGSSLMODE", "verify-full"),
        ]);
        let params = Params::from_url("postgresql:///claims", &env).unwrap();
        assert_eq!(
            (
                params.hosts,
                params.port,
                params.user.as_str(),
                params.dbname.as_str(),
                params.tls
            ),
            (
                vec!["pg.internal".to_string()],
                5433,
                "desk",
                "claims",
                Tls::VerifyFull
            )
        );
    }

    #[test]
    fn a_bad_url_says_why_without_the_password() {
        let env = env_of(&[]);
        let error = Params::from_url("postgres://marta:s3cret@db/news?sslmode=always", &env)
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "`postgres://marta:***@db/news?sslmode=always` is not a PostgreSQL URL claimtrack can read: \
             sslmode `always` is not one of disable, prefer, require, verify-ca, verify-full"
        );
        let error = Params::from_url("postgres://marta:s3cret@db/news?colour=blue", &env)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("s3cret"), "{error}");
        assert!(error.ends_with("claimtrack does not know the parameter `colour`"));
    }

    #[test]
    fn the_password_comes_from_the_url_then_pgpassword_then_the_password_file() {
        let mut params =
            Params::from_url("postgres://marta:fromurl@db/news", &env_of(&[])).unwrap();
        params.resolve_password(&env_of(&[("PGPASSWORD", "fromenv")]));
        assert_eq!(params.password.as_deref(), Some("fromurl"));

        let mut params = Params::from_url("postgres://marta@db/news", &env_of(&[])).unwrap();
        params.resolve_password(&env_of(&[("PGPASSWORD", "fromenv")]));
        assert_eq!(params.password.as_deref(), Some("fromenv"));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# desk\nother:*:*:*:no\ndb:5432:news:marta:from\\:file\n",
        )
        .unwrap();
        let path: &'static str = Box::leak(file.display().to_string().into_boxed_str());
        let vars: &'static [(&'static str, &'static str)] =
            Box::leak(vec![("PGPASSFILE", path)].into_boxed_slice());
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut params = Params::from_url("postgres://marta@db/news", &env_of(&[])).unwrap();
        params.resolve_password(&env_of(vars));
        assert_eq!(
            params.password, None,
            "a file others can read is ignored, as libpq does"
        );
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        params.resolve_password(&env_of(vars));
        assert_eq!(params.password.as_deref(), Some("from:file"));
    }

    #[test]
    fn password_file_lines_match_with_wildcards_and_sockets_as_localhost() {
        let text = "localhost:*:*:desk:sock\n*:5432:news:*:any\n";
        assert_eq!(
            pgpass_lookup(text, "/tmp/pg", 5432, "x", "desk").as_deref(),
            Some("sock")
        );
        assert_eq!(
            pgpass_lookup(text, "db", 5432, "news", "marta").as_deref(),
            Some("any")
        );
        assert_eq!(pgpass_lookup(text, "db", 5433, "news", "marta"), None);
    }
}
