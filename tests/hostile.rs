//! Hostile and broken input across commands, table-driven: each case gets a clear message, the right exit code,
//! and leaves the database file byte for byte as it was.

mod common;

use common::Desk;

/// The desk every case runs against: the example desk plus a second evidence item.
fn desk() -> Desk {
    let desk = Desk::new();
    let root = env!("CARGO_MANIFEST_DIR");
    desk.ok(&[
        "import",
        &format!("{root}/claims"),
        &format!("{root}/sources"),
    ]);
    desk
}

/// A claims file for the example article with one claim and whatever `extra` adds.
fn claims_file(claim: &str, extra: &str) -> String {
    format!("article = \"harbour-fees\"\n\n[[claims]]\nkey = \"c1\"\n{claim}\nstrength = \"hedged\"\n{extra}")
}

struct Case {
    name: &'static str,
    args: Vec<String>,
    code: i32,
    /// What stderr starts with, after the desk's folder is replaced by `DIR`.
    stderr: String,
}

fn case(name: &'static str, args: &[&str], code: i32, stderr: &str) -> Case {
    Case {
        name,
        args: args.iter().map(|a| a.to_string()).collect(),
        code,
        stderr: stderr.to_string(),
    }
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_nothing_changes() {
    let desk = desk();
    let dir = desk.dir.path().display().to_string();
    let text = "text = \"Casual dock workers at the port of Alderhaven were allegedly made to pay labour brokers for a place on the morning roster, a practice that appears to have gone on for at least three years.\"";
    desk.file(
        "toml/malformed/claims/harbour-fees.toml",
        "article = \"harbour-fees\"\n[[claims]\nkey = \"c1\"\n",
    );
    desk.file(
        "toml/truncated/claims/harbour-fees.toml",
        "article = \"harbour-fees\"\n\n[[claims]]\nkey = \"c1\"\ntext = \"Casual dock wor",
    );
    desk.file(
        "toml/enum/claims/harbour-fees.toml",
        claims_file(text, "").replace("\"hedged\"", "\"sort of\""),
    );
    desk.file(
        "toml/unknown-field/claims/harbour-fees.toml",
        claims_file(text, "colour = \"red\"\n"),
    );
    desk.file(
        "toml/span/claims/harbour-fees.toml",
        claims_file(&format!("{text}\nspan = [3, 40]"), ""),
    );
    desk.file(
        "toml/link/claims/harbour-fees.toml",
        claims_file(
            text,
            "\n[[links]]\nclaim = \"c1\"\nevidence = \"e404\"\nstance = \"supports\"\n",
        ),
    );
    desk.file(
        "toml/cycle/claims/harbour-fees.toml",
        claims_file(text, "\n[[evidence]]\nkey = \"x1\"\ntitle = \"A\"\nderived_from = \"x2\"\n\n[[evidence]]\nkey = \"x2\"\ntitle = \"B\"\nderived_from = \"x1\"\n"),
    );
    desk.file(
        "toml/nul/claims/harbour-fees.toml",
        claims_file("text = \"Fees were\\u0000 charged.\"", ""),
    );
    desk.file(
        "toml/huge/claims/harbour-fees.toml",
        claims_file(&format!("text = \"{}\"", "word ".repeat(10_000_000)), ""),
    );
    desk.file(
        "toml/traversal/claims/harbour-fees.toml",
        "article = \"../../etc/passwd\"\n",
    );
    desk.file(
        "toml/bad-name/sources/Bad Name.txt",
        "title: x\n---\ntext\n",
    );
    desk.file(
        "toml/latin1/sources/latin.txt",
        b"title: Caf\xe9\n---\ntext\n",
    );
    desk.file("toml/verdict/claims/harbour-fees.toml", claims_file(text, "\n[[verdicts]]\nclaim = \"c1\"\nrating = \"true\"\nrationale = \"ok\"\nconfidence = \"high\"\nby = \"desk\"\nat = \"yesterday\"\n"));
    std::fs::create_dir_all(desk.path("toml/empty-folder")).expect("folder");
    let header = "article title,url,claim text,source,cue,strength\n";
    desk.file("csv/ragged.csv", format!("{header}Fees,,A claim.,,\n"));
    desk.file(
        "csv/truncated.csv",
        format!("{header}Fees,,\"A claim that never ends"),
    );
    desk.file("csv/enum.csv", format!("{header}Fees,,A claim.,,,strong\n"));
    desk.file("csv/header.csv", "title,text\nFees,A claim.\n");
    desk.file("csv/empty-text.csv", format!("{header}Fees,,  ,,,\n"));
    desk.file("csv/only-header.csv", header);
    desk.file("nul.txt", b"Officials said\0 fees rose.\n");
    desk.file(
        "huge.txt",
        "Officials allegedly took fees. ".repeat(700_000),
    );
    desk.file("latin1.txt", b"Caf\xe9 owners said prices rose.\n");
    desk.file("a-file", "not a folder\n");

    let cases = vec![
        case("malformed TOML", &["import", "toml/malformed"], 1, "error: toml/malformed/claims/harbour-fees.toml:2: "),
        case("truncated TOML", &["import", "toml/truncated"], 1, "error: toml/truncated/claims/harbour-fees.toml:5: "),
        case("invalid strength in TOML", &["import", "toml/enum"], 1, "error: toml/enum/claims/harbour-fees.toml:6: `sort of` is not a valid attribution strength"),
        case("unknown field in TOML", &["import", "toml/unknown-field"], 1, "error: toml/unknown-field/claims/harbour-fees.toml:7: unknown field `colour`"),
        case("span not holding the text", &["import", "toml/span"], 1, "error: toml/span/claims/harbour-fees.toml:4: the span [3, 40] of claim `c1` does not hold its text"),
        case("link to unknown evidence", &["import", "toml/link"], 1, "error: toml/link/claims/harbour-fees.toml:10: a link names evidence `e404`, which no file or record has"),
        case("derived-from cycle in a file", &["import", "toml/cycle"], 1, "error: toml/cycle/claims/harbour-fees.toml: evidence derives from itself through a cycle"),
        case("NUL byte in a claim", &["import", "toml/nul"], 1, "error: the claim text holds a NUL byte (at byte 9), which text never does"),
        case("50 MB claim text", &["import", "toml/huge"], 1, "error: the claim text is 50000000 bytes long; claimtrack keeps at most 10000\nhint: shorten the claim text\n"),
        case("path traversal in an article key", &["import", "toml/traversal"], 1, "error: toml/traversal/claims/harbour-fees.toml:1: `../../etc/passwd` is not an article key"),
        case("a file name that is not a key", &["import", "toml/bad-name"], 1, "error: toml/bad-name/sources/Bad Name.txt: the file name must be a key"),
        case("Latin-1 desk file", &["import", "toml/latin1"], 1, "error: `toml/latin1/sources/latin.txt` is not UTF-8 text (invalid byte at offset 10)"),
        case("verdict with a bad time", &["import", "toml/verdict"], 1, "error: toml/verdict/claims/harbour-fees.toml:9: verdict time `yesterday` is not an RFC 3339 time"),
        case("a folder with no desk files", &["import", "toml/empty-folder"], 1, "error: `toml/empty-folder` holds no desk files\nhint: a desk has `claims/*.toml` and `sources/*.txt`\n"),
        case("an import path that is not there", &["import", "nowhere"], 1, "error: cannot read `nowhere`: No such file or directory"),
        case("ragged CSV", &["import", "--csv", "csv/ragged.csv"], 1, "error: csv/ragged.csv:2: "),
        case("truncated CSV", &["import", "--csv", "csv/truncated.csv"], 1, "error: csv/truncated.csv:"),
        case("invalid strength in CSV", &["import", "--csv", "csv/enum.csv"], 1, "error: csv/enum.csv:2: `strong` is not a valid attribution strength"),
        case("CSV without the columns", &["import", "--csv", "csv/header.csv"], 1, "error: csv/header.csv:1: the header has no `article title` column"),
        case("CSV with an empty claim", &["import", "--csv", "csv/empty-text.csv"], 1, "error: csv/empty-text.csv:2: the claim text is empty\n"),
        case("CSV with no rows", &["import", "--csv", "csv/only-header.csv"], 1, "error: csv/only-header.csv: the file has a header but no rows\n"),
        case("claim for an unknown article", &["claim", "add", "--article", "A99", "Text."], 1, "error: article `A99` not found\nhint: see `claimtrack article list`\n"),
        case("mistyped claim id", &["claim", "show", "C1x"], 2, "error: invalid value 'C1x' for '<ID>': `C1x` is not a claim id"),
        case("ids of the wrong kind", &["link", "E1", "C1", "--supports"], 2, "error: invalid value 'E1' for '<CLAIM>': `E1` is an evidence id, but a claim id is needed here"),
        case("unknown evidence", &["link", "C1", "E99", "--supports"], 1, "error: evidence `E99` not found\nhint: see `claimtrack evidence list`\n"),
        case("invalid rating", &["verdict", "C1", "maybe", "--rationale", "x"], 2, "error: invalid value 'maybe' for '<RATING>'"),
        case("empty rationale", &["verdict", "C1", "true", "--rationale", ""], 1, "error: the verdict's rationale is empty"),
        case("credibility out of range", &["evidence", "add", "--title", "x", "--credibility", "9"], 2, "error: invalid value '9' for '--credibility <1-6>'"),
        case("derived from an unknown item", &["evidence", "add", "--title", "x", "--derived-from", "E99"], 1, "error: evidence `E99` not found"),
        case("a derived-from cycle", &["evidence", "edit", "E2", "--derived-from", "E3"], 1, "error: E2 cannot derive from E3: that would make a cycle (E2 → E3 → E2)"),
        case("an empty source name", &["source", "add", "  "], 1, "error: the source name is empty\n"),
        case("a NUL byte in an article", &["article", "add", "--title", "x", "--text-file", "nul.txt"], 1, "error: `nul.txt` is not text: it holds a NUL byte at offset 14\n"),
        case("a 21 MB article", &["article", "add", "--title", "x", "--text-file", "huge.txt"], 1, "error: the article text is 21700000 bytes long; claimtrack keeps at most 20971520"),
        case("an evidence file that is not there", &["evidence", "add", "--title", "x", "--file", "gone.pdf"], 1, "error: cannot read `gone.pdf`: No such file or directory"),
        case("a report into a missing folder", &["report", "--out", "missing/report.txt"], 1, "error: cannot write `missing/report.txt`"),
        case("an export onto a file", &["export", "--dir", "a-file"], 1, "error: cannot create `a-file/sources`"),
        case("scan of Latin-1 text", &["scan", "latin1.txt", "--record", "--article", "A1"], 1, "error: `latin1.txt` is not UTF-8 text (invalid byte at offset 3)"),
        case("an unknown command", &["frobnicate"], 2, "error: unrecognized subcommand 'frobnicate'"),
        case("an unknown format", &["list", "--format", "xml"], 2, "error: invalid value 'xml' for '--format <FORMAT>'"),
    ];
    assert!(cases.len() >= 30);
    for case in cases {
        // `check` leaves the file with its write-ahead log folded in, so bytes compare.
        desk.ok(&["check"]);
        let before = std::fs::read(&desk.db).expect("read");
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let outcome = desk.run(&args);
        let stderr = outcome.stderr.replace(&format!("{dir}/"), "");
        assert_eq!(outcome.code, case.code, "{}: {stderr}", case.name);
        assert!(
            stderr.starts_with(&case.stderr),
            "{}:\n  got:  {stderr}\n  want: {}",
            case.name,
            case.stderr
        );
        assert_eq!(outcome.stdout, "", "{}", case.name);
        desk.ok(&["check"]);
        assert!(
            std::fs::read(&desk.db).expect("read") == before,
            "{} changed the database",
            case.name
        );
    }
}

#[test]
fn bad_database_files_are_refused_untouched() {
    let desk = Desk::sqlite();
    let folder = desk.path("folder");
    std::fs::create_dir(&folder).expect("folder");
    let text = desk.file(
        "notes.db",
        "Shopping: bread, milk, a new notebook for the council meeting.\n".repeat(100),
    );
    let newer = desk.path("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).expect("opens");
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 42;")
            .expect("made");
    }
    let empty = desk.file("empty.db", "");
    for (path, code, message) in [
        (
            &folder,
            1,
            format!(
                "error: `{}` is not a claimtrack database: it is a directory\n",
                folder.display()
            ),
        ),
        (
            &text,
            1,
            format!(
                "error: `{}` is not a claimtrack database: the file is not an SQLite database\n",
                text.display()
            ),
        ),
        (
            &newer,
            1,
            format!(
                "error: `{}` is at schema version 42, newer than this claimtrack understands (1)\n",
                newer.display()
            ),
        ),
    ] {
        let before = std::fs::read(path).ok();
        let output = desk
            .command(&["list"])
            .arg("--db")
            .arg(path)
            .output()
            .expect("ran");
        assert_eq!(output.status.code(), Some(code));
        assert!(
            String::from_utf8_lossy(&output.stderr).starts_with(&message),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(std::fs::read(path).ok(), before);
    }
    // An empty file is what SQLite makes of a new database: claimtrack takes it as one.
    let output = desk
        .command(&["init"])
        .arg("--db")
        .arg(&empty)
        .output()
        .expect("ran");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("ready: {} (schema version 1)\n", empty.display())
    );
}

#[test]
fn a_read_only_database_is_read_but_never_written() {
    let desk = desk();
    desk.ok(&["check"]);
    let before = std::fs::read(&desk.db).expect("read");
    // Root ignores permission bits, so the file is made immutable instead; skip where that is not allowed.
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&desk.db)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !immutable {
        eprintln!("chattr +i is not available here; the read-only case is not exercised");
        return;
    }
    let listed = desk.run(&["list", "--format", "csv"]);
    let written = desk.run(&["verdict", "C1", "true", "--rationale", "Confirmed."]);
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(&desk.db)
        .status();
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(listed.stdout.lines().count(), 16);
    assert_eq!(written.code, 1);
    assert_eq!(
        written.stderr,
        format!(
            "error: `{}` is read-only: nothing was changed\nhint: check the file's permissions, or work on a copy made with `claimtrack backup`\n",
            desk.db.display()
        )
    );
    assert!(std::fs::read(&desk.db).expect("read") == before);
}
