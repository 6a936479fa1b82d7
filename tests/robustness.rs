//! Many hands and hard stops: eight processes writing at once lose nothing and never see "database is locked";
//! an import killed with SIGKILL at random moments leaves all of it or none, into a desk that holds records and
//! into a new one (written through a rollback journal) alike (short runs by default,
//! `CLAIMTRACK_LONG_TESTS=1` for the long ones); a backup taken while others write
//! opens and passes `check`, and one killed at random moments leaves no partial copy at its name.

mod common;

use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::Desk;

/// How much the crash tests do. By default a short variant, so that `cargo test` stays within minutes on a small
/// machine; `CLAIMTRACK_LONG_TESTS=1` (CI sets it) runs the long one: imports of 100,000 claims and backups of
/// 20,000, each killed at 20 moments.
struct Scale {
    import_claims: usize,
    backup_claims: usize,
    kills: usize,
}

fn scale() -> Scale {
    if std::env::var_os("CLAIMTRACK_LONG_TESTS").is_some_and(|v| !v.is_empty() && v != "0") {
        Scale {
            import_claims: 100_000,
            backup_claims: 20_000,
            kills: 20,
        }
    } else {
        Scale {
            import_claims: 5_000,
            backup_claims: 3_000,
            kills: 6,
        }
    }
}

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("claimtrack")
}

fn count(desk: &Desk, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(&desk.db).expect("opens");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("counted")
}

/// Runs `WRITERS` threads, each running the commands `steps(writer, round)` gives for `ROUNDS` rounds as separate
/// processes, all at once; returns the stderr of every command that failed.
fn at_once(db: &std::path::Path, steps: fn(usize, usize) -> Vec<Vec<String>>) -> Vec<String> {
    let workers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let db = db.to_path_buf();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for round in 0..ROUNDS {
                    for step in steps(writer, round) {
                        let output = Command::new(binary())
                            .arg("--db")
                            .arg(&db)
                            .args(&step)
                            .env("CLAIMTRACK_USER", format!("writer-{writer}"))
                            .output()
                            .expect("ran");
                        if !output.status.success() {
                            failures.push(String::from_utf8_lossy(&output.stderr).into_owned());
                        }
                    }
                }
                failures
            })
        })
        .collect();
    workers
        .into_iter()
        .flat_map(|w| w.join().expect("joined"))
        .collect()
}

const WRITERS: usize = 8;
const ROUNDS: usize = 6;

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

#[test]
fn eight_writers_at_once_lose_nothing() {
    let desk = Desk::sqlite();
    desk.ok(&["article", "add", "--title", "Shared desk"]);
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Audit",
        "--origin",
        "Audit office",
        "--reliability",
        "A",
        "--credibility",
        "1",
    ]);
    let failures = at_once(&desk.db, |writer, round| {
        let text = format!("Writer {writer} says claim {round} is true.");
        vec![
            strings(&[
                "claim",
                "add",
                "--article",
                "A1",
                &text,
                "--strength",
                "on_record",
            ]),
            strings(&["list", "--format", "csv"]),
            strings(&["source", "list"]),
        ]
    });
    assert!(failures.is_empty(), "{failures:#?}");
    let claims = count(&desk, "claims");
    assert_eq!(claims, (WRITERS * ROUNDS) as i64);
    // Then links and verdicts, every writer on claims of its own at the same time as the others.
    let failures = at_once(&desk.db, |writer, round| {
        let claim = format!("C{}", writer * ROUNDS + round + 1);
        vec![
            strings(&["link", &claim, "E1", "--supports"]),
            strings(&[
                "verdict",
                &claim,
                "true",
                "--rationale",
                "The audit confirms it.",
            ]),
        ]
    });
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(count(&desk, "links"), claims);
    assert_eq!(count(&desk, "verdicts"), claims);
    assert_eq!(
        desk.ok(&["list", "--status", "single_source", "--format", "csv"])
            .lines()
            .count() as i64,
        claims + 1
    );
    assert_eq!(
        desk.ok(&["check"]),
        "ok: integrity, foreign keys and every stored status check out\n"
    );
}

/// A tiny deterministic sequence for the kill moments, so a failure can be replayed.
fn moments(seed: u64, n: usize, upto: Duration) -> Vec<Duration> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            upto.mul_f64((state >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

#[test]
fn an_import_killed_at_any_moment_leaves_all_or_nothing() {
    let scale = scale();
    let desk = Desk::sqlite();
    let dir = desk.path("big");
    desk.ok(&[
        "generate",
        "--claims",
        &scale.import_claims.to_string(),
        "--seed",
        "11",
        "--dir",
        dir.to_str().expect("path"),
    ]);
    // The database the imports start from: one article already there, so "nothing" is visible too.
    desk.ok(&["article", "add", "--title", "Already here"]);
    let pristine = std::fs::read(&desk.db).expect("read");
    let reset = || {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", desk.db.display()));
        }
        std::fs::write(&desk.db, &pristine).expect("reset");
    };
    let import = || {
        Command::new(binary())
            .arg("--db")
            .arg(&desk.db)
            .arg("import")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("started")
    };
    // One import to the end, to know how long one takes.
    let started = Instant::now();
    let status = import().wait().expect("finished");
    let full = started.elapsed();
    assert!(status.success());
    let claims = scale.import_claims as i64;
    assert_eq!(count(&desk, "claims"), claims);
    let mut outcomes = (0, 0);
    for (round, moment) in moments(2026, scale.kills, full).into_iter().enumerate() {
        reset();
        let mut child = import();
        thread::sleep(moment);
        let _ = child.kill(); // SIGKILL; it may have finished already
        let _ = child.wait();
        let check = desk.run(&["check"]);
        assert_eq!(
            check.code, 0,
            "round {round} ({moment:?}): {}{}",
            check.stdout, check.stderr
        );
        match (count(&desk, "articles"), count(&desk, "claims")) {
            (1, 0) => outcomes.0 += 1,
            (articles, n) if n == claims && articles > 1 => outcomes.1 += 1,
            (articles, claims) => panic!(
                "round {round} ({moment:?}): half an import: {articles} articles, {claims} claims"
            ),
        }
    }
    eprintln!(
        "killed {} imports: {} left nothing, {} had finished",
        scale.kills, outcomes.0, outcomes.1
    );
    assert!(
        outcomes.0 > 0,
        "no kill landed before the import committed; the test proved nothing"
    );
}

/// An import into a new desk is written through a rollback journal, not the write-ahead log (see the SQLite
/// backend's `RollbackJournal`): one killed at any moment leaves the new desk empty (the next open rolls the
/// journal back) or whole, `check` clean, and the desk in WAL mode again.
#[test]
fn an_import_into_a_new_desk_killed_at_any_moment_leaves_it_empty_or_whole_and_in_wal() {
    let scale = scale();
    let desk = Desk::sqlite();
    let dir = desk.path("big");
    desk.ok(&[
        "generate",
        "--claims",
        &scale.import_claims.to_string(),
        "--seed",
        "12",
        "--dir",
        dir.to_str().expect("path"),
    ]);
    let beside = |suffix: &str| std::path::PathBuf::from(format!("{}{suffix}", desk.db.display()));
    let reset = || {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(beside(suffix));
        }
        desk.ok(&["init"]);
        assert_eq!(count(&desk, "events"), 0, "a new desk holds nothing");
    };
    let import = || {
        Command::new(binary())
            .arg("--db")
            .arg(&desk.db)
            .arg("import")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("started")
    };
    reset();
    let started = Instant::now();
    let status = import().wait().expect("finished");
    let full = started.elapsed();
    assert!(status.success());
    let claims = scale.import_claims as i64;
    assert_eq!(count(&desk, "claims"), claims);
    let mut outcomes = (0, 0);
    let mut journals_left = 0;
    for (round, moment) in moments(2027, scale.kills, full).into_iter().enumerate() {
        reset();
        let mut child = import();
        thread::sleep(moment);
        let _ = child.kill(); // SIGKILL; it may have finished already
        let _ = child.wait();
        if beside("-journal").exists() {
            journals_left += 1;
        }
        let check = desk.run(&["check"]);
        assert_eq!(
            check.code, 0,
            "round {round} ({moment:?}): {}{}",
            check.stdout, check.stderr
        );
        assert!(
            !beside("-journal").exists(),
            "round {round}: opening the desk rolled its journal back and removed it"
        );
        let conn = rusqlite::Connection::open(&desk.db).expect("opens");
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("read");
        assert_eq!(mode, "wal", "round {round} ({moment:?})");
        drop(conn);
        match (count(&desk, "articles"), count(&desk, "claims"), count(&desk, "events")) {
            (0, 0, 0) => outcomes.0 += 1,
            (articles, n, _) if n == claims && articles > 0 => outcomes.1 += 1,
            (articles, claims, events) => panic!(
                "round {round} ({moment:?}): half an import: {articles} articles, {claims} claims, {events} events"
            ),
        }
    }
    eprintln!(
        "killed {} imports into a new desk: {} left it empty ({} of them a journal to roll back), {} had finished",
        scale.kills, outcomes.0, journals_left, outcomes.1
    );
    assert!(
        outcomes.0 > 0,
        "no kill landed before the import committed; the test proved nothing"
    );
}

#[test]
fn a_backup_taken_while_others_write_opens_and_checks() {
    let desk = Desk::sqlite();
    let dir = desk.path("desk");
    desk.ok(&[
        "generate",
        "--claims",
        "3000",
        "--seed",
        "5",
        "--dir",
        dir.to_str().expect("path"),
    ]);
    desk.ok(&["import", dir.to_str().expect("path")]);
    let db = desk.db.clone();
    let writer = thread::spawn(move || {
        for round in 0..30 {
            let output = Command::new(binary())
                .arg("--db")
                .arg(&db)
                .args([
                    "claim",
                    "add",
                    "--article",
                    "A1",
                    &format!("Added during the backup, number {round}."),
                ])
                .output()
                .expect("ran");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    });
    let copy = desk.path("copy.db");
    let out = desk.ok(&["backup", copy.to_str().expect("path")]);
    assert_eq!(
        out,
        format!("backed up {} to {}\n", desk.db.display(), copy.display())
    );
    writer.join().expect("joined");
    let checked = Command::new(binary())
        .arg("--db")
        .arg(&copy)
        .arg("check")
        .output()
        .expect("ran");
    assert_eq!(
        String::from_utf8_lossy(&checked.stdout),
        "ok: integrity, foreign keys and every stored status check out\n"
    );
    let conn = rusqlite::Connection::open(&copy).expect("opens");
    let claims: i64 = conn
        .query_row("SELECT count(*) FROM claims", [], |r| r.get(0))
        .expect("counted");
    assert!((3000..=3030).contains(&claims), "{claims}");
    // A backup never overwrites.
    let again = desk.run(&["backup", copy.to_str().expect("path")]);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.stderr,
        format!(
            "error: `{}` already exists\nhint: choose a new file name; a backup or a copy never overwrites\n",
            copy.display()
        )
    );
}

#[test]
fn a_backup_killed_at_any_moment_leaves_no_partial_copy() {
    let scale = scale();
    let desk = Desk::sqlite();
    let dir = desk.path("desk");
    desk.ok(&[
        "generate",
        "--claims",
        &scale.backup_claims.to_string(),
        "--seed",
        "3",
        "--dir",
        dir.to_str().expect("path"),
    ]);
    desk.ok(&["import", dir.to_str().expect("path")]);
    desk.ok(&["check"]);
    let whole = desk.dump();
    let copy = desk.path("copy.db");
    let backup = || {
        Command::new(binary())
            .arg("--db")
            .arg(&desk.db)
            .arg("backup")
            .arg(&copy)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("started")
    };
    // What the folder holds besides the desk and its own files.
    let others = || -> Vec<String> {
        std::fs::read_dir(desk.dir.path())
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with("desk"))
            .collect()
    };
    let started = Instant::now();
    assert!(backup().wait().expect("finished").success());
    let full = started.elapsed();
    assert!(
        common::dump(&copy) == whole,
        "the backup is not a whole copy"
    );
    let mut outcomes = (0, 0);
    for (round, moment) in moments(7, scale.kills, full).into_iter().enumerate() {
        let _ = std::fs::remove_file(&copy);
        let mut child = backup();
        thread::sleep(moment);
        let _ = child.kill();
        let _ = child.wait();
        for name in others() {
            let path = desk.path(&name);
            if name == "copy.db" {
                // There only when whole: it opens, checks, and holds every row.
                assert!(
                    common::dump(&path) == whole,
                    "round {round} ({moment:?}): `copy.db` is not a whole copy"
                );
                outcomes.1 += 1;
            } else {
                // A killed copy's temporary file: hidden, named as one, and never at the name asked for.
                assert!(
                    name.starts_with(".copy.db.") && name.contains(".partial"),
                    "round {round} ({moment:?}) left `{name}`"
                );
                std::fs::remove_file(&path).expect("removed");
            }
        }
        if !copy.exists() {
            outcomes.0 += 1;
        }
    }
    eprintln!(
        "killed {} backups: {} left no copy, {} had finished",
        scale.kills, outcomes.0, outcomes.1
    );
    assert!(
        outcomes.0 > 0,
        "no kill landed before the backup finished; the test proved nothing"
    );
}

#[test]
fn check_names_what_is_wrong() {
    let desk = Desk::sqlite();
    desk.ok(&["article", "add", "--title", "Fees"]);
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Officials allegedly took fees.",
    ]);
    {
        let conn = rusqlite::Connection::open(&desk.db).expect("opens");
        conn.execute("UPDATE claims SET status = 'corroborated'", [])
            .expect("tampered");
    }
    let outcome = desk.run(&["check"]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stdout,
        "status: C1 is stored as corroborated but its evidence makes it unverified\n"
    );
    assert_eq!(
        outcome.stderr,
        format!(
            "error: 1 problem found in `{}`\nhint: restore from a backup (`claimtrack backup`), or report the problem with this output\n",
            desk.db.display()
        )
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let desk = Desk::sqlite();
    let dir = desk.path("desk");
    desk.ok(&[
        "generate",
        "--claims",
        "20000",
        "--seed",
        "3",
        "--dir",
        dir.to_str().expect("path"),
    ]);
    desk.ok(&["import", dir.to_str().expect("path")]);
    let mut child = Command::new(binary())
        .arg("--db")
        .arg(&desk.db)
        .args(["list", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("started");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("finished");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_quick_check_passes_a_sound_desk() {
    let desk = Desk::sqlite();
    desk.ok(&["article", "add", "--title", "Fees"]);
    assert_eq!(
        desk.ok(&["check", "--quick"]),
        "ok: integrity, foreign keys and every stored status check out\n"
    );
}
