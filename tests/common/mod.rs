//! A small harness for driving the real `claimtrack` binary on a temporary desk, on the backend the environment
//! names: `CLAIMTRACK_TEST_BACKEND=sqlite` (the default, a file in a temporary folder) or `postgres` (a fresh
//! database per test on the server `CLAIMTRACK_TEST_PG` names, made with `claimtrack init` by the login role
//! `tester`, its owner, and dropped with its roles when the test ends). The same tests run on every backend the
//! harness knows; a test about the SQLite file itself (its bytes, a damaged header, a kill during a write) asks for
//! `Desk::sqlite()` and stays on SQLite whatever the environment says.
//!
//! On the server the actor is who connects, so the owner is called `tester`, the name the SQLite runs give with
//! CLAIMTRACK_USER; and the clock CLAIMTRACK_NOW fixes is kept because the owner asks for it (nobody else may).

#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The backends the CLI tests run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A desk file in the test's temporary folder.
    Sqlite,
    /// A database of its own on the test server.
    Postgres,
}

/// The login role that owns the server desks of the CLI tests, and its password.
pub const OWNER: &str = "tester";
pub const OWNER_PASSWORD: &str = "tester-secret";

impl Backend {
    /// The backend `CLAIMTRACK_TEST_BACKEND` names; SQLite when it is unset.
    pub fn from_env() -> Backend {
        match std::env::var("CLAIMTRACK_TEST_BACKEND").as_deref() {
            Err(_) | Ok("") | Ok("sqlite") => Backend::Sqlite,
            Ok("postgres") => Backend::Postgres,
            Ok(other) => {
                panic!("CLAIMTRACK_TEST_BACKEND={other}: the CLI tests know these backends: sqlite, postgres")
            }
        }
    }
}

/// The superuser URL of the test server, when there is one; under CI a missing server is a failure.
pub fn test_server() -> Option<String> {
    match std::env::var("CLAIMTRACK_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI is set but CLAIMTRACK_TEST_PG is not: the server tests cannot run (scripts/with-postgres)")
        }
        _ => None,
    }
}

/// The URL of another database, as another user, on the server `admin` names (a superuser's URL over the socket).
pub fn server_url(admin: &str, user: Option<&str>, dbname: &str) -> String {
    let start = admin.find("://").map(|i| i + 3).expect("a URL");
    let rest = &admin[start..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..authority_end],
        None => &rest[..authority_end],
    };
    let query = rest.find('?').map(|q| &rest[q..]).unwrap_or("");
    // A socket folder in the query names the server; the URL's own host would be tried first.
    let host = if query.contains("host=") { "" } else { host };
    let user = user.map(|u| format!("{u}@")).unwrap_or_default();
    format!("{}{user}{host}/{dbname}{query}", &admin[..start])
}

/// A database name no other test of this run uses.
pub fn fresh_dbname(prefix: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A superuser's connection to a database of the test server.
pub fn admin_client(admin: &str, dbname: &str) -> postgres::Client {
    postgres::Client::connect(
        &server_url(admin, Some("postgres"), dbname),
        postgres::NoTls,
    )
    .expect("the test server")
}

/// Makes a login role on the test server with a password, if it is not there yet (tests run in parallel).
pub fn ensure_login(admin: &str, user: &str, password: &str, attributes: &str) {
    let mut client = admin_client(admin, "postgres");
    let sql = format!("CREATE ROLE \"{user}\" LOGIN PASSWORD '{password}' {attributes}");
    if let Err(e) = client.batch_execute(&sql) {
        let code = e.code().cloned();
        assert!(
            code == Some(postgres::error::SqlState::DUPLICATE_OBJECT)
                || code == Some(postgres::error::SqlState::UNIQUE_VIOLATION),
            "creating {user}: {e}"
        );
    }
}

/// A server database that belongs to one test, dropped with its desk's roles when the test ends.
pub struct ServerDb {
    pub admin: String,
    pub dbname: String,
}

impl ServerDb {
    /// A new, empty database name on the server (the database itself is made by `claimtrack init`).
    pub fn new(admin: &str, prefix: &str) -> ServerDb {
        ServerDb {
            admin: admin.to_string(),
            dbname: fresh_dbname(prefix),
        }
    }

    /// The desk's URL for `user` (its password comes from PGPASSWORD).
    pub fn url(&self, user: &str) -> String {
        server_url(&self.admin, Some(user), &self.dbname)
    }

    /// A superuser's connection to it.
    pub fn admin(&self) -> postgres::Client {
        admin_client(&self.admin, &self.dbname)
    }

    /// The server's name of one of the desk's roles.
    pub fn group(&self, role: &str) -> String {
        format!("claimtrack_{}_{role}", self.dbname)
    }
}

impl Drop for ServerDb {
    fn drop(&mut self) {
        let Ok(mut client) = postgres::Client::connect(
            &server_url(&self.admin, Some("postgres"), "postgres"),
            postgres::NoTls,
        ) else {
            return;
        };
        let db = &self.dbname;
        let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"));
        for role in ["reader", "checker", "editor"] {
            let _ =
                client.batch_execute(&format!("DROP ROLE IF EXISTS \"claimtrack_{db}_{role}\""));
        }
    }
}

/// Every row of every table of a server desk, in a stable text form (as `dump` does for a file).
pub fn server_dump(client: &mut postgres::Client) -> String {
    let mut out = String::new();
    let tables = client
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'claimtrack' AND c.relkind = 'r' ORDER BY 1",
            &[],
        )
        .expect("tables");
    for table in tables {
        let name: String = table.get(0);
        out.push_str(&format!("[{name}]\n"));
        for message in client
            .simple_query(&format!(
                "SELECT * FROM claimtrack.\"{name}\" ORDER BY 1, 2"
            ))
            .expect("rows")
        {
            if let postgres::SimpleQueryMessage::Row(row) = message {
                let cells: Vec<String> = (0..row.len())
                    .map(|i| format!("{:?}", row.get(i)))
                    .collect();
                out.push_str(&cells.join(" | "));
                out.push('\n');
            }
        }
    }
    out
}

/// A temporary desk: a folder, the desk `--db` names, and a fixed actor and clock so output is reproducible.
pub struct Desk {
    pub dir: TempDir,
    pub backend: Backend,
    /// What `--db` is given.
    pub target: OsString,
    /// The SQLite file of a SQLite desk, for the tests that read it directly.
    pub db: PathBuf,
    /// The server database of a server desk.
    pub server: Option<ServerDb>,
}

/// What one run printed and how it ended.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Runs a command made with [`Desk::command`] (and changed: another `--db`, another environment).
    pub fn of(command: &mut Command) -> Outcome {
        let output = command.output().expect("the binary ran");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// A failure with nothing on standard output.
    pub fn failed(code: i32, stderr: &str) -> Outcome {
        Outcome {
            code,
            stdout: String::new(),
            stderr: stderr.to_string(),
        }
    }
}

impl Desk {
    /// A desk on the backend under test.
    pub fn new() -> Desk {
        Desk::on(Backend::from_env())
    }

    /// A desk in an SQLite file, for tests about the file itself.
    pub fn sqlite() -> Desk {
        Desk::on(Backend::Sqlite)
    }

    /// A desk in the SQLite file at `db` (anywhere, e.g. a copy a test made), with a temporary folder of its own.
    pub fn sqlite_file(db: PathBuf) -> Desk {
        Desk {
            dir: tempfile::tempdir().expect("a temporary folder"),
            backend: Backend::Sqlite,
            target: db.clone().into_os_string(),
            db,
            server: None,
        }
    }

    fn on(backend: Backend) -> Desk {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("desk.db");
        match backend {
            Backend::Sqlite => Desk {
                dir,
                backend,
                target: db.clone().into_os_string(),
                db,
                server: None,
            },
            Backend::Postgres => {
                let admin = test_server()
                    .expect("CLAIMTRACK_TEST_BACKEND=postgres needs CLAIMTRACK_TEST_PG");
                ensure_login(&admin, OWNER, OWNER_PASSWORD, "CREATEDB CREATEROLE");
                let server = ServerDb::new(&admin, "ct_cli");
                let desk = Desk {
                    dir,
                    backend,
                    target: OsString::from(server.url(OWNER)),
                    db,
                    server: Some(server),
                };
                // A server desk is made only by `init`; an SQLite one on first use.
                let made = desk.run(&["init"]);
                assert_eq!(made.code, 0, "claimtrack init: {}", made.stderr);
                desk
            }
        }
    }

    /// Whether the desk is on the PostgreSQL server.
    pub fn on_server(&self) -> bool {
        self.server.is_some()
    }

    /// How messages name the desk.
    pub fn name(&self) -> String {
        match &self.server {
            Some(server) => server.url(OWNER),
            None => self.db.display().to_string(),
        }
    }

    /// A path inside the desk's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the desk's folder and returns its path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a folder");
        }
        std::fs::write(&path, contents).expect("a written file");
        path
    }

    /// The command, before it runs.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("claimtrack").expect("the binary");
        cmd.current_dir(self.dir.path())
            .env_remove("CLAIMTRACK_DB")
            .env("CLAIMTRACK_USER", "tester")
            .env("CLAIMTRACK_NOW", "2026-11-28T10:00:00Z")
            .env("COLUMNS", "200")
            .env("PGPASSWORD", OWNER_PASSWORD)
            .arg("--db")
            .arg(&self.target)
            .args(args);
        cmd
    }

    /// The names in the desk's folder, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Runs claimtrack with these arguments.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_input(args, "")
    }

    pub fn run_with_input(&self, args: &[&str], input: &str) -> Outcome {
        let output = self
            .command(args)
            .write_stdin(input)
            .output()
            .expect("the binary ran");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let outcome = self.run(args);
        assert_eq!(
            outcome.code, 0,
            "claimtrack {args:?} failed: {}",
            outcome.stderr
        );
        assert_eq!(outcome.stderr, "", "claimtrack {args:?} wrote to stderr");
        outcome.stdout
    }

    /// What "the database is unchanged, byte for byte" compares: an SQLite desk's file, a server desk's dump.
    pub fn snapshot(&self) -> Vec<u8> {
        match &self.server {
            None => std::fs::read(&self.db).expect("read"),
            Some(_) => self.dump().into_bytes(),
        }
    }

    /// The line `check` ends with on a sound desk of this backend.
    pub fn check_ok(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "ok: integrity, foreign keys and every stored status check out\n",
            Backend::Postgres => {
                "ok: constraints, triggers, indexes, foreign keys, the audit trail's event ids and every stored status check out\n"
            }
        }
    }

    /// Runs as someone else: `--by NAME` on an SQLite desk; on a server desk, connected as the login NAME, made
    /// a member of the owner's role (so the fixed clock is kept for them too).
    pub fn ok_as(&self, name: &str, args: &[&str]) -> String {
        let outcome = match &self.server {
            None => {
                let mut all = args.to_vec();
                all.extend(["--by", name]);
                self.run(&all)
            }
            Some(server) => {
                ensure_login(&server.admin, name, OWNER_PASSWORD, "");
                let _ = admin_client(&server.admin, "postgres")
                    .batch_execute(&format!("GRANT \"{OWNER}\" TO \"{name}\""));
                let output = self
                    .command(args)
                    .arg("--db")
                    .arg(server.url(name))
                    .output()
                    .expect("the binary ran");
                Outcome {
                    code: output.status.code().unwrap_or(-1),
                    stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                    stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                }
            }
        };
        assert_eq!(
            outcome.code, 0,
            "claimtrack {args:?} as {name} failed: {}",
            outcome.stderr
        );
        assert_eq!(outcome.stderr, "", "claimtrack {args:?} wrote to stderr");
        outcome.stdout
    }

    /// Every row of every table, in a stable text form: what "the database is unchanged" compares.
    pub fn dump(&self) -> String {
        match &self.server {
            None => dump(&self.db),
            Some(server) => server_dump(&mut server.admin()),
        }
    }
}

/// Every row of every table of an SQLite desk file.
pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("the database opens");
    let mut out = String::new();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("a version");
    out.push_str(&format!("user_version {version}\n"));
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("tables");
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .expect("names")
        .map(|n| n.expect("name"))
        .collect();
    for name in names {
        out.push_str(&format!("[{name}]\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\""))
            .expect("select");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            let cells: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get_ref(i).expect("cell")))
                .collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}
