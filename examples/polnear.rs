//! Prints the scanner's figures on a PolNeAR split: recall of the sentences holding a speech-type attribution
//! (said, told, according to, announced, denied, …) and the share whose source phrase overlaps the annotated
//! source; with `--cues N`, the N annotated cues (of every type) the scanner most often leaves unmarked, to
//! check the lexicon's coverage against the words real copy uses (run it on `train/` only).
//!
//! `cargo run --release --example polnear -- ../shared/data/polnear/dev [--cues 40]`

use std::path::Path;
use std::process::ExitCode;

use claimtrack::scanner::eval::polnear;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cues = args
        .iter()
        .position(|a| a == "--cues")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok());
    let Some(dir) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!("usage: polnear SPLIT_DIR [--cues N]");
        return ExitCode::from(2);
    };
    let articles = match polnear::read_split(Path::new(dir)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let r = polnear::score(&articles);
    println!(
        "articles {}  relations {}  speech-type relations {}",
        r.articles, r.relations, r.speech_relations
    );
    println!(
        "speech-attribution sentences {}: marked by the scanner {:.3} ({}), a scanner cue on the annotated cue {:.3} ({})",
        r.sentences,
        r.recall(),
        r.marked,
        r.cue_recall(),
        r.cue_overlap
    );
    println!(
        "with an annotated source {}: scanner source overlaps it {:.3} ({})",
        r.with_source,
        r.source_share(),
        r.source_overlap
    );
    if let Some(n) = cues {
        println!("annotated cues left unmarked, most frequent first:");
        for (cue, count) in r.unmatched_cues.iter().take(n) {
            println!("{count:>6}  {cue}");
        }
    }
    ExitCode::SUCCESS
}
