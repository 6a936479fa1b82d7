//! `scan` through the real binary: the example article, exact offsets, recording claims once, and bad input.

mod common;

use common::Desk;

const STORY: &str = "Officials allegedly took fees from dock workers. Sources familiar with the matter said \
the brokers were former supervisors.\n\nThe Ministry of Labour said it had opened an inquiry. The company did not \
respond to a request for comment.\n";

#[test]
fn the_example_article_scans_sensibly() {
    let desk = Desk::new();
    let article = format!("{}/sources/harbour-fees.txt", env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!(
        "scan_example_csv",
        desk.ok(&["scan", &article, "--format", "csv"])
    );
}

#[test]
fn json_offsets_index_the_input_exactly() {
    let desk = Desk::new();
    for input in [
        STORY.to_string(),
        format!("title: Fees\n---\n{STORY}"),
        STORY.replace('\n', "\r\n"),
    ] {
        let path = desk.file("story.txt", &input);
        let json = desk.ok(&["scan", path.to_str().expect("path"), "--format", "json"]);
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let sentences = value["sentences"].as_array().expect("sentences");
        assert_eq!(sentences.len(), 4, "{json}");
        for sentence in sentences {
            let (start, end) = (
                sentence["start"].as_u64().expect("start") as usize,
                sentence["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(sentence["text"], input[start..end]);
            for cue in sentence["cues"].as_array().expect("cues") {
                let (cs, ce) = (
                    cue["start"].as_u64().expect("start") as usize,
                    cue["end"].as_u64().expect("end") as usize,
                );
                assert!(start <= cs && ce <= end);
                assert_eq!(cue["text"], input[cs..ce]);
            }
        }
        assert_eq!(sentences[0]["strength"], "hedged");
        assert_eq!(sentences[1]["strength"], "anonymous");
        assert_eq!(sentences[2]["strength"], "on_record");
        assert_eq!(sentences[3]["response"], "no_comment");
    }
}

#[test]
fn record_stores_claims_once() {
    let desk = Desk::new();
    let path = desk.file("story.txt", STORY);
    let path = path.to_str().expect("path");
    assert_eq!(
        desk.ok(&[
            "scan",
            path,
            "--record",
            "--title",
            "Dock fees",
            "--outlet",
            "The Ledger"
        ]),
        "recorded 3 claims in A1\n"
    );
    assert_eq!(
        desk.ok(&["scan", path, "--record", "--article", "A1"]),
        "recorded 0 claims in A1 (3 already recorded)\n"
    );
    insta::assert_snapshot!("scan_recorded", desk.ok(&["list", "--format", "csv"]));
    let json: serde_json::Value =
        serde_json::from_str(&desk.ok(&["list", "--format", "json"])).expect("JSON");
    for claim in json.as_array().expect("claims") {
        let span = claim["span"].as_array().expect("span");
        let (s, e) = (
            span[0].as_u64().expect("start") as usize,
            span[1].as_u64().expect("end") as usize,
        );
        assert_eq!(claim["text"], STORY[s..e]);
    }
    // Another text for the same article would put spans out of place.
    let other = desk.file("other.txt", "A different text entirely.\n");
    let before = desk.dump();
    let outcome = desk.run(&[
        "scan",
        other.to_str().expect("path"),
        "--record",
        "--article",
        "A1",
    ]);
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stderr, "error: the text differs from the text stored with article A1\nhint: claims' places refer to one text: record it as a new revision of A1 with `--revise` (or `claimtrack article revise A1 --text-file FILE`)\n");
    assert_eq!(desk.dump(), before);
}

#[test]
fn a_desk_file_brings_its_own_header() {
    let desk = Desk::new();
    let article = format!("{}/sources/harbour-fees.txt", env!("CARGO_MANIFEST_DIR"));
    let recorded = desk.ok(&["scan", &article, "--record"]);
    assert!(
        recorded.starts_with("recorded ") && recorded.ends_with(" claims in A1\n"),
        "{recorded}"
    );
    insta::assert_snapshot!("scan_desk_article", desk.ok(&["article", "list"]));
}

#[test]
fn standard_input_and_bad_input() {
    let desk = Desk::new();
    let outcome = desk.run_with_input(
        &["scan", "-", "--format", "csv"],
        "Officials allegedly took fees.\n",
    );
    assert_eq!(outcome.stdout, "#,claim,strength,source,response,cues,sentence\n1,yes,hedged,,,allegedly (hedge),Officials allegedly took fees.\n");
    let binary = desk.file("junk.bin", [0xffu8, 0xfe, 0x41, 0x80]);
    let outcome = desk.run(&["scan", binary.to_str().expect("path")]);
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stderr, format!("error: `{}` is not UTF-8 text (invalid byte at offset 0)\nhint: convert it first, e.g. `iconv -f latin1 -t utf-8`\n", binary.display()));
    let outcome = desk.run(&["scan", "nowhere.txt"]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stderr,
        "error: cannot read `nowhere.txt`: No such file or directory (os error 2)\n"
    );
    let outcome = desk.run_with_input(&["scan", "-", "--record"], "Some text.\n");
    assert_eq!(outcome.code, 2);
    assert_eq!(outcome.stderr, "error: `--record` needs the article the claims belong to\nhint: give `--article A1` for an existing article, or `--title \"…\"` for a new one\n");
    assert_eq!(
        desk.ok(&["scan", "-", "--format", "json"]),
        "{\"sentences\":[]}\n"
    );
}

#[test]
fn claim_add_infers_strength_source_and_response() {
    let desk = Desk::new();
    desk.ok(&["article", "add", "--title", "Fees"]);
    for text in [
        "Sources familiar with the matter said the brokers were former supervisors.",
        "The Ministry of Labour said it had opened an inquiry.",
        "The company denied the allegations.",
        "Court filings show two brokers are being sued.",
        "Several brokers have reportedly stopped taking cash.",
        "The port handled 4.5 million tonnes last year.",
    ] {
        desk.ok(&["claim", "add", "--article", "A1", text]);
    }
    insta::assert_snapshot!("claim_add_inferred", desk.ok(&["list", "--format", "csv"]));
}
