//! The commands through the real binary on a temporary database: full expected output, exit codes, and the
//! database left exactly as it was when a command is refused.

mod common;

use common::{Desk, Outcome};

const ARTICLE: &str = "Officials allegedly took fees from dock workers. The union said 300 workers paid.\n\n\
Sources familiar with the matter said the brokers were former supervisors. The company denied the allegations.\n";

/// A desk with one article, two claims, three sources' worth of evidence and a verdict.
fn seeded() -> Desk {
    seeded_on(Desk::new())
}

/// The same desk on a backend of the test's choosing.
fn seeded_on(desk: Desk) -> Desk {
    desk.file("article.txt", ARTICLE);
    assert_eq!(
        desk.ok(&[
            "article",
            "add",
            "--title",
            "Dock fees",
            "--outlet",
            "The Ledger",
            "--published",
            "2026-10-14",
            "--text-file",
            "article.txt"
        ]),
        "A1\n"
    );
    assert_eq!(
        desk.ok(&[
            "claim",
            "add",
            "--article",
            "A1",
            "Officials allegedly took fees from dock workers."
        ]),
        "C1\n"
    );
    assert_eq!(
        desk.ok(&[
            "claim",
            "add",
            "--article",
            "1",
            "The union said 300 workers paid.",
            "--strength",
            "on_record",
            "--source",
            "The union"
        ]),
        "C2\n"
    );
    assert_eq!(
        desk.ok(&[
            "source",
            "add",
            "Port Authority",
            "--kind",
            "organisation",
            "--reliability",
            "B"
        ]),
        "S1\n"
    );
    assert_eq!(
        desk.ok(&[
            "evidence",
            "add",
            "--title",
            "Audit 2025",
            "--origin",
            "Port Authority",
            "--credibility",
            "2"
        ]),
        "E1\n"
    );
    assert_eq!(
        desk.ok(&[
            "evidence",
            "add",
            "--title",
            "Courier story",
            "--origin",
            "Northern Courier",
            "--derived-from",
            "E1",
            "--reliability",
            "C",
            "--credibility",
            "3"
        ]),
        "E2\n"
    );
    desk
}

#[test]
fn a_fresh_desk_records_articles_claims_and_evidence() {
    let desk = seeded();
    insta::assert_snapshot!("article_list", desk.ok(&["article", "list"]));
    insta::assert_snapshot!("list_table", desk.ok(&["list"]));
    insta::assert_snapshot!("source_list", desk.ok(&["source", "list"]));
    insta::assert_snapshot!("evidence_list", desk.ok(&["evidence", "list"]));
}

#[test]
fn list_json_has_exactly_the_design_shape() {
    let desk = seeded();
    let json = desk.ok(&["list", "--status", "unverified", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let first = &value[0];
    let keys: Vec<&str> = first
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "id", "article", "text", "source", "cue", "strength", "response", "status", "verdict",
    ] {
        assert!(keys.contains(&key), "`{key}` missing from {json}");
    }
    assert_eq!(first["id"], "C1");
    assert_eq!(first["article"], "A1");
    assert_eq!(
        first["text"],
        "Officials allegedly took fees from dock workers."
    );
    assert_eq!(first["strength"], "hedged");
    assert_eq!(first["cue"], "allegedly");
    assert_eq!(first["response"], serde_json::Value::Null);
    assert_eq!(first["status"], "unverified");
    assert_eq!(first["verdict"], serde_json::Value::Null);
    assert_eq!(value[1]["source"], "The union");
    assert_eq!(value.as_array().map(Vec::len), Some(2));
}

#[test]
fn list_formats_and_filters() {
    let desk = seeded();
    insta::assert_snapshot!("list_csv", desk.ok(&["list", "--format", "csv"]));
    insta::assert_snapshot!("list_markdown", desk.ok(&["list", "--format", "markdown"]));
    assert_eq!(
        desk.ok(&["list", "--strength", "document", "--format", "json"]),
        "[]\n"
    );
    // Off a terminal an empty list is its header line alone.
    assert_eq!(
        desk.ok(&["list", "--strength", "document"]),
        "id\tarticle\tstrength\tstatus\tverdict\tsource\tsource kind\tcue\tresponse\ttext\n"
    );
    desk.ok(&[
        "verdict",
        "C2",
        "mostly_true",
        "--rationale",
        "The audit counts 312 workers.",
    ]);
    let open = desk.ok(&["list", "--open", "--format", "csv"]);
    assert_eq!(open.lines().count(), 2, "{open}");
    assert!(
        open.lines().nth(1).is_some_and(|l| l.starts_with("C1,")),
        "{open}"
    );
}

#[test]
fn linking_moves_the_status_and_why_explains_it() {
    let desk = seeded();
    assert_eq!(
        desk.ok(&["link", "C2", "E1", "--supports"]),
        "linked E1 to C2: supports; C2 is single_source\n"
    );
    // E2 repeats E1: the same line of evidence, so still one source.
    assert_eq!(
        desk.ok(&["link", "C2", "E2", "--supports"]),
        "linked E2 to C2: supports; C2 is single_source\n"
    );
    assert_eq!(
        desk.ok(&["link", "C2", "E2", "--supports"]),
        "already linked E2 to C2: supports; C2 is single_source\n"
    );
    let why = desk.ok(&["why", "C2", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&why).expect("valid JSON");
    assert_eq!(value["id"], "C2");
    assert_eq!(value["status"], "single_source");
    assert_eq!(value["origins"], serde_json::json!([["E1", "E2"]]));
    assert!(
        value["reasons"].as_array().is_some_and(|r| r.len() == 3),
        "{why}"
    );
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Ministry statement",
        "--origin",
        "Ministry of Labour",
        "--reliability",
        "A",
        "--credibility",
        "2",
    ]);
    assert_eq!(
        desk.ok(&["link", "C2", "E3", "--supports"]),
        "linked E3 to C2: supports; C2 is corroborated\n"
    );
    insta::assert_snapshot!("why_table", desk.ok(&["why", "C2"]));
    assert_eq!(
        desk.ok(&["unlink", "C2", "E3"]),
        "unlinked E3 from C2; C2 is single_source\n"
    );
    assert_eq!(
        desk.ok(&["list", "--status", "single_source", "--format", "csv"])
            .lines()
            .count(),
        2
    );
}

#[test]
fn regrading_evidence_updates_every_affected_claim_and_leaves_a_trail() {
    let desk = seeded();
    desk.ok(&["link", "C1", "E1", "--supports"]);
    desk.ok(&["link", "C2", "E1", "--refutes"]);
    assert_eq!(
        desk.ok(&["evidence", "edit", "E1", "--credibility", "5"]),
        "E1 is now graded B5\nC2 refuted → unverified\n"
    );
    // Weak now: C1's support stays a single source, C2's weak refutation no longer refutes.
    assert_eq!(
        desk.ok(&["list", "--status", "refuted", "--format", "csv"])
            .lines()
            .count(),
        1
    );
    assert_eq!(
        desk.ok(&["source", "grade", "S1", "--reliability", "E"]),
        "S1 \"Port Authority\" is now organisation E\n"
    );
    insta::assert_snapshot!("history_c2", desk.ok(&["history", "C2"]));
    assert_eq!(desk.ok(&["check"]), desk.check_ok());
}

#[test]
fn a_new_verdict_supersedes_and_both_stay() {
    let desk = seeded();
    assert_eq!(
        desk.ok(&[
            "verdict",
            "C1",
            "unproven",
            "--rationale",
            "No document yet.",
            "--confidence",
            "low"
        ]),
        "C1 rated unproven (low confidence) by tester\n"
    );
    assert_eq!(
        desk.ok_as(
            "editor",
            &[
                "verdict",
                "C1",
                "false",
                "--rationale",
                "The audit shows no fees.",
                "--confidence",
                "high"
            ]
        ),
        "C1 rated false (high confidence) by editor, superseding unproven\n"
    );
    insta::assert_snapshot!("claim_show_c1", desk.ok(&["claim", "show", "C1"]));
    let json = desk.ok(&["claim", "show", "C1", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["verdict"], "false");
    assert_eq!(value["verdicts"].as_array().map(Vec::len), Some(2));
}

#[test]
fn article_show_lists_its_claims() {
    let desk = seeded();
    insta::assert_snapshot!("article_show", desk.ok(&["article", "show", "A1"]));
}

#[test]
fn the_text_can_come_from_standard_input() {
    let desk = Desk::new();
    let outcome = desk.run_with_input(
        &["article", "add", "--title", "Piped", "--text-file", "-"],
        "Text from a pipe.\n",
    );
    assert_eq!(outcome.stdout, "A1\n", "{}", outcome.stderr);
    assert_eq!(
        desk.ok(&["claim", "add", "--article", "A1", "Text from a pipe."]),
        "C1\n"
    );
    let json = desk.ok(&["list", "--format", "json"]);
    assert!(json.contains("\"span\":[0,17]"), "{json}");
}

/// Each refused command: its message, exit code, and a database left exactly as it was.
#[test]
fn bad_input_is_refused_cleanly() {
    let desk = seeded();
    desk.file("latin1.txt", b"Caf\xe9 owners said prices rose.\n");
    let cases: &[(&[&str], i32, &str)] = &[
        (&["claim", "show", "C42"], 1, "error: claim `C42` not found\nhint: see `claimtrack list`\n"),
        (&["link", "C9", "E1", "--supports"], 1, "error: claim `C9` not found\nhint: see `claimtrack list`\n"),
        (&["link", "C1", "E9", "--supports"], 1, "error: evidence `E9` not found\nhint: see `claimtrack evidence list`\n"),
        (&["why", "C0"], 2, "error: invalid value 'C0' for '<CLAIM>': `C0` is not a claim id (expected `C1` or a plain number)\n\nFor more information, try '--help'.\n"),
        (&["article", "show", "A7"], 1, "error: article `A7` not found\nhint: see `claimtrack article list`\n"),
        (&["claim", "add", "--article", "A1", "   "], 1, "error: the claim text is empty\nhint: give the claim's sentence as TEXT\n"),
        (&["claim", "add", "--article", "A3", "Some text."], 1, "error: article `A3` not found\nhint: see `claimtrack article list`\n"),
        (&["verdict", "C1", "true", "--rationale", " "], 1, "error: the verdict's rationale is empty\nhint: say why, with `--rationale \"…\"`\n"),
        (&["article", "add", "--title", "x", "--text-file", "latin1.txt"], 1, "error: `latin1.txt` is not UTF-8 text (invalid byte at offset 3)\nhint: convert it first, e.g. `iconv -f latin1 -t utf-8`\n"),
        (&["article", "add", "--title", "x", "--text-file", "missing.txt"], 1, "error: cannot read `missing.txt`: No such file or directory (os error 2)\n"),
        (&["evidence", "edit", "E1", "--derived-from", "E2"], 1, "error: E1 cannot derive from E2: that would make a cycle (E1 → E2 → E1)\nhint: an item can only derive from one that came before it\n"),
        (&["evidence", "edit", "E1", "--derived-from", "E1"], 1, "error: E1 cannot derive from E1: that would make a cycle (E1 → E1 → E1)\nhint: an item can only derive from one that came before it\n"),
        (&["unlink", "C1", "E1"], 1, "error: E1 is not linked to C1\nhint: see `claimtrack claim show C1`\n"),
        (&["source", "add", "port authority"], 1, "error: source `Port Authority` already exists as S1\nhint: grade it with `claimtrack source grade S1 --reliability …`\n"),
        (&["list", "--article", "A5"], 1, "error: article `A5` not found\nhint: see `claimtrack article list`\n"),
        (&["list", "--format", "html"], 2, "error: invalid value 'html' for '--format <FORMAT>'\n  [possible values: table, json, csv, markdown]\n\nFor more information, try '--help'.\n"),
        (&["claim", "show", "C1", "--format", "csv"], 2, "error: invalid value 'csv' for '--format <FORMAT>'\n  [possible values: table, json]\n\nFor more information, try '--help'.\n"),
    ];
    for (args, code, stderr) in cases {
        let before = desk.dump();
        let outcome = desk.run(args);
        assert_eq!(
            (outcome.code, outcome.stderr.as_str()),
            (*code, *stderr),
            "claimtrack {args:?}"
        );
        assert_eq!(outcome.stdout, "", "claimtrack {args:?} printed to stdout");
        assert_eq!(
            desk.dump(),
            before,
            "claimtrack {args:?} changed the database"
        );
    }
}

#[test]
fn wrong_id_kinds_and_values_are_usage_errors() {
    let desk = seeded();
    let cases: &[(&[&str], &str)] = &[
        (&["link", "E1", "C1", "--supports"], "error: invalid value 'E1' for '<CLAIM>': `E1` is an evidence id, but a claim id is needed here (`C…`)\n"),
        (&["link", "C1", "C1", "--supports"], "error: invalid value 'C1' for '<EVIDENCE>': `C1` is a claim id, but an evidence id is needed here (`E…`)\n"),
        (&["claim", "add", "--article", "A1", "x", "--strength", "weak"], "error: invalid value 'weak' for '--strength <STRENGTH>'\n  [possible values: on_record, document, anonymous, reported, hedged, unattributed]\n"),
        (&["evidence", "add", "--title", "x", "--reliability", "G"], "error: invalid value 'G' for '--reliability <A-F>'\n  [possible values: A, B, C, D, E, F]\n"),
        (&["evidence", "add", "--title", "x", "--credibility", "7"], "error: invalid value '7' for '--credibility <1-6>'\n  [possible values: 1, 2, 3, 4, 5, 6]\n"),
        (&["link", "C1", "E1"], "error: the following required arguments were not provided:\n  <--supports|--refutes|--context>\n"),
        (&["article", "add", "--title", "x", "--published", "14/10/2026"], "error: invalid value '14/10/2026' for '--published <DATE>': `14/10/2026` is not a date; use YYYY-MM-DD, e.g. 2026-10-14\n"),
    ];
    for (args, stderr_start) in cases {
        let before = desk.dump();
        let outcome = desk.run(args);
        assert_eq!(outcome.code, 2, "claimtrack {args:?}: {}", outcome.stderr);
        assert!(
            outcome.stderr.starts_with(stderr_start),
            "claimtrack {args:?}:\n{}",
            outcome.stderr
        );
        assert_eq!(
            desk.dump(),
            before,
            "claimtrack {args:?} changed the database"
        );
    }
}

#[test]
fn a_db_path_that_is_not_a_claimtrack_database_is_refused_untouched() {
    let desk = Desk::sqlite();
    let folder = desk.path("folder");
    std::fs::create_dir(&folder).expect("a folder");
    let text = desk.file(
        "notes.txt",
        "These are my notes, not a database.\n".repeat(200),
    );
    let empty_path = desk.file("empty.db", "");
    for (path, reason) in [
        (&folder, "it is a directory"),
        (&text, "the file is not an SQLite database"),
    ] {
        let before = std::fs::metadata(path).map(|m| m.len()).ok();
        let outcome = desk
            .command(&["list"])
            .arg("--db")
            .arg(path)
            .output()
            .expect("ran");
        let stderr = String::from_utf8_lossy(&outcome.stderr);
        assert_eq!(outcome.status.code(), Some(1));
        assert_eq!(
            stderr,
            format!(
                "error: `{}` is not a claimtrack database: {reason}\nhint: point `--db` (or CLAIMTRACK_DB) at a claimtrack database, or at a new file name\n",
                path.display()
            )
        );
        assert_eq!(std::fs::metadata(path).map(|m| m.len()).ok(), before);
    }
    assert_eq!(
        std::fs::read(&text).expect("still there"),
        "These are my notes, not a database.\n"
            .repeat(200)
            .as_bytes()
    );
    // An empty file holds no desk yet: a command that only reads says so and leaves it empty; one that writes
    // makes it a new desk, as SQLite treats it.
    let outcome = desk
        .command(&["list"])
        .arg("--db")
        .arg(&empty_path)
        .output()
        .expect("ran");
    assert_eq!(
        (
            outcome.status.code(),
            String::from_utf8_lossy(&outcome.stderr).lines().next()
        ),
        (
            Some(1),
            Some(format!("error: no desk at `{}`", empty_path.display()).as_str())
        )
    );
    assert_eq!(
        std::fs::metadata(&empty_path).map(|m| m.len()).ok(),
        Some(0)
    );
    let outcome = desk
        .command(&["article", "add", "--title", "Dock fees"])
        .arg("--db")
        .arg(&empty_path)
        .output()
        .expect("ran");
    assert_eq!(outcome.status.code(), Some(0));
}

#[test]
fn a_database_from_a_newer_claimtrack_is_refused_untouched() {
    let desk = seeded_on(Desk::sqlite());
    {
        let conn = rusqlite::Connection::open(&desk.db).expect("opens");
        conn.pragma_update(None, "user_version", 99).expect("set");
    }
    let before = desk.dump();
    let outcome = desk.run(&["claim", "add", "--article", "A1", "More text."]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stderr,
        format!(
            "error: `{}` is at schema version 99, newer than this claimtrack understands (7)\nhint: upgrade claimtrack; the database was left untouched\n",
            desk.db.display()
        )
    );
    assert_eq!(desk.dump(), before);
}

#[test]
fn another_programs_sqlite_file_is_refused() {
    let desk = Desk::sqlite();
    let other = desk.path("other.db");
    {
        let conn = rusqlite::Connection::open(&other).expect("opens");
        conn.execute_batch("CREATE TABLE recipes (name TEXT);")
            .expect("created");
    }
    let outcome = desk
        .command(&["list"])
        .arg("--db")
        .arg(&other)
        .output()
        .expect("ran");
    assert_eq!(outcome.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&outcome.stderr)
        .contains("is an SQLite database of another program"));
}

#[test]
fn the_database_comes_from_the_environment_when_no_flag_is_given() {
    let desk = Desk::sqlite();
    let mut cmd = assert_cmd::Command::cargo_bin("claimtrack").expect("binary");
    let output = cmd
        .current_dir(desk.dir.path())
        .env("CLAIMTRACK_DB", desk.path("env.db"))
        .args(["init"])
        .output()
        .expect("ran");
    assert_eq!(output.status.code(), Some(0));
    assert!(desk.path("env.db").exists());
    let mut cmd = assert_cmd::Command::cargo_bin("claimtrack").expect("binary");
    let output = cmd
        .current_dir(desk.dir.path())
        .env_remove("CLAIMTRACK_DB")
        .args(["init"])
        .output()
        .expect("ran");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "created: claimtrack.db (schema version 7)\n"
    );
}

/// Found while fuzzing the desk files: a line break in an article's header field would split it into two header
/// lines on export (and `outlet: x\nurl: y` would import as a different article). Such values are refused.
#[test]
fn header_fields_with_line_breaks_are_refused() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    for args in [
        [
            "article",
            "add",
            "--title",
            "Line one\nline two",
            "--outlet",
            "Ledger",
        ],
        [
            "article",
            "add",
            "--title",
            "Fees",
            "--outlet",
            "Ledger\nurl: http://elsewhere",
        ],
    ] {
        let outcome = desk.run(&args);
        assert_eq!(outcome.code, 1);
        assert!(
            outcome
                .stderr
                .contains("holds a line break or another control character"),
            "{}",
            outcome.stderr
        );
    }
    assert_eq!(
        desk.ok(&["article", "list", "--format", "csv"]),
        "id,title,outlet,published,claims,key\n"
    );
}

/// Issue 11, item 1: a mistyped `--db` is not an empty desk. A command that only reads refuses a desk that is not
/// there and creates nothing; a command that writes creates it.
#[test]
fn a_command_that_only_reads_refuses_a_missing_desk_and_creates_nothing() {
    let desk = Desk::sqlite_file(std::path::PathBuf::from("dsek.db"));
    let refused =
        "error: no desk at `dsek.db`\nhint: check the name given to `--db` (or CLAIMTRACK_DB); \
                   `claimtrack init` creates a new desk there\n";
    let reads: &[&[&str]] = &[
        &["report"],
        &["report", "--format", "json"],
        &["list"],
        &["why", "C1"],
        &["check"],
        &["export", "--dir", "out"],
        &["history", "C1"],
        &["claim", "show", "C1"],
        &["article", "list"],
        &["article", "show", "A1"],
        &["evidence", "list"],
        &["evidence", "show", "E1"],
        &["source", "list"],
        &["setting", "org"],
        &["backup", "copy.db"],
    ];
    let files = || desk.files();
    for args in reads {
        let outcome = desk.run(args);
        assert_eq!(
            (
                outcome.code,
                outcome.stdout.as_str(),
                outcome.stderr.as_str()
            ),
            (1, "", refused),
            "claimtrack {args:?}"
        );
        assert_eq!(
            files(),
            Vec::<String>::new(),
            "claimtrack {args:?} created a file"
        );
    }
    // A scan that records nothing needs no desk at all.
    desk.file("story.txt", "The union said 300 workers paid.\n");
    desk.ok(&["scan", "story.txt", "--format", "csv"]);
    assert_eq!(files(), ["story.txt"]);
    // A command that writes creates the desk, as before.
    assert_eq!(desk.ok(&["article", "add", "--title", "Dock fees"]), "A1\n");
    assert!(desk.path("dsek.db").is_file());
}

/// A command that writes to a desk that is not there yet creates it only when it succeeds: one that fails (a
/// mistyped `--db` and an article the real desk has) leaves no file behind, not an empty desk by that name.
#[test]
fn a_write_that_fails_on_a_new_desk_leaves_no_file() {
    let desk = Desk::sqlite_file(std::path::PathBuf::from("dsek.db"));
    let files = || desk.files();
    let refused = desk.run(&["claim", "add", "--article", "A9", "Fees rose."]);
    assert_eq!(
        (
            refused.code,
            refused.stdout.as_str(),
            refused.stderr.as_str()
        ),
        (
            1,
            "",
            "error: article `A9` not found\nhint: see `claimtrack article list`\n"
        )
    );
    assert_eq!(files(), Vec::<String>::new());
    desk.file("story.txt", "The union said 300 workers paid.\n");
    let refused = desk.run(&["scan", "story.txt", "--record", "--article", "A9"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert_eq!(files(), ["story.txt"]);
    // The first write that succeeds makes the desk, under its own name, in WAL mode, and it opens again.
    assert_eq!(desk.ok(&["article", "add", "--title", "Dock fees"]), "A1\n");
    assert_eq!(files(), ["dsek.db", "story.txt"]);
    assert_eq!(
        desk.ok(&["claim", "add", "--article", "A1", "Fees rose."]),
        "C1\n"
    );
    assert_eq!(desk.ok(&["check"]), desk.check_ok());
}

/// The audit trail of a desk file is stamped by the clock of whoever writes (a server desk's by the server): a
/// clock set back, by mistake or with `CLAIMTRACK_NOW`, would file a change before changes already made. A write
/// whose clock is earlier than the desk's last event is refused and nothing is written.
#[test]
fn a_write_stamped_before_the_last_event_is_refused() {
    let desk = Desk::sqlite();
    assert_eq!(desk.ok(&["article", "add", "--title", "Dock fees"]), "A1\n");
    let before = desk.snapshot();
    let add_at = |now: &str| {
        Outcome::of(
            desk.command(&["claim", "add", "--article", "A1", "Fees rose."])
                .env("CLAIMTRACK_NOW", now),
        )
    };
    assert_eq!(
        add_at("2026-01-05T09:00:00Z"),
        Outcome::failed(
            1,
            "error: the clock says 2026-01-05T09:00:00Z, earlier than the desk's last change \
             (2026-11-28T10:00:00Z): its audit trail never goes back in time\n\
             hint: set the computer's clock right (or unset CLAIMTRACK_NOW, which fixes the clock for tests and \
             demos)\n"
        )
    );
    assert!(desk.snapshot() == before, "nothing was written");
    // Nor forward: a clock fixed in the future would stamp a change that has not happened yet, and lock every
    // later write on the real clock out of the desk.
    assert_eq!(
        add_at("9999-12-31T23:59:59Z"),
        Outcome::failed(
            2,
            "error: CLAIMTRACK_NOW is 9999-12-31T23:59:59Z, later than the computer's clock: a change is never \
             stamped before it happens\n\
             hint: unset CLAIMTRACK_NOW, or set it to a time that has passed\n"
        )
    );
    assert!(desk.snapshot() == before, "nothing was written");
    // The same moment as the last change, or later, is fine.
    assert_eq!(
        desk.ok(&["claim", "add", "--article", "A1", "Fees rose."]),
        "C1\n"
    );
}

/// Issue 11, item 1: a desk with nothing in it says so, instead of "every claim has a verdict".
#[test]
fn an_empty_desk_reports_that_it_is_empty() {
    let desk = Desk::new();
    // A server desk was made by the test's own `init`, so this one finds it.
    let made = if desk.on_server() { "ready" } else { "created" };
    assert_eq!(desk.ok(&["init"]).split(':').next(), Some(made));
    assert_eq!(
        desk.ok(&["report"]),
        "Status report: 0 claims in 0 articles, generated 2026-11-28T10:00:00Z by claimtrack\n\n\
         The desk is empty: no articles and no claims yet.\n\
         Add an article with `claimtrack article add`, scan one with `claimtrack scan FILE --record`, or load a desk \
         with `claimtrack import PATH`.\n"
    );
    assert_eq!(
        desk.ok(&["report", "--format", "markdown"]),
        "# Status report\n\n0 claims in 0 articles, generated 2026-11-28T10:00:00Z by claimtrack.\n\n\
         The desk is empty: no articles and no claims yet.\n"
    );
}

/// Issue 11, item 7: an article's address is an http(s) address when it is given, however the article comes in.
#[test]
fn an_article_address_must_be_http() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    let hint =
        "hint: give the address the article is published at, as `https://…`, or leave it out\n";
    desk.file("story.txt", "The union said 300 workers paid.\n");
    desk.file(
        "sheet.csv",
        "article title,url,claim text,source,cue,strength\nDock fees,ftp://example.org/a,The union said 300 workers paid.,,,\n",
    );
    for (args, address) in [
        (
            &[
                "article",
                "add",
                "--title",
                "Dock fees",
                "--url",
                "example.org/dock-fees",
            ][..],
            "example.org/dock-fees",
        ),
        (
            &[
                "article",
                "add",
                "--title",
                "Dock fees",
                "--url",
                "javascript:alert(1)",
            ],
            "javascript:alert(1)",
        ),
        (
            &[
                "scan",
                "story.txt",
                "--record",
                "--title",
                "Dock fees",
                "--url",
                "www.example.org",
            ],
            "www.example.org",
        ),
        (&["import", "--csv", "sheet.csv"], "ftp://example.org/a"),
    ] {
        let before = desk.dump();
        let outcome = desk.run(args);
        assert_eq!(
            (outcome.code, outcome.stdout.as_str(), outcome.stderr),
            (
                1,
                "",
                format!("error: the article address `{address}` is not an http(s) address\n{hint}")
            ),
            "claimtrack {args:?}"
        );
        assert_eq!(desk.dump(), before, "claimtrack {args:?} changed the desk");
    }
    assert_eq!(
        desk.ok(&[
            "article",
            "add",
            "--title",
            "Dock fees",
            "--url",
            "https://example.org/dock-fees"
        ]),
        "A1\n"
    );
}

/// Issue 11, item 15: without `--by`, CLAIMTRACK_USER, USER or LOGNAME, the actor is the login name the system
/// gives for the user running claimtrack, never "unknown".
#[test]
fn the_actor_is_the_login_name_when_the_environment_has_none() {
    // On a server desk the actor is who connected (tests/server.rs), whatever the environment says.
    let desk = Desk::sqlite();
    let login = whoami::username().expect("a login name for this user");
    let output = desk
        .command(&["article", "add", "--title", "Dock fees"])
        .env_remove("CLAIMTRACK_USER")
        .env_remove("USER")
        .env_remove("LOGNAME")
        .output()
        .expect("ran");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "A1\n");
    let output = desk
        .command(&[
            "claim",
            "add",
            "--article",
            "A1",
            "The union said 300 workers paid.",
        ])
        .env_remove("CLAIMTRACK_USER")
        .env_remove("USER")
        .env_remove("LOGNAME")
        .output()
        .expect("ran");
    assert!(output.status.success());
    assert_eq!(
        desk.ok(&["history", "C1", "--format", "csv"]),
        format!(
            "at,by,action,what\n2026-11-28T10:00:00Z,{login},claim.add,\"recorded claim C1 in A1 as on_record, \
             source \"\"The union\"\"\"\n"
        )
    );
}

/// Issue 11, item 14: a command's help offers only the formats it supports, lists the global options apart, and
/// the top-level help gives the exit codes.
#[test]
fn help_lists_each_commands_own_formats_and_the_exit_codes() {
    let desk = Desk::new();
    insta::assert_snapshot!("help", desk.ok(&["--help"]));
    insta::assert_snapshot!("help_list", desk.ok(&["list", "--help"]));
    insta::assert_snapshot!("help_report", desk.ok(&["report", "--help"]));
    insta::assert_snapshot!("help_claim_show", desk.ok(&["claim", "show", "--help"]));
    // A command that prints no records takes no `--format`.
    let outcome = desk.run(&["link", "C1", "E1", "--supports", "--format", "json"]);
    assert_eq!(
        (outcome.code, outcome.stderr.lines().next()),
        (2, Some("error: unexpected argument '--format' found"))
    );
}

/// Issue 11, item 13: the completion script completes commands and a command's own format values in bash, and
/// the manual pages are roff generated from the same definition.
#[test]
fn completions_complete_in_bash_and_the_manual_page_is_roff() {
    let desk = Desk::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = desk.ok(&["completions", shell]);
        assert!(script.lines().count() > 100, "{shell}: {script}");
    }
    let script = desk.file("claimtrack.bash", desk.ok(&["completions", "bash"]));
    let complete = |words: &str| -> String {
        let words: Vec<&str> = words.split(' ').collect();
        let program = format!(
            "source {}; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
             _claimtrack claimtrack '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
            words.len() - 1,
            words.join(" "),
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let output = std::process::Command::new("bash")
            .args(["--norc", "-c", &program])
            .output()
            .expect("bash ran");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert_eq!(complete("claimtrack rep"), "report\n");
    assert_eq!(
        complete("claimtrack list --format "),
        "table\njson\ncsv\nmarkdown\n"
    );
    assert_eq!(
        complete("claimtrack report --format "),
        "table\njson\ncsv\nmarkdown\nhtml\nclaimreview\n"
    );
    assert_eq!(
        complete("claimtrack completions "),
        "-h\n-V\n--db\n--by\n--help\n--version\nbash\nelvish\nfish\npowershell\nzsh\n"
    );
    insta::assert_snapshot!("man_report", desk.ok(&["man", "report"]));
    let page = desk.ok(&["man"]);
    assert_eq!(
        page.lines().nth(2),
        Some(".TH claimtrack 1  \"claimtrack 0.1.0\" ")
    );
    let outcome = desk.run(&["man", "reprot"]);
    assert_eq!(outcome.code, 2);
    assert!(outcome
        .stderr
        .starts_with("error: there is no command `reprot`\nhint: one of: init, article,"));
}

/// Issue 11, item 10: on a terminal, every phase of `check`, `backup` and `scan --record` shows its progress on
/// standard error; off one, nothing is drawn (`Desk::ok` requires an empty standard error).
#[test]
fn long_work_shows_each_phase_on_a_terminal_and_nothing_off_one() {
    let desk = Desk::sqlite();
    let dir = desk.path("generated");
    desk.ok(&[
        "generate",
        "--claims",
        "200",
        "--dir",
        dir.to_str().expect("path"),
    ]);
    desk.ok(&["import", dir.to_str().expect("path")]);
    let story = std::fs::read_dir(dir.join("sources"))
        .expect("sources")
        .next()
        .expect("a source")
        .expect("an entry")
        .path();
    let story = story.to_str().expect("path");
    let steps: [(&[&str], &[&str]); 3] = [
        (
            &["check"],
            &[
                "checking integrity and foreign keys",
                "checking every stored status",
            ],
        ),
        (&["backup", "copy.db"], &["copying", "saving the copy"]),
        (
            &["scan", story, "--record", "--title", "Again"],
            &[
                "reading the text",
                "scanning and recording",
                "saving the claims",
            ],
        ),
    ];
    // Off a terminal: the output alone.
    assert_eq!(
        desk.ok(&["check"]),
        "ok: integrity, foreign keys and every stored status check out\n"
    );
    desk.ok(&["backup", "piped.db"]);
    // The generated stories repeat each other, so the scan's notes of rated look-alikes come on standard error.
    let piped = desk.run(&["scan", story, "--record", "--title", "Piped"]);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(
        piped
            .stderr
            .lines()
            .all(|line| line.contains(" looks like ")),
        "only notes off a terminal: {}",
        piped.stderr
    );
    // On a terminal: `script` gives the command a pseudo-terminal and records what it drew.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped the terminal half: `script` (util-linux) is not installed");
        return;
    }
    let binary = assert_cmd::cargo::cargo_bin("claimtrack");
    for (args, phases) in steps {
        let line = std::iter::once(binary.display().to_string())
            .chain(["--db".to_string(), desk.db.display().to_string()])
            .chain(args.iter().map(|a| a.to_string()))
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" ");
        let output = std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .current_dir(desk.dir.path())
            .env("CLAIMTRACK_USER", "tester")
            .env_remove("NO_COLOR")
            .output()
            .expect("script ran");
        assert!(output.status.success(), "{args:?}");
        let drawn = String::from_utf8_lossy(&output.stdout);
        for phase in phases {
            assert!(drawn.contains(phase), "{args:?}: no `{phase}` in {drawn:?}");
        }
    }
}

/// Issue 11, item 1: the HTML report of an empty desk says so too.
#[test]
fn an_empty_desks_html_report_says_it_is_empty() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    let html = desk.ok(&["report", "--format", "html"]);
    let text: Vec<&str> = html
        .split(['<', '>'])
        .filter(|t| t.starts_with("The desk is") || t.starts_with("None:"))
        .collect();
    assert_eq!(
        text,
        [
            "The desk is empty: no articles and no claims yet.",
            "None: no claim is recorded yet."
        ]
    );
}

#[test]
fn format_before_the_command_works_as_the_design_page_makes_it_global() {
    let desk = Desk::new();
    desk.ok(&["article", "add", "--title", "Dock fees"]);
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
    ]);
    let before = desk.run(&["--format", "json", "list"]);
    assert_eq!(before, desk.run(&["list", "--format", "json"]));
    assert_eq!(before.code, 0);
    let refused = desk.run(&["--format", "html", "list"]);
    assert_eq!(
        (refused.code, refused.stdout.as_str()),
        (2, ""),
        "{}",
        refused.stderr
    );
    assert_eq!(
        refused.stderr.lines().next(),
        Some("error: invalid value 'html' for '--format <FORMAT>'")
    );
}

/// Every file under `dir`, by its path inside it, with its contents.
fn files_under(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for sub in ["claims", "sources"] {
        let mut names: Vec<_> = std::fs::read_dir(dir.join(sub))
            .expect("the folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        names.sort();
        for path in names {
            let name = format!(
                "{sub}/{}",
                path.file_name().expect("a name").to_string_lossy()
            );
            out.push((name, std::fs::read_to_string(&path).expect("the file")));
        }
    }
    out
}

/// A revised article goes through the plain-text desk with every revision: export writes the earlier text beside
/// the latest, import of the folder into another desk brings it back, and that desk exports the same bytes. An
/// earlier revision's file given without its article is refused, naming it, and nothing is written.
#[test]
fn a_revised_article_round_trips_through_the_desk_files_with_its_earlier_text() {
    let desk = seeded();
    desk.file(
        "revised.txt",
        ARTICLE.replace(
            "The union said 300 workers paid.",
            "Reportedly 300 workers paid.",
        ),
    );
    desk.ok(&["article", "revise", "A1", "--text-file", "revised.txt"]);
    desk.ok(&["export", "--dir", "out"]);
    let exported = files_under(&desk.path("out"));
    assert_eq!(
        exported
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>(),
        [
            "claims/_desk.toml",
            "claims/dock-fees.toml",
            "sources/dock-fees.r1.txt",
            "sources/dock-fees.txt"
        ]
    );
    assert!(exported[2].1.ends_with(ARTICLE), "{}", exported[2].1);

    let copy = Desk::new();
    let out = desk.path("out");
    copy.ok(&["import", out.to_str().expect("a UTF-8 path")]);
    copy.ok(&["export", "--dir", "again"]);
    assert_eq!(files_under(&copy.path("again")), exported);

    let lone = Desk::new();
    let before = lone.dump();
    let r1 = desk.path("out/sources/dock-fees.r1.txt");
    let outcome = lone.run(&["import", r1.to_str().expect("a UTF-8 path")]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!(
                "error: {} is an earlier revision of article `dock-fees`, whose text sources/dock-fees.txt is not \
                 given\nhint: import the folder, or give sources/dock-fees.txt and claims/dock-fees.toml with it\n",
                r1.display()
            )
        )
    );
    assert_eq!(lone.dump(), before);
}
