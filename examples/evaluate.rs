//! Prints the scanner's scores on a labelled set.
//!
//! `cargo run --release --example evaluate -- eval/strength.tsv` — per-strength precision, recall and F1,
//! overall accuracy, the response and source figures, and the misses (`--misses`).
//! `cargo run --release --example evaluate -- --conll ../shared/data/conll2010-wikipedia/test.csv` — the
//! uncertain-class precision, recall and F1 on a CoNLL-2010 CSV.

use std::process::ExitCode;

use claimtrack::model::{Response, Strength};
use claimtrack::scanner::eval;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let conll = args.iter().any(|a| a == "--conll");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: evaluate [--misses] FILE.tsv | evaluate --conll FILE.csv");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read `{path}`: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = if conll {
        print_conll(&text)
    } else {
        print_labelled(&text, misses)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_conll(text: &str) -> Result<(), String> {
    let counts = eval::conll(text)?;
    let p = counts.prf();
    println!(
        "sentences {}  uncertain (gold) {}",
        counts.tp + counts.fp + counts.fn_ + counts.tn,
        p.support
    );
    println!(
        "tp {}  fp {}  fn {}  tn {}",
        counts.tp, counts.fp, counts.fn_, counts.tn
    );
    println!(
        "uncertain  P {:.3}  R {:.3}  F1 {:.3}",
        p.precision, p.recall, p.f1
    );
    Ok(())
}

fn print_labelled(text: &str, misses: bool) -> Result<(), String> {
    let items = eval::parse_tsv(text)?;
    let report = eval::evaluate(&items);
    println!(
        "{:<14}{:>8}{:>8}{:>8}{:>9}",
        "strength", "P", "R", "F1", "support"
    );
    for s in Strength::ALL {
        let c = report.strength.class(*s);
        println!(
            "{:<14}{:>8.3}{:>8.3}{:>8.3}{:>9}",
            s.as_str(),
            c.precision,
            c.recall,
            c.f1,
            c.support
        );
    }
    let n = items.len();
    println!(
        "strength accuracy {:.3} ({} sentences)",
        report.strength.accuracy(),
        n
    );
    println!("confusion (rows gold, columns predicted, in the order above):");
    for (s, row) in Strength::ALL.iter().zip(report.strength.counts.iter()) {
        let cells: Vec<String> = row.iter().map(|c| format!("{c:>4}")).collect();
        println!("  {:<14}{}", s.as_str(), cells.join(""));
    }
    for r in Response::ALL {
        let c = report.response_class(*r);
        println!(
            "response {:<12} P {:.3}  R {:.3}  F1 {:.3}  support {}",
            r.as_str(),
            c.precision,
            c.recall,
            c.f1,
            c.support
        );
    }
    println!(
        "response accuracy {:.3}",
        report.response_right as f64 / n.max(1) as f64
    );
    println!(
        "source exact match {:.3} ({} of {} sentences with a gold or found source)",
        report.source_right as f64 / report.source_items.max(1) as f64,
        report.source_right,
        report.source_items
    );
    println!(
        "kept as one sentence by the splitter: {} of {}",
        report.one_sentence, n
    );
    if misses {
        for m in &report.misses {
            println!(
                "line {:>4}: gold {:<13} got {:<13} source {:?}",
                m.line,
                m.gold.as_str(),
                m.predicted.as_str(),
                m.source
            );
        }
    }
    Ok(())
}
