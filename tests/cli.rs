//! The commands through the real binary on a temporary database: full expected output, exit codes, and the
//! database left exactly as it was when a command is refused.

mod common;

use common::Desk;

const ARTICLE: &str = "Officials allegedly took fees from dock workers. The union said 300 workers paid.\n\n\
Sources familiar with the matter said the brokers were former supervisors. The company denied the allegations.\n";

/// A desk with one article, two claims, three sources' worth of evidence and a verdict.
fn seeded() -> Desk {
    let desk = Desk::new();
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
        "id\tarticle\tstrength\tstatus\tverdict\tsource\tcue\tresponse\ttext\n"
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
        "E1 is now graded B5\n"
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
    assert_eq!(
        desk.ok(&["check"]),
        "ok: integrity, foreign keys and every stored status check out\n"
    );
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
        desk.ok(&[
            "verdict",
            "C1",
            "false",
            "--rationale",
            "The audit shows no fees.",
            "--confidence",
            "high",
            "--by",
            "editor"
        ]),
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
        (&["list", "--format", "html"], 2, "error: `--format html` is only for `claimtrack report`\nhint: use table, json, csv or markdown here\n"),
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
    // An empty file is a new database, as SQLite treats it.
    let outcome = desk
        .command(&["list"])
        .arg("--db")
        .arg(&empty_path)
        .output()
        .expect("ran");
    assert_eq!(outcome.status.code(), Some(0));
}

#[test]
fn a_database_from_a_newer_claimtrack_is_refused_untouched() {
    let desk = seeded();
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
            "error: `{}` is at schema version 99, newer than this claimtrack understands (2)\nhint: upgrade claimtrack; the database was left untouched\n",
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
        "created: claimtrack.db (schema version 2)\n"
    );
}

/// Found while fuzzing the desk files: a line break in an article's header field would split it into two header
/// lines on export (and `outlet: x\nurl: y` would import as a different article). Such values are refused.
#[test]
fn header_fields_with_line_breaks_are_refused() {
    let desk = Desk::new();
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
