//! Measures claim matching on CheckThat! 2022 task 2A (English): tweets against 14,231 fact-checked claims.
//!
//! `cargo run --release --example match_eval -- [--split train|dev|dev-test|test] [--method NAME|all] [--tune]`
//!
//! Prints MAP@5 (the lab's official figure), MRR and recall@5 for each method on the split (default `dev`).
//! `--tune` searches BM25F's parameters on `train` and prints the best few, measured on `dev` beside them.
//! Tune on train and dev; run `--split test` once, for the report. The data is read from
//! `../shared/data/checkthat2022-2a/` (or `--data DIR`), and nothing of it is written anywhere.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use claimtrack::matching::index::{DocTerms, Document, MemoryIndex, Posting, PostingSource};
use claimtrack::matching::rank::{bm25f, Bm25Params, Query, Scored};
use claimtrack::matching::text::Analyzer;

struct Claim {
    id: String,
    claim: String,
    title: String,
    subtitle: String,
}

struct Split {
    queries: Vec<(String, String)>,
    relevant: HashMap<String, HashSet<String>>,
}

fn read_claims(dir: &Path) -> Result<Vec<Claim>, String> {
    let path = dir.join("vclaims.jsonl");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("vclaims.jsonl: {e}"))?;
            let field = |name: &str| v[name].as_str().unwrap_or_default().to_owned();
            Ok(Claim {
                id: field("vclaim_id"),
                claim: field("vclaim"),
                title: field("title"),
                subtitle: field("subtitle"),
            })
        })
        .collect()
}

fn read_split(dir: &Path, split: &str) -> Result<Split, String> {
    let (queries_file, qrels_file) = match split {
        "train" => ("train-dev-queries.tsv", "train-qrels.tsv"),
        "dev" => ("train-dev-queries.tsv", "dev-qrels.tsv"),
        "dev-test" => ("dev-test-queries.tsv", "dev-test-qrels.tsv"),
        "test" => ("test-queries.tsv", "test-qrels.tsv"),
        other => {
            return Err(format!(
                "unknown split `{other}` (train, dev, dev-test, test)"
            ))
        }
    };
    let read = |name: &str| {
        let path = dir.join(name);
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let mut relevant: HashMap<String, HashSet<String>> = HashMap::new();
    for line in read(qrels_file)?.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!("{qrels_file}: a line without three columns"));
        }
        relevant
            .entry(cols[0].to_owned())
            .or_default()
            .insert(cols[2].to_owned());
    }
    let mut queries: Vec<(String, String)> = read(queries_file)?
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(id, _)| relevant.contains_key(*id))
        .map(|(id, text)| (id.to_owned(), text.to_owned()))
        .collect();
    queries.sort();
    Ok(Split { queries, relevant })
}

#[derive(Clone, Copy, Debug, Default)]
struct Metrics {
    map5: f64,
    mrr: f64,
    recall5: f64,
}

/// The lab's measures: AP over the top 5 divided by the number of relevant claims; reciprocal rank of the first
/// relevant claim in the whole ranking; the share of relevant claims in the top 5.
fn measure(rankings: &[(Vec<String>, &HashSet<String>)]) -> Metrics {
    let mut total = Metrics::default();
    for (ranked, relevant) in rankings {
        let mut hits = 0.0;
        let mut precision_sum = 0.0;
        for (i, id) in ranked.iter().take(5).enumerate() {
            if relevant.contains(id) {
                hits += 1.0;
                precision_sum += hits / (i as f64 + 1.0);
            }
        }
        total.map5 += precision_sum / relevant.len() as f64;
        total.recall5 += hits / relevant.len() as f64;
        if let Some(rank) = ranked.iter().position(|id| relevant.contains(id)) {
            total.mrr += 1.0 / (rank as f64 + 1.0);
        }
    }
    let n = rankings.len().max(1) as f64;
    Metrics {
        map5: total.map5 / n,
        mrr: total.mrr / n,
        recall5: total.recall5 / n,
    }
}

/// What a method does with a query's text: claims (by position in `vclaims.jsonl`) best first.
type Ranker<'a> = Box<dyn Fn(&str) -> Vec<Scored<u32>> + 'a>;

/// A ranking method: a name and its ranker.
struct Method<'a> {
    name: &'static str,
    about: &'static str,
    rank: Ranker<'a>,
}

struct Lexical {
    analyzer: Analyzer,
    index: MemoryIndex<u32>,
}

impl Lexical {
    fn build(claims: &[Claim], analyzer: Analyzer, fields: [bool; 3]) -> Self {
        let mut index = MemoryIndex::new();
        for (i, c) in claims.iter().enumerate() {
            let pick = |on: bool, s: &'_ str| if on { s.to_owned() } else { String::new() };
            let (claim, title, context) = (
                pick(fields[0], &c.claim),
                pick(fields[1], &c.title),
                pick(fields[2], &c.subtitle),
            );
            let doc = Document {
                claim: &claim,
                title: &title,
                context: &context,
            };
            index.insert(i as u32, DocTerms::new(&analyzer, &doc));
        }
        Self { analyzer, index }
    }

    fn rank(&self, params: &Bm25Params, text: &str) -> Vec<Scored<u32>> {
        let query = Query::new(&self.analyzer, text);
        let postings = self.index.postings(&query.term_list());
        bm25f(params, &query, &self.index.stats(), &postings)
    }
}

fn run(method: &Method<'_>, claims: &[Claim], split: &Split) -> Metrics {
    let rankings: Vec<(Vec<String>, &HashSet<String>)> = split
        .queries
        .iter()
        .map(|(id, text)| {
            let ranked = (method.rank)(text)
                .iter()
                .take(100)
                .map(|h| claims[h.doc as usize].id.clone())
                .collect();
            (ranked, &split.relevant[id])
        })
        .collect();
    measure(&rankings)
}

/// A split's queries with their postings fetched once, for ranking many times.
type Prepared<'s> = Vec<(
    Query,
    HashMap<String, Vec<Posting<u32>>>,
    &'s HashSet<String>,
)>;

fn prepare<'s>(lexical: &Lexical, split: &'s Split) -> Prepared<'s> {
    split
        .queries
        .iter()
        .map(|(id, text)| {
            let query = Query::new(&lexical.analyzer, text);
            let postings = lexical.index.postings(&query.term_list());
            (query, postings, &split.relevant[id])
        })
        .collect()
}

/// A grid over BM25F's parameters, measured on the tuning queries (train and dev-test), with dev beside it.
fn tune(claims: &[Claim], tuning: &Split, dev: &Split) {
    let lexical = Lexical::build(claims, Analyzer::new(), [true, true, true]);
    let (tuning, dev) = (prepare(&lexical, tuning), prepare(&lexical, dev));
    let stats = lexical.index.stats();
    let score = |params: &Bm25Params, set: &Prepared<'_>| {
        let rankings: Vec<(Vec<String>, &HashSet<String>)> = set
            .iter()
            .map(|(query, postings, relevant)| {
                let ranked = bm25f(params, query, &stats, postings);
                (
                    ranked
                        .iter()
                        .take(100)
                        .map(|h| claims[h.doc as usize].id.clone())
                        .collect(),
                    *relevant,
                )
            })
            .collect();
        measure(&rankings)
    };
    let mut results: Vec<(Bm25Params, Metrics)> = Vec::new();
    for k1 in [0.8, 1.2, 1.6, 2.2] {
        for b_claim in [0.5, 0.75, 0.9] {
            for b_other in [0.5, 0.75, 0.9] {
                for title in [0.5, 1.0, 1.5] {
                    for context in [0.25, 0.5, 1.0] {
                        let params = Bm25Params {
                            k1,
                            weight: [1.0, title, context],
                            b: [b_claim, b_other, b_other],
                        };
                        results.push((params, score(&params, &tuning)));
                    }
                }
            }
        }
    }
    results.sort_by(|a, b| b.1.map5.total_cmp(&a.1.map5));
    println!("| k1 | b claim | b title, context | w title | w context | tuning MAP@5 | MRR | dev MAP@5 | MRR |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (params, m) in results.iter().take(15) {
        let d = score(params, &dev);
        println!(
            "| {} | {} | {} | {} | {} | {:.4} | {:.4} | {:.4} | {:.4} |",
            params.k1,
            params.b[0],
            params.b[1],
            params.weight[1],
            params.weight[2],
            m.map5,
            m.mrr,
            d.map5,
            d.mrr
        );
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut data = PathBuf::from("../shared/data/checkthat2022-2a");
    let mut split_name = "dev".to_owned();
    let mut only: Option<String> = None;
    let mut tuning = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => data = args.next().map(PathBuf::from).unwrap_or(data),
            "--split" => split_name = args.next().unwrap_or(split_name),
            "--method" => only = args.next().filter(|m| m != "all"),
            "--tune" => tuning = true,
            other => {
                eprintln!("error: unknown argument `{other}`\nhint: --split S, --method NAME|all, --tune, --data DIR");
                return ExitCode::from(2);
            }
        }
    }
    let loaded = read_claims(&data).and_then(|c| {
        let split = read_split(&data, &split_name)?;
        Ok((c, split))
    });
    let (claims, split) = match loaded {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}\nhint: the data set lives in ../shared/data/checkthat2022-2a (or pass --data DIR)");
            return ExitCode::FAILURE;
        }
    };
    if tuning {
        let splits = ["train", "dev-test", "dev"].map(|s| read_split(&data, s));
        let [Ok(train), Ok(dev_test), Ok(dev)] = splits else {
            eprintln!("error: the train, dev-test and dev splits are needed to tune");
            return ExitCode::FAILURE;
        };
        let tuning = Split {
            queries: train.queries.into_iter().chain(dev_test.queries).collect(),
            relevant: train
                .relevant
                .into_iter()
                .chain(dev_test.relevant)
                .collect(),
        };
        tune(&claims, &tuning, &dev);
        return ExitCode::SUCCESS;
    }

    let started = Instant::now();
    let claim_only = Lexical::build(&claims, Analyzer::new(), [true, false, false]);
    let all_fields = Lexical::build(&claims, Analyzer::new(), [true, true, true]);
    let raw = Lexical::build(&claims, Analyzer::without_cleaning(), [true, true, true]);
    eprintln!(
        "indexed {} claims four ways in {:.1?}",
        claims.len(),
        started.elapsed()
    );

    let plain = Bm25Params {
        k1: 1.2,
        weight: [1.0, 1.0, 1.0],
        b: [0.75, 0.75, 0.75],
    };
    let tuned = Bm25Params::default();
    let methods: Vec<Method<'_>> = vec![
        Method {
            name: "bm25-claim",
            about: "BM25 (k1 1.2, b 0.75) over the claim text alone",
            rank: Box::new(|q| claim_only.rank(&plain, q)),
        },
        Method {
            name: "bm25f-raw",
            about: "BM25F, equal weights, claim + title + subtitle, no tweet cleaning",
            rank: Box::new(|q| raw.rank(&plain, q)),
        },
        Method {
            name: "bm25f",
            about: "BM25F, equal weights, claim + title + subtitle, cleaned",
            rank: Box::new(|q| all_fields.rank(&plain, q)),
        },
        Method {
            name: "bm25f-tuned",
            about: "BM25F with the shipped parameters (Bm25Params::default)",
            rank: Box::new(|q| all_fields.rank(&tuned, q)),
        },
    ];

    if std::env::var_os("DEBUG_FAILURES").is_some() {
        debug_failures(&claims, &split, &all_fields, &tuned);
        return ExitCode::SUCCESS;
    }
    println!(
        "split `{split_name}`: {} queries, {} claims",
        split.queries.len(),
        claims.len()
    );
    println!("| method | MAP@5 | MRR | R@5 | what |");
    println!("|---|---|---|---|---|");
    for method in methods
        .iter()
        .filter(|m| only.as_deref().is_none_or(|o| o == m.name))
    {
        let m = run(method, &claims, &split);
        println!(
            "| {} | {:.4} | {:.4} | {:.4} | {} |",
            method.name, m.map5, m.mrr, m.recall5, method.about
        );
    }
    ExitCode::SUCCESS
}

#[allow(dead_code)]
fn debug_failures(claims: &[Claim], split: &Split, lexical: &Lexical, params: &Bm25Params) {
    let mut shown = 0;
    for (id, text) in &split.queries {
        let ranked = lexical.rank(params, text);
        let rel = &split.relevant[id];
        let pos = ranked
            .iter()
            .position(|h| rel.contains(&claims[h.doc as usize].id));
        if pos != Some(0) && shown < 40 {
            shown += 1;
            println!("Q: {text}\n  rank of right: {pos:?}");
            if let Some(top) = ranked.first() {
                let c = &claims[top.doc as usize];
                println!("  TOP: {} | {}", c.claim, c.title);
            }
            for c in claims.iter().filter(|c| rel.contains(&c.id)) {
                println!("  RIGHT: {} | {} | {}", c.claim, c.title, c.subtitle);
            }
        }
    }
}
