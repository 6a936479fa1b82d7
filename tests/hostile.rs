//! Hostile and broken input across commands, table-driven: each case gets a clear message, the right exit code,
//! and leaves the database file byte for byte as it was.

mod common;

use common::{Desk, Outcome};

/// The desk every case runs against: the example desk plus a second evidence item.
fn desk() -> Desk {
    desk_on(Desk::new())
}

/// The example desk imported into `desk`, for a test that needs one backend.
fn desk_on(desk: Desk) -> Desk {
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
        case("a malformed article id", &["article", "show", "X1"], 2, "error: invalid value 'X1' for '<ID>': `X1` is not an article id (expected `A1` or a plain number)"),
        case("a malformed evidence id", &["evidence", "show", "Q1"], 2, "error: invalid value 'Q1' for '<ID>': `Q1` is not an evidence id (expected `E1` or a plain number)"),
        case("an evidence id for an article", &["article", "show", "E1"], 2, "error: invalid value 'E1' for '<ID>': `E1` is an evidence id, but an article id is needed here (`A…`)"),
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
        case("an export onto a file", &["export", "--dir", "a-file"], 1, "error: `a-file` is a file, not a folder\nhint: give `--dir` a folder (it is made when missing)\n"),
        case("scan of Latin-1 text", &["scan", "latin1.txt", "--record", "--article", "A1"], 1, "error: `latin1.txt` is not UTF-8 text (invalid byte at offset 3)"),
        case("an unknown command", &["frobnicate"], 2, "error: unrecognized subcommand 'frobnicate'"),
        case("an unknown format", &["list", "--format", "xml"], 2, "error: invalid value 'xml' for '--format <FORMAT>'"),
    ];
    assert!(cases.len() >= 30);
    for case in cases {
        // `check` leaves the file with its write-ahead log folded in, so bytes compare.
        desk.ok(&["check"]);
        let before = desk.snapshot();
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
            desk.snapshot() == before,
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
                "error: `{}` is at schema version 42, newer than this claimtrack understands (7)\n",
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
        format!("ready: {} (schema version 7)\n", empty.display())
    );
}

#[test]
fn a_read_only_database_is_read_but_never_written() {
    let desk = desk_on(Desk::sqlite());
    desk.ok(&["check"]);
    let before = desk.snapshot();
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
    assert!(desk.snapshot() == before);
}

// ---------------------------------------------------------------------------------------------------------------
// Files a command must not write over (issue 10, items 1, 2 and 5).

/// The bytes of each path, `None` where there is no file: what "every file the command touches is unchanged"
/// compares.
fn snapshot(paths: &[&std::path::Path]) -> Vec<Option<Vec<u8>>> {
    paths.iter().map(|p| std::fs::read(p).ok()).collect()
}

/// Runs `args` and expects it refused with exactly `stderr` (the desk's folder written `DIR`), nothing on
/// stdout, and the database and `watched` files byte for byte as they were.
fn refused(desk: &Desk, args: &[&str], watched: &[&std::path::Path], stderr: &str) {
    desk.ok(&["check"]);
    let db = desk.snapshot();
    let before = snapshot(watched);
    let outcome = desk.run(args);
    let dir = desk.dir.path().display().to_string();
    assert_eq!(
        (
            outcome.code,
            outcome.stdout.as_str(),
            outcome.stderr.replace(&dir, "DIR")
        ),
        (1, "", stderr.to_string()),
        "{args:?}"
    );
    assert!(desk.snapshot() == db, "{args:?} changed the database");
    assert!(snapshot(watched) == before, "{args:?} changed a file");
}

#[test]
fn report_out_never_replaces_the_database_or_its_files() {
    let desk = desk_on(Desk::sqlite());
    std::fs::hard_link(&desk.db, desk.path("alias.db")).expect("hard link");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&desk.db, desk.path("link.db")).expect("symlink");
    let wal = desk.path("desk.db-wal");
    let journal = desk.path("desk.db-journal");
    for (out, what) in [
        ("desk.db", "the database this command works on"),
        ("./desk.db", "the database this command works on"),
        ("alias.db", "the database this command works on"),
        ("link.db", "the database this command works on"),
        ("desk.db-wal", "the database's write-ahead log"),
        ("desk.db-shm", "the database's shared-memory index"),
        ("desk.db-journal", "the database's rollback journal"),
    ] {
        for force in [false, true] {
            let mut args = vec!["report", "--out", out];
            if force {
                args.push("--force");
            }
            refused(
                &desk,
                &args,
                &[&wal, &journal],
                &format!("error: `{out}` is {what}: claimtrack never writes over it\nhint: choose another file name\n"),
            );
        }
    }
    for (out, what) in [
        ("desk.db", "the database this command works on"),
        ("desk.db-wal", "the database's write-ahead log"),
    ] {
        refused(
            &desk,
            &["backup", out],
            &[&wal],
            &format!("error: `{out}` is {what}: claimtrack never writes over it\nhint: choose another file name\n"),
        );
    }
    // A desk whose database sits where export would write a desk file.
    let inside = Desk::sqlite_file(desk.path("out/claims/harbour-fees.toml"));
    std::fs::create_dir_all(desk.path("out/claims")).expect("folder");
    let root = env!("CARGO_MANIFEST_DIR");
    inside.ok(&[
        "import",
        &format!("{root}/claims"),
        &format!("{root}/sources"),
    ]);
    let out = desk.path("out");
    let outcome = inside.run(&["export", "--dir", out.to_str().expect("path"), "--force"]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (1, format!("error: `{}` is the database this command works on: claimtrack never writes over it\nhint: choose another file name\n", out.join("claims/harbour-fees.toml").display()))
    );
    assert!(
        !desk.path("out/sources").exists(),
        "export wrote before it refused"
    );
}

#[test]
fn report_out_replaces_only_files_claimtrack_wrote_unless_forced() {
    let desk = desk();
    let notes = desk.file("notes.txt", "My own notes, not a report.\n");
    for format in ["table", "markdown", "json", "csv", "html", "claimreview"] {
        refused(
            &desk,
            &["report", "--format", format, "--out", "notes.txt", "--org", "Desk"],
            &[&notes],
            "error: `notes.txt` already exists and was not written by claimtrack\nhint: give `--force` to replace it, or choose another file\n",
        );
        // A report claimtrack wrote is replaced by the next one, in any format.
        let name = format!("report.{format}");
        for _ in 0..2 {
            assert_eq!(
                desk.ok(&["report", "--format", format, "--out", &name, "--org", "Desk"]),
                format!("wrote {format} report to {name}\n")
            );
        }
        let other = if format == "csv" { "html" } else { "csv" };
        desk.ok(&["report", "--format", other, "--out", &name, "--org", "Desk"]);
    }
    // An empty file holds nothing to lose.
    desk.file("empty.txt", "");
    desk.ok(&["report", "--out", "empty.txt"]);
    assert_eq!(
        desk.ok(&["report", "--out", "notes.txt", "--force"]),
        "wrote table report to notes.txt\n"
    );
    assert!(std::fs::read_to_string(&notes).expect("read").starts_with(
        "Status report: 15 claims in 1 article, generated 2026-11-28T10:00:00Z by claimtrack\n"
    ));
}

#[cfg(unix)]
#[test]
fn report_out_refuses_folders_sockets_and_dangling_links() {
    let desk = desk();
    std::fs::create_dir(desk.path("folder")).expect("folder");
    let _socket = std::os::unix::net::UnixListener::bind(desk.path("socket")).expect("socket");
    std::os::unix::fs::symlink(desk.path("nowhere.txt"), desk.path("dangling")).expect("symlink");
    let nowhere = desk.path("nowhere.txt");
    for (out, force, stderr) in [
        ("folder", true, "error: cannot write `folder`: it is a folder\nhint: give the name of a file\n".to_string()),
        ("socket", true, "error: cannot write `socket`: it is a socket, not a regular file\nhint: give the name of a regular file\n".to_string()),
        ("dangling", true, "error: cannot write `dangling`: it is a symbolic link to `DIR/nowhere.txt`, which does not exist\nhint: point the link at a file, or give another name\n".to_string()),
        ("missing/report.txt", false, "error: cannot write `missing/report.txt`: the folder `missing` does not exist\nhint: create the folder first, or choose another place\n".to_string()),
    ] {
        let mut args = vec!["report", "--out", out];
        if force {
            args.push("--force");
        }
        refused(&desk, &args, &[&nowhere], &stderr);
    }
    refused(
        &desk,
        &["backup", "missing/copy.db"],
        &[],
        "error: cannot write `missing/copy.db`: the folder `missing` does not exist\nhint: create the folder first, or choose another place\n",
    );
    assert!(!desk.path("missing").exists());
    assert!(!nowhere.exists());
}

#[cfg(unix)]
#[test]
fn report_out_writes_devices_and_pipes_in_place_and_dash_to_standard_output() {
    use std::os::unix::fs::FileTypeExt;
    let desk = desk();
    let table = desk.ok(&["report"]);
    assert_eq!(desk.ok(&["report", "--out", "-"]), table);
    // Standard output by its device name: here a pipe, which has no path of its own.
    assert_eq!(
        desk.ok(&["report", "--out", "/dev/stdout"]),
        format!("{table}wrote table report to /dev/stdout\n")
    );
    assert_eq!(
        desk.ok(&["report", "--out", "/dev/null"]),
        "wrote table report to /dev/null\n"
    );
    assert!(std::fs::metadata("/dev/null")
        .expect("dev null")
        .file_type()
        .is_char_device());
    let fifo = desk.path("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the pipe"))
    };
    assert_eq!(
        desk.ok(&["report", "--format", "csv", "--out", "pipe"]),
        "wrote csv report to pipe\n"
    );
    assert_eq!(
        reader.join().expect("reader"),
        desk.ok(&["report", "--format", "csv"])
    );
    assert!(std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type()
        .is_fifo());
}

#[cfg(unix)]
#[test]
fn report_out_follows_a_symlink_and_replaces_its_target_keeping_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let desk = desk();
    std::fs::create_dir(desk.path("site")).expect("folder");
    desk.ok(&["report", "--format", "html", "--out", "site/report.html"]);
    std::fs::set_permissions(
        desk.path("site/report.html"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    std::os::unix::fs::symlink("site/report.html", desk.path("latest.html")).expect("symlink");
    desk.ok(&["verdict", "C1", "true", "--rationale", "Confirmed."]);
    assert_eq!(
        desk.ok(&["report", "--format", "html", "--out", "latest.html"]),
        "wrote html report to latest.html\n"
    );
    let link = std::fs::symlink_metadata(desk.path("latest.html")).expect("link");
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let page = std::fs::read_to_string(desk.path("site/report.html")).expect("page");
    assert!(page.contains("Confirmed."));
    let mode = |p: &str| {
        std::fs::metadata(desk.path(p))
            .expect("file")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("site/report.html"), 0o644);
    // A new file gets what the umask leaves, like any file this process creates, not 0600.
    std::fs::File::create(desk.path("reference")).expect("file");
    desk.ok(&["report", "--out", "new.txt"]);
    assert_eq!(mode("new.txt"), mode("reference"));
    let out = desk.path("desk-files");
    desk.ok(&["export", "--dir", out.to_str().expect("path")]);
    assert_eq!(
        mode("desk-files/claims/harbour-fees.toml"),
        mode("reference")
    );
    std::fs::set_permissions(
        desk.path("desk-files/claims/harbour-fees.toml"),
        std::fs::Permissions::from_mode(0o664),
    )
    .expect("chmod");
    desk.ok(&["export", "--dir", out.to_str().expect("path")]);
    assert_eq!(mode("desk-files/claims/harbour-fees.toml"), 0o664);
}

#[test]
fn export_replaces_only_desk_files_unless_forced() {
    let desk = desk();
    let out = desk.path("out");
    let dir = out.to_str().expect("path");
    desk.ok(&["export", "--dir", dir]);
    // Its own files again: replaced.
    assert_eq!(
        desk.ok(&["export", "--dir", dir]),
        format!("exported 1 article to {dir}\n")
    );
    let source = desk.file(
        "out/sources/harbour-fees.txt",
        "Draft notes on the harbour story.\n",
    );
    let claims = out.join("claims/harbour-fees.toml");
    refused(
        &desk,
        &["export", "--dir", "out"],
        &[&source, &claims],
        "error: `out/sources/harbour-fees.txt` already exists and was not written by claimtrack\nhint: give `--force` to replace it, or choose another file\n",
    );
    std::fs::write(&source, "").expect("emptied");
    std::fs::write(&claims, "[my]\nown = \"toml\"\n").expect("written");
    refused(
        &desk,
        &["export", "--dir", "out"],
        &[&source, &claims],
        "error: `out/claims/harbour-fees.toml` already exists and was not written by claimtrack\nhint: give `--force` to replace it, or choose another file\n",
    );
    desk.ok(&["export", "--dir", "out", "--force"]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        std::fs::read(&claims).expect("read"),
        std::fs::read(root.join("claims/harbour-fees.toml")).expect("read")
    );
}

#[test]
fn a_backup_is_complete_or_absent_and_never_overwrites() {
    let desk = desk_on(Desk::sqlite());
    assert_eq!(
        desk.ok(&["backup", "copy.db"]),
        format!("backed up {} to copy.db\n", desk.db.display())
    );
    let copy = Desk::sqlite_file(desk.path("copy.db"));
    assert_eq!(copy.dump(), desk.dump());
    let names: Vec<String> = std::fs::read_dir(desk.dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.contains("partial"))
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
    let target = desk.path("copy.db");
    refused(
        &desk,
        &["backup", "copy.db"],
        &[&target],
        "error: `copy.db` already exists\nhint: choose a new file name; a backup or a copy never overwrites\n",
    );
    refused(
        &desk,
        &["copy", "--to", "copy.db"],
        &[&target],
        "error: `copy.db` already exists\nhint: choose a new file name; a backup or a copy never overwrites\n",
    );
    // A `file:` URI names another file than the one a copy would make (`--db file:z.db` opens `z.db`).
    refused(
        &desk,
        &["copy", "--to", "file:z.db"],
        &[&desk.path("file:z.db"), &desk.path("z.db")],
        "error: `copy --to` takes a file name, not an SQLite `file:` URI (`file:z.db`)\nhint: give the new file's name, without `file:` or a query\n",
    );
}

// ---------------------------------------------------------------------------------------------------------------
// What reaches a terminal, a spreadsheet, a wiki or a web page (issue 10, items 7, 8 and 9).

/// A desk whose every free-text field tries something.
fn hostile_desk() -> Desk {
    let desk = Desk::new();
    desk.file("a.txt", "Plain text.\n");
    desk.ok(&[
        "article",
        "add",
        "--title",
        "Fees \u{202e}yrots",
        "--text-file",
        "a.txt",
    ]);
    desk.ok(&[
        "claim", "add", "--article", "A1", "=HYPERLINK(\"https://x.example\",\"open\") officials allegedly said \x1b[2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
        "--source", "Port \u{202e}ytirohtuA", "--cue", "allegedly", "--strength", "hedged",
    ]);
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "--source",
        "@SUM(A1)",
        "--strength",
        "document",
        "--",
        "-1 <img src=x onerror=alert(1)> [link](javascript:alert(1)) line\nbreak \u{9b}31m",
    ]);
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Audit\r\u{85}memo",
        "--origin",
        "+Port",
        "--url",
        "javascript:alert(2)",
        "--notes",
        "note\x1b[31m",
    ]);
    desk.ok(&["link", "C1", "E1", "--supports", "--note", "tab\there\x07"]);
    desk.ok(&[
        "verdict",
        "C1",
        "true",
        "--rationale",
        "Checked.\n  2099-01-01T00:00:00Z admin: rated C1 false (high confidence)\x1b[8m",
    ]);
    desk
}

/// Nothing a terminal acts on: no ESC, no C1 control, no bidi override; line breaks and tabs only as the output's
/// own separators.
fn assert_inert(what: &str, text: &str) {
    for (at, c) in text.char_indices() {
        let control =
            (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c);
        assert!(
            !control,
            "{what}: {c:?} at byte {at} reached the output:\n{text}"
        );
    }
}

#[test]
fn control_characters_in_stored_text_are_shown_never_obeyed() {
    let desk = hostile_desk();
    for terminal in ["none", "100"] {
        for args in [
            &["list"][..],
            &["claim", "show", "C1"],
            &["claim", "show", "C2"],
            &["why", "C1"],
            &["history", "C1"],
            &["article", "show", "A1"],
            &["article", "list"],
            &["evidence", "show", "E1"],
            &["evidence", "list"],
            &["source", "list"],
            &["report"],
            &["list", "--format", "markdown"],
            &["report", "--format", "markdown"],
        ] {
            let output = desk
                .command(args)
                .env("CLAIMTRACK_TERMINAL", terminal)
                .env("NO_COLOR", "1")
                .output()
                .expect("ran");
            assert!(output.status.success(), "{args:?}");
            assert_inert(
                &format!("{args:?} on {terminal}"),
                &String::from_utf8_lossy(&output.stdout),
            );
        }
    }
    insta::assert_snapshot!("hostile_claim_show", desk.ok(&["claim", "show", "C1"]));
    insta::assert_snapshot!(
        "hostile_list_terminal",
        String::from_utf8(
            desk.command(&["list"])
                .env("CLAIMTRACK_TERMINAL", "100")
                .env("NO_COLOR", "1")
                .output()
                .expect("ran")
                .stdout
        )
        .expect("UTF-8")
    );
}

#[test]
fn a_rationale_cannot_forge_lines_of_history() {
    let desk = hostile_desk();
    let shown = desk.ok(&["claim", "show", "C1"]);
    let verdicts: Vec<&str> = shown
        .lines()
        .skip_while(|l| *l != "Verdicts:")
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        verdicts,
        [
            "Verdicts:",
            "  2026-11-28T10:00:00Z true (moderate confidence) by tester",
            "    Checked.\\n  2099-01-01T00:00:00Z admin: rated C1 false (high confidence)\\e[8m",
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_name_with_control_characters_or_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let desk = desk_on(Desk::sqlite());
    desk.ok(&["check"]);
    let before = desk.snapshot();
    let cases: [(&[&str], Option<&std::ffi::OsStr>, &str); 4] = [
        (&["--by", "editor\n2099-01-01T00:00:00Z admin"], None, "error: the name of who is acting (`--by`) holds a control character, U+000A at byte 6\nhint: a name in the audit trail is one plain line: give `--by NAME` with letters, digits and spaces\n"),
        (&["--by", "ed\x1b]0;x\x07"], None, "error: the name of who is acting (`--by`) holds a control character, U+001B at byte 2\nhint: a name in the audit trail is one plain line: give `--by NAME` with letters, digits and spaces\n"),
        (&[], Some(std::ffi::OsStr::new("ed\u{202e}")), "error: the name of who is acting (CLAIMTRACK_USER) holds a control character, U+202E at byte 2\nhint: a name in the audit trail is one plain line: give `--by NAME` with letters, digits and spaces\n"),
        (&[], Some(std::ffi::OsStr::from_bytes(b"caf\xe9")), "error: CLAIMTRACK_USER is not UTF-8 text\nhint: set CLAIMTRACK_USER to your name in UTF-8, or give `--by NAME`\n"),
    ];
    for (by, user, stderr) in cases {
        let mut command = desk.command(&["verdict", "C1", "true", "--rationale", "Confirmed."]);
        command.args(by);
        if let Some(user) = user {
            command.env("CLAIMTRACK_USER", user);
        }
        let output = command.output().expect("ran");
        assert_eq!(output.status.code(), Some(2), "{by:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), stderr);
        assert!(output.stdout.is_empty());
        assert!(desk.snapshot() == before);
    }
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let desk = hostile_desk();
    // CSV keeps every byte of the text (control characters included: it is data, not a terminal's), but a cell
    // that a spreadsheet would run gets a leading `'`.
    assert_eq!(
        desk.ok(&["list", "--format", "csv"]),
        "id,article,strength,status,verdict,source,source kind,cue,response,text\n\
         C1,A1,hedged,single_source,true,Port \u{202e}ytirohtuA,,allegedly,,\"'=HYPERLINK(\"\"https://x.example\"\",\"\"open\"\") officials allegedly said \x1b[2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\"\n\
         C2,A1,document,unverified,,'@SUM(A1),document,,,\"'-1 <img src=x onerror=alert(1)> [link](javascript:alert(1)) line\nbreak \u{9b}31m\"\n"
    );
    assert_eq!(
        desk.ok(&["source", "list", "--format", "csv"]),
        "id,name,kind,reliability,evidence\nS1,'+Port,other,,1\n"
    );
    for args in [
        &["list", "--format", "csv"][..],
        &["report", "--format", "csv"],
        &["evidence", "list", "--format", "csv"],
        &["source", "list", "--format", "csv"],
        &["article", "show", "A1", "--format", "csv"],
        &["history", "C1", "--format", "csv"],
        &["why", "C1", "--format", "csv"],
    ] {
        let text = desk.ok(args);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.expect("a record").iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{args:?}: `{cell}` would run as a formula"
                );
            }
        }
    }
}

#[test]
fn published_formats_carry_no_markup_no_script_and_no_javascript_links() {
    let desk = hostile_desk();
    let reviews = desk.ok(&["report", "--format", "claimreview", "--org", "Desk <b>"]);
    for forbidden in ["<", ">", "&", "javascript:"] {
        assert!(!reviews.contains(forbidden), "`{forbidden}` in:\n{reviews}");
    }
    let value: serde_json::Value = serde_json::from_str(&reviews).expect("JSON");
    assert_eq!(value[0]["author"]["name"], "Desk <b>");
    assert_eq!(value[0]["url"], "#claimtrack-C1");
    assert!(value[0]["itemReviewed"].get("appearance").is_none());
    let outcome = desk.run(&[
        "report",
        "--format",
        "claimreview",
        "--org",
        "Desk",
        "--review-url",
        "javascript:alert(1)//",
    ]);
    assert_eq!(
        (outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()),
        (1, "", "error: the review address `javascript:alert(1)//` is not an http(s) address\nhint: give `--review-url https://…`, or fix it with `claimtrack setting review-url https://…`\n")
    );
    let markdown = desk.ok(&["report", "--format", "markdown"]);
    for forbidden in ["<img", "[link]"] {
        assert!(
            !markdown.contains(forbidden),
            "`{forbidden}` in:\n{markdown}"
        );
    }
    assert!(markdown.contains(
        "-1 &lt;img src=x onerror=alert(1)&gt; \\[link\\](javascript:alert(1)) line break \\u{9b}31m"
    ));
    insta::assert_snapshot!("hostile_report_markdown", markdown);
    let html = desk.ok(&["report", "--format", "html"]);
    // The text is shown as text; no link is made of it.
    assert!(!html.contains("href=\"javascript:"));
    assert!(!html.contains("<img"));
}

// ---------------------------------------------------------------------------------------------------------------
// Reads that end (issue 10, item 12).

/// Runs claimtrack with an endless standard input; returns how it ended, once it has.
fn with_endless_input(desk: &Desk, args: &[&str], first: &'static [u8]) -> (i32, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimtrack"))
        .current_dir(desk.dir.path())
        .env("CLAIMTRACK_USER", "tester")
        .arg("--db")
        .arg(&desk.db)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("started");
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        let chunk = "Officials said more. ".repeat(4096);
        let _ = stdin.write_all(first);
        // Until the reader stops reading: the pipe breaks when claimtrack exits.
        let mut written = 0u64;
        while stdin.write_all(chunk.as_bytes()).is_ok() {
            written += chunk.len() as u64;
            assert!(written < 8 << 30, "claimtrack kept reading past 8 GiB");
        }
        written
    });
    let output = child.wait_with_output().expect("ended");
    let written = feeder.join().expect("feeder");
    assert!(written < 64 << 20, "read {written} bytes before stopping");
    assert!(output.stdout.is_empty());
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn reading_stops_at_the_limit_or_the_first_nul_of_an_endless_input() {
    let desk = desk();
    desk.ok(&["check"]);
    let before = desk.snapshot();
    assert_eq!(
        with_endless_input(&desk, &["article", "add", "--title", "Endless", "--text-file", "-"], b""),
        (1, "error: the article text in `-` is longer than 20971520 bytes, the most claimtrack keeps; reading stopped there\nhint: shorten the article text\n".to_string())
    );
    // What `--record` keeps is an article's text, so it reads no further than an article's bound.
    assert_eq!(
        with_endless_input(&desk, &["scan", "-", "--record", "--title", "Endless"], b""),
        (1, "error: the article text in `-` is longer than 20971520 bytes, the most claimtrack keeps; reading stopped there\nhint: shorten the article text\n".to_string())
    );
    assert_eq!(
        with_endless_input(&desk, &["scan", "-"], b"Officials said fees rose.\0"),
        (1, "error: `-` is not text: it holds a NUL byte at offset 25\nhint: give a plain UTF-8 text file\n".to_string())
    );
    let zero = desk.run(&[
        "article",
        "add",
        "--title",
        "Zeros",
        "--text-file",
        "/dev/zero",
    ]);
    assert_eq!(
        (zero.code, zero.stderr.as_str()),
        (1, "error: `/dev/zero` is not text: it holds a NUL byte at offset 0\nhint: give a plain UTF-8 text file\n")
    );
    let evidence = desk.run(&["evidence", "add", "--title", "Zeros", "--file", "/dev/zero"]);
    assert_eq!(
        (evidence.code, evidence.stderr.as_str()),
        (1, "error: `/dev/zero` is not a regular file, so it has no fixed content to hash\nhint: save the content to a file first, and give that file\n")
    );
    assert!(desk.snapshot() == before);
}

#[test]
fn an_evidence_file_is_hashed_as_it_streams() {
    let desk = Desk::new();
    // 3 MiB of a repeated line: big enough to take many reads.
    let line = "The audit found 312 workers paid for shifts.\n";
    desk.file("big.txt", line.repeat((3 << 20) / line.len()));
    let expected = {
        use sha2::Digest;
        let bytes = std::fs::read(desk.path("big.txt")).expect("read");
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        desk.ok(&["evidence", "add", "--title", "Audit", "--file", "big.txt"]),
        "E1\n"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&desk.ok(&["evidence", "show", "E1", "--format", "json"]))
            .expect("JSON");
    assert_eq!(shown["sha256"], expected.as_str());
}

// ---------------------------------------------------------------------------------------------------------------
// Nothing lost, nothing forged in desk data (issue 10, items 3, 4, 6, 10, 11 and the smaller ones; issue 11,
// item 3).

/// Every record of every table, with ids replaced by the keys and names that identify records across desks, in
/// a stable order: what "the same desk" means for two databases whose ids may differ. Left out: when each record
/// was entered and who entered an imported verdict (the copy's import, by nature), and the audit trail, which in
/// the copy records the import itself.
fn records(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("opens");
    let queries = [
        "SELECT 'article', key, title, outlet, url, published, author, body FROM articles",
        "SELECT 'source', name, kind, reliability FROM sources",
        "SELECT 'claim', a.key, c.key, c.text, c.span_start, c.span_end, c.source, c.cue, c.strength, c.response,
                c.status, c.revision, c.source_kind
           FROM claims c JOIN articles a ON a.id = c.article_id",
        "SELECT 'evidence', e.key, e.title, e.url, e.archived_url, e.retrieved_at, s.name, p.key, e.reliability,
                e.credibility, e.sha256, e.notes
           FROM evidence e LEFT JOIN sources s ON s.id = e.origin_id LEFT JOIN evidence p ON p.id = e.derived_from",
        "SELECT 'link', a.key, c.key, e.key, l.stance, l.note FROM links l JOIN claims c ON c.id = l.claim_id
           JOIN articles a ON a.id = c.article_id JOIN evidence e ON e.id = l.evidence_id",
        "SELECT 'verdict', a.key, c.key, v.rating, v.rationale, v.confidence, v.author, v.created_at,
                v.claim_revision
           FROM verdicts v JOIN claims c ON c.id = v.claim_id JOIN articles a ON a.id = c.article_id",
        "SELECT 'setting', name, value FROM settings WHERE name <> 'desk.id'",
    ];
    let mut out = Vec::new();
    for sql in queries {
        let mut stmt = conn.prepare(sql).expect("prepared");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            let cells: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get_ref(i).expect("cell")))
                .collect();
            out.push(cells.join(" | "));
        }
    }
    out.sort();
    out
}

#[test]
fn export_then_import_into_an_empty_desk_keeps_every_record() {
    let desk = desk();
    // Beside the example desk: an item no claim links to, one derived from a linked item, and a source with no
    // evidence at all.
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Tip, not yet used",
        "--origin",
        "Harbour tip line",
        "--reliability",
        "E",
        "--credibility",
        "5",
        "--notes",
        "Phoned in.",
    ]);
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Copy of the audit",
        "--derived-from",
        "E1",
    ]);
    desk.ok(&[
        "source",
        "add",
        "Regional ombudsman",
        "--kind",
        "organisation",
        "--reliability",
        "B",
    ]);
    // Claims with a source kind typed, one the scanner read, and (the example desk's) none known.
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said the brokers kept the fees.",
        "--source-kind",
        "named_person",
    ]);
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
    ]);
    let out = desk.path("out");
    desk.ok(&["export", "--dir", out.to_str().expect("path")]);
    // A server desk's rows are read from its backup, an SQLite desk holding every one of them.
    let rows_of = if desk.on_server() {
        let backup = desk.path("server.db");
        desk.ok(&["backup", backup.to_str().expect("path")]);
        backup
    } else {
        desk.db.clone()
    };
    assert_eq!(
        std::fs::read_to_string(out.join("claims/_desk.toml")).expect("the desk's own file"),
        format!(
            "# claimtrack desk file: the sources and evidence that no claim links to\n\
             desk = \"{}\"\n\n\
             [[sources]]\nname = \"Harbour tip line\"\nkind = \"other\"\n\n\
             [[sources]]\nname = \"Regional ombudsman\"\nkind = \"organisation\"\nreliability = \"B\"\n\n\
             [[evidence]]\nkey = \"e9\"\ntitle = \"Tip, not yet used\"\norigin = \"Harbour tip line\"\n\
             reliability = \"E\"\ncredibility = 5\nnotes = \"Phoned in.\"\n\n\
             [[evidence]]\nkey = \"e10\"\ntitle = \"Copy of the audit\"\nderived_from = \"e1\"\ncredibility = 6\n",
            desk_id(&rows_of)
        )
    );
    let claims =
        std::fs::read_to_string(out.join("claims/harbour-fees.toml")).expect("the claims file");
    let kinds: Vec<&str> = claims
        .lines()
        .filter(|l| l.starts_with("source_kind = "))
        .collect();
    assert_eq!(
        kinds,
        [
            "source_kind = \"named_person\"",
            "source_kind = \"named_organization\""
        ]
    );
    let copy = Desk::sqlite();
    copy.ok(&["import", out.to_str().expect("path")]);
    assert_eq!(records(&copy.db), records(&rows_of));
    copy.ok(&["check"]);
    // And back out: the same bytes.
    let again = copy.path("again");
    copy.ok(&["export", "--dir", again.to_str().expect("path")]);
    for file in [
        "claims/harbour-fees.toml",
        "claims/_desk.toml",
        "sources/harbour-fees.txt",
    ] {
        assert!(
            std::fs::read(out.join(file)).expect("first")
                == std::fs::read(again.join(file)).expect("again"),
            "{file} differs after the round trip"
        );
    }
}

fn desk_id(db: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("opens");
    conn.query_row(
        "SELECT value FROM settings WHERE name = 'desk.id'",
        [],
        |r| r.get(0),
    )
    .expect("a desk id")
}

#[test]
fn importing_another_desks_records_with_the_same_keys_is_refused_naming_the_record() {
    let desk = desk();
    let other = desk.path("other");
    desk.ok(&[
        "generate",
        "--claims",
        "30",
        "--seed",
        "4",
        "--dir",
        other.to_str().expect("path"),
    ]);
    // Its items are `e1`… like the example desk's, from another desk.
    let watched = [other.join("claims/story-000001.toml")];
    let watched: Vec<&std::path::Path> = watched.iter().map(|p| p.as_path()).collect();
    refused(
        &desk,
        &["import", "other"],
        &watched,
        "error: other/claims/story-000001.toml:151: evidence `e1` would overwrite E1 \"Port authority audit of shift allocation at Alderhaven, 2025\", an item of desk `claimtrack-example`; nothing was imported\n\
         hint: if the file is an edit of that record, give it that record's desk id (`desk = \"claimtrack-example\"`); if it is another record, give it a key of its own\n",
    );
    // The example desk's own files, edited, are an update: the same desk.
    let root = env!("CARGO_MANIFEST_DIR");
    let claims = std::fs::read_to_string(format!("{root}/claims/harbour-fees.toml")).expect("read");
    desk.file(
        "edit/sources/harbour-fees.txt",
        std::fs::read(format!("{root}/sources/harbour-fees.txt")).expect("read"),
    );
    desk.file(
        "edit/claims/harbour-fees.toml",
        claims.replace("credibility = 2\n", "credibility = 3\n"),
    );
    assert!(desk.ok(&["import", "edit"]).starts_with("updated "));
    // The same files said to come from another desk are not: the first record they would change is named.
    desk.file(
        "forged/claims/harbour-fees.toml",
        claims.replace("desk = \"claimtrack-example\"", "desk = \"elsewhere\""),
    );
    desk.file(
        "forged/sources/harbour-fees.txt",
        "title: Another story\n---\nOther text.\n",
    );
    refused(
        &desk,
        &["import", "forged"],
        &[],
        "error: forged/claims/harbour-fees.toml:161: evidence `e1` would overwrite E1 \"Port authority audit of shift allocation at Alderhaven, 2025\", an item of desk `claimtrack-example`; nothing was imported\n\
         hint: if the file is an edit of that record, give it that record's desk id (`desk = \"claimtrack-example\"`); if it is another record, give it a key of its own\n",
    );
}

#[test]
fn a_true_update_of_a_rated_claim_keeps_the_old_text_and_its_verdict_no_longer_rates_it() {
    let desk = desk();
    let root = env!("CARGO_MANIFEST_DIR");
    let claims = std::fs::read_to_string(format!("{root}/claims/harbour-fees.toml")).expect("read");
    let old = "Alderhaven is the country's second-largest port and handled 4.5 million tonnes of cargo last year.";
    let new = "Alderhaven is the country's largest port.";
    desk.file(
        "edit/claims/harbour-fees.toml",
        claims.replace(
            &format!("text = \"{old}\"\nspan = [190, 288]\n"),
            &format!("text = \"{new}\"\n"),
        ),
    );
    assert_eq!(desk.ok(&["import", "edit"]), "updated 1 claim\n");
    let history = desk.ok(&["history", "C2"]);
    assert_eq!(
        history.lines().last().expect("an event"),
        format!("2026-11-28T10:00:00Z\ttester\tclaim.edit\tchanged claim C2: text, span; the text was \"{old}\"; its verdicts were given on that earlier text")
    );
    let shown: serde_json::Value =
        serde_json::from_str(&desk.ok(&["claim", "show", "C2", "--format", "json"])).expect("json");
    let verdict = &shown["verdicts"][0];
    assert_eq!(
        (
            verdict["rating"].as_str(),
            verdict["on_earlier_text"].as_bool()
        ),
        (Some("true"), Some(true)),
        "{shown}"
    );
    // ClaimReview publishes no rating of the new text.
    assert_eq!(
        desk.ok(&["report", "--format", "claimreview", "--org", "Desk"])
            .trim(),
        "[]"
    );
}

#[test]
fn an_imported_verdict_records_who_imported_it_and_when_and_none_is_dated_in_the_future() {
    let desk = desk();
    let shown: serde_json::Value =
        serde_json::from_str(&desk.ok(&["claim", "show", "C2", "--format", "json"])).expect("json");
    let verdict = &shown["verdicts"][0];
    assert_eq!(
        (
            verdict["author"].as_str(),
            verdict["created_at"].as_str(),
            verdict["imported_by"].as_str(),
            verdict["imported_at"].as_str()
        ),
        (
            Some("desk"),
            Some("2026-10-20T09:00:00Z"),
            Some("tester"),
            Some("2026-11-28T10:00:00Z")
        ),
        "{shown}"
    );
    desk.file(
        "future/claims/harbour-fees.toml",
        claims_file(
            "text = \"A claim rated ahead of time.\"",
            "\n[[verdicts]]\nclaim = \"c1\"\nrating = \"true\"\nrationale = \"Seen.\"\nconfidence = \"high\"\nby = \"desk\"\nat = \"2099-01-01T00:00:00Z\"\n",
        ),
    );
    refused(
        &desk,
        &["import", "future/claims/harbour-fees.toml"],
        &[],
        "error: future/claims/harbour-fees.toml:9: verdict time `2099-01-01T00:00:00Z` is later than now (2026-11-28T10:00:00Z): a verdict cannot be given in the future\n",
    );
}

#[test]
fn check_notices_a_dropped_guard_and_events_taken_out_of_the_trail() {
    let desk = Desk::sqlite();
    desk.ok(&["article", "add", "--title", "Fees"]);
    for n in 1..=6 {
        desk.ok(&[
            "claim",
            "add",
            "--article",
            "A1",
            &format!("Claim number {n} was made."),
        ]);
    }
    {
        let conn = rusqlite::Connection::open(&desk.db).expect("opens");
        conn.execute_batch(
            "DROP TRIGGER events_are_kept; DELETE FROM events WHERE id IN (3, 4); DELETE FROM events WHERE id = 6;",
        )
        .expect("tampered");
    }
    let outcome = desk.run(&["check"]);
    assert_eq!(
        (outcome.code, outcome.stdout.as_str()),
        (
            1,
            "audit trail: the guard `events_are_kept` has been dropped, so records it protects can be changed\n\
             audit trail: events 3 to 4 are missing (taken out of the trail)\n\
             audit trail: event 6 is missing (taken out of the trail)\n"
        )
    );
}

#[test]
fn look_alike_source_names_are_one_origin_and_an_invisible_name_is_refused() {
    let desk = Desk::new();
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Audit",
        "--origin",
        "Port Authority",
        "--reliability",
        "B",
        "--credibility",
        "2",
    ]);
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Statement",
        "--origin",
        "PORT\u{200b}  authority",
        "--reliability",
        "B",
        "--credibility",
        "2",
    ]);
    assert_eq!(
        desk.ok(&["source", "list", "--format", "csv"]),
        "id,name,kind,reliability,evidence\nS1,Port Authority,other,,2\n"
    );
    desk.ok(&["article", "add", "--title", "Fees"]);
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Officials took fees.",
        "--strength",
        "unattributed",
    ]);
    desk.ok(&["link", "C1", "E1", "--supports"]);
    // One origin, so the second item is no independent line.
    assert_eq!(
        desk.ok(&["link", "C1", "E2", "--supports"]),
        "linked E2 to C1: supports; C1 is single_source\n"
    );
    let before = desk.dump();
    let refused = desk.run(&["source", "add", "\u{200b}\u{2060}"]);
    assert_eq!(
        (refused.code, refused.stderr.as_str()),
        (1, "error: the source name \"\\u{200b}\\u{2060}\" holds nothing visible (only spaces and format characters)\nhint: give the source a name that can be read\n")
    );
    assert_eq!(desk.dump(), before);
}

#[test]
fn conflicting_sources_in_one_file_are_refused() {
    let desk = desk();
    desk.file(
        "twice/claims/harbour-fees.toml",
        "article = \"harbour-fees\"\n\n[[sources]]\nname = \"Wire\"\nkind = \"media\"\nreliability = \"B\"\n\n[[sources]]\nname = \"wire\"\nkind = \"media\"\nreliability = \"D\"\n",
    );
    refused(
        &desk,
        &["import", "twice/claims/harbour-fees.toml"],
        &[],
        "error: twice/claims/harbour-fees.toml:9: source `wire` is given twice in this file: as media B and as media D\n",
    );
}

#[test]
fn a_spreadsheet_is_checked_whole_and_every_bad_row_named() {
    let desk = desk();
    let header = "article title,url,claim text,source,cue,strength\n";
    desk.file(
        "unclosed.csv",
        format!("{header}Fees,,\"Officials took fees.,,,hedged\nFees,,The union said 300 paid.,,,\nFees,,A third claim.,,,\n"),
    );
    refused(
        &desk,
        &["import", "--csv", "unclosed.csv"],
        &[],
        "error: unclosed.csv:2: a quote opened in this row is never closed, so it swallows the 2 lines after it (to line 4); close the quote, or double a quote meant as text (\"\")\n",
    );
    desk.file(
        "bad.csv",
        format!("{header}Fees,,,,,\nFees,,A fine claim.,,,\n,,An orphan claim.,,,\nFees,,A claim.,,,strong\n"),
    );
    refused(
        &desk,
        &["import", "--csv", "bad.csv"],
        &[],
        "error: bad.csv: 3 rows cannot be imported, so none was:\n  bad.csv:2: the claim text is empty\n  bad.csv:4: the article title is empty\n  bad.csv:5: `strong` is not a valid attribution strength (expected one of: on_record, document, anonymous, reported, hedged, unattributed)\n\
         hint: fix these rows (or remove them) and import the file again\n",
    );
    desk.file(
        "semicolons.csv",
        "article title;claim text\nFees;A claim.\n",
    );
    refused(
        &desk,
        &["import", "--csv", "semicolons.csv"],
        &[],
        "error: semicolons.csv:1: the header has no `article title` column (expected: article title, url, claim text, source, cue, strength, source kind)\n\
         hint: the file separates its columns with `;`: save it from the spreadsheet as comma-separated CSV (UTF-8)\n",
    );
    // The last row's quote, never closed, swallows no line: it runs to the end of the file.
    desk.file(
        "last.csv",
        format!("{header}Fees,,A fine claim.,,,\nFees,,\"Officials took fees.,,,hedged\n"),
    );
    refused(
        &desk,
        &["import", "--csv", "last.csv"],
        &[],
        "error: last.csv:3: a quote opened in this row is never closed, so it runs to the end of the file; close the quote, or double a quote meant as text (\"\")\n",
    );
    // A column named twice: which one holds the claims is a guess, so the file is refused, naming both.
    desk.file(
        "twice.csv",
        "article title,claim text,Claim Text\nFees,A claim.,Another claim.\n",
    );
    refused(
        &desk,
        &["import", "--csv", "twice.csv"],
        &[],
        "error: twice.csv:1: the header names the `claim text` column twice (columns 2 and 3)\n\
         hint: rename or remove one of them and import the file again\n",
    );
    desk.file("empty.csv", "");
    refused(
        &desk,
        &["import", "--csv", "empty.csv"],
        &[],
        "error: empty.csv: the file is empty\n\
         hint: export the spreadsheet again with a header row (article title, claim text, …) and its rows\n",
    );
    // Spellings a spreadsheet uses, and no `url` column at all.
    desk.file(
        "fine.csv",
        "Article title,Claim text,Strength\nNew story,The mayor said the budget grew.,On record\nNew story,Rents rose.,on-record\n",
    );
    assert_eq!(
        desk.ok(&["import", "--csv", "fine.csv"]),
        "added 1 article, 2 claims\n"
    );
    assert_eq!(
        desk.ok(&["list", "--article", "A2", "--format", "csv"]),
        "id,article,strength,status,verdict,source,source kind,cue,response,text\nC16,A2,on_record,unverified,,,,,,The mayor said the budget grew.\nC17,A2,on_record,unverified,,,,,,Rents rose.\n"
    );
}

#[test]
fn a_desk_in_a_folder_that_refuses_new_files_is_read_and_says_why_it_is_not_written() {
    // About a desk file and the folder it is in.
    let desk = desk_on(Desk::sqlite());
    desk.ok(&["check"]);
    let folder = desk.dir.path().to_path_buf();
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&folder)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !immutable {
        eprintln!("chattr +i is not available here; the read-only folder is not exercised");
        return;
    }
    let before = std::fs::read(&desk.db).expect("read");
    let listed = desk.run(&["list", "--format", "csv"]);
    let written = desk.run(&["verdict", "C1", "true", "--rationale", "Confirmed."]);
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(&folder)
        .status();
    assert_eq!(
        (listed.code, listed.stdout.lines().count()),
        (0, 16),
        "{}",
        listed.stderr
    );
    assert_eq!(
        (written.code, written.stderr),
        (
            1,
            format!(
                "error: `{}` can only be read here (its folder does not allow new files): nothing was changed\n\
                 hint: work on a copy in a folder you can write (`claimtrack backup` can make one)\n",
                desk.db.display()
            )
        )
    );
    assert!(std::fs::read(&desk.db).expect("read") == before);
}

#[test]
fn a_device_file_is_no_desk_and_gets_no_journal() {
    let desk = Desk::sqlite();
    let outcome = desk
        .command(&["list"])
        .arg("--db")
        .arg("/dev/null")
        .output()
        .expect("ran");
    assert_eq!(outcome.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&outcome.stderr),
        "error: `/dev/null` is not a claimtrack database: it is a device, a pipe or a socket, not a file\nhint: point `--db` (or CLAIMTRACK_DB) at a claimtrack database, or at a new file name\n"
    );
    assert!(!std::path::Path::new("/dev/null-journal").exists());
}

#[test]
fn generate_replaces_only_files_it_wrote_and_never_the_database() {
    let desk = desk_on(Desk::sqlite());
    let db = desk
        .db
        .file_name()
        .expect("name")
        .to_str()
        .expect("name")
        .to_string();
    let notes = desk.file("notes.csv", "my own,spreadsheet\n");
    refused(
        &desk,
        &["generate", "--claims", "3", "--csv", &db],
        &[&desk.db],
        &format!("error: `{db}` is the database this command works on: claimtrack never writes over it\nhint: choose another file name\n"),
    );
    refused(
        &desk,
        &["generate", "--claims", "3", "--csv", "notes.csv"],
        &[&notes],
        "error: `notes.csv` already exists and was not written by claimtrack\nhint: give `--force` to replace it, or choose another file\n",
    );
    // Its own spreadsheet is replaced, and `--force` replaces anything but the database.
    desk.ok(&["generate", "--claims", "4", "--csv", "three.csv"]);
    desk.ok(&["generate", "--claims", "3", "--csv", "three.csv"]);
    desk.ok(&["generate", "--claims", "3", "--csv", "notes.csv", "--force"]);
    let three = std::fs::read(desk.path("three.csv")).expect("read");
    assert_eq!(std::fs::read(&notes).expect("read"), three);
    let story = desk.file("gen/sources/story-000001.txt", "Draft notes.\n");
    let later = desk.path("gen/claims/story-000001.toml");
    refused(
        &desk,
        &["generate", "--claims", "3", "--dir", "gen"],
        &[&story, &later],
        "error: `gen/sources/story-000001.txt` already exists and was not written by claimtrack\nhint: give `--force` to replace it, or choose another file\n",
    );
    desk.ok(&["generate", "--claims", "3", "--dir", "gen", "--force"]);
    desk.ok(&["generate", "--claims", "3", "--dir", "gen"]);
}

/// A desk's own export is claimtrack's writing too, but not a generated desk: `generate` into the folder of an
/// export whose keys it would reuse (`story-000001`) replaced the desk's stories and verdicts. It replaces only
/// the stories of a generated desk, unless `--force`.
#[test]
fn generate_never_replaces_a_real_desks_exported_stories() {
    let desk = Desk::new();
    desk.file("story.txt", "The union said 300 workers paid.\n");
    desk.ok(&[
        "article",
        "add",
        "--title",
        "Story 000001",
        "--text-file",
        "story.txt",
    ]);
    desk.ok(&["scan", "story.txt", "--record", "--article", "A1"]);
    desk.ok(&["verdict", "C1", "true", "--rationale", "Pay slips."]);
    desk.ok(&["export", "--dir", "gg"]);
    let source = desk.path("gg/sources/story-000001.txt");
    let claims = desk.path("gg/claims/story-000001.toml");
    refused(
        &desk,
        &["generate", "--claims", "5", "--dir", "gg"],
        &[&source, &claims],
        "error: `gg/claims/story-000001.toml` holds the stories of a desk, not of a generated one\nhint: generate into a folder of its own, or give `--force` to replace them\n",
    );
    desk.ok(&["generate", "--claims", "5", "--dir", "gg", "--force"]);
    desk.ok(&["generate", "--claims", "5", "--dir", "gg"]);
}

/// A revision's text is what verdicts were checked against: an edited `sources/*.txt` never rewrites it in place,
/// on an article never revised (its text is revision 1) or on the latest revision of a revised one.
#[test]
fn an_import_never_rewrites_the_text_of_a_revision_the_desk_holds() {
    let desk = desk();
    desk.ok(&["export", "--dir", "out"]);
    let source = desk.path("out/sources/harbour-fees.txt");
    let exported = std::fs::read_to_string(&source).expect("read");
    // The same length, so every claim's span still holds its text.
    let edited = exported.replace("before 6 a.m.", "before 7 a.m.");
    assert_ne!(edited, exported);
    std::fs::write(&source, &edited).expect("edited");
    refused(
        &desk,
        &["import", "out"],
        &[&source],
        "error: out/sources/harbour-fees.txt: the text differs from revision 1 of A1, which the desk holds; nothing was imported\nhint: a revision's text is never changed: record the new text as a new revision with `claimtrack article revise A1 --text-file FILE`\n",
    );
    let body = &exported[exported.find("---\n").expect("header") + 4..];
    desk.file("v2.txt", body.replace("before 6 a.m.", "before 5 a.m."));
    desk.ok(&["article", "revise", "A1", "--text-file", "v2.txt"]);
    desk.ok(&["export", "--dir", "out", "--force"]);
    let latest = std::fs::read_to_string(&source).expect("read");
    std::fs::write(&source, latest.replace("before 5 a.m.", "before 8 a.m.")).expect("edited");
    refused(
        &desk,
        &["import", "out"],
        &[&source],
        "error: out/sources/harbour-fees.txt: the text differs from revision 2 of A1, which the desk holds; nothing was imported\nhint: a revision's text is never changed: record the new text as a new revision with `claimtrack article revise A1 --text-file FILE`\n",
    );
    std::fs::write(&source, latest).expect("restored");
    assert_eq!(
        desk.ok(&["import", "out"]),
        "nothing to change: the database already matches these files\n"
    );
}

/// A verdict's author read from a desk file is a name in the audit trail, held to the rule of `--by`: one plain
/// line, with no control character or bidi override to forge a line of history or reorder what is shown.
#[test]
fn an_imported_verdict_by_a_name_with_control_characters_is_refused() {
    let desk = desk();
    for (folder, by, shown) in [
        ("newline", "mar\\nta", "U+000A at byte 3"),
        ("escape", "marta\\u001b[2K", "U+001B at byte 5"),
        ("bidi", "\\u202eatram", "U+202E at byte 0"),
    ] {
        let path = format!("{folder}/claims/harbour-fees.toml");
        desk.file(
            &path,
            claims_file(
                "text = \"A claim rated by a strange name.\"",
                &format!("\n[[verdicts]]\nclaim = \"c1\"\nrating = \"true\"\nrationale = \"Seen.\"\nconfidence = \"high\"\nby = \"{by}\"\nat = \"2026-01-01T00:00:00Z\"\n"),
            ),
        );
        refused(
            &desk,
            &["import", &path],
            &[],
            &format!("error: {path}:9: the verdict's author (`by`) holds a control character, {shown}: a name in the audit trail is one plain line\n"),
        );
    }
}

/// An empty `--db` (an unset variable in `CLAIMTRACK_DB=$DESK`) or `:memory:` opens a
/// database SQLite keeps only while the command runs: a write to it would say "A1" and keep nothing.
#[test]
fn a_desk_name_that_is_no_file_is_refused_rather_than_written_and_lost() {
    let desk = Desk::sqlite();
    // (An in-memory `file:` URI is refused as every SQLite URI is: see the next test.)
    for target in ["", ":memory:"] {
        for args in [
            &["article", "add", "--title", "Lost"][..],
            &["init"],
            &["list"],
        ] {
            let output = desk
                .command(args)
                .arg("--db")
                .arg(target)
                .output()
                .expect("ran");
            assert_eq!(
                (
                    output.status.code(),
                    String::from_utf8_lossy(&output.stdout).into_owned(),
                    String::from_utf8_lossy(&output.stderr).into_owned()
                ),
                (
                    Some(1),
                    String::new(),
                    format!("error: `{target}` is not a claimtrack database: it names no file (an empty name, `:memory:` or an in-memory `file:` URI), so nothing written to it would be kept\nhint: point `--db` (or CLAIMTRACK_DB) at a claimtrack database, or at a new file name\n")
                ),
                "{target:?} {args:?}"
            );
        }
    }
    let left: Vec<_> = std::fs::read_dir(desk.dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// An SQLite `file:` URI names its file in SQLite's terms (`file:desk.db` opens `desk.db`), so the guards that keep
/// a report, an export or a spreadsheet off the open database could not see that `desk.db` is it. claimtrack takes
/// a desk's file name; a URI is refused before anything is opened or written.
#[test]
fn an_sqlite_uri_for_the_desk_is_refused_so_it_cannot_hide_the_desk_from_the_guards() {
    let desk = Desk::sqlite_file(std::path::PathBuf::from("desk.db"));
    desk.ok(&["article", "add", "--title", "Dock fees"]);
    let before = std::fs::read(desk.path("desk.db")).expect("the desk");
    for args in [
        &["report", "--out", "desk.db", "--force"][..],
        &["report", "--out", "desk.db-wal", "--force"],
        &["generate", "--claims", "5", "--csv", "desk.db", "--force"],
        &["article", "list"],
        &["init"],
    ] {
        assert_eq!(
            Outcome::of(desk.command(args).arg("--db").arg("file:desk.db")),
            Outcome::failed(
                2,
                "error: `file:desk.db` is an SQLite `file:` URI; claimtrack takes the desk's file name\n\
                 hint: give `--db` (or CLAIMTRACK_DB) the file's path, here `desk.db` (for a file whose name \
                 starts with `file:`, write `./file:…`)\n"
            ),
            "{args:?}"
        );
    }
    assert!(std::fs::read(desk.path("desk.db")).expect("the desk") == before);
    assert_eq!(
        desk.ok(&["article", "list", "--format", "csv"]),
        "id,title,outlet,published,claims,key\nA1,Dock fees,,,0,dock-fees\n"
    );
}

/// Desk files name the desk their records came from: an export never replaces another desk's file of the same
/// name (two desks' stories called alike, exported into one folder) unless forced.
#[test]
fn export_never_replaces_another_desks_files_unless_forced() {
    let desk = desk();
    desk.ok(&["export", "--dir", "out"]);
    let claims = desk.path("out/claims/harbour-fees.toml");
    let source = desk.path("out/sources/harbour-fees.txt");
    let other = Desk::sqlite_file(desk.path("other.db"));
    let ran = |args: &[&str]| {
        other
            .command(args)
            .current_dir(desk.dir.path())
            .output()
            .expect("ran")
    };
    assert!(ran(&["article", "add", "--title", "Harbour fees"])
        .status
        .success());
    let before = snapshot(&[&claims, &source]);
    let output = ran(&["export", "--dir", "out"]);
    let id = desk_id(&desk.path("other.db"));
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned()
        ),
        (
            Some(1),
            format!("error: `out/claims/harbour-fees.toml` holds the records of desk `claimtrack-example`, not of this desk (`{id}`)\nhint: export into a folder of its own, or give `--force` to replace it\n")
        )
    );
    assert!(snapshot(&[&claims, &source]) == before, "a file changed");
    assert!(ran(&["export", "--dir", "out", "--force"]).status.success());
    assert_ne!(snapshot(&[&claims]), before[..1]);
}

/// A verdict read from a file supersedes the claim's current one, so it cannot be dated before it: a backdated
/// verdict would otherwise take over from a later one and read, in `claim show`, as older than what it replaced.
#[test]
fn an_imported_verdict_dated_before_the_claims_current_verdict_is_refused() {
    let desk = desk();
    desk.ok(&["export", "--dir", "out"]);
    let claims = desk.path("out/claims/harbour-fees.toml");
    let exported = std::fs::read_to_string(&claims).expect("read");
    let backdated = "\n[[verdicts]]\nclaim = \"c2\"\nrating = \"false\"\nrationale = \"Backdated.\"\nconfidence = \"high\"\nby = \"someone\"\nat = \"2020-01-01T00:00:00Z\"\n";
    std::fs::write(&claims, format!("{exported}{backdated}")).expect("written");
    let line = exported.lines().count() + 8;
    refused(
        &desk,
        &["import", "out"],
        &[],
        &format!("error: out/claims/harbour-fees.toml:{line}: the verdict on `c2` dated 2020-01-01T00:00:00Z is older than C2's current verdict (true, by desk, 2026-10-20T09:00:00Z), which it would supersede\n"),
    );
    // Dated after it, it supersedes it as a verdict given now would.
    std::fs::write(
        &claims,
        format!(
            "{exported}{}",
            backdated.replace("2020-01-01", "2026-11-01")
        ),
    )
    .expect("written");
    assert_eq!(desk.ok(&["import", "out"]), "added 1 verdict\n");
}

/// A revision is kept for good, so a new text that is empty (`--text-file` at the wrong file, `/dev/null`, a
/// blank page) is refused rather than recorded as a revision in which every claim is gone.
#[test]
fn an_empty_revision_is_refused() {
    let desk = desk();
    desk.file("empty.txt", "");
    desk.file("blank.txt", " \n\n\t\n");
    for file in ["empty.txt", "blank.txt", "/dev/null"] {
        refused(
            &desk,
            &["article", "revise", "A1", "--text-file", file],
            &[],
            "error: the new text of A1 is empty\nhint: give the article's new text; a revision is kept for good\n",
        );
        refused(
            &desk,
            &["scan", file, "--record", "--article", "A1", "--revise"],
            &[],
            "error: the new text of A1 is empty\nhint: give the article's new text; a revision is kept for good\n",
        );
    }
}

/// A desk file that is a symbolic link (a story shared between checkouts) is read through the link, as any
/// program reads a file; it was skipped without a word, importing an article without its claims.
#[cfg(unix)]
#[test]
fn import_reads_desk_files_through_symbolic_links_and_names_a_linked_folder() {
    let desk = Desk::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(desk.path("linked/claims")).expect("folder");
    std::fs::create_dir_all(desk.path("linked/sources")).expect("folder");
    std::os::unix::fs::symlink(
        root.join("claims/harbour-fees.toml"),
        desk.path("linked/claims/harbour-fees.toml"),
    )
    .expect("link");
    std::os::unix::fs::symlink(
        root.join("sources/harbour-fees.txt"),
        desk.path("linked/sources/harbour-fees.txt"),
    )
    .expect("link");
    assert_eq!(
        desk.ok(&["import", "linked"]),
        "added 1 article, 15 claims, 8 evidence items, 10 links, 8 sources, 1 verdict\n"
    );
    std::fs::create_dir_all(desk.path("folders")).expect("folder");
    std::os::unix::fs::symlink(root.join("claims"), desk.path("folders/claims")).expect("link");
    refused(
        &desk,
        &["import", "folders"],
        &[],
        "error: `folders/claims` is a symbolic link to a folder, which an import does not follow\nhint: import the folder it leads to by its own name\n",
    );
}

/// Settings are published on every ClaimReview: a review address a reader cannot follow, or a value on more
/// than one line, is refused when it is set rather than when a report is asked for.
#[test]
fn a_setting_that_could_not_be_published_is_refused_when_set() {
    let desk = desk();
    refused(
        &desk,
        &["setting", "review-url", "javascript:alert(1)"],
        &[],
        "error: the review address `javascript:alert(1)` is not an http(s) address\nhint: give the address the desk's reviews are published under, as `https://…`\n",
    );
    refused(
        &desk,
        &["setting", "org", "The Ledger\nForged line"],
        &[],
        "error: the value of `org` holds a line break or another control character\nhint: give it on one line\n",
    );
    assert_eq!(
        desk.ok(&["setting", "review-url", "https://example.org/checks"]),
        "review_url = https://example.org/checks\n"
    );
}

/// A revision read from a desk file keeps the time it states, as a verdict does, and like a verdict it cannot be
/// dated in the future: verdicts given now would be "checked against" a text recorded years from now.
#[test]
fn an_imported_revision_dated_in_the_future_is_refused() {
    let desk = desk();
    desk.ok(&["export", "--dir", "out"]);
    let source = desk.path("out/sources/harbour-fees.txt");
    let exported = std::fs::read_to_string(&source).expect("read");
    std::fs::write(desk.path("out/sources/harbour-fees.r1.txt"), &exported).expect("written");
    std::fs::write(&source, exported.replace("before 6 a.m.", "before 7 a.m.")).expect("written");
    let claims = desk.path("out/claims/harbour-fees.toml");
    let listed = std::fs::read_to_string(&claims).expect("read");
    let revision =
        |at: &str| format!("{listed}\n[[revisions]]\nnumber = 2\nat = \"{at}\"\nby = \"marta\"\n");
    std::fs::write(&claims, revision("2099-01-01T00:00:00Z")).expect("written");
    let line = listed.lines().count() + 4;
    refused(
        &desk,
        &["import", "out"],
        &[],
        &format!("error: out/claims/harbour-fees.toml:{line}: revision 2's time `2099-01-01T00:00:00Z` is later than now (2026-11-28T10:00:00Z): a revision cannot be recorded in the future\n"),
    );
    // Who recorded it is a name in the trail, held to the rule of `--by` (a bidi override included).
    let by = |name: &str| {
        format!(
            "{listed}\n[[revisions]]\nnumber = 2\nat = \"2026-11-28T09:00:00Z\"\nby = \"{name}\"\n"
        )
    };
    std::fs::write(&claims, by("\\u202eatram")).expect("written");
    refused(
        &desk,
        &["import", "out"],
        &[],
        &format!("error: out/claims/harbour-fees.toml:{}: revision 2 needs who recorded it (`by`), on one line\n", line - 1),
    );
    // Nor before revision 1 (recorded at the fixed clock's 10:00): at that moment it is taken.
    std::fs::write(&claims, revision("2026-11-28T09:00:00Z")).expect("written");
    refused(
        &desk,
        &["import", "out"],
        &[],
        &format!("error: out/claims/harbour-fees.toml:{line}: revision 2's time `2026-11-28T09:00:00Z` is earlier than revision 1's (2026-11-28T10:00:00Z): each revision is recorded after the one before it\n"),
    );
    std::fs::write(&claims, revision("2026-11-28T10:00:00Z")).expect("written");
    assert_eq!(desk.ok(&["import", "out"]), "updated 1 article\n");
}

/// A desk of evidence and sources alone (gathered before any article is registered) exports to `_desk.toml`,
/// so that export → import keeps every record; it was refused as "nothing to export".
#[test]
fn a_desk_without_articles_exports_what_it_holds() {
    let desk = Desk::new();
    desk.ok(&["source", "add", "Port Authority", "--reliability", "B"]);
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "Harbour audit",
        "--origin",
        "Port Authority",
        "--credibility",
        "2",
    ]);
    assert_eq!(
        desk.ok(&["export", "--dir", "out"]),
        "exported 0 articles to out\n"
    );
    let fresh = Desk::sqlite_file(desk.path("fresh.db"));
    let imported = fresh
        .command(&["import", "out"])
        .current_dir(desk.dir.path())
        .output()
        .expect("ran");
    assert_eq!(
        String::from_utf8_lossy(&imported.stdout),
        "added 1 evidence item, 1 source\n"
    );
    let empty = Desk::new();
    if !empty.on_server() {
        empty.ok(&["init"]);
    }
    let outcome = empty.run(&["export", "--dir", "out"]);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (1, "error: there is nothing to export: the desk has no articles, evidence or sources\nhint: add an article with `claimtrack article add`\n")
    );
}

/// A desk checked out with Windows line ends (`core.autocrlf`) moves every claim's place; the refusal says so
/// rather than only that a span "does not hold its text".
#[test]
fn a_desk_checked_out_with_windows_line_ends_is_refused_saying_why() {
    let desk = desk();
    desk.ok(&["export", "--dir", "out"]);
    for name in [
        "out/sources/harbour-fees.txt",
        "out/claims/harbour-fees.toml",
    ] {
        let path = desk.path(name);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace('\n', "\r\n")).expect("written");
    }
    const WHY: &str = "the file has Windows line ends (CRLF) where the desk's texts have LF ones: check the desk out without converting them (`git config core.autocrlf false`)";
    refused(
        &desk,
        &["import", "out"],
        &[],
        &format!("error: out/sources/harbour-fees.txt: the text differs from revision 1 of A1, which the desk holds ({WHY}); nothing was imported\nhint: a revision's text is never changed: record the new text as a new revision with `claimtrack article revise A1 --text-file FILE`\n"),
    );
    let fresh = Desk::sqlite_file(desk.path("fresh.db"));
    let outcome = fresh
        .command(&["import", "out"])
        .current_dir(desk.dir.path())
        .output()
        .expect("ran");
    assert_eq!(
        String::from_utf8_lossy(&outcome.stderr),
        format!("error: out/claims/harbour-fees.toml:53: the span [190, 288] of claim `c2` does not hold its text in the article ({WHY})\n")
    );
}

/// An item's SHA-256 is the fingerprint of the document that was examined: an edited claims file never changes
/// or drops it (the trail said only "changed evidence E1: its description").
#[test]
fn an_import_never_changes_or_drops_an_items_recorded_sha256() {
    let desk = Desk::new();
    desk.ok(&["article", "add", "--title", "Fees"]);
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The mayor said fees rose.",
    ]);
    desk.file("memo.txt", "The memo.\n");
    desk.ok(&["evidence", "add", "--title", "Memo", "--file", "memo.txt"]);
    desk.ok(&["link", "C1", "E1", "--supports"]);
    desk.ok(&["export", "--dir", "out"]);
    let claims = desk.path("out/claims/fees.toml");
    let exported = std::fs::read_to_string(&claims).expect("read");
    let held = "4b1a02ee21e5b7ec4e3e0fc3aed9ab58a2d1b5be5b5c0d5ac9bcb5bb5b7c1bd2";
    let line = exported
        .lines()
        .position(|l| l.starts_with("sha256"))
        .expect("a hash")
        + 1;
    let recorded = exported.lines().nth(line - 1).expect("line")[10..74].to_string();
    for (edited, gives) in [
        (exported.replace(&recorded, held), format!("sha256 {held}")),
        (
            exported.replace(&format!("sha256 = \"{recorded}\"\n"), ""),
            "no sha256".to_string(),
        ),
    ] {
        std::fs::write(&claims, edited).expect("written");
        let at = exported
            .lines()
            .position(|l| l == "key = \"e1\"")
            .expect("the item")
            + 1;
        refused(
            &desk,
            &["import", "out"],
            &[],
            &format!("error: out/claims/fees.toml:{at}: evidence `e1` gives {gives} where the desk recorded the SHA-256 {recorded} of its content, which is never changed\n"),
        );
    }
}

/// An article registered without its text is exported with an empty body; importing the files again is no
/// change, not a first text "" (after which `scan --record --article` of the real text was refused as differing).
#[test]
fn an_article_without_text_round_trips_as_one_without_text() {
    let desk = desk();
    desk.ok(&["article", "add", "--title", "Ferry fares"]);
    desk.ok(&["export", "--dir", "out"]);
    assert_eq!(
        desk.ok(&["import", "out"]),
        "nothing to change: the database already matches these files\n"
    );
    desk.file("fares.txt", "The ferry company said fares would double.\n");
    assert_eq!(
        desk.ok(&["scan", "fares.txt", "--record", "--article", "A2"]),
        "recorded 1 claim in A2\n"
    );
    // An article whose text was emptied in its file keeps its text: refused as any other change of it.
    let source = desk.path("out/sources/harbour-fees.txt");
    let exported = std::fs::read_to_string(&source).expect("read");
    let header = &exported[..exported.find("---\n").expect("header") + 4];
    std::fs::write(&source, header).expect("written");
    refused(
        &desk,
        &["import", "out/sources/harbour-fees.txt"],
        &[],
        "error: out/sources/harbour-fees.txt: the text differs from revision 1 of A1, which the desk holds; nothing was imported\nhint: a revision's text is never changed: record the new text as a new revision with `claimtrack article revise A1 --text-file FILE`\n",
    );
}
