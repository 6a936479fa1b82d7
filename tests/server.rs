//! The server desk as a team uses it, through the real binary on the test server (`scripts/with-postgres`; the
//! tests skip when `CLAIMTRACK_TEST_PG` is unset, and fail under CI): roles the server enforces whatever the
//! client, an audit trail stamped by the server and never changed, eight processes writing at once, a desk moved
//! from a laptop to the server and back, and the errors of connecting.

mod common;

use std::process::Command;
use std::thread;

use common::{
    admin_client, ensure_login, test_server, Desk, Outcome, ServerDb, OWNER, OWNER_PASSWORD,
};

/// A desk on the server, owned by `tester`, with three colleagues: `marta` reads, `omar` checks, `eda` edits.
struct Team {
    server: ServerDb,
    dir: tempfile::TempDir,
}

const READER: &str = "ct_marta";
const CHECKER: &str = "ct_omar";
const EDITOR: &str = "ct_eda";

impl Team {
    fn new() -> Option<Team> {
        let admin = test_server()?;
        ensure_login(&admin, OWNER, OWNER_PASSWORD, "CREATEDB CREATEROLE");
        for user in [READER, CHECKER, EDITOR] {
            ensure_login(&admin, user, OWNER_PASSWORD, "");
        }
        let team = Team {
            server: ServerDb::new(&admin, "ct_team"),
            dir: tempfile::tempdir().expect("a folder"),
        };
        team.ok(OWNER, &["init"]);
        for (user, role) in [(READER, "reader"), (CHECKER, "checker"), (EDITOR, "editor")] {
            team.ok(OWNER, &["role", "grant", user, role]);
        }
        Some(team)
    }

    fn url(&self, user: &str) -> String {
        self.server.url(user)
    }

    /// The command as `user`, with the clock fixed (kept by the server for the owner only).
    fn command(&self, user: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("claimtrack"));
        cmd.current_dir(self.dir.path())
            .env_remove("CLAIMTRACK_DB")
            .env("CLAIMTRACK_USER", "tester")
            .env("CLAIMTRACK_NOW", "2026-11-28T10:00:00Z")
            .env("PGPASSWORD", OWNER_PASSWORD)
            .arg("--db")
            .arg(self.url(user))
            .args(args);
        cmd
    }

    fn run(&self, user: &str, args: &[&str]) -> Outcome {
        outcome(self.command(user, args).output().expect("ran"))
    }

    fn ok(&self, user: &str, args: &[&str]) -> String {
        let outcome = self.run(user, args);
        assert_eq!(
            outcome.code, 0,
            "{user}: claimtrack {args:?}: {}",
            outcome.stderr
        );
        outcome.stdout
    }

    fn dump(&self) -> String {
        common::server_dump(&mut self.server.admin())
    }

    /// A connection as `user`, for what a client could do with `psql`.
    fn sql_as(&self, user: &str) -> postgres::Client {
        let url = format!("{}&password={OWNER_PASSWORD}", self.url(user));
        postgres::Client::connect(&url, postgres::NoTls).expect("connected")
    }

    /// An article, two claims, a source, two items, a link and a verdict, by the owner.
    fn seed(&self) {
        self.ok(OWNER, &["article", "add", "--title", "Dock fees"]);
        self.ok(
            OWNER,
            &[
                "claim",
                "add",
                "--article",
                "A1",
                "Officials allegedly took fees.",
            ],
        );
        self.ok(
            OWNER,
            &[
                "claim",
                "add",
                "--article",
                "A1",
                "The union said 300 paid.",
            ],
        );
        self.ok(
            OWNER,
            &["source", "add", "Port Authority", "--reliability", "B"],
        );
        self.ok(
            OWNER,
            &[
                "evidence",
                "add",
                "--title",
                "Audit",
                "--origin",
                "Port Authority",
                "--credibility",
                "2",
            ],
        );
        self.ok(
            OWNER,
            &[
                "evidence",
                "add",
                "--title",
                "Courier story",
                "--derived-from",
                "E1",
            ],
        );
        self.ok(OWNER, &["link", "C1", "E1", "--supports"]);
        self.ok(
            OWNER,
            &[
                "verdict",
                "C1",
                "mostly_true",
                "--rationale",
                "The audit says so.",
            ],
        );
    }
}

fn outcome(output: std::process::Output) -> Outcome {
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every write command, each with the change it is refused at and the role that change needs.
fn every_write(dir: &std::path::Path) -> Vec<(Vec<String>, &'static str, &'static str)> {
    let article = dir.join("article.txt");
    std::fs::write(&article, "The minister allegedly signed the order.\n").expect("written");
    let root = env!("CARGO_MANIFEST_DIR");
    let article = article.display().to_string();
    let writes: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["article", "add", "--title", "Another"],
            "adding an article",
            "checker",
        ),
        (
            vec!["claim", "add", "--article", "A1", "Another claim."],
            "adding a claim",
            "checker",
        ),
        (
            vec!["source", "add", "Harbour Weekly"],
            "adding a source",
            "checker",
        ),
        (
            vec!["source", "grade", "S1", "--reliability", "E"],
            "grading a source",
            "checker",
        ),
        (
            vec!["evidence", "add", "--title", "Another item"],
            "adding evidence",
            "checker",
        ),
        (
            vec!["evidence", "edit", "E1", "--credibility", "5"],
            "grading evidence",
            "checker",
        ),
        (
            vec!["link", "C2", "E1", "--refutes"],
            "linking evidence",
            "checker",
        ),
        (vec!["unlink", "C1", "E1"], "removing a link", "checker"),
        (
            vec!["verdict", "C2", "false", "--rationale", "No."],
            "adding a verdict",
            "editor",
        ),
        (
            vec!["setting", "org", "Harbour Desk"],
            "changing a setting",
            "editor",
        ),
        (
            vec!["scan", &article, "--record", "--title", "Scanned"],
            "adding an article",
            "checker",
        ),
    ];
    let mut all: Vec<(Vec<String>, &str, &str)> = writes
        .into_iter()
        .map(|(args, action, role)| (args.into_iter().map(String::from).collect(), action, role))
        .collect();
    all.push((
        vec![
            "import".to_string(),
            format!("{root}/claims"),
            format!("{root}/sources"),
        ],
        // The import writes the sources its files name first.
        "adding a source",
        "checker",
    ));
    all
}

fn refusal(action: &str, role: &str, held: &str, user: &str) -> String {
    format!(
        "error: {action} needs the `{role}` role; you are `{held}`\nhint: ask the desk's owner to run `claimtrack role grant {user} {role}`\n"
    )
}

#[test]
fn a_reader_reads_and_cannot_write_anything() {
    let Some(team) = Team::new() else { return };
    team.seed();
    let before = team.dump();
    for (args, action, role) in every_write(team.dir.path()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let outcome = team.run(READER, &args);
        assert_eq!(
            (outcome.code, outcome.stderr.as_str()),
            (1, refusal(action, role, "reader", READER).as_str()),
            "{args:?}"
        );
        assert_eq!(team.dump(), before, "{args:?} changed the desk");
    }
    assert_eq!(
        team.ok(READER, &["list", "--format", "csv"]),
        team.ok(OWNER, &["list", "--format", "csv"])
    );
    team.ok(READER, &["report", "--format", "json"]);
    team.ok(READER, &["history", "C1"]);
}

#[test]
fn a_checker_cannot_add_a_verdict_or_change_a_setting_and_an_editor_can() {
    let Some(team) = Team::new() else { return };
    team.seed();
    let before = team.dump();
    let verdict = ["verdict", "C2", "false", "--rationale", "No record of it."];
    let outcome = team.run(CHECKER, &verdict);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (1, refusal("adding a verdict", "editor", "checker", CHECKER))
    );
    let outcome = team.run(CHECKER, &["setting", "org", "Harbour Desk"]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            refusal("changing a setting", "editor", "checker", CHECKER)
        )
    );
    assert_eq!(team.dump(), before);
    // What a checker may do, it does.
    team.ok(CHECKER, &["link", "C2", "E2", "--refutes"]);
    assert_eq!(
        team.ok(EDITOR, &verdict),
        format!("C2 rated false (moderate confidence) by {EDITOR}\n")
    );
    assert_eq!(
        team.ok(EDITOR, &["setting", "org", "Harbour Desk"]),
        "org = Harbour Desk\n"
    );
}

#[test]
fn nobody_alters_or_deletes_an_event_or_a_verdict() {
    let Some(team) = Team::new() else { return };
    team.seed();
    let before = team.dump();
    let statements = [
        "UPDATE claimtrack.events SET actor = 'someone' WHERE id = 1",
        "DELETE FROM claimtrack.events WHERE id = 1",
        "TRUNCATE claimtrack.events",
        "UPDATE claimtrack.verdicts SET rating = 'false'",
        "DELETE FROM claimtrack.verdicts",
        "TRUNCATE claimtrack.verdicts",
    ];
    for user in [READER, CHECKER, EDITOR] {
        let mut client = team.sql_as(user);
        for sql in statements {
            let error = client.batch_execute(sql).expect_err(sql);
            assert_eq!(
                error.code(),
                Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
                "{user}: {sql}: {error}"
            );
        }
    }
    // The owner owns the tables, and the triggers refuse her too.
    let mut owner = team.sql_as(OWNER);
    for sql in statements {
        let error = owner.batch_execute(sql).expect_err(sql);
        let message = error
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_default();
        assert!(
            message == "the audit trail is append-only"
                || message == "verdicts are never changed or deleted: record a new one",
            "{sql}: {message}"
        );
    }
    assert_eq!(team.dump(), before);
}

#[test]
fn the_actor_and_time_are_the_servers_whatever_the_client_says() {
    let Some(team) = Team::new() else { return };
    team.seed();
    let outcome = team.run(
        CHECKER,
        &["link", "C2", "E2", "--context", "--by", "someone else"],
    );
    assert_eq!(outcome.code, 2);
    assert_eq!(
        outcome.stderr,
        format!(
            "error: `--by` is for SQLite desks: `{}` records who connected, as the server knows them\nhint: connect as that person instead (postgres://NAME@…)\n",
            team.url(CHECKER)
        )
    );
    // CLAIMTRACK_USER and CLAIMTRACK_NOW say `tester` at a fixed time; the server says who and when.
    team.ok(CHECKER, &["link", "C2", "E2", "--context"]);
    let mut admin = team.server.admin();
    let last = admin
        .query_one(
            "SELECT actor, at > now() - interval '1 hour' FROM claimtrack.events ORDER BY id DESC LIMIT 1",
            &[],
        )
        .expect("the last event");
    assert_eq!(
        (last.get::<_, String>(0), last.get::<_, bool>(1)),
        (CHECKER.to_string(), true)
    );
    // Past claimtrack, straight to the table, asking to keep stamps and switching role: naming an actor or a time
    // is refused, and what goes in without them is the checker's, now.
    let mut client = team.sql_as(CHECKER);
    let group = team.server.group("checker");
    for (columns, values) in [
        ("at, actor", format!("'2000-01-01T00:00:00Z', '{EDITOR}'")),
        ("actor", format!("'{EDITOR}'")),
        ("at", "'2000-01-01T00:00:00Z'".to_string()),
    ] {
        let error = client
            .batch_execute(&format!(
                "BEGIN; SET LOCAL claimtrack.keep_stamps = 'on'; SET LOCAL ROLE \"{group}\";
                 INSERT INTO claimtrack.events (id, {columns}, action, detail)
                 SELECT max(id) + 1, {values}, 'verdict', 'forged' FROM claimtrack.events;"
            ))
            .expect_err("a stamp given by the client");
        assert_eq!(
            error.as_db_error().map(|e| e.message().to_string()),
            Some("permission denied for table events".to_string()),
            "{columns}"
        );
        client.batch_execute("ROLLBACK").unwrap();
    }
    client
        .batch_execute(&format!(
            "BEGIN; SET LOCAL claimtrack.keep_stamps = 'on'; SET LOCAL ROLE \"{group}\";
             INSERT INTO claimtrack.events (id, action, detail)
             SELECT max(id) + 1, 'verdict', 'appended' FROM claimtrack.events;
             COMMIT;"
        ))
        .expect("an event appended");
    let appended = admin
        .query_one(
            "SELECT actor, at > now() - interval '1 hour' FROM claimtrack.events WHERE detail = 'appended'",
            &[],
        )
        .expect("the event");
    assert_eq!(
        (appended.get::<_, String>(0), appended.get::<_, bool>(1)),
        (CHECKER.to_string(), true)
    );
    // A verdict's author is the editor who connected.
    team.ok(
        EDITOR,
        &["verdict", "C2", "unproven", "--rationale", "Not yet."],
    );
    let author: String = admin
        .query_one(
            "SELECT author FROM claimtrack.verdicts ORDER BY id DESC LIMIT 1",
            &[],
        )
        .expect("a verdict")
        .get(0);
    assert_eq!(author, EDITOR);
    assert_eq!(team.ok(OWNER, &["check"]), team_check_ok());
}

fn team_check_ok() -> String {
    "ok: constraints, triggers, indexes, foreign keys, the audit trail's event ids and every stored status check out\n"
        .to_string()
}

#[test]
fn roles_are_granted_listed_and_revoked_by_the_owner_only() {
    let Some(team) = Team::new() else { return };
    let groups = |role: &str| team.server.group(role);
    assert_eq!(
        team.ok(OWNER, &["role", "list", "--format", "csv"]),
        format!(
            "user,role,group\n{EDITOR},editor,{}\n{READER},reader,{}\n{CHECKER},checker,{}\n",
            groups("editor"),
            groups("reader"),
            groups("checker")
        )
    );
    assert_eq!(
        team.ok(OWNER, &["role", "grant", READER, "checker"]),
        format!("{READER}: checker on {} (was reader)\n", team.url(OWNER))
    );
    assert_eq!(
        team.ok(OWNER, &["role", "revoke", READER, "checker"]),
        format!("{READER}: no longer checker on {}\n", team.url(OWNER))
    );
    let outcome = team.run(OWNER, &["role", "revoke", READER, "checker"]);
    assert_eq!(
        outcome.stderr,
        format!("error: `{READER}` does not hold `checker` on this desk\nhint: see who holds what with `claimtrack role list`\n")
    );
    let outcome = team.run(OWNER, &["role", "grant", "ct_nobody_at_all", "reader"]);
    assert_eq!(
        outcome.stderr,
        format!(
            "error: the server of `{}` has no user `ct_nobody_at_all`\nhint: the server's administrator creates it first: CREATE ROLE \"ct_nobody_at_all\" LOGIN PASSWORD '…'\n",
            team.url(OWNER)
        )
    );
    let outcome = team.run(EDITOR, &["role", "grant", READER, "editor"]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!(
                "error: granting a desk role needs the `owner` role; you are `editor`\nhint: connect to `{}` as the desk's owner (who ran `claimtrack init`)\n",
                team.url(EDITOR)
            )
        )
    );
    // Without a role, even reading is refused, by the server.
    let outcome = team.run(READER, &["list"]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!("error: reading the desk needs the `reader` role; you have no role on this desk\nhint: ask the desk's owner to run `claimtrack role grant {READER} reader`\n")
        )
    );
}

#[test]
fn roles_are_for_server_desks() {
    let desk = Desk::sqlite();
    desk.ok(&["init"]);
    let outcome = desk.run(&["role", "list"]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!(
                "error: `{}` is an SQLite desk, and roles are for server desks\nhint: who may change an SQLite desk is who may write its file; to share a desk, move it to a server with `claimtrack copy --to postgres://…`\n",
                desk.db.display()
            )
        )
    );
}

/// `"e<digits>"` written `"g<digits>"`: the evidence keys of a desk file, given another prefix.
fn rekeyed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\"e") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with('"') {
            out.push_str("\"g");
        } else {
            out.push_str("\"e");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[test]
fn eight_processes_writing_at_once_lose_nothing_and_check_clean() {
    let Some(team) = Team::new() else { return };
    const WRITERS: usize = 8;
    const CLAIMS: usize = 30;
    team.ok(OWNER, &["article", "add", "--title", "Shared desk"]);
    for n in 0..CLAIMS {
        team.ok(
            OWNER,
            &[
                "claim",
                "add",
                "--article",
                "A1",
                &format!("Claim number {n} holds."),
                "--strength",
                "on_record",
            ],
        );
    }
    // E1 supports every claim; each writer has an item of its own, from an origin of its own.
    team.ok(
        OWNER,
        &[
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
        ],
    );
    for writer in 0..WRITERS {
        team.ok(
            OWNER,
            &[
                "evidence",
                "add",
                "--title",
                &format!("Item {writer}"),
                "--origin",
                &format!("Origin {writer}"),
                "--reliability",
                "B",
                "--credibility",
                "2",
            ],
        );
    }
    for n in 1..=CLAIMS {
        team.ok(OWNER, &["link", &format!("C{n}"), "E1", "--supports"]);
    }
    let generated = team.dir.path().join("generated");
    team.ok(
        OWNER,
        &[
            "generate",
            "--claims",
            "40",
            "--articles",
            "2",
            "--dir",
            generated.to_str().expect("path"),
        ],
    );
    // Items of another desk need keys of their own (`e1` here is the desk's own audit): the generated desk's
    // `e…` become `g…`.
    for file in std::fs::read_dir(generated.join("claims")).expect("the claims folder") {
        let path = file.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, rekeyed(&text)).expect("written");
    }
    let workers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let commands: Vec<Vec<String>> = (0..3)
                .flat_map(|round| {
                    vec![
                        // Every writer links its own item to the same claim,
                        vec![
                            "link".into(),
                            "C1".into(),
                            format!("E{}", writer + 2),
                            "--supports".into(),
                        ],
                        // re-grades the item behind every claim,
                        vec![
                            "evidence".into(),
                            "edit".into(),
                            "E1".into(),
                            "--credibility".into(),
                            if (writer + round) % 2 == 0 {
                                "4".into()
                            } else {
                                "1".into()
                            },
                        ],
                        // imports the same desk as everyone else (with its verdicts: an editor's work),
                        vec!["import".into(), generated.display().to_string()],
                        // and adds a claim.
                        vec![
                            "claim".into(),
                            "add".into(),
                            "--article".into(),
                            "A1".into(),
                            format!("Writer {writer} adds claim {round}."),
                        ],
                    ]
                })
                .collect();
            let commands: Vec<(Command, Vec<String>)> = commands
                .into_iter()
                .map(|args| {
                    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                    (team.command(EDITOR, &refs), args)
                })
                .collect();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for (mut command, args) in commands {
                    let output = command.output().expect("ran");
                    if !output.status.success() {
                        failures.push(format!(
                            "{args:?}: {}",
                            String::from_utf8_lossy(&output.stderr)
                        ));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("joined"))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    let mut admin = team.server.admin();
    let count = |admin: &mut postgres::Client, sql: &str| -> i64 {
        admin.query_one(sql, &[]).expect(sql).get(0)
    };
    assert_eq!(
        count(
            &mut admin,
            "SELECT count(*) FROM claimtrack.links WHERE claim_id = 1"
        ),
        1 + WRITERS as i64,
        "every writer's link to C1 is there"
    );
    assert_eq!(
        count(
            &mut admin,
            "SELECT count(*) FROM claimtrack.claims WHERE article_id = 1"
        ),
        (CLAIMS + WRITERS * 3) as i64
    );
    assert_eq!(
        count(
            &mut admin,
            "SELECT count(*) FROM claimtrack.claims WHERE article_id > 1"
        ),
        40,
        "the desk imported once, whoever came first"
    );
    // Statuses recomputed from scratch match the stored ones, and the trail has no gap.
    assert_eq!(team.ok(OWNER, &["check"]), team_check_ok());
}

#[test]
fn a_laptop_desk_moves_to_the_server_and_back_unchanged() {
    let Some(admin) = test_server() else { return };
    let laptop = Desk::sqlite();
    let root = env!("CARGO_MANIFEST_DIR");
    laptop.ok(&[
        "import",
        &format!("{root}/claims"),
        &format!("{root}/sources"),
    ]);
    laptop.ok(&[
        "verdict",
        "C1",
        "mostly_true",
        "--rationale",
        "The court record agrees.",
    ]);
    laptop.ok(&[
        "verdict",
        "C1",
        "true",
        "--rationale",
        "Confirmed by the ministry.",
    ]);
    laptop.ok(&["setting", "org", "Coastline Fact Desk"]);
    // Claims whose source kinds were typed and read (the example desk's are not known): they travel too.
    laptop.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said the brokers kept the fees.",
        "--source-kind",
        "named_person",
    ]);
    laptop.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Two officials said the brokers kept the fees.",
    ]);
    // A revised article: its earlier text, and every claim placed again in the new one, move with it.
    let text = std::fs::read_to_string(format!("{root}/sources/harbour-fees.txt")).expect("read");
    let body = text.split_once("---\n").expect("a header").1;
    let revised = laptop.file(
        "revised.txt",
        body.replacen("were allegedly made", "were reportedly made", 1),
    );
    laptop.ok(&[
        "article",
        "revise",
        "A1",
        "--text-file",
        revised.to_str().expect("path"),
    ]);
    ensure_login(&admin, OWNER, OWNER_PASSWORD, "CREATEDB CREATEROLE");
    let server = ServerDb::new(&admin, "ct_move");
    let url = server.url(OWNER);
    laptop.ok(&["init", &url]);
    let copied = laptop.ok(&["copy", "--to", &url]);
    let counts = |dump: &str, table: &str| {
        dump.split(&format!("[{table}]\n"))
            .nth(1)
            .map(|rest| rest.lines().take_while(|l| !l.starts_with('[')).count())
            .unwrap_or(0)
    };
    let original = laptop.dump();
    assert_eq!(
        copied,
        format!(
            "copied {} to {url}: {} articles, {} revisions, {} sources, {} claims, {} anchors, {} evidence, {} links, {} verdicts, {} events, {} settings, {} reviews, {} match_segments, {} match_terms\n",
            laptop.db.display(),
            counts(&original, "articles"),
            counts(&original, "revisions"),
            counts(&original, "sources"),
            counts(&original, "claims"),
            counts(&original, "anchors"),
            counts(&original, "evidence"),
            counts(&original, "links"),
            counts(&original, "verdicts"),
            counts(&original, "events"),
            counts(&original, "settings"),
            counts(&original, "reviews"),
            counts(&original, "match_segments"),
            counts(&original, "match_terms"),
        )
    );
    let on_server = Desk::sqlite_file(laptop.path("unused.db"));
    let run = |args: &[&str]| -> String {
        let output = on_server
            .command(args)
            .args(["--db", &url])
            .output()
            .expect("ran");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert_eq!(run(&["check"]), team_check_ok());
    // The same desk, read on either engine.
    for args in [
        &["list", "--format", "json"][..],
        &["history", "C1"],
        &["report", "--format", "csv"],
    ] {
        assert_eq!(run(args), laptop.ok(args), "{args:?}");
    }
    // The plain-text desk round trip works against the server too.
    let from_laptop = laptop.path("from-laptop");
    let from_server = laptop.path("from-server");
    laptop.ok(&["export", "--dir", from_laptop.to_str().expect("path")]);
    run(&["export", "--dir", from_server.to_str().expect("path")]);
    let tree = |dir: &std::path::Path| -> Vec<(String, String)> {
        let mut files = Vec::new();
        for sub in ["claims", "sources"] {
            for entry in std::fs::read_dir(dir.join(sub)).expect("a folder") {
                let path = entry.expect("entry").path();
                files.push((
                    path.strip_prefix(dir)
                        .expect("inside")
                        .display()
                        .to_string(),
                    std::fs::read_to_string(&path).expect("text"),
                ));
            }
        }
        files.sort();
        files
    };
    assert_eq!(tree(&from_server), tree(&from_laptop));
    // And back: the copy is the laptop's desk, row for row.
    run(&[
        "copy",
        "--to",
        laptop.path("back.db").to_str().expect("path"),
    ]);
    assert_eq!(common::dump(&laptop.path("back.db")), original);
    // A second copy into the now full desk is refused, and changes nothing.
    let before = common::server_dump(&mut server.admin());
    let outcome = laptop.run(&["copy", "--to", &url]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stderr,
        format!(
            "error: `{url}` is not empty: it holds {} rows of `articles`, and a copy goes into an empty desk\nhint: copy into a new file, or into a server database just made with `claimtrack init`\n",
            counts(&original, "articles")
        )
        .replace("holds 1 rows", "holds 1 row")
    );
    assert_eq!(common::server_dump(&mut server.admin()), before);
    // A server backup is an SQLite desk with the same rows.
    let backup = laptop.path("server-backup.db");
    assert!(run(&["backup", backup.to_str().expect("path")]).starts_with("backed up "));
    assert_eq!(common::dump(&backup), original);
    // New records on the server follow on from the copied ids.
    assert_eq!(
        run(&[
            "claim",
            "add",
            "--article",
            "A1",
            "A claim written on the server."
        ]),
        format!("C{}\n", counts(&original, "claims") + 1)
    );
    assert_eq!(run(&["check"]), team_check_ok());
}

#[test]
fn copying_into_a_server_desk_needs_its_owner() {
    let Some(team) = Team::new() else { return };
    let laptop = Desk::sqlite();
    laptop.ok(&["article", "add", "--title", "Dock fees"]);
    let before = team.dump();
    let output = laptop
        .command(&["copy", "--to", &team.url(EDITOR)])
        .output()
        .expect("ran");
    let outcome = outcome(output);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!(
                "error: copying a desk in needs the `owner` role; you are `editor`\nhint: connect to `{}` as the desk's owner (who ran `claimtrack init`)\n",
                team.url(EDITOR)
            )
        )
    );
    assert_eq!(team.dump(), before);
}

#[test]
fn connecting_wrong_says_why_without_the_password_and_writes_nothing() {
    let Some(team) = Team::new() else { return };
    let host = std::env::var("CLAIMTRACK_TEST_PG_HOST").expect("the TCP host");
    let port = std::env::var("CLAIMTRACK_TEST_PG_PORT").expect("the TCP port");
    let db = &team.server.dbname;
    let before = team.dump();
    let run = |url: &str| -> Outcome {
        let mut cmd = team.command(OWNER, &["claim", "add", "--article", "A1", "Text."]);
        cmd.env_remove("PGPASSWORD").arg("--db").arg(url);
        outcome(cmd.output().expect("ran"))
    };
    let wrong = format!("postgres://{CHECKER}:not-the-password@{host}:{port}/{db}?sslmode=require");
    let outcome = run(&wrong);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            1,
            format!(
                "error: `postgres://{CHECKER}:***@{host}:{port}/{db}?sslmode=require` refused the password of `{CHECKER}`\nhint: check the password in the URL, PGPASSWORD or ~/.pgpass\n"
            )
            .as_str()
        )
    );
    let nowhere = format!("postgres://{CHECKER}:s3cret@127.0.0.1:1/{db}");
    let outcome = run(&nowhere);
    assert_eq!(
        outcome.stderr,
        format!("error: cannot reach `postgres://{CHECKER}:***@127.0.0.1:1/{db}`: nothing answers at 127.0.0.1:1\nhint: is the server running, and is the host and port right?\n")
    );
    let not_a_desk =
        format!("postgres://{CHECKER}:{OWNER_PASSWORD}@{host}:{port}/postgres?sslmode=require");
    let outcome = run(&not_a_desk);
    let shown = format!("postgres://{CHECKER}:***@{host}:{port}/postgres?sslmode=require");
    assert_eq!(
        outcome.stderr,
        format!("error: `{shown}` is not a claimtrack database: the database holds no desk\nhint: point `--db` (or CLAIMTRACK_DB) at a claimtrack desk, or make one there with `claimtrack init {shown}`\n")
    );
    let no_db = format!(
        "postgres://{CHECKER}:{OWNER_PASSWORD}@{host}:{port}/ct_no_such_db?sslmode=require"
    );
    let outcome = run(&no_db);
    assert!(
        outcome
            .stderr
            .starts_with("error: `postgres://ct_omar:***@"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("the server has no database `ct_no_such_db`"),
        "{}",
        outcome.stderr
    );
    for outcome in [run(&wrong), run(&nowhere), run(&not_a_desk), run(&no_db)] {
        assert!(
            !outcome.stderr.contains("not-the-password")
                && !outcome.stderr.contains("s3cret")
                && !outcome.stderr.contains(OWNER_PASSWORD)
        );
    }
    assert_eq!(team.dump(), before);
    // Over TLS, with the password from PGPASSWORD, then from a password file, the same command works.
    let tls = format!("postgres://{CHECKER}@{host}:{port}/{db}?sslmode=require");
    let mut cmd = team.command(OWNER, &["list"]);
    cmd.arg("--db").arg(&tls);
    assert!(cmd.output().expect("ran").status.success());
    let home = tempfile::tempdir().expect("a home");
    let pgpass = home.path().join(".pgpass");
    std::fs::write(
        &pgpass,
        format!("{host}:{port}:{db}:{CHECKER}:{OWNER_PASSWORD}\n"),
    )
    .expect("written");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).expect("private");
    let mut cmd = team.command(OWNER, &["list"]);
    cmd.env_remove("PGPASSWORD")
        .env("HOME", home.path())
        .arg("--db")
        .arg(&tls);
    let listed = crate::outcome(cmd.output().expect("ran"));
    assert_eq!((listed.code, listed.stderr.as_str()), (0, ""));
}

#[test]
fn a_server_desk_newer_than_this_claimtrack_is_refused_untouched() {
    let Some(team) = Team::new() else { return };
    team.seed();
    team.server
        .admin()
        .batch_execute("UPDATE claimtrack.desk SET version = 99")
        .expect("bumped");
    let before = team.dump();
    let outcome = team.run(OWNER, &["claim", "add", "--article", "A1", "More."]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!(
                "error: `{}` is at schema version 99, newer than this claimtrack understands (7)\nhint: upgrade claimtrack; the database was left untouched\n",
                team.url(OWNER)
            )
        )
    );
    assert_eq!(team.dump(), before);
}

#[test]
fn init_refuses_a_database_of_another_program_and_makes_nothing() {
    let Some(admin) = test_server() else { return };
    ensure_login(&admin, OWNER, OWNER_PASSWORD, "CREATEDB CREATEROLE");
    let server = ServerDb::new(&admin, "ct_other");
    admin_client(&admin, "postgres")
        .batch_execute(&format!(
            "CREATE DATABASE \"{}\" OWNER \"{OWNER}\"",
            server.dbname
        ))
        .expect("created");
    server
        .admin()
        .batch_execute("CREATE TABLE public.orders (id int)")
        .expect("a table");
    let desk = Desk::sqlite();
    let outcome = desk.run(&["init", &server.url(OWNER)]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!(
                "error: `{url}` is not a claimtrack database: it already holds tables of another program (`public.orders`…), and a desk keeps a database of its own\nhint: make the desk in a database of its own: create an empty one on the server (`createdb NAME`) and run `claimtrack init` on its address\n",
                url = server.url(OWNER)
            )
        )
    );
    let schemas: i64 = server
        .admin()
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'claimtrack'",
            &[],
        )
        .expect("counted")
        .get(0);
    let roles: i64 = server
        .admin()
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname = $1",
            &[&server.group("reader")],
        )
        .expect("counted")
        .get(0);
    assert_eq!((schemas, roles), (0, 0));
}

#[test]
fn check_finds_a_deleted_event_and_a_disabled_trigger() {
    let Some(team) = Team::new() else { return };
    team.seed();
    team.server
        .admin()
        .batch_execute(
            "ALTER TABLE claimtrack.events DISABLE TRIGGER events_are_kept;
             DELETE FROM claimtrack.events WHERE id IN (2, 3);
             UPDATE claimtrack.claims SET status = 'refuted' WHERE id = 2;",
        )
        .expect("tampered");
    let outcome = team.run(OWNER, &["check"]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stdout,
        "trigger: `events_are_kept` on `events` is disabled\naudit trail: events 2 to 3 are missing (taken out of the trail)\nstatus: C2 is stored as refuted but its evidence makes it unverified\n"
    );
}

#[test]
fn init_by_someone_who_may_not_create_roles_says_so_and_makes_nothing() {
    let Some(admin) = test_server() else { return };
    ensure_login(&admin, "ct_plain_user", OWNER_PASSWORD, "");
    let server = ServerDb::new(&admin, "ct_noroles");
    admin_client(&admin, "postgres")
        .batch_execute(&format!(
            "CREATE DATABASE \"{}\" OWNER ct_plain_user",
            server.dbname
        ))
        .expect("created");
    let desk = Desk::sqlite();
    let outcome = desk.run(&["init", &server.url("ct_plain_user")]);
    assert_eq!(
        (outcome.code, outcome.stderr),
        (
            1,
            format!(
                "error: the server of `{}` does not let `ct_plain_user` create a desk there: permission denied to create role\nhint: the desk's owner needs CREATEROLE, and the right to create a schema in the database (owning it will do)\n",
                server.url("ct_plain_user")
            )
        )
    );
    let schemas: i64 = server
        .admin()
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'claimtrack'",
            &[],
        )
        .expect("counted")
        .get(0);
    assert_eq!(schemas, 0, "nothing of the desk was made");
}

/// A verdict read from a desk file keeps the author and time the file states (issue 10), and the server stamps
/// who imported it and when, so every verdict row carries a name the server gave. Revisions are stamped like
/// events; an earlier revision's text, and a claim's revision count, are beyond any client.
#[test]
fn imported_verdicts_and_revisions_carry_the_servers_stamps() {
    let Some(team) = Team::new() else { return };
    let root = env!("CARGO_MANIFEST_DIR");
    team.ok(
        EDITOR,
        &[
            "import",
            &format!("{root}/claims"),
            &format!("{root}/sources"),
        ],
    );
    let text = std::fs::read_to_string(format!("{root}/sources/harbour-fees.txt")).expect("read");
    let body = text.split_once("---\n").expect("a header").1;
    let revised = team.dir.path().join("revised.txt");
    std::fs::write(
        &revised,
        body.replacen("were allegedly made", "were reportedly made", 1),
    )
    .expect("written");
    team.ok(
        CHECKER,
        &[
            "article",
            "revise",
            "A1",
            "--text-file",
            revised.to_str().expect("path"),
        ],
    );
    let mut admin = team.server.admin();
    let verdict = admin
        .query_one(
            "SELECT author, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), imported_by,
                imported_at > now() - interval '1 hour'
             FROM claimtrack.verdicts ORDER BY id LIMIT 1",
            &[],
        )
        .expect("a verdict");
    assert_eq!(
        (
            verdict.get::<_, String>(0),
            verdict.get::<_, String>(1),
            verdict.get::<_, Option<String>>(2),
            verdict.get::<_, bool>(3)
        ),
        (
            "desk".to_string(),
            "2026-10-20T09:00:00Z".to_string(),
            Some(EDITOR.to_string()),
            true
        ),
        "the file's author and time, the importer and the server's clock"
    );
    let actors: Vec<(i32, String)> = admin
        .query(
            "SELECT number, actor FROM claimtrack.revisions WHERE article_id = 1 ORDER BY number",
            &[],
        )
        .expect("revisions")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        actors,
        [(1, EDITOR.to_string()), (2, CHECKER.to_string())],
        "who connected, whatever CLAIMTRACK_USER says"
    );
    let before = team.dump();
    let mut checker = team.sql_as(CHECKER);
    let refused = |client: &mut postgres::Client, sql: &str| -> String {
        let error = client.batch_execute(sql).expect_err(sql);
        error
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        refused(
            &mut checker,
            "UPDATE claimtrack.revisions SET text = 'Something else.' WHERE article_id = 1 AND number = 1"
        ),
        "an earlier revision of an article is never changed: record a new one"
    );
    assert_eq!(
        refused(&mut checker, "UPDATE claimtrack.claims SET revision = 1"),
        "permission denied for table claims"
    );
    assert_eq!(team.dump(), before, "nothing changed");
    assert_eq!(team.ok(OWNER, &["check"]), team_check_ok());
}

/// The match index is kept by every write, whoever writes: a checker's claims are matched for a reader, ranked
/// in Rust from the index rows as on a desk file.
#[test]
fn a_checkers_claims_are_indexed_and_a_reader_matches_them() {
    let Some(team) = Team::new() else { return };
    team.seed();
    team.ok(
        CHECKER,
        &[
            "claim",
            "add",
            "--article",
            "A1",
            "Ferry fares doubled after the merger.",
        ],
    );
    let found = team.ok(READER, &["match", "ferry fares doubled", "--format", "csv"]);
    assert_eq!(
        found,
        "score,id,status,verdict,date,reviewer,rating,url,text\n\
         0.89,C3,unverified,,,,,,Ferry fares doubled after the merger.\n"
    );
    assert_eq!(team.ok(OWNER, &["check"]), team_check_ok());
}

/// An index written in an earlier format (`match_index` names it) is rebuilt, not misread; the format is a setting,
/// which only an editor may change, so a checker's write leaves the rebuild to the next write of an editor (or
/// the owner) and is not refused for it, and `match` ranks from the claims meanwhile, the checker's new claim
/// included.
#[test]
fn an_old_match_index_is_rebuilt_without_a_checker_writing_the_setting() {
    let Some(team) = Team::new() else { return };
    team.seed();
    let format = |team: &Team| -> String {
        team.server
            .admin()
            .query_one(
                "SELECT value FROM claimtrack.settings WHERE name = 'match_index'",
                &[],
            )
            .expect("the setting")
            .get(0)
    };
    team.server
        .admin()
        .execute(
            "UPDATE claimtrack.settings SET value = '1' WHERE name = 'match_index'",
            &[],
        )
        .expect("an older format");
    team.ok(
        CHECKER,
        &[
            "claim",
            "add",
            "--article",
            "A1",
            "Ferry fares doubled after the merger.",
        ],
    );
    assert_eq!(format(&team), "1");
    let expected = "score,id,status,verdict,date,reviewer,rating,url,text\n\
                    0.89,C3,unverified,,,,,,Ferry fares doubled after the merger.\n";
    let found = team.ok(READER, &["match", "ferry fares doubled", "--format", "csv"]);
    assert_eq!(found, expected);
    team.ok(EDITOR, &["setting", "org", "Harbour Desk"]);
    assert_eq!(format(&team), "2");
    let found = team.ok(READER, &["match", "ferry fares doubled", "--format", "csv"]);
    assert_eq!(found, expected);
    assert_eq!(team.ok(OWNER, &["check"]), team_check_ok());
}
