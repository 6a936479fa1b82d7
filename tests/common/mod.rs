//! A small harness for driving the real `claimtrack` binary on a temporary desk, on the backend the environment
//! names: `CLAIMTRACK_TEST_BACKEND=sqlite` (the default, a file in a temporary folder). The same tests run on every
//! backend the harness knows; a test about the SQLite file itself (its bytes, a damaged header, a kill during a
//! write) asks for `Desk::sqlite()` and stays on SQLite whatever the environment says.

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
}

impl Backend {
    /// The backend `CLAIMTRACK_TEST_BACKEND` names; SQLite when it is unset.
    pub fn from_env() -> Backend {
        match std::env::var("CLAIMTRACK_TEST_BACKEND").as_deref() {
            Err(_) | Ok("") | Ok("sqlite") => Backend::Sqlite,
            Ok(other) => {
                panic!("CLAIMTRACK_TEST_BACKEND={other}: the CLI tests know these backends: sqlite")
            }
        }
    }

    /// A fresh, empty desk for one test: what `--db` is given.
    fn fresh_desk(self, dir: &Path) -> OsString {
        match self {
            Backend::Sqlite => dir.join("desk.db").into_os_string(),
        }
    }
}

/// A temporary desk: a folder, the desk `--db` names, and a fixed actor and clock so output is reproducible.
pub struct Desk {
    pub dir: TempDir,
    pub backend: Backend,
    /// What `--db` is given.
    pub target: OsString,
    /// The SQLite file of a SQLite desk, for the tests that read it directly.
    pub db: PathBuf,
}

/// What one run printed and how it ended.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
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
        }
    }

    fn on(backend: Backend) -> Desk {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let target = backend.fresh_desk(dir.path());
        let db = dir.path().join("desk.db");
        Desk {
            dir,
            backend,
            target,
            db,
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
            .arg("--db")
            .arg(&self.target)
            .args(args);
        cmd
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

    /// Every row of every table, in a stable text form: what "the database is unchanged" compares.
    pub fn dump(&self) -> String {
        match self.backend {
            Backend::Sqlite => dump(&self.db),
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
