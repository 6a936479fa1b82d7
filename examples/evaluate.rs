//! Prints the scanner's scores on a labelled set.
//!
//! `cargo run --release --example evaluate -- eval/strength.tsv` — per-strength precision, recall and F1,
//! overall accuracy, the response and source figures, and the misses (`--misses`).
//! `cargo run --release --example evaluate -- --conll ../shared/data/conll2010-wikipedia/test.csv` — the
//! uncertain-class precision, recall and F1 on a CoNLL-2010 CSV.
//! `cargo run --release --example evaluate -- --news ../shared/data/news-dev [--part tune|held] [--misses]` —
//! a real-news set scored as its `score.py` scores it (the same per-class rows and summary line), plus
//! per-class precision and recall, per-response figures and source-kind accuracy; `--part` scores only the
//! pages rules are tuned on, or only those held out (one page in four, by a hash of its address).

use std::process::ExitCode;

use std::path::Path;

use claimtrack::model::{Response, Strength};
use claimtrack::scanner::eval;
use claimtrack::scanner::eval::news::{self, Part};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let conll = args.iter().any(|a| a == "--conll");
    let part = match args
        .iter()
        .position(|a| a == "--part")
        .map(|i| args.get(i + 1))
    {
        None => Part::All,
        Some(Some(p)) if p == "tune" => Part::Tune,
        Some(Some(p)) if p == "held" => Part::Held,
        Some(Some(p)) if p == "all" => Part::All,
        Some(_) => {
            eprintln!("error: --part takes `all`, `tune` or `held`");
            return ExitCode::from(2);
        }
    };
    let values: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--part"))
        .map(|(_, a)| a)
        .collect();
    let Some(path) = values.first() else {
        eprintln!(
            "usage: evaluate [--misses] FILE.tsv | evaluate --conll FILE.csv | evaluate --news DIR [--part tune|held] [--misses]"
        );
        return ExitCode::from(2);
    };
    if args.iter().any(|a| a == "--news") {
        return match print_news(Path::new(path), part, misses) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
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

fn print_news(dir: &Path, part: Part, misses: bool) -> Result<(), String> {
    let set = news::read(dir)?;
    let r = news::score(&set, part);
    if misses {
        for m in &r.misses {
            let show = |s: Option<Strength>| s.map_or("none", Strength::as_str);
            let resp = |s: Option<Response>| s.map_or("None", Response::as_str);
            println!(
                "{}: strength {} -> {}; response {} -> {}; kind {} -> {}",
                m.id,
                m.gold.as_str(),
                show(m.predicted),
                resp(m.gold_response),
                resp(m.predicted_response),
                m.gold_kind,
                m.predicted_kind.map_or("none", |k| k.as_str())
            );
            println!("  {}", m.text);
            println!("  gold source {:?}, cues {:?}", m.gold_source, m.gold_cues);
            println!(
                "  found source {:?}, cues {:?}",
                m.predicted_source, m.predicted_cues
            );
        }
    }
    // The reference scorer's rows: recall per gold class and where its sentences went.
    let mut golds: Vec<Strength> = Strength::ALL.to_vec();
    golds.sort_by_key(|s| s.as_str());
    for gold in &golds {
        let i = Strength::ALL.iter().position(|s| s == gold).unwrap_or(0);
        let row = &r.strength.counts[i];
        let n: usize = row.iter().sum();
        if n == 0 {
            continue;
        }
        let mut went: Vec<(usize, &str)> = row
            .iter()
            .zip(Strength::ALL)
            .filter(|(c, _)| **c > 0)
            .map(|(c, s)| (*c, s.as_str()))
            .collect();
        went.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let went: Vec<String> = went.iter().map(|(c, s)| format!("{s}:{c}")).collect();
        println!(
            "  gold {:13} n={n:4} recall={:.2} -> {}",
            gold.as_str(),
            row[i] as f64 / n as f64,
            went.join(", ")
        );
    }
    println!(
        "{:<14}{:>8}{:>8}{:>8}{:>9}",
        "strength", "P", "R", "F1", "support"
    );
    for s in Strength::ALL {
        let c = r.strength.class(*s);
        println!(
            "{:<14}{:>8.3}{:>8.3}{:>8.3}{:>9}",
            s.as_str(),
            c.precision,
            c.recall,
            c.f1,
            c.support
        );
    }
    for resp in Response::ALL {
        let c = r.response_class(*resp);
        println!(
            "response {:<12} P {:.3}  R {:.3}  F1 {:.3}  support {}",
            resp.as_str(),
            c.precision,
            c.recall,
            c.f1,
            c.support
        );
    }
    println!("source-kind accuracy {:.3}", r.kind_accuracy());
    println!(
        "n={} strict={:.3} response={:.3} uncertain_f1={:.3} split={:.3}",
        r.sentences,
        r.strict(),
        r.response_accuracy(),
        r.uncertain_f1(),
        r.split()
    );
    Ok(())
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
