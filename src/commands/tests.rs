//! The commands on an in-memory desk, output into a `Vec<u8>`: each command line parsed as the binary parses it,
//! run through the same dispatch, with the whole of its output compared. The CLI tests in `tests/` run the real
//! binary on files; these show the commands need nothing but a ledger and a writer.

use clap::{CommandFactory, Parser};

use super::{execute, Cli, Context};
use crate::ledger::Ledger;
use crate::model::Actor;
use crate::render::Layout;

/// One in-memory desk that successive command lines run on.
struct Session {
    ledger: Option<Ledger>,
    dir: tempfile::TempDir,
}

impl Session {
    fn new() -> Session {
        Session {
            ledger: Some(Ledger::in_memory().expect("an in-memory desk")),
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// Runs one command line; its output, or the error and its hint as the binary prints them.
    fn run(&mut self, args: &[&str]) -> Result<String, String> {
        self.run_laid_out(args, None)
    }

    /// Runs one command line as if its output were a terminal laid out so (`None`: the plain layout every test
    /// gets, whatever terminal runs the tests).
    fn run_laid_out(&mut self, args: &[&str], layout: Option<Layout>) -> Result<String, String> {
        let cli = Cli::try_parse_from(std::iter::once("claimtrack").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        let actor = Actor {
            name: cli.by.clone().unwrap_or_else(|| "tester".to_string()),
            at: "2026-11-28T10:00:00Z".parse().expect("a time"),
        };
        let mut out = Vec::new();
        let ledger = self.ledger.take().expect("the desk");
        let mut ctx = Context::on(ledger, actor, &mut out);
        if let Some(layout) = layout {
            ctx = ctx.with_layout(layout);
        }
        let result = execute(&mut ctx, cli.command);
        self.ledger = ctx.into_ledger();
        match result {
            Ok(()) => Ok(String::from_utf8(out).expect("UTF-8 output")),
            Err(error) => Err(match error.hint() {
                Some(hint) => format!("error: {error}\nhint: {hint}"),
                None => format!("error: {error}"),
            }),
        }
    }

    /// Runs one command line that must succeed; its output and its notes (standard error, for the binary).
    fn ok_noted(&mut self, args: &[&str]) -> (String, String) {
        let cli = Cli::try_parse_from(std::iter::once("claimtrack").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("claimtrack {args:?}: {e}"));
        let actor = Actor {
            name: "tester".to_string(),
            at: "2026-11-28T10:00:00Z".parse().expect("a time"),
        };
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        let ledger = self.ledger.take().expect("the desk");
        let mut ctx = Context::on(ledger, actor, &mut out).with_notes(&mut notes);
        let result = execute(&mut ctx, cli.command);
        self.ledger = ctx.into_ledger();
        if let Err(e) = result {
            panic!("claimtrack {args:?} failed: {e}");
        }
        (
            String::from_utf8(out).expect("UTF-8 output"),
            String::from_utf8(notes).expect("UTF-8 notes"),
        )
    }

    fn ok(&mut self, args: &[&str]) -> String {
        self.run(args)
            .unwrap_or_else(|e| panic!("claimtrack {args:?} failed: {e}"))
    }

    fn events(&self) -> u64 {
        self.ledger
            .as_ref()
            .expect("the desk")
            .read()
            .event_count()
            .expect("counted")
    }

    /// A file in the session's folder.
    fn file(&self, name: &str, contents: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("written");
        path.display().to_string()
    }

    /// The example desk of the repository, imported.
    fn example() -> Session {
        let mut session = Session::new();
        let root = env!("CARGO_MANIFEST_DIR");
        assert_eq!(
            session.ok(&[
                "import",
                &format!("{root}/claims"),
                &format!("{root}/sources")
            ]),
            "added 1 article, 15 claims, 8 evidence items, 10 links, 8 sources, 1 verdict\n"
        );
        session
    }
}

/// The body of one of the CLI tests' snapshots: the same command on a file desk printed exactly this.
fn snapshot(name: &str) -> String {
    let path = format!("{}/tests/snapshots/{name}.snap", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the snapshot");
    let body = text.splitn(3, "---\n").nth(2).expect("a snapshot body");
    body.trim_end().to_string()
}

const ARTICLE: &str =
    "Officials allegedly took fees from dock workers. The union said 300 workers paid.\n";

#[test]
fn verify_cli() {
    Cli::command().debug_assert();
}

#[test]
fn a_desk_is_built_linked_and_explained() {
    let mut s = Session::new();
    let text = s.file("article.txt", ARTICLE);
    assert_eq!(
        s.ok(&[
            "article",
            "add",
            "--title",
            "Dock fees",
            "--outlet",
            "The Ledger",
            "--text-file",
            &text
        ]),
        "A1\n"
    );
    assert_eq!(
        s.ok(&[
            "claim",
            "add",
            "--article",
            "A1",
            "Officials allegedly took fees from dock workers."
        ]),
        "C1\n"
    );
    assert_eq!(
        s.ok(&[
            "claim",
            "add",
            "--article",
            "A1",
            "The union said 300 workers paid."
        ]),
        "C2\n"
    );
    assert_eq!(
        s.ok(&[
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
        s.ok(&[
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
        s.ok(&[
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
            "3",
        ]),
        "E2\n"
    );
    assert_eq!(
        s.ok(&["link", "C1", "E1", "--supports"]),
        "linked E1 to C1: supports; C1 is single_source\n"
    );
    assert_eq!(
        s.ok(&["link", "C1", "E2", "--supports"]),
        "linked E2 to C1: supports; C1 is single_source\n"
    );
    assert_eq!(
        s.ok(&["link", "C1", "E2", "--supports"]),
        "already linked E2 to C1: supports; C1 is single_source\n"
    );
    assert_eq!(
        s.ok(&["why", "C1"]),
        "C1 is single_source.\n\
         \x20 - E1 supports, graded B2: credible; origin Port Authority (S1).\n\
         \x20 - E2 set aside: same line of evidence as E1 (derived from E1).\n\
         \x20 - Single source: only one independent line of credible support (E1), and nothing credible refutes it.\n\
         1 independent line of support: E1 (with E2, derived from it)\n"
    );
    assert_eq!(
        s.ok(&["why", "C1", "--format", "json"]),
        "{\"id\":\"C1\",\"status\":\"single_source\",\"reasons\":[\"E1 supports, graded B2: credible; origin Port \
         Authority (S1).\",\"E2 set aside: same line of evidence as E1 (derived from E1).\",\"Single source: only \
         one independent line of credible support (E1), and nothing credible refutes it.\"],\"origins\":[[\"E1\",\
         \"E2\"]]}\n"
    );
    assert_eq!(
        s.ok(&["list", "--format", "csv"]),
        "id,article,strength,status,verdict,source,source kind,cue,response,text\n\
         C1,A1,hedged,single_source,,,self,allegedly,,Officials allegedly took fees from dock workers.\n\
         C2,A1,on_record,unverified,,The union,named_organization,said,,The union said 300 workers paid.\n"
    );
    assert_eq!(
        s.ok(&["list", "--status", "unverified", "--format", "json"]),
        "[\n  {\"id\":\"C2\",\"article\":\"A1\",\"text\":\"The union said 300 workers paid.\",\"source\":\"The union\",\
         \"cue\":\"said\",\"strength\":\"on_record\",\"response\":null,\"status\":\"unverified\",\"verdict\":null,\
         \"source_kind\":\"named_organization\",\"key\":\"c2\",\"span\":[49,81],\"created_at\":\"2026-11-28T10:00:00Z\"}\n]\n"
    );
    assert_eq!(
        s.ok(&["list", "--strength", "document"]),
        "id\tarticle\tstrength\tstatus\tverdict\tsource\tsource kind\tcue\tresponse\ttext\n"
    );
    assert_eq!(
        s.ok(&["source", "list", "--format", "csv"]),
        "id,name,kind,reliability,evidence\nS2,Northern Courier,other,,1\nS1,Port Authority,organisation,B,1\n"
    );
    assert_eq!(
        s.ok(&["evidence", "list", "--format", "markdown"]),
        "| id | title | origin | derived from | grade | url |\n|---|---|---|---|---|---|\n\
         | E1 | Audit 2025 | Port Authority | - | B2 | - |\n\
         | E2 | Courier story | Northern Courier | E1 | C3 | - |\n"
    );
    assert_eq!(
        s.ok(&["article", "list", "--format", "csv"]),
        "id,title,outlet,published,claims,key\nA1,Dock fees,The Ledger,,2,dock-fees\n"
    );
}

#[test]
fn regrades_move_statuses_and_leave_a_trail() {
    let mut s = Session::new();
    let text = s.file("article.txt", ARTICLE);
    s.ok(&[
        "article",
        "add",
        "--title",
        "Dock fees",
        "--text-file",
        &text,
    ]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Officials allegedly took fees from dock workers.",
    ]);
    s.ok(&[
        "source",
        "add",
        "Port Authority",
        "--kind",
        "organisation",
        "--reliability",
        "B",
    ]);
    s.ok(&[
        "evidence",
        "add",
        "--title",
        "Audit 2025",
        "--origin",
        "Port Authority",
        "--credibility",
        "2",
    ]);
    assert_eq!(
        s.ok(&[
            "link",
            "C1",
            "E1",
            "--refutes",
            "--note",
            "The audit finds no fees."
        ]),
        "linked E1 to C1: refutes; C1 is refuted\n"
    );
    assert_eq!(
        s.ok(&["evidence", "edit", "E1", "--credibility", "5"]),
        "E1 is now graded B5\nC1 refuted → unverified\n"
    );
    assert_eq!(
        s.ok(&["evidence", "edit", "E1", "--credibility", "5"]),
        "E1 is already graded B5\n"
    );
    assert_eq!(
        s.ok(&["source", "grade", "S1", "--reliability", "E"]),
        "S1 \"Port Authority\" is now organisation E\n"
    );
    assert_eq!(
        s.ok(&["history", "C1", "--format", "csv"]),
        "at,by,action,what\n\
         2026-11-28T10:00:00Z,tester,claim.add,recorded claim C1 in A1 as hedged\n\
         2026-11-28T10:00:00Z,tester,link,linked E1 to C1: refutes\n\
         2026-11-28T10:00:00Z,tester,status,status of C1 moved from unverified to refuted\n\
         2026-11-28T10:00:00Z,tester,evidence.edit,changed evidence E1: credibility from 2 to 5\n\
         2026-11-28T10:00:00Z,tester,status,status of C1 moved from refuted to unverified\n\
         2026-11-28T10:00:00Z,tester,source.grade,\"changed source S1 \"\"Port Authority\"\" from organisation B to \
         organisation E\"\n"
    );
    assert_eq!(
        s.ok(&["unlink", "C1", "E1"]),
        "unlinked E1 from C1; C1 is unverified\n"
    );
    assert_eq!(
        s.ok(&["check"]),
        "ok: integrity, foreign keys and every stored status check out\n"
    );
}

#[test]
fn verdicts_supersede_and_show_with_the_claim() {
    let mut s = Session::new();
    s.ok(&["article", "add", "--title", "Dock fees"]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Officials allegedly took fees.",
    ]);
    assert_eq!(
        s.ok(&[
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
        s.ok(&[
            "verdict",
            "C1",
            "false",
            "--rationale",
            "The audit shows no fees.",
            "--by",
            "editor"
        ]),
        "C1 rated false (moderate confidence) by editor, superseding unproven\n"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&s.ok(&["claim", "show", "C1", "--format", "json"])).expect("JSON");
    assert_eq!(
        shown,
        serde_json::json!({
            "id": "C1", "article": "A1", "text": "Officials allegedly took fees.", "source": null,
            "source_kind": "self",
            "cue": "allegedly", "strength": "hedged", "response": null, "status": "unverified", "verdict": "false",
            "key": "c1", "span": null, "created_at": "2026-11-28T10:00:00Z",
            "reasons": ["Unverified: no evidence is linked to the claim."],
            "evidence": [],
            "verdicts": [
                { "id": 1, "claim": "C1", "rating": "unproven", "rationale": "No document yet.", "confidence": "low",
                  "author": "tester", "created_at": "2026-11-28T10:00:00Z" },
                { "id": 2, "claim": "C1", "rating": "false", "rationale": "The audit shows no fees.",
                  "confidence": "moderate", "author": "editor", "created_at": "2026-11-28T10:00:00Z" }
            ],
            "history": [
                { "id": 2, "at": "2026-11-28T10:00:00Z", "actor": "tester", "action": "claim.add",
                  "detail": "recorded claim C1 in A1 as hedged" },
                { "id": 3, "at": "2026-11-28T10:00:00Z", "actor": "tester", "action": "verdict",
                  "detail": "rated C1 unproven (low confidence)" },
                { "id": 4, "at": "2026-11-28T10:00:00Z", "actor": "editor", "action": "verdict",
                  "detail": "rated C1 false (moderate confidence), superseding unproven" }
            ]
        })
    );
    assert_eq!(
        s.ok(&["list", "--open", "--format", "csv"]),
        "id,article,strength,status,verdict,source,source kind,cue,response,text\n"
    );
}

#[test]
fn refused_commands_say_why_and_change_nothing() {
    let mut s = Session::new();
    s.ok(&["article", "add", "--title", "Dock fees"]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Officials allegedly took fees.",
    ]);
    s.ok(&["evidence", "add", "--title", "Audit"]);
    s.ok(&["evidence", "add", "--title", "Copy", "--derived-from", "E1"]);
    let events = s.events();
    for (args, message) in [
        (&["claim", "show", "C42"][..], "error: claim `C42` not found\nhint: see `claimtrack list`"),
        (&["link", "C1", "E9", "--supports"], "error: evidence `E9` not found\nhint: see `claimtrack evidence list`"),
        (&["claim", "add", "--article", "A3", "Text."], "error: article `A3` not found\nhint: see `claimtrack article list`"),
        (&["claim", "add", "--article", "A1", "  "], "error: the claim text is empty\nhint: give the claim's sentence as TEXT"),
        (&["unlink", "C1", "E1"], "error: E1 is not linked to C1\nhint: see `claimtrack claim show C1`"),
        (
            &["evidence", "edit", "E1", "--derived-from", "E2"],
            "error: E1 cannot derive from E2: that would make a cycle (E1 → E2 → E1)\nhint: an item can only derive from one that came before it",
        ),
        (&["verdict", "C1", "true", "--rationale", " "], "error: the verdict's rationale is empty\nhint: say why, with `--rationale \"…\"`"),
        (&["source", "grade", "S9", "--reliability", "A"], "error: source `S9` not found\nhint: see `claimtrack source list`"),
        (
            &["report", "--format", "claimreview"],
            "error: ClaimReview needs the name of the organisation that publishes the reviews\nhint: give `--org \"Your Desk\"`, or set it once with `claimtrack setting org \"Your Desk\"`",
        ),
    ] {
        assert_eq!(s.run(args), Err(message.to_string()), "claimtrack {args:?}");
        assert_eq!(s.events(), events, "claimtrack {args:?} wrote something");
    }
}

#[test]
fn settings_and_init_on_an_open_desk() {
    let mut s = Session::new();
    assert_eq!(s.ok(&["init"]), "created: :memory: (schema version 7)\n");
    assert_eq!(
        s.ok(&["setting", "org"]),
        "org is not set (set it with `claimtrack setting org VALUE`)\n"
    );
    assert_eq!(
        s.ok(&["setting", "org", " Coastline Fact Desk "]),
        "org = Coastline Fact Desk\n"
    );
    assert_eq!(s.ok(&["setting", "org"]), "Coastline Fact Desk\n");
    assert_eq!(
        s.ok(&["setting", "review-url", "https://example.org/checks"]),
        "review_url = https://example.org/checks\n"
    );
}

#[test]
fn a_scan_is_recorded_once() {
    let mut s = Session::new();
    let text = s.file("story.txt", ARTICLE);
    assert_eq!(
        s.ok(&["scan", &text, "--record", "--title", "Dock fees"]),
        "recorded 2 claims in A1\n"
    );
    assert_eq!(
        s.ok(&["scan", &text, "--record", "--article", "A1"]),
        "recorded 0 claims in A1 (2 already recorded)\n"
    );
    assert_eq!(
        s.ok(&["list", "--format", "csv"]),
        "id,article,strength,status,verdict,source,source kind,cue,response,text\n\
         C1,A1,hedged,unverified,,,self,allegedly,,Officials allegedly took fees from dock workers.\n\
         C2,A1,on_record,unverified,,The union,named_organization,said,,The union said 300 workers paid.\n"
    );
}

#[test]
fn the_example_desk_reports_as_it_does_from_a_file() {
    let mut s = Session::example();
    assert_eq!(
        s.ok(&["import", &format!("{}/claims", env!("CARGO_MANIFEST_DIR"))]),
        "nothing to change: the database already matches these files\n"
    );
    s.ok(&[
        "verdict",
        "C9",
        "mostly_true",
        "--rationale",
        "The Courier's story holds; the round-up adds nothing.",
    ]);
    for (format, name) in [
        ("json", "reports__report_json"),
        ("csv", "reports__report_csv"),
        ("markdown", "reports__report_markdown"),
    ] {
        assert_eq!(
            s.ok(&["report", "--format", format]).trim_end(),
            snapshot(name),
            "report --format {format}"
        );
    }
    assert_eq!(
        s.ok(&[
            "report",
            "--format",
            "claimreview",
            "--org",
            "Coastline Fact Desk"
        ])
        .trim_end(),
        snapshot("reports__report_claimreview")
    );
}

#[test]
fn the_example_desk_exports_to_the_files_it_came_from() {
    let mut s = Session::example();
    let dir = s.dir.path().join("out");
    assert_eq!(
        s.ok(&["export", "--dir", &dir.display().to_string()]),
        format!("exported 1 article to {}\n", dir.display())
    );
    let root = env!("CARGO_MANIFEST_DIR");
    for file in ["claims/harbour-fees.toml", "sources/harbour-fees.txt"] {
        assert_eq!(
            std::fs::read(dir.join(file)).expect("exported"),
            std::fs::read(format!("{root}/{file}")).expect("in the repository"),
            "{file}"
        );
    }
}

/// Issue 11, item 5: a command that moves statuses says so, claim by claim, besides what it was asked to do; item 4:
/// re-linking says what changed, and the same stance again changes and logs nothing.
#[test]
fn every_status_a_command_moves_is_printed_and_a_relink_says_what_changed() {
    let mut s = Session::new();
    let text = s.file("article.txt", ARTICLE);
    s.ok(&[
        "article",
        "add",
        "--title",
        "Dock fees",
        "--text-file",
        &text,
    ]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Officials allegedly took fees from dock workers.",
    ]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
    ]);
    s.ok(&[
        "source",
        "add",
        "Port Authority",
        "--kind",
        "organisation",
        "--reliability",
        "B",
    ]);
    s.ok(&[
        "evidence",
        "add",
        "--title",
        "Audit",
        "--origin",
        "Port Authority",
        "--credibility",
        "2",
    ]);
    s.ok(&[
        "evidence",
        "add",
        "--title",
        "Payslips",
        "--origin",
        "Union",
        "--reliability",
        "B",
        "--credibility",
        "2",
    ]);
    assert_eq!(
        s.ok(&["link", "C1", "E1", "--supports"]),
        "linked E1 to C1: supports; C1 is single_source\n"
    );
    s.ok(&["link", "C2", "E1", "--supports"]);
    s.ok(&["link", "C1", "E2", "--supports"]);
    assert_eq!(
        s.ok(&[
            "link",
            "C2",
            "E2",
            "--refutes",
            "--note",
            "The payslips show no fee."
        ]),
        "linked E2 to C2: refutes; C2 is disputed\n"
    );
    // A re-grade moves every claim resting on the item.
    assert_eq!(
        s.ok(&["evidence", "edit", "E1", "--credibility", "5"]),
        "E1 is now graded B5\nC1 corroborated → single_source\nC2 disputed → refuted\n"
    );
    assert_eq!(
        s.ok(&["evidence", "edit", "E1", "--credibility", "2"]),
        "E1 is now graded B2\nC1 single_source → corroborated\nC2 refuted → disputed\n"
    );
    // A source's grade flows to its items, and so to their claims.
    assert_eq!(
        s.ok(&["source", "grade", "S1", "--reliability", "E"]),
        "S1 \"Port Authority\" is now organisation E\nC1 corroborated → single_source\nC2 disputed → refuted\n"
    );
    assert_eq!(
        s.ok(&["source", "grade", "S1", "--reliability", "E"]),
        "S1 \"Port Authority\" is already organisation E\n"
    );
    // Re-linking with another stance says so; the same stance again changes nothing and logs nothing, and keeps
    // the note when none is given.
    assert_eq!(
        s.ok(&["link", "C1", "E2", "--refutes"]),
        "changed E2 on C1 from supports to refutes; C1 is refuted\n"
    );
    let events = s.events();
    assert_eq!(
        s.ok(&["link", "C1", "E2", "--refutes"]),
        "already linked E2 to C1: refutes; C1 is refuted\n"
    );
    assert_eq!(
        s.ok(&["link", "C2", "E2", "--refutes"]),
        "already linked E2 to C2: refutes; C2 is refuted\n"
    );
    assert_eq!(s.events(), events);
    assert_eq!(
        s.ok(&[
            "link",
            "C2",
            "E2",
            "--refutes",
            "--note",
            "Payslips for May."
        ]),
        "changed the note of E2 on C2: refutes; C2 is refuted\n"
    );
    assert_eq!(
        s.ok(&["unlink", "C2", "E2"]),
        "unlinked E2 from C2; C2 is single_source\n"
    );
    let history = s.ok(&["history", "C1", "--format", "csv"]);
    assert_eq!(
        history
            .lines()
            .filter(|l| l.contains(",link,"))
            .collect::<Vec<_>>(),
        [
            "2026-11-28T10:00:00Z,tester,link,linked E1 to C1: supports",
            "2026-11-28T10:00:00Z,tester,link,linked E2 to C1: supports",
            "2026-11-28T10:00:00Z,tester,link,changed E2 on C1 from supports to refutes",
        ]
    );
    // An import that changes a grade reports the moves too; the claims it creates have no status to move from.
    let dir = s.dir.path().join("desk");
    s.ok(&["export", "--dir", &dir.display().to_string()]);
    let claims = dir.join("claims/dock-fees.toml");
    let file = std::fs::read_to_string(&claims).expect("exported");
    std::fs::write(
        &claims,
        file.replace("reliability = \"E\"", "reliability = \"B\""),
    )
    .expect("edited");
    assert_eq!(
        s.ok(&["import", &claims.display().to_string()]),
        "updated 1 source\nC1 refuted → disputed\n"
    );
    let mut fresh = Session::new();
    assert_eq!(
        fresh.ok(&["import", &claims.display().to_string()]),
        "added 1 article, 2 claims, 2 evidence items, 3 links, 2 sources\n"
    );
}

/// The layout is the context's: a command writing into a `Vec<u8>` gets the plain form unless the test asks for a
/// terminal, whatever terminal runs `cargo test`.
#[test]
fn the_table_layout_comes_from_the_context() {
    let mut s = Session::new();
    s.ok(&["article", "add", "--title", "Dock fees"]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
    ]);
    assert_eq!(
        s.ok(&["list"]),
        "id\tarticle\tstrength\tstatus\tverdict\tsource\tsource kind\tcue\tresponse\ttext\n\
         C1\tA1\ton_record\tunverified\t\tThe union\tnamed_organization\tsaid\t\tThe union said 300 workers paid.\n"
    );
    let terminal = Layout::Terminal {
        width: 72,
        colour: false,
    };
    assert_eq!(
        s.run_laid_out(&["list"], Some(terminal)),
        Ok("id      strength      status         text\n\
            ──────  ────────────  ─────────────  ───────────────────────────────────\n\
            C1      on_record     unverified     The union said 300 workers paid.\n"
            .to_string())
    );
}

/// Issue 11, item 7: the fact-checker's summary is kept with the verdict and published as `claimReviewed`; without
/// one, the claim's sentence, cut at a clause when it is long.
#[test]
fn a_verdict_keeps_its_summary_for_publishing() {
    let mut s = Session::new();
    s.ok(&[
        "article",
        "add",
        "--title",
        "Dock fees",
        "--url",
        "https://example.org/dock-fees",
    ]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "Alderhaven is the country's second-largest port and handled 4.5 million tonnes of cargo last year.",
    ]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
    ]);
    assert_eq!(
        s.ok(&[
            "verdict",
            "C1",
            "true",
            "--rationale",
            "The port statistics agree.",
            "--summary",
            " Alderhaven handled 4.5 million tonnes last year ",
        ]),
        "C1 rated true (moderate confidence) by tester\n"
    );
    s.ok(&[
        "verdict",
        "C2",
        "mostly_true",
        "--rationale",
        "Payslips show 290.",
    ]);
    let reviews: serde_json::Value =
        serde_json::from_str(&s.ok(&["report", "--format", "claimreview", "--org", "Desk"]))
            .expect("JSON");
    let reviewed: Vec<&str> = reviews
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["claimReviewed"].as_str().expect("a string"))
        .collect();
    assert_eq!(
        reviewed,
        [
            "Alderhaven handled 4.5 million tonnes last year",
            "The union said 300 workers paid."
        ]
    );
    let shown: serde_json::Value =
        serde_json::from_str(&s.ok(&["claim", "show", "C1", "--format", "json"])).expect("JSON");
    assert_eq!(
        shown["verdicts"][0]["summary"],
        "Alderhaven handled 4.5 million tonnes last year"
    );
    let table = s.ok(&["claim", "show", "C1"]);
    let verdicts = &table[table.find("Verdicts:").expect("a verdict section")..];
    assert_eq!(
        &verdicts[..verdicts.find("\n\nHistory").expect("history after")],
        "Verdicts:\n  2026-11-28T10:00:00Z true (moderate confidence) by tester\n    The port statistics agree.\n    \
         published as: Alderhaven handled 4.5 million tonnes last year"
    );
}

#[test]
fn a_format_before_the_command_is_the_commands_own() {
    let hoisted = |line: &str| {
        super::hoist_format(line.split(' ').map(std::ffi::OsString::from))
            .into_iter()
            .map(|a| a.into_string().expect("text"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        hoisted("claimtrack --format json list --open"),
        "claimtrack list --open --format json"
    );
    assert_eq!(
        hoisted("claimtrack --db d.db --format=csv --by ana article list"),
        "claimtrack --db d.db --by ana article list --format=csv"
    );
    assert_eq!(
        hoisted("claimtrack --format json claim add --article A1 -- -5 dead"),
        "claimtrack claim add --article A1 --format json -- -5 dead"
    );
    assert_eq!(
        hoisted("claimtrack list --format json"),
        "claimtrack list --format json"
    );
    assert_eq!(hoisted("claimtrack --format"), "claimtrack --format");
}

/// The source kind of each claim, as `list --format json` gives it.
fn source_kinds(s: &mut Session) -> Vec<(String, serde_json::Value)> {
    let listed: serde_json::Value =
        serde_json::from_str(&s.ok(&["list", "--format", "json"])).expect("JSON");
    listed
        .as_array()
        .expect("an array")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("").to_string(),
                c["source_kind"].clone(),
            )
        })
        .collect()
}

/// Issue 9, "Source kind, kept": a claim typed in keeps the kind the fact-checker gives; without one, the kind its
/// strength implies, else the desk's source record's, else the scanner's for the source it reads, else none.
#[test]
fn a_claim_typed_in_keeps_the_source_kind_it_is_given_or_what_the_desk_knows() {
    let mut s = Session::new();
    s.ok(&["article", "add", "--title", "Dock fees"]);
    s.ok(&["source", "add", "Petra Lind", "--kind", "person"]);
    let add = |s: &mut Session, text: &str, flags: &[&str]| {
        let mut args = vec!["claim", "add", "--article", "A1", text];
        args.extend_from_slice(flags);
        s.ok(&args)
    };
    // The scanner reads an organisation; the fact-checker knows better.
    assert_eq!(
        add(
            &mut s,
            "The union said 300 workers paid.",
            &["--source-kind", "named_person"]
        ),
        "C1\n"
    );
    add(&mut s, "The union said 300 workers paid again.", &[]);
    add(
        &mut s,
        "Lind said the depot cut pay.",
        &["--source", "petra lind", "--strength", "on_record"],
    );
    add(
        &mut s,
        "Gale said the depot cut pay.",
        &["--source", "Ann Gale", "--strength", "on_record"],
    );
    add(
        &mut s,
        "Two drivers said the depot cut pay.",
        &["--source", "Two drivers", "--strength", "anonymous"],
    );
    add(
        &mut s,
        "The depot cut pay.",
        &["--strength", "unattributed"],
    );
    assert_eq!(
        source_kinds(&mut s),
        [
            ("C1".to_string(), serde_json::json!("named_person")),
            ("C2".to_string(), serde_json::json!("named_organization")),
            ("C3".to_string(), serde_json::json!("named_person")),
            ("C4".to_string(), serde_json::Value::Null),
            ("C5".to_string(), serde_json::json!("anonymous")),
            ("C6".to_string(), serde_json::json!("self")),
        ]
    );
    assert_eq!(
        s.ok(&["list", "--format", "csv"])
            .lines()
            .take(2)
            .collect::<Vec<_>>(),
        [
            "id,article,strength,status,verdict,source,source kind,cue,response,text",
            "C1,A1,on_record,unverified,,The union,named_person,said,,The union said 300 workers paid.",
        ]
    );
    assert_eq!(
        s.ok(&["list", "--format", "markdown"])
            .lines()
            .skip(2)
            .take(1)
            .collect::<Vec<_>>(),
        ["| C1 | A1 | on_record | unverified | - | The union | named_person | said | - | The union said 300 workers paid. |"]
    );
    let history = s.ok(&["history", "C1"]);
    assert_eq!(
        history.lines().nth(1),
        Some("2026-11-28T10:00:00Z\ttester\tclaim.add\trecorded claim C1 in A1 as on_record, source \"The union\"")
    );
}

#[test]
fn a_mistyped_source_kind_is_refused_naming_the_kinds() {
    let mut s = Session::new();
    s.ok(&["article", "add", "--title", "Dock fees"]);
    let events = s.events();
    let error = s
        .run(&[
            "claim",
            "add",
            "--article",
            "A1",
            "The union said 300 workers paid.",
            "--source-kind",
            "person",
        ])
        .unwrap_err();
    assert_eq!(
        error,
        "error: invalid value 'person' for '--source-kind <KIND>'\n  [possible values: named_person, \
         named_organization, document, anonymous, other_media, self, none]\n\nFor more information, try \
         '--help'.\n"
    );
    assert_eq!(s.events(), events, "nothing written");
}

/// ClaimReview types the author by the claim's stored kind: a kind the fact-checker typed wins over the scanner's
/// reading of the sentence, and over the desk's source record.
#[test]
fn claimreview_types_the_author_by_the_kind_the_fact_checker_gave() {
    let mut s = Session::new();
    s.ok(&["setting", "org", "Coastline Fact Desk"]);
    s.ok(&["article", "add", "--title", "Dock fees"]);
    s.ok(&["source", "add", "The union", "--kind", "organisation"]);
    // The scanner reads "The union" as an organisation, and so does the desk's record of it.
    assert_eq!(
        scanner_kind("The union said 300 workers paid."),
        crate::model::ClaimSourceKind::NamedOrganization
    );
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
        "--source-kind",
        "named_person",
    ]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 400 workers paid.",
    ]);
    for claim in ["C1", "C2"] {
        s.ok(&[
            "verdict",
            claim,
            "true",
            "--rationale",
            "The pay slips agree.",
        ]);
    }
    let reviews: serde_json::Value =
        serde_json::from_str(&s.ok(&["report", "--format", "claimreview"])).expect("JSON");
    let authors: Vec<&serde_json::Value> = reviews
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| &r["itemReviewed"]["author"])
        .collect();
    assert_eq!(
        authors,
        [
            &serde_json::json!({ "@type": "Person", "name": "The union" }),
            &serde_json::json!({ "@type": "Organization", "name": "The union" }),
        ]
    );
}

fn scanner_kind(text: &str) -> crate::model::ClaimSourceKind {
    crate::scanner::analyse(text).source_kind
}

/// A desk file is how a claim's attribution is edited: changing its `source_kind` (or dropping it) updates the
/// claim, and the trail names the change.
#[test]
fn an_edited_desk_file_changes_a_claims_source_kind_and_the_trail_says_so() {
    let mut s = Session::new();
    let story = s.file("story.txt", "The union said 300 workers paid.\n");
    s.ok(&[
        "article",
        "add",
        "--title",
        "Dock fees",
        "--text-file",
        &story,
    ]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
    ]);
    let dir = s.dir.path().join("desk");
    s.ok(&["export", "--dir", &dir.display().to_string()]);
    let claims = dir.join("claims/dock-fees.toml");
    let file = std::fs::read_to_string(&claims).expect("exported");
    assert!(
        file.contains("\nsource_kind = \"named_organization\"\n"),
        "{file}"
    );
    let edit = |s: &mut Session, from: &str, to: &str| {
        let file = std::fs::read_to_string(&claims).expect("exported");
        std::fs::write(&claims, file.replace(from, to)).expect("edited");
        s.ok(&["import", &claims.display().to_string()])
    };
    assert_eq!(
        edit(
            &mut s,
            "source_kind = \"named_organization\"",
            "source_kind = \"named_person\""
        ),
        "updated 1 claim\n"
    );
    assert_eq!(
        edit(&mut s, "source_kind = \"named_person\"\n", ""),
        "updated 1 claim\n"
    );
    let history = s.ok(&["history", "C1", "--format", "csv"]);
    assert_eq!(
        history
            .lines()
            .filter(|l| l.contains("claim.edit"))
            .collect::<Vec<_>>(),
        [
            "2026-11-28T10:00:00Z,tester,claim.edit,\
             changed claim C1: source kind from named_organization to named_person",
            "2026-11-28T10:00:00Z,tester,claim.edit,changed claim C1: source kind from named_person to unknown",
        ]
    );
    assert_eq!(
        source_kinds(&mut s),
        [("C1".to_string(), serde_json::Value::Null)]
    );
    // A kind the vocabulary does not have is refused, naming the file and the line.
    let file = std::fs::read_to_string(&claims).expect("exported");
    std::fs::write(
        &claims,
        file.replace("strength = ", "source_kind = \"person\"\nstrength = "),
    )
    .expect("edited");
    let events = s.events();
    let error = s
        .run(&["import", &claims.display().to_string()])
        .unwrap_err();
    assert!(
        error.starts_with(&format!("error: {}:", claims.display()))
            && error.contains(
                "`person` is not a valid claim source kind (expected one of: named_person, \
                 named_organization, document, anonymous, other_media, self, none)"
            ),
        "{error}"
    );
    assert_eq!(s.events(), events, "nothing written");
}

/// `import --csv` takes an optional `source kind` column, spelled as spreadsheets spell; an empty cell is decided
/// as `claim add` decides it.
#[test]
fn a_spreadsheet_gives_source_kinds_in_an_optional_column() {
    let mut s = Session::new();
    let sheet = s.file(
        "claims.csv",
        "article title,claim text,source,strength,source kind\n\
         Dock fees,The union said 300 workers paid.,,,Named person\n\
         Dock fees,The union said 400 workers paid.,,,\n\
         Dock fees,Lind said fees rose.,Petra Lind,on_record,\n",
    );
    assert_eq!(
        s.ok(&["import", "--csv", &sheet]),
        "added 1 article, 3 claims\n"
    );
    assert_eq!(
        source_kinds(&mut s),
        [
            ("C1".to_string(), serde_json::json!("named_person")),
            ("C2".to_string(), serde_json::json!("named_organization")),
            ("C3".to_string(), serde_json::Value::Null),
        ]
    );
    let bad = s.file(
        "bad.csv",
        "article title,claim text,source kind\nDock fees,Rents rose.,persona\n",
    );
    let events = s.events();
    assert_eq!(
        s.run(&["import", "--csv", &bad]).unwrap_err(),
        format!(
            "error: {bad}:2: `persona` is not a valid claim source kind (expected one of: named_person, \
             named_organization, document, anonymous, other_media, self, none)"
        )
    );
    assert_eq!(s.events(), events, "nothing written");
}

/// Across revisions of the article the kind goes with the source: kept while the source stays, a fact-checker's
/// included; the scanner's reading of the new sentence when the source changes.
#[test]
fn a_revision_keeps_the_source_kind_while_the_source_stays() {
    let mut s = Session::new();
    let v1 = s.file(
        "v1.txt",
        "The union said 300 workers paid. Fees rose in March.\n",
    );
    s.ok(&["article", "add", "--title", "Dock fees", "--text-file", &v1]);
    s.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "The union said 300 workers paid.",
        "--source-kind",
        "named_person",
    ]);
    let v2 = s.file(
        "v2.txt",
        "The union said 300 workers paid. Fees rose sharply in March.\n",
    );
    s.ok(&["article", "revise", "A1", "--text-file", &v2]);
    assert_eq!(
        source_kinds(&mut s),
        [("C1".to_string(), serde_json::json!("named_person"))]
    );
    let v3 = s.file(
        "v3.txt",
        "Two officials said 300 workers paid. Fees rose sharply in March.\n",
    );
    s.ok(&["article", "revise", "A1", "--text-file", &v3]);
    let shown: serde_json::Value =
        serde_json::from_str(&s.ok(&["claim", "show", "C1", "--format", "json"])).expect("JSON");
    assert_eq!(
        (&shown["source"], &shown["source_kind"]),
        (
            &serde_json::json!("Two officials"),
            &serde_json::json!("anonymous")
        )
    );
}

/// `scan --record --revise` of a changed text notes what `article revise` notes: a claim whose sentence the
/// revision rewords and each claim it records from a sentence the revision adds, when they look like a rated claim.
#[test]
fn a_scanned_revision_notes_its_reworded_claims_as_well_as_the_ones_it_records() {
    let mut session = Session::new();
    let ferry = session.file(
        "ferry.txt",
        "Ferry crossings from Alderhaven fell by a third last year, the port authority said.\n",
    );
    session.ok(&["scan", &ferry, "--record", "--title", "Ferry service cut"]);
    session.ok(&[
        "verdict",
        "C1",
        "false",
        "--rationale",
        "The port's own log shows crossings up by 4 percent.",
    ]);
    let budget = session.file(
        "budget.txt",
        "The council said the harbour budget grew by 8 percent in 2025. \
         Dock workers said ferry crossings were down.\n",
    );
    session.ok(&["scan", &budget, "--record", "--title", "Harbour budget"]);
    let revised = session.file(
        "budget-2.txt",
        "The council said the harbour budget grew by 8 percent in 2025. \
         Dock workers said ferry crossings from Alderhaven were down by a third last year. \
         The port authority said crossings from Alderhaven fell by a third last year.\n",
    );
    let (_, notes) =
        session.ok_noted(&["scan", &revised, "--record", "--article", "A2", "--revise"]);
    assert_eq!(
        notes,
        "C3 looks like C1, rated false on 2026-11-28 (score 0.52)\n\
         C4 looks like C1, rated false on 2026-11-28 (score 0.95)\n"
    );
}

/// `article revise` says, as `claim add` does, when what a revision brings in looks like an already-rated claim: a
/// claim whose sentence it rewords, by its id, and a claim sentence it adds (which it does not record), by its
/// words. A claim it leaves as it was gets no note.
#[test]
fn a_revision_notes_what_its_reworded_and_added_claims_look_like() {
    let mut session = Session::new();
    let ferry = session.file(
        "ferry.txt",
        "Ferry crossings from Alderhaven fell by a third last year, the port authority said.\n",
    );
    session.ok(&[
        "article",
        "add",
        "--title",
        "Ferry service cut",
        "--text-file",
        &ferry,
    ]);
    session.ok(&["scan", &ferry, "--record", "--article", "A1"]);
    session.ok(&[
        "verdict",
        "C1",
        "false",
        "--rationale",
        "The port's own log shows crossings up by 4 percent.",
    ]);
    let budget = session.file(
        "budget.txt",
        "The council said the harbour budget grew by 8 percent in 2025. \
         Dock workers said ferry crossings were down.\n",
    );
    session.ok(&[
        "article",
        "add",
        "--title",
        "Harbour budget",
        "--text-file",
        &budget,
    ]);
    let recorded = session.ok(&["scan", &budget, "--record", "--article", "A2"]);
    assert_eq!(recorded, "recorded 2 claims in A2\n");
    let revised = session.file(
        "budget-2.txt",
        "The council said the harbour budget grew by 8 percent in 2025. \
         Dock workers said ferry crossings from Alderhaven were down by a third last year. \
         The port authority said crossings from Alderhaven fell by a third last year.\n",
    );
    let (out, notes) = session.ok_noted(&["article", "revise", "A2", "--text-file", &revised]);
    assert_eq!(
        out,
        "recorded revision 2 of A2: 2 claims (1 exact, 1 contained)\n\
         A2 from revision 1 (2026-11-28T10:00:00Z, tester) to revision 2 (2026-11-28T10:00:00Z, tester): 2 changes\n\
         claim\tchange\tdetail\twas\tnow\tflag\n\
         C3\treworded\t\tDock workers said ferry crossings were down.\tDock workers said ferry crossings from \
         Alderhaven were down by a third last year.\t\n\
         \tadded\t\t\tThe port authority said crossings from Alderhaven fell by a third last year.\t\n"
    );
    assert_eq!(
        notes,
        "C3 looks like C1, rated false on 2026-11-28 (score 0.59)\n\
         new claim sentence \"The port authority said crossings from Alderhaven fell by a third last year.\" looks \
         like C1, rated false on 2026-11-28 (score 0.95)\n"
    );
}
