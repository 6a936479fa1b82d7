//! Claim matching through the real binary, on articles and fact-checks we wrote: a claim and its paraphrase in a
//! second article, a rated claim found again from a new article, a published fact-check found from a claim typed
//! in; `match` in every format; `report --matches`; and hostile ClaimReview files, each refused with the desk left
//! byte for byte as it was.

mod common;

use common::{Desk, Outcome};

const PORT_SALE: &str = "Ferry fares in Alderhaven have risen by 40 percent since the port was sold, the \
passengers' association said. The new owner cut the winter timetable to two crossings a day. Harbour pilots went \
on strike for three days in June. The council approved a budget of 2 million crowns for the harbour wall.\n";

/// A second article, months later: its first sentence is the rated claim in other words.
const ISLANDERS: &str = "Since the port was sold, ferry fares to Alderhaven have gone up by 40 percent, according \
to the passengers' association. The island school now starts an hour later to fit the crossings. Visitor numbers \
fell by a fifth last summer, the tourist board said.\n";

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/claimreview/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn outcome(code: i32, stdout: &str, stderr: &str) -> Outcome {
    Outcome {
        code,
        stdout: stdout.to_string(),
        stderr: stderr.to_string(),
    }
}

/// The first article recorded and its ferry-fare claim rated false.
fn rated_desk() -> Desk {
    let desk = Desk::new();
    desk.file("port-sale.txt", PORT_SALE);
    desk.file("islanders.txt", ISLANDERS);
    assert_eq!(
        desk.ok(&[
            "scan",
            "port-sale.txt",
            "--record",
            "--title",
            "Alderhaven port sale, one year on"
        ]),
        "recorded 4 claims in A1\n"
    );
    desk.ok(&[
        "verdict",
        "C1",
        "false",
        "--rationale",
        "The fare tables show a rise of 12 percent.",
    ]);
    desk
}

#[test]
fn a_rated_claim_is_found_again_from_a_new_article_without_blocking_the_record() {
    let desk = rated_desk();
    // Standard output is the scan's own line, for scripts; the note is on standard error.
    assert_eq!(
        desk.run(&[
            "scan",
            "islanders.txt",
            "--record",
            "--title",
            "Islanders count the cost of the ferry"
        ]),
        outcome(
            0,
            "recorded 3 claims in A2\n",
            "C5 looks like C1, rated false on 2026-11-28 (score 0.75)\n"
        )
    );
    // Recording the same text again records nothing and says nothing.
    assert_eq!(
        desk.run(&["scan", "islanders.txt", "--record", "--article", "A2"]),
        outcome(0, "recorded 0 claims in A2 (3 already recorded)\n", "")
    );
    // A claim like nothing rated is recorded without a note.
    assert_eq!(
        desk.run(&[
            "claim",
            "add",
            "--article",
            "A2",
            "The ferry company hired twelve new deckhands."
        ]),
        outcome(0, "C8\n", "")
    );
}

#[test]
fn a_published_fact_check_is_imported_once_and_found_from_a_claim_typed_in() {
    let desk = rated_desk();
    let single = fixture("single.json");
    assert_eq!(
        desk.ok(&["import", "--claimreview", &single]),
        "added 1 published fact-check\n"
    );
    assert_eq!(
        desk.ok(&["import", "--claimreview", &single]),
        "nothing to change: the desk already holds this fact-check\n"
    );
    // A fact-check changes no claim's status or verdict.
    assert_eq!(
        desk.ok(&["list", "--format", "csv"]),
        "id,article,strength,status,verdict,source,source kind,cue,response,text\n\
         C1,A1,on_record,unverified,false,association,named_organization,said,,\"Ferry fares in Alderhaven have risen by 40 percent since the port was sold, the passengers' association said.\"\n\
         C2,A1,unattributed,unverified,,,self,,,The new owner cut the winter timetable to two crossings a day.\n\
         C3,A1,unattributed,unverified,,,self,,,Harbour pilots went on strike for three days in June.\n\
         C4,A1,unattributed,unverified,,,self,,,The council approved a budget of 2 million crowns for the harbour wall.\n"
    );
    assert_eq!(
        desk.run(&[
            "claim",
            "add",
            "--article",
            "A1",
            "Alderhaven's ferry fares have doubled since the sale of the port."
        ]),
        outcome(
            0,
            "C5\n",
            "C5 looks like a fact-check by The Harbour Factdesk, rated \"Mostly false\" on 2026-03-04 (score 1.00): \
             https://factdesk.example.org/checks/ferry-fares-doubled\n"
        )
    );
    // The same fact-check again, from standard input: still one review.
    let text = std::fs::read_to_string(&single).expect("the fixture");
    assert_eq!(
        desk.run_with_input(&["import", "--claimreview", "-"], &text),
        outcome(
            0,
            "nothing to change: the desk already holds this fact-check\n",
            ""
        )
    );
}

/// The desk of both articles, the fact-check, and a claim like it.
fn matched_desk() -> Desk {
    let desk = rated_desk();
    for args in [
        &[
            "scan",
            "islanders.txt",
            "--record",
            "--title",
            "Islanders count the cost of the ferry",
        ][..],
        &["import", "--claimreview", &fixture("single.json")],
        &[
            "claim",
            "add",
            "--article",
            "A2",
            "Alderhaven's ferry fares have doubled since the sale of the port.",
        ],
    ] {
        assert_eq!(desk.run(args).code, 0, "{args:?}");
    }
    desk
}

#[test]
fn match_ranks_desk_claims_and_fact_checks_with_their_scores_in_every_format() {
    let desk = matched_desk();
    let post = "ferry fares #Alderhaven doubled?! https://t.co/x1";
    assert_eq!(
        desk.ok(&["match", post, "--limit", "4"]),
        "score\tid\tstatus\tverdict\tdate\treviewer\trating\turl\ttext\n\
         0.91\t\t\t\t2026-03-04\tThe Harbour Factdesk\tMostly false\thttps://factdesk.example.org/checks/ferry-fares-doubled\tFerry fares in Alderhaven have doubled since the port was sold.\n\
         0.86\tC8\tunverified\t\t\t\t\t\tAlderhaven's ferry fares have doubled since the sale of the port.\n\
         0.38\tC5\tunverified\t\t\t\t\t\tSince the port was sold, ferry fares to Alderhaven have gone up by 40 percent, according to the passengers' association.\n\
         0.36\tC1\tunverified\tfalse\t2026-11-28\t\t\t\tFerry fares in Alderhaven have risen by 40 percent since the port was sold, the passengers' association said.\n"
    );
    assert_eq!(
        desk.ok(&["match", post, "--limit", "2", "--format", "json"]),
        "[\n  {\"id\":null,\"review\":{\"claim_reviewed\":\"Ferry fares in Alderhaven have doubled since the port was sold.\",\
         \"rating\":{\"text\":\"Mostly false\",\"value\":2.0,\"best\":5.0,\"worst\":1.0},\"reviewer\":\"The Harbour Factdesk\",\
         \"url\":\"https://factdesk.example.org/checks/ferry-fares-doubled\",\"date\":\"2026-03-04\",\"language\":\"en\",\
         \"headline\":\"No, Alderhaven ferry fares have not doubled\",\"claimant\":\"Councillor Mara Lindqvist\"},\
         \"text\":\"Ferry fares in Alderhaven have doubled since the port was sold.\",\"score\":0.91,\"status\":null,\"verdict\":null},\n  \
         {\"id\":\"C8\",\"review\":null,\"text\":\"Alderhaven's ferry fares have doubled since the sale of the port.\",\"score\":0.86,\
         \"status\":\"unverified\",\"verdict\":null}\n]\n"
    );
    assert_eq!(
        desk.ok(&["match", post, "--limit", "2", "--format", "csv"]),
        "score,id,status,verdict,date,reviewer,rating,url,text\n\
         0.91,,,,2026-03-04,The Harbour Factdesk,Mostly false,https://factdesk.example.org/checks/ferry-fares-doubled,Ferry fares in Alderhaven have doubled since the port was sold.\n\
         0.86,C8,unverified,,,,,,Alderhaven's ferry fares have doubled since the sale of the port.\n"
    );
    assert_eq!(
        desk.ok(&["match", post, "--limit", "2", "--format", "markdown"]),
        "| score | id | status | verdict | date | reviewer | rating | url | text |\n\
         |---|---|---|---|---|---|---|---|---|\n\
         | 0.91 | - | - | - | 2026-03-04 | The Harbour Factdesk | Mostly false | https://factdesk.example.org/checks/ferry-fares-doubled | Ferry fares in Alderhaven have doubled since the port was sold. |\n\
         | 0.86 | C8 | unverified | - | - | - | - | - | Alderhaven's ferry fares have doubled since the sale of the port. |\n"
    );
    // A claim is matched by its sentence, itself left out.
    assert_eq!(
        desk.ok(&["match", "C5", "--limit", "2", "--format", "csv"]),
        "score,id,status,verdict,date,reviewer,rating,url,text\n\
         0.72,C1,unverified,false,2026-11-28,,,,\"Ferry fares in Alderhaven have risen by 40 percent since the port was sold, the passengers' association said.\"\n\
         0.36,,,,2026-03-04,The Harbour Factdesk,Mostly false,https://factdesk.example.org/checks/ferry-fares-doubled,Ferry fares in Alderhaven have doubled since the port was sold.\n"
    );
    // Nothing in common is an empty list, not an error.
    assert_eq!(desk.ok(&["match", "zeppelin", "--format", "json"]), "[]\n");
}

#[test]
fn report_lists_the_open_claims_that_look_like_rated_ones() {
    let desk = matched_desk();
    assert_eq!(
        desk.ok(&["report", "--matches"]),
        "claim\tscore\tlooks like\ttext\tlike text\n\
         C5\t0.72\tC1, rated false on 2026-11-28\tSince the port was sold, ferry fares to Alderhaven have gone up by 40 percent, according to the passengers' association.\tFerry fares in Alderhaven have risen by 40 percent since the port was sold, the passengers' association said.\n\
         C8\t0.92\ta fact-check by The Harbour Factdesk, rated \"Mostly false\" on 2026-03-04 (https://factdesk.example.org/checks/ferry-fares-doubled)\tAlderhaven's ferry fares have doubled since the sale of the port.\tFerry fares in Alderhaven have doubled since the port was sold.\n"
    );
    assert_eq!(
        desk.ok(&["report", "--matches", "--article", "A1", "--format", "json"]),
        "[]\n"
    );
    let refused = desk.run(&["report", "--matches", "--format", "html"]);
    assert_eq!(
        refused,
        outcome(
            2,
            "",
            "error: `--matches` does not come as html\nhint: use --format table, json, csv or markdown\n"
        )
    );
}

#[test]
fn a_reading_command_matches_and_refuses_a_missing_desk() {
    // A desk file that is not there (a server desk is made by `init` first; tests/server.rs refuses a database
    // that holds none).
    let desk = Desk::sqlite();
    let missing = desk.run(&["match", "ferry fares"]);
    assert_eq!(missing.code, 1);
    assert!(!desk.db.exists(), "a reader created the desk");
    assert_eq!(
        desk.run(&["match", "   "]).code,
        1,
        "an empty query is refused"
    );
}

#[test]
fn hostile_claimreview_files_are_refused_and_the_desk_is_unchanged() {
    let desk = matched_desk();
    let before = desk.dump();
    let dir = desk.dir.path().display().to_string();
    desk.file(
        "broken.json",
        "{\"@type\": \"ClaimReview\", \"claimReviewed\": \"Fares rose.\"",
    );
    desk.file(
        "script-url.json",
        r#"[{"@type":"ClaimReview","claimReviewed":"Fares rose.","url":"https://checks.example.org/1"},
            {"@type":"ClaimReview","claimReviewed":"Fares fell.","url":"javascript:alert(document.cookie)"}]"#,
    );
    desk.file(
        "escaped-nul.json",
        r#"{"@type":"ClaimReview","claimReviewed":"Fares\u0000 rose."}"#,
    );
    desk.file(
        "raw-nul.json",
        b"{\"@type\":\"ClaimReview\",\"claimReviewed\":\"Fares\0 rose.\"}",
    );
    // 100 MB, sparse: refused by its size before a byte of it is read.
    let huge = std::fs::File::create(desk.path("huge.json")).expect("a file");
    huge.set_len(100 * 1024 * 1024).expect("sized");
    desk.file(
        "nothing.json",
        "[{\"@type\": \"WebPage\", \"name\": \"About us\"}]",
    );
    let hint = "hint: fix the file (nothing was imported); `import --claimreview` reads ClaimReview JSON-LD: an \
                object, an array, a @graph, a feed, JSON Lines, or HTML pages with ld+json script blocks\n";
    for (file, stderr) in [
        (
            "broken.json",
            format!("error: DIR/broken.json: the input is not JSON: EOF while parsing an object (line 1, column 55)\n{hint}"),
        ),
        (
            "script-url.json",
            "error: DIR/script-url.json: ClaimReview 2 at $[1]: `url` `javascript:alert(document.cookie)` is not an \
             http(s) address\nhint: fix or remove the field in the file (nothing was imported): claimtrack keeps only \
             http(s) addresses and dates it can read\n"
                .to_string(),
        ),
        (
            "escaped-nul.json",
            format!("error: DIR/escaped-nul.json: ClaimReview 1 at $: `claimReviewed` holds a control character (U+0000), which text never does\n{hint}"),
        ),
        (
            "raw-nul.json",
            "error: `DIR/raw-nul.json` is not text: it holds a NUL byte at offset 45\nhint: give a plain UTF-8 text file\n"
                .to_string(),
        ),
        (
            "huge.json",
            "error: the ClaimReview file is 104857600 bytes long; claimtrack keeps at most 67108864\nhint: shorten the ClaimReview file\n"
                .to_string(),
        ),
        (
            "nothing.json",
            format!("error: DIR/nothing.json: no ClaimReview found in the JSON-LD\n{hint}"),
        ),
    ] {
        let got = desk.run(&["import", "--claimreview", &desk.path(file).display().to_string()]);
        assert_eq!(
            (got.code, got.stdout.as_str(), got.stderr.replace(&dir, "DIR")),
            (1, "", stderr),
            "{file}"
        );
        assert_eq!(desk.dump(), before, "{file} changed the desk");
    }
}

/// Our own pairs for the threshold: each rated claim restated in a later article's words scores above it; a
/// claim of the same story that says something else, below it; and a paraphrase in other words altogether is
/// beyond the lexical ranker (no note).
#[test]
fn the_threshold_separates_restatements_from_other_claims_of_the_same_story() {
    let desk = Desk::new();
    desk.ok(&["article", "add", "--title", "Tolland after the shipyard"]);
    for (claim, rating) in [
        (
            "Tolland's jobless rate doubled in the two years since the shipyard closed.",
            "mostly_false",
        ),
        (
            "Tolland council spent 2 million crowns on a new logo.",
            "true",
        ),
        (
            "Half of Tolland's buses now run on hydrogen, the transport authority says.",
            "unproven",
        ),
    ] {
        let id = desk.ok(&["claim", "add", "--article", "A1", claim]);
        desk.ok(&["verdict", id.trim(), rating, "--rationale", "Checked."]);
    }
    desk.ok(&["article", "add", "--title", "Tolland a year later"]);
    for (claim, id, note) in [
        (
            "The jobless rate in Tolland has doubled since the shipyard closed two years ago.",
            "C4",
            "C4 looks like C1, rated mostly_false on 2026-11-28 (score 0.85)\n",
        ),
        (
            "The council of Tolland paid 2 million crowns for its new logo.",
            "C5",
            "C5 looks like C2, rated true on 2026-11-28 (score 0.79)\n",
        ),
        (
            "Half of the buses in Tolland run on hydrogen now, says the transport authority.",
            "C6",
            "C6 looks like C3, rated unproven on 2026-11-28 (score 1.00)\n",
        ),
        // The same story, another claim: under the threshold against C1 (0.32 once the desk holds the rest, below).
        (
            "The shipyard in Tolland closed two years ago after losing its navy contract.",
            "C7",
            "",
        ),
        // Under the threshold against C2.
        (
            "Tolland council plans a new logo for the harbour.",
            "C8",
            "",
        ),
        // Under the threshold against C3.
        (
            "Hydrogen buses cost twice as much as diesel ones, the transport authority says.",
            "C9",
            "",
        ),
        // C1 in other words: no term but the town in common.
        (
            "Unemployment in Tolland is twice what it was before the yard shut.",
            "C10",
            "",
        ),
    ] {
        assert_eq!(
            desk.run(&["claim", "add", "--article", "A2", claim]),
            outcome(0, &format!("{id}\n"), note),
            "{claim}"
        );
    }
    assert_eq!(
        desk.ok(&["match", "C7", "--limit", "2", "--format", "csv"]),
        "score,id,status,verdict,date,reviewer,rating,url,text\n\
         0.43,C4,unverified,,,,,,The jobless rate in Tolland has doubled since the shipyard closed two years ago.\n\
         0.32,C1,unverified,mostly_false,2026-11-28,,,,Tolland's jobless rate doubled in the two years since the shipyard closed.\n"
    );
}
