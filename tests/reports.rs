//! Reports in every format on the example desk, ClaimReview against its JSON Schema, hostile text escaped, and the
//! plain-text desk's round trip.

mod common;

use std::path::Path;

use common::Desk;

/// The example desk in this repository, imported into a fresh database.
fn example() -> Desk {
    let desk = Desk::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let outcome = desk.run(&[
        "import",
        &format!("{root}/claims"),
        &format!("{root}/sources"),
    ]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(
        outcome.stdout,
        "added 1 article, 15 claims, 8 evidence items, 10 links, 8 sources, 1 verdict\n"
    );
    desk
}

#[test]
fn the_example_desk_imports_once() {
    let desk = example();
    let root = env!("CARGO_MANIFEST_DIR");
    let again = desk.ok(&[
        "import",
        &format!("{root}/claims"),
        &format!("{root}/sources"),
    ]);
    assert_eq!(
        again,
        "nothing to change: the database already matches these files\n"
    );
    assert_eq!(desk.ok(&["check"]), desk.check_ok());
}

#[test]
fn report_formats() {
    let desk = example();
    desk.ok(&[
        "verdict",
        "C9",
        "mostly_true",
        "--rationale",
        "The Courier's story holds; the round-up adds nothing.",
    ]);
    insta::assert_snapshot!("report_table", desk.ok(&["report"]));
    insta::assert_snapshot!(
        "report_markdown",
        desk.ok(&["report", "--format", "markdown"])
    );
    insta::assert_snapshot!("report_json", desk.ok(&["report", "--format", "json"]));
    insta::assert_snapshot!("report_csv", desk.ok(&["report", "--format", "csv"]));
    insta::assert_snapshot!(
        "report_claimreview",
        desk.ok(&[
            "report",
            "--format",
            "claimreview",
            "--org",
            "Coastline Fact Desk"
        ])
    );
    insta::assert_snapshot!("report_html", desk.ok(&["report", "--format", "html"]));
}

#[test]
fn report_json_has_the_design_shape() {
    let desk = example();
    let value: serde_json::Value =
        serde_json::from_str(&desk.ok(&["report", "--format", "json", "--article", "A1"]))
            .expect("JSON");
    assert_eq!(value["generated_at"], "2026-11-28T10:00:00Z");
    assert_eq!(value["totals"]["claims"], 15);
    assert_eq!(value["totals"]["by_status"]["unverified"], 9);
    assert_eq!(value["totals"]["by_strength"]["on_record"], 4);
    assert_eq!(value["articles"][0]["id"], "A1");
    assert_eq!(value["articles"][0]["claims"], 15);
    assert_eq!(value["articles"][0]["by_status"]["corroborated"], 1);
    assert_eq!(value["articles"][0]["by_strength"]["hedged"], 2);
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/claimreview.schema.json"),
    )
    .expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::validator_for(&schema).expect("a valid schema")
}

#[test]
fn claimreview_output_meets_the_schema() {
    let desk = example();
    for (claim, rating) in [
        ("C1", "mostly_true"),
        ("C4", "unproven"),
        ("C13", "false"),
        ("C12", "mixed"),
    ] {
        desk.ok(&[
            "verdict",
            claim,
            rating,
            "--rationale",
            "Checked against the case file and the audit.",
        ]);
    }
    desk.ok(&["setting", "org", "Coastline Fact Desk"]);
    let output: serde_json::Value =
        serde_json::from_str(&desk.ok(&["report", "--format", "claimreview"])).expect("JSON");
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(&output)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(output.as_array().map(Vec::len), Some(5));
    let c1 = &output[1];
    assert_eq!(
        c1["claimReviewed"],
        "Casual dock workers at the port of Alderhaven were allegedly made to pay…"
    );
    assert_eq!(c1["reviewRating"]["ratingValue"], 4);
    assert_eq!(c1["author"]["name"], "Coastline Fact Desk");
    assert_eq!(
        c1["itemReviewed"]["firstAppearance"]["url"],
        "https://example.org/alderhaven-dock-shift-fees"
    );
}

#[test]
fn the_schema_refuses_what_google_would() {
    let validator = schema();
    let good = serde_json::json!([{
        "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://desk.example/C1",
        "claimReviewed": "Short claim.", "datePublished": "2026-11-28",
        "author": {"@type": "Organization", "name": "Desk"},
        "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1, "alternateName": "True"},
        "itemReviewed": {"@type": "Claim"}
    }]);
    assert!(validator.is_valid(&good));
    let broken: [(&str, serde_json::Value); 5] = [
        ("/0/claimReviewed", serde_json::json!("x".repeat(76))),
        ("/0/reviewRating/ratingValue", serde_json::json!(4)),
        (
            "/0/reviewRating/alternateName",
            serde_json::json!("Pants on fire"),
        ),
        ("/0/url", serde_json::Value::Null),
        ("/0/datePublished", serde_json::json!("28/11/2026")),
    ];
    for (pointer, value) in broken {
        let mut bad = good.clone();
        *bad.pointer_mut(pointer).expect("a field") = value;
        assert!(!validator.is_valid(&bad), "{pointer} should be refused");
    }
}

#[test]
fn claimreview_needs_an_organisation() {
    let desk = example();
    let outcome = desk.run(&["report", "--format", "claimreview"]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stderr,
        "error: ClaimReview needs the name of the organisation that publishes the reviews\nhint: give `--org \"Your Desk\"`, or set it once with `claimtrack setting org \"Your Desk\"`\n"
    );
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let desk = Desk::new();
    desk.file("a.txt", "Plain text.\n");
    desk.ok(&[
        "article",
        "add",
        "--title",
        "<img src=x onerror=alert(1)> & \"quotes\"",
        "--text-file",
        "a.txt",
    ]);
    desk.ok(&[
        "claim",
        "add",
        "--article",
        "A1",
        "<script>alert('x')</script> officials allegedly said \"5 > 3 & 2 < 4\"",
        "--source",
        "<b>Bold</b>",
        "--strength",
        "hedged",
        "--cue",
        "allegedly",
    ]);
    desk.ok(&[
        "evidence",
        "add",
        "--title",
        "</li><script>bad()</script>",
        "--url",
        "javascript:alert(1)",
        "--origin",
        "O'Brien & Sons",
    ]);
    desk.ok(&["link", "C1", "E1", "--supports", "--note", "<iframe>"]);
    let html = desk.ok(&["report", "--format", "html"]);
    for forbidden in [
        "<script",
        "<img",
        "<iframe",
        "<b>Bold",
        "javascript:",
        "onerror=alert(1)>",
    ] {
        assert!(!html.contains(forbidden), "`{forbidden}` reached the page");
    }
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt; officials <mark>allegedly</mark> said &quot;5 &gt; 3 &amp; 2 &lt; 4&quot;"), "{html}");
    assert!(html.contains("O'Brien &amp; Sons"));
}

#[test]
fn report_out_writes_a_file_atomically() {
    let desk = example();
    let target = desk.path("report.html");
    assert_eq!(
        desk.ok(&[
            "report",
            "--format",
            "html",
            "--out",
            target.to_str().expect("path")
        ]),
        format!("wrote html report to {}\n", target.display())
    );
    let html = std::fs::read_to_string(&target).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let leftovers: Vec<_> = std::fs::read_dir(desk.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let outcome = desk.run(&["report", "--out", "/nonexistent-dir/report.txt"]);
    assert_eq!(outcome.code, 1);
    assert!(
        outcome
            .stderr
            .starts_with("error: cannot write `/nonexistent-dir/report.txt`"),
        "{}",
        outcome.stderr
    );
}

fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for sub in ["sources", "claims"] {
        let mut entries: Vec<_> = std::fs::read_dir(dir.join(sub))
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .strip_prefix(dir)
                .expect("inside")
                .display()
                .to_string();
            files.push((name, std::fs::read(&path).expect("file")));
        }
    }
    files
}

fn round_trip(desk: &Desk) {
    let first = desk.path("first");
    desk.ok(&["export", "--dir", first.to_str().expect("path")]);
    let fresh = Desk::new();
    fresh.ok(&["import", first.to_str().expect("path")]);
    let second = fresh.path("second");
    fresh.ok(&["export", "--dir", second.to_str().expect("path")]);
    assert_eq!(tree(&first), tree(&second));
    assert_eq!(fresh.ok(&["check"]), fresh.check_ok());
}

#[test]
fn the_example_desk_round_trips_byte_for_byte() {
    let desk = example();
    round_trip(&desk);
    // The files in the repository are exactly what export writes.
    let out = desk.path("out");
    desk.ok(&["export", "--dir", out.to_str().expect("path")]);
    assert_eq!(tree(&out), tree(Path::new(env!("CARGO_MANIFEST_DIR"))));
}

#[test]
fn a_generated_desk_of_a_thousand_claims_round_trips() {
    let desk = Desk::new();
    let dir = desk.path("generated");
    desk.ok(&[
        "generate",
        "--claims",
        "1000",
        "--articles",
        "40",
        "--seed",
        "7",
        "--dir",
        dir.to_str().expect("path"),
    ]);
    let imported = desk.ok(&["import", dir.to_str().expect("path")]);
    assert!(imported.contains("1000 claims"), "{imported}");
    round_trip(&desk);
}

#[test]
fn an_edited_desk_file_updates_in_place() {
    let desk = example();
    let out = desk.path("out");
    desk.ok(&["export", "--dir", out.to_str().expect("path")]);
    let file = out.join("claims/harbour-fees.toml");
    let text = std::fs::read_to_string(&file).expect("file");
    let edited = text.replace("strength = \"hedged\"\n\n[[claims]]\nkey = \"c2\"", "strength = \"anonymous\"\n\n[[claims]]\nkey = \"c2\"")
        .replace("[[links]]\nclaim = \"c1\"\nevidence = \"e7\"\nstance = \"refutes\"\nnote = \"The company denies charging fees.\"\n\n", "");
    assert_ne!(edited, text);
    std::fs::write(&file, edited).expect("written");
    assert_eq!(
        desk.ok(&["import", out.to_str().expect("path")]),
        "updated 1 claim; removed 1 link\n"
    );
    insta::assert_snapshot!("history_after_edit", desk.ok(&["history", "C1"]));
}

#[test]
fn a_broken_desk_file_is_refused_naming_file_and_line_and_nothing_is_written() {
    let desk = example();
    let before = desk.dump();
    let cases: [(&str, &str, String); 5] = [
        ("claims/bad.toml", "article = \"harbour-fees\"\n[[claims]]\nkey = \"c1\"\ntext = \"x\"\nstrength = \"weak\"\n", "claims/bad.toml:5: `weak` is not a valid attribution strength".to_string()),
        ("claims/bad.toml", "article = \"harbour-fees\"\n[[claims]\n", "claims/bad.toml:2: ".to_string()),
        ("claims/bad.toml", "article = \"../../etc/passwd\"\n", "claims/bad.toml:1: `../../etc/passwd` is not an article key".to_string()),
        ("claims/bad.toml", "article = \"harbour-fees\"\n[[links]]\nclaim = \"c9\"\nevidence = \"e1\"\nstance = \"supports\"\n", "claims/bad.toml:3: a link names claim `c9`, which the file does not have".to_string()),
        ("sources/bad.txt", "title: x\npublished: soon\n---\n", "sources/bad.txt:2: `published: soon` is not a date; use YYYY-MM-DD".to_string()),
    ];
    for (name, contents, message) in cases {
        let scratch = Desk::new();
        let path = scratch.file(name, contents);
        let outcome = desk.run(&["import", path.to_str().expect("path")]);
        assert_eq!(outcome.code, 1, "{name}: {}", outcome.stderr);
        let shown = outcome
            .stderr
            .replace(&format!("{}/", scratch.dir.path().display()), "");
        assert!(shown.starts_with(&format!("error: {message}")), "{shown}");
        assert_eq!(desk.dump(), before);
    }
}

#[test]
fn a_spreadsheet_imports_with_strength_inferred_and_only_once() {
    let desk = Desk::new();
    let sheet = desk.file(
        "sheet.csv",
        "Article title,URL,Claim text,Source,Cue,Strength\n\
         Port fees,https://example.org/a,Officials allegedly took fees from workers.,,,\n\
         Port fees,https://example.org/a,The union said 300 workers paid.,The union,said,on_record\n\
         Water board,,\"Records show the board spent 2.1 million crowns, twice the budget.\",,,document\n",
    );
    let path = sheet.to_str().expect("path");
    assert_eq!(
        desk.ok(&["import", "--csv", path]),
        "added 2 articles, 3 claims\n"
    );
    assert_eq!(
        desk.ok(&["import", "--csv", path]),
        "nothing to change: the database already matches these files\n"
    );
    insta::assert_snapshot!("csv_import_list", desk.ok(&["list", "--format", "csv"]));
    let bad = desk.file(
        "bad.csv",
        "Article title,URL,Claim text,Source,Cue,Strength\nPort fees,,Some claim.,,,weak\n",
    );
    let before = desk.dump();
    let outcome = desk.run(&["import", "--csv", bad.to_str().expect("path")]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stderr,
        format!("error: {}:2: `weak` is not a valid attribution strength (expected one of: on_record, document, anonymous, reported, hedged, unattributed)\n", bad.display())
    );
    let headless = desk.file("headless.csv", "title,text\nx,y\n");
    let outcome = desk.run(&["import", "--csv", headless.to_str().expect("path")]);
    assert_eq!(outcome.stderr, format!("error: {}:1: the header has no `article title` column (expected: article title, url, claim text, source, cue, strength, source kind)\n", headless.display()));
    assert_eq!(desk.dump(), before);
}

#[test]
fn a_long_report_says_how_many_it_left_out() {
    let desk = example();
    let table = desk.ok(&["report", "--limit", "3"]);
    assert!(
        table.contains("Open claims (14), weakest attribution first:"),
        "{table}"
    );
    assert!(
        table
            .ends_with("… and 11 more (`--limit 0` shows all; `--format csv` lists every claim)\n"),
        "{table}"
    );
    let markdown = desk.ok(&["report", "--format", "markdown", "--limit", "0"]);
    assert_eq!(
        markdown.lines().filter(|l| l.starts_with("| C")).count(),
        14
    );
    let html = desk.ok(&["report", "--format", "html", "--limit", "2"]);
    assert_eq!(html.matches("<div class=\"claim\"").count(), 2);
    assert!(html.contains("… and 13 more"));
}

// ---------------------------------------------------------------------------------------------------------------
// The default table: plain off a terminal, fitted on one (issues 10.13, 11.8, 11.9).

/// Runs claimtrack as if its output were a terminal `width` columns wide (`none`: a pipe), with colour or not.
fn on_terminal(desk: &Desk, args: &[&str], width: &str, colour: bool) -> String {
    let mut command = desk.command(args);
    command.env("CLAIMTRACK_TERMINAL", width).env_remove("TERM");
    if colour {
        command.env_remove("NO_COLOR");
    } else {
        command.env("NO_COLOR", "1");
    }
    let output = command.output().expect("ran");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn tables_are_tab_separated_off_a_terminal() {
    let desk = example();
    let list = desk.ok(&["list", "--article", "A1", "--strength", "document"]);
    assert_eq!(
        list,
        "id\tarticle\tstrength\tstatus\tverdict\tsource\tsource kind\tcue\tresponse\ttext\n\
         C5\tA1\tdocument\tunverified\t\ta 2025 audit by the Alderhaven Port Authority\t\taccording to\t\tAccording to a 2025 audit by the Alderhaven Port Authority, shift allocations at two of the port's four terminals were not recorded in any system the authority could inspect.\n\
         C6\tA1\tdocument\tsingle_source\t\tThe audit\t\tfound\t\tThe audit found that 312 workers had been paid for shifts that did not appear on any official roster.\n\
         C12\tA1\tdocument\tsingle_source\t\tCourt filings\t\tcourt filings show\t\tCourt filings show that two brokers, including a man named in the papers as R. Malinde, are being sued by a former worker for the return of 3,850 crowns in fees.\n"
    );
    // No rows: the header alone, so a script still sees the columns.
    assert_eq!(
        desk.ok(&["list", "--status", "refuted"]),
        "id\tarticle\tstrength\tstatus\tverdict\tsource\tsource kind\tcue\tresponse\ttext\n"
    );
    assert_eq!(
        on_terminal(&desk, &["list", "--status", "refuted"], "80", false),
        "(none)\n"
    );
    // Whatever the environment says about its width, a pipe gets the plain form.
    let piped = desk
        .command(&["list"])
        .env("COLUMNS", "80")
        .output()
        .expect("ran");
    assert_eq!(
        String::from_utf8(piped.stdout).expect("UTF-8"),
        desk.ok(&["list"])
    );
}

#[test]
fn tables_fit_the_terminal_and_cut_long_text() {
    let desk = example();
    insta::assert_snapshot!(
        "list_terminal_80",
        on_terminal(&desk, &["list"], "80", false)
    );
    insta::assert_snapshot!(
        "list_terminal_160",
        on_terminal(&desk, &["list"], "160", false)
    );
    insta::assert_snapshot!(
        "report_terminal_100",
        on_terminal(&desk, &["report"], "100", false)
    );
    insta::assert_snapshot!(
        "claim_show_terminal_80",
        on_terminal(&desk, &["claim", "show", "C1"], "80", false)
    );
    for width in ["60", "80", "100", "160"] {
        let text = on_terminal(&desk, &["list"], width, false);
        let width: usize = width.parse().expect("a width");
        for line in text.lines() {
            assert!(line.chars().count() <= width, "wider than {width}: {line}");
        }
        // A status is never split: each one is whole on its row.
        for status in ["unverified", "single_source", "corroborated"] {
            assert!(text.contains(status), "{status} missing at {width}");
        }
    }
}

#[test]
fn status_and_strength_are_coloured_on_a_terminal_unless_no_color() {
    let desk = example();
    let coloured = on_terminal(
        &desk,
        &[
            "list",
            "--strength",
            "document",
            "--status",
            "single_source",
        ],
        "100",
        true,
    );
    assert_eq!(
        coloured,
        "\u{1b}[1mid\u{1b}[0m      \u{1b}[1mstrength\u{1b}[0m      \u{1b}[1mstatus\u{1b}[0m         \u{1b}[1msource\u{1b}[0m        \u{1b}[1mcue\u{1b}[0m          \u{1b}[1mtext\u{1b}[0m\n\
         \u{1b}[2m──────  ────────────  ─────────────  ────────────  ───────────  ────────────────────────────────────\u{1b}[0m\n\
         C6      \u{1b}[36mdocument\u{1b}[0m      \u{1b}[33msingle_source\u{1b}[0m  The audit     found        The audit found that 312 workers had\n\
         \x20                                                               been paid for shifts that did not a…\n\
         C12     \u{1b}[36mdocument\u{1b}[0m      \u{1b}[33msingle_source\u{1b}[0m  Court filin…  court fili…  Court filings show that two brokers,\n\
         \x20                                                               including a man named in the papers…\n"
    );
    let plain = on_terminal(
        &desk,
        &[
            "list",
            "--strength",
            "document",
            "--status",
            "single_source",
        ],
        "100",
        false,
    );
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert_eq!(plain.lines().count(), 6);
}

#[test]
fn a_four_megabyte_token_is_cut_on_a_terminal_and_whole_off_one() {
    let desk = Desk::new();
    desk.file("token.txt", format!("{}.\n", "x".repeat(4 << 20)));
    let shown = on_terminal(&desk, &["scan", "token.txt"], "80", false);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 4, "{shown}");
    // At 80 columns the response and cue columns make room for the sentence, cut at two lines.
    assert_eq!(
        lines[0],
        "#       claim   strength      source        sentence"
    );
    assert_eq!(
        lines[2],
        format!(
            "1       no      unattributed  -             {}",
            "x".repeat(36)
        )
    );
    assert_eq!(lines[3], format!("{}{}…", " ".repeat(44), "x".repeat(35)));
    let piped = desk.ok(&["scan", "token.txt"]);
    assert_eq!(
        piped,
        format!(
            "#\tclaim\tstrength\tsource\tresponse\tcues\tsentence\n1\tno\tunattributed\t\t\t\t{}.\n",
            "x".repeat(4 << 20)
        )
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Small output fixes (issue 11, item 17).

#[test]
fn why_supports_csv_and_markdown() {
    let desk = example();
    assert_eq!(
        desk.ok(&["why", "C9", "--format", "csv"]),
        "claim,status,reason\n\
         C9,single_source,\"E2 supports, graded C3: credible; origin The Northern Courier (S7).\"\n\
         C9,single_source,\"E3 supports but is graded D3: not credible, set aside; same line of evidence as E2 (derived from E2).\"\n\
         C9,single_source,\"Single source: only one independent line of credible support (E2), and nothing credible refutes it.\"\n"
    );
    assert_eq!(
        desk.ok(&["why", "C9", "--format", "markdown"]),
        "**C9 is single_source.**\n\n\
         - E2 supports, graded C3: credible; origin The Northern Courier (S7).\n\
         - E3 supports but is graded D3: not credible, set aside; same line of evidence as E2 (derived from E2).\n\
         - Single source: only one independent line of credible support (E2), and nothing credible refutes it.\n\n\
         1 independent line of support: E2 (with E3, derived from it)\n"
    );
    let outcome = desk.run(&["why", "C9", "--format", "html"]);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (2, "error: invalid value 'html' for '--format <FORMAT>'\n  [possible values: table, json, csv, markdown]\n\nFor more information, try '--help'.\n")
    );
}

#[test]
fn a_setting_not_set_says_so_and_succeeds() {
    let desk = example();
    assert_eq!(
        desk.run(&["setting", "org"]),
        common::Outcome {
            code: 0,
            stdout: "org is not set (set it with `claimtrack setting org VALUE`)\n".to_string(),
            stderr: String::new(),
        }
    );
    assert_eq!(
        desk.ok(&["setting", "review-url", "--format", "json"]),
        "{\"setting\":\"review_url\",\"value\":null}\n"
    );
    desk.ok(&["setting", "org", "Coastline Fact Desk"]);
    assert_eq!(desk.ok(&["setting", "org"]), "Coastline Fact Desk\n");
    assert_eq!(
        desk.ok(&["setting", "org", "--format", "json"]),
        "{\"setting\":\"org\",\"value\":\"Coastline Fact Desk\"}\n"
    );
}

#[test]
fn the_html_report_labels_its_badges_and_says_graded() {
    let desk = example();
    let html = desk.ok(&["report", "--format", "html"]);
    assert!(html.contains("<meta name=\"generator\" content=\"claimtrack\">"));
    assert!(html.contains(
        "<p><b>C1</b> <span class=\"small\">status </span><span class=\"tag\" style=\"background:#2e8b57\">corroborated</span> <span class=\"small\">attribution </span><span class=\"tag\" style=\"background:#d98f4e\">hedged</span></p>"
    ), "{html}");
    assert!(html.contains("<b>supports</b> E1, graded B2: "), "{html}");
    assert!(!html.contains("(B2)"));
}
