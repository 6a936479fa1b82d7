//! Measures claim matching on CheckThat! 2022 task 2A (English): tweets against 14,231 fact-checked claims.
//!
//! `cargo run --release --example match_eval -- [--split train|dev|dev-test|test] [--method NAME|all] [--tune]
//! [--calibrate]`
//!
//! Prints MAP@5 (the lab's official figure), MRR and recall@5 for each method on the split (default `dev`).
//! `--tune` searches BM25F's parameters on `train` and prints the best few, measured on `dev` beside them.
//! `--calibrate` sets the "looks like" threshold on the shipped ranking's 0–1 score (`rank::normalised`), on
//! `train` and `dev` together: for each threshold, how often the top hit scoring at least that is the right
//! fact-check, and how often a query whose fact-check is not in the collection (its right claims taken out of
//! the ranking) still gets a hit that high.
//! Tune on train and dev; run `--split test` once, for the report. The data is read from
//! `../shared/data/checkthat2022-2a/` (or `--data DIR`), and nothing of it is written anywhere.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use claimtrack::matching::index::{
    DocTerms, Document, Field, MemoryIndex, Posting, PostingSource, TermCount,
};
use claimtrack::matching::rank::{bm25f, idf, normalised, self_score, Bm25Params, Query, Scored};
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

/// A tweet's signature as the embed markup writes it, `… — Display Name (@handle) Month D, YYYY`: where it
/// starts, and where its handle's `(@` is. `None` when the text does not end so.
fn signature(text: &str) -> Option<(usize, usize)> {
    let start = text.rfind(" \u{2014} ")?;
    let sig = &text[start..];
    let handle = sig.rfind("(@")?;
    let close = sig[handle..].find(')')? + handle;
    let date = sig[close + 1..].trim().trim_end_matches(['"', '\u{201d}']);
    let year = date.rsplit(' ').next()?;
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && date.contains(','))
        .then_some((start, start + handle))
}

/// What of a tweet's signature a query keeps.
#[derive(Clone, Copy)]
enum Sig {
    /// All of it (the shipped analyser's own cleaning only).
    Keep,
    /// The display name, without the handle and date.
    Name,
    /// The display name and the handle, without the date.
    NameHandle,
    /// None of it.
    Drop,
}

fn tweet_query(text: &str, sig: Sig) -> String {
    let Some((start, handle)) = signature(text) else {
        return text.to_owned();
    };
    match sig {
        Sig::Keep => text.to_owned(),
        Sig::Name => text[..handle].to_owned(),
        Sig::NameHandle => {
            let close = text[handle..]
                .find(')')
                .map_or(text.len(), |c| handle + c + 1);
            text[..close].to_owned()
        }
        Sig::Drop => text[..start].to_owned(),
    }
}

/// Handles dropped rather than split into words (`@dmedin11` names someone, rarely says the claim).
fn without_handles(text: &str) -> String {
    text.split(' ')
        .filter(|w| !w.starts_with('@') && !w.starts_with("(@"))
        .collect::<Vec<_>>()
        .join(" ")
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

/// A document's terms with each field's adjacent pairs of terms added as terms of their own (`"jobless rate"`).
fn with_bigrams(analyzer: &Analyzer, doc: &Document<'_>) -> DocTerms {
    let mut lengths = [0; Field::COUNT];
    let mut counts: BTreeMap<String, [u32; Field::COUNT]> = BTreeMap::new();
    for field in Field::ALL {
        let terms = analyzer.terms(doc.text(field));
        lengths[field.index()] = terms.len() as u32;
        for pair in terms.windows(2) {
            counts
                .entry(format!("{} {}", pair[0], pair[1]))
                .or_default()[field.index()] += 1;
        }
        for term in terms {
            counts.entry(term).or_default()[field.index()] += 1;
        }
    }
    DocTerms {
        lengths,
        terms: counts
            .into_iter()
            .map(|(term, tf)| TermCount { term, tf })
            .collect(),
    }
}

/// The query's distinct terms, each weighted by how often the tweet says it (1 + ln count).
fn tf_query(analyzer: &Analyzer, text: &str) -> Query {
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for term in analyzer.terms(text) {
        *counts.entry(term).or_default() += 1;
    }
    Query {
        terms: counts
            .into_iter()
            .map(|(t, n)| (t, 1.0 + f64::from(n).ln()))
            .collect(),
    }
}

fn bigram_query(analyzer: &Analyzer, text: &str, weight: f64) -> Query {
    let mut query = Query::new(analyzer, text);
    for pair in analyzer.terms(text).windows(2) {
        query.add(format!("{} {}", pair[0], pair[1]), weight);
    }
    query
}

impl Lexical {
    fn build_with(
        claims: &[Claim],
        analyzer: Analyzer,
        index_doc: fn(&Analyzer, &Document<'_>) -> DocTerms,
    ) -> Self {
        let mut index = MemoryIndex::new();
        for (i, c) in claims.iter().enumerate() {
            let doc = Document {
                claim: &c.claim,
                title: &c.title,
                context: &c.subtitle,
            };
            index.insert(i as u32, index_doc(&analyzer, &doc));
        }
        Self { analyzer, index }
    }

    fn rank_query(&self, params: &Bm25Params, query: &Query) -> Vec<Scored<u32>> {
        let postings = self.index.postings(&query.term_list());
        bm25f(params, query, &self.index.stats(), &postings)
    }

    /// Pseudo-relevance feedback (RM3's shape): the `docs` best documents lend their `terms` most weighted
    /// terms to the query at `weight`, and the query runs again.
    fn rank_prf(
        &self,
        params: &Bm25Params,
        text: &str,
        docs: usize,
        terms: usize,
        weight: f64,
    ) -> Vec<Scored<u32>> {
        let mut query = Query::new(&self.analyzer, text);
        let first = self.rank_query(params, &query);
        let stats = self.index.stats();
        let mut lent: HashMap<&str, f64> = HashMap::new();
        for hit in first.iter().take(docs) {
            let Some(doc) = self.index.document(hit.doc) else {
                continue;
            };
            let len: u32 = doc.lengths.iter().sum();
            for t in &doc.terms {
                let tf: u32 = t.tf.iter().sum();
                let idf = idf(stats.docs, self.index.document_frequency(&t.term) as u64);
                *lent.entry(&t.term).or_default() +=
                    hit.similarity * idf * f64::from(tf) / f64::from(len.max(1));
            }
        }
        let mut lent: Vec<(&str, f64)> = lent.into_iter().collect();
        lent.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        for (term, _) in lent.into_iter().take(terms) {
            if !query.terms.iter().any(|(t, _)| t == term) {
                query.add(term.to_owned(), weight);
            }
        }
        self.rank_query(params, &query)
    }

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

/// `--misses N`: the first N queries of the split whose right claim the shipped ranking does not put first, with
/// their terms, the claim put first and the right one with its rank: what to look at before trying a method.
fn show_misses(claims: &[Claim], split: &Split, n: usize) {
    let lexical = Lexical::build(claims, Analyzer::new(), [true, true, true]);
    let params = Bm25Params::default();
    let mut shown = 0;
    for (id, text) in &split.queries {
        let relevant = &split.relevant[id];
        let ranked = lexical.rank(&params, text);
        let rank = ranked
            .iter()
            .position(|h| relevant.contains(&claims[h.doc as usize].id));
        if rank == Some(0) {
            continue;
        }
        let describe = |c: &Claim| format!("{} | {}", c.claim, c.title);
        println!("## {id} (right claim at {:?})", rank.map(|r| r + 1));
        println!("query terms: {}", lexical.analyzer.terms(text).join(" "));
        if let Some(top) = ranked.first() {
            println!("first: {}", describe(&claims[top.doc as usize]));
        }
        for c in claims.iter().filter(|c| relevant.contains(&c.id)) {
            println!("right: {}", describe(c));
        }
        shown += 1;
        if shown == n {
            break;
        }
    }
}

/// The threshold table of `--calibrate` (see the module docs).
fn calibrate(claims: &[Claim], split: &Split) {
    let lexical = Lexical::build(claims, Analyzer::new(), [true, true, true]);
    let params = Bm25Params::default();
    let stats = lexical.index.stats();
    // Per query: the top hit's score and whether it is right, then the top score once the right claims are out.
    let mut runs: Vec<(f64, bool, f64)> = Vec::new();
    for (id, text) in &split.queries {
        let relevant = &split.relevant[id];
        let query = Query::new(&lexical.analyzer, text);
        let postings = lexical.index.postings(&query.term_list());
        let own = DocTerms::new(
            &lexical.analyzer,
            &Document {
                claim: text,
                ..Document::default()
            },
        );
        let top = self_score(&params, &own, &stats, &postings);
        let ranked = bm25f(&params, &query, &stats, &postings);
        let score = |hit: Option<&Scored<u32>>| hit.map_or(0.0, |h| normalised(h.score, top));
        let right = |h: &Scored<u32>| relevant.contains(&claims[h.doc as usize].id);
        let first = ranked.first();
        let without = ranked.iter().find(|h| !right(h));
        runs.push((score(first), first.is_some_and(right), score(without)));
    }
    let n = runs.len() as f64;
    println!(
        "{} queries (train and dev), {} claims",
        runs.len(),
        claims.len()
    );
    println!("| threshold | queries with a hit at or above | its precision | unmatched queries with a hit at or above | precision, half the queries unmatched |");
    println!("|---|---|---|---|---|");
    for step in 4..=19 {
        let t = f64::from(step) * 0.05;
        let above: Vec<&(f64, bool, f64)> = runs.iter().filter(|r| r.0 >= t).collect();
        let right = above.iter().filter(|r| r.1).count() as f64;
        let false_alarms = runs.iter().filter(|r| r.2 >= t).count() as f64;
        let wrong = above.len() as f64 - right;
        println!(
            "| {t:.2} | {:.3} | {:.3} | {:.3} | {:.3} |",
            above.len() as f64 / n,
            if above.is_empty() {
                0.0
            } else {
                right / above.len() as f64
            },
            false_alarms / n,
            if right + wrong + false_alarms > 0.0 {
                right / (right + wrong + false_alarms)
            } else {
                0.0
            },
        );
    }
}

/// Claim vectors, made once and kept in the temporary directory (they take minutes on a small machine).
#[cfg(feature = "embeddings")]
fn claim_vectors(claims: &[Claim]) -> Vec<Option<Vec<i8>>> {
    use claimtrack::matching::embed::{model_id, Embedder, DIMENSIONS};
    let cache = std::env::temp_dir().join(format!(
        "claimtrack-match-eval-{}-{}.bin",
        claims.len(),
        model_id().replace(['/', ':', '@'], "_")
    ));
    if let Ok(bytes) = fs::read(&cache) {
        if bytes.len() == claims.len() * (DIMENSIONS + 1) {
            return bytes
                .chunks(DIMENSIONS + 1)
                .map(|c| (c[0] == 1).then(|| c[1..].iter().map(|&b| b as i8).collect()))
                .collect();
        }
    }
    let embedder = Embedder::new().expect("the bundled encoder loads");
    let started = Instant::now();
    let mut out = Vec::with_capacity(claims.len());
    for chunk in claims.chunks(256) {
        let texts: Vec<String> = chunk
            .iter()
            .map(|c| format!("{} {}", c.claim, c.title))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        out.extend(embedder.embed(&refs).expect("claims embed"));
    }
    eprintln!(
        "embedded {} claims in {:.1?}",
        claims.len(),
        started.elapsed()
    );
    let mut bytes = Vec::with_capacity(claims.len() * (DIMENSIONS + 1));
    for v in &out {
        match v {
            Some(v) => {
                bytes.push(1);
                bytes.extend(v.iter().map(|&x| x as u8));
            }
            None => bytes.extend(std::iter::repeat_n(0, DIMENSIONS + 1)),
        }
    }
    let _ = fs::write(&cache, bytes);
    out
}

#[cfg(feature = "embeddings")]
struct Dense {
    embedder: claimtrack::matching::embed::Embedder,
    vectors: Vec<Option<Vec<i8>>>,
}

#[cfg(feature = "embeddings")]
impl Dense {
    fn query(&self, text: &str) -> Option<Vec<i8>> {
        self.embedder.embed(&[text]).ok()?.pop().flatten()
    }

    /// Every claim by cosine to the query, best first.
    fn rank(&self, text: &str) -> Vec<Scored<u32>> {
        let Some(q) = self.query(text) else {
            return Vec::new();
        };
        self.rank_among(&q, 0..self.vectors.len() as u32)
    }

    fn rank_among(&self, q: &[i8], docs: impl Iterator<Item = u32>) -> Vec<Scored<u32>> {
        use claimtrack::matching::embed::similarity;
        let mut ranked: Vec<Scored<u32>> = docs
            .filter_map(|d| {
                let v = self.vectors[d as usize].as_ref()?;
                let s = similarity(q, v);
                Some(Scored {
                    doc: d,
                    score: s,
                    similarity: s,
                })
            })
            .collect();
        claimtrack::matching::rank::sort_ranked(&mut ranked);
        ranked
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

fn prepare<'s>(lexical: &Lexical, split: &'s Split, sig: Sig) -> Prepared<'s> {
    split
        .queries
        .iter()
        .map(|(id, text)| {
            let query = Query::new(&lexical.analyzer, &tweet_query(text, sig));
            let postings = lexical.index.postings(&query.term_list());
            (query, postings, &split.relevant[id])
        })
        .collect()
}

/// A grid over BM25F's parameters, measured on the tuning queries (train and dev-test), with dev beside it.
fn tune(claims: &[Claim], tuning: &Split, dev: &Split, sig: Sig) {
    let lexical = Lexical::build(claims, Analyzer::new(), [true, true, true]);
    let (tuning, dev) = (prepare(&lexical, tuning, sig), prepare(&lexical, dev, sig));
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
    for k1 in [0.9, 1.2, 1.6] {
        for b_claim in [0.6, 0.75, 0.9] {
            for b_other in [0.5, 0.75] {
                for title in [0.75, 1.0, 1.5, 2.0] {
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
    let mut sig = Sig::Keep;
    let mut misses = 0usize;
    let mut calibrating = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--calibrate" => calibrating = true,
            "--data" => data = args.next().map(PathBuf::from).unwrap_or(data),
            "--split" => split_name = args.next().unwrap_or(split_name),
            "--method" => only = args.next().filter(|m| m != "all"),
            "--tune" => tuning = true,
            "--misses" => misses = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--signature" => {
                sig = match args.next().as_deref() {
                    Some("keep") => Sig::Keep,
                    Some("name") => Sig::Name,
                    Some("name-handle") => Sig::NameHandle,
                    Some("drop") => Sig::Drop,
                    _ => {
                        eprintln!("error: --signature takes keep, name, name-handle or drop");
                        return ExitCode::from(2);
                    }
                }
            }
            other => {
                eprintln!("error: unknown argument `{other}`\nhint: --split S, --method NAME|all, --tune, --calibrate, --data DIR");
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
    if calibrating {
        let splits = ["train", "dev"].map(|s| read_split(&data, s));
        let [Ok(train), Ok(dev)] = splits else {
            eprintln!("error: the train and dev splits are needed to calibrate");
            return ExitCode::FAILURE;
        };
        let both = Split {
            queries: train.queries.into_iter().chain(dev.queries).collect(),
            relevant: train.relevant.into_iter().chain(dev.relevant).collect(),
        };
        calibrate(&claims, &both);
        return ExitCode::SUCCESS;
    }
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
        tune(&claims, &tuning, &dev, sig);
        return ExitCode::SUCCESS;
    }

    if misses > 0 {
        show_misses(&claims, &split, misses);
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

    let bigrams = Lexical::build_with(&claims, Analyzer::new(), with_bigrams);
    let plain = Bm25Params {
        k1: 1.2,
        weight: [1.0, 1.0, 1.0],
        b: [0.75, 0.75, 0.75],
    };
    let tuned = Bm25Params::default();
    let mut context_0_25 = tuned;
    context_0_25.weight[2] = 0.25;
    let mut context_0_35 = tuned;
    context_0_35.weight[2] = 0.35;
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
        Method {
            name: "bm25f-bigrams",
            about: "BM25F tuned, with adjacent term pairs indexed and queried at weight 0.5",
            rank: Box::new(|q| bigrams.rank_query(&tuned, &bigram_query(&bigrams.analyzer, q, 0.5))),
        },
        Method {
            name: "bm25f-bigrams-0.25",
            about: "the same, pairs at weight 0.25",
            rank: Box::new(|q| bigrams.rank_query(&tuned, &bigram_query(&bigrams.analyzer, q, 0.25))),
        },
        Method {
            name: "bm25f-prf",
            about: "BM25F tuned, then the top 3 claims lend 10 terms at weight 0.3 (pseudo-relevance feedback)",
            rank: Box::new(|q| all_fields.rank_prf(&tuned, q, 3, 10, 0.3)),
        },
        Method {
            name: "bm25f-prf-1",
            about: "BM25F tuned, the top claim lends 5 terms at weight 0.2",
            rank: Box::new(|q| all_fields.rank_prf(&tuned, q, 1, 5, 0.2)),
        },
        Method {
            name: "bm25f-context-0.25",
            about: "bm25f-tuned with the context field (the subtitle) at 0.25",
            rank: Box::new(|q| all_fields.rank(&context_0_25, q)),
        },
        Method {
            name: "bm25f-context-0.35",
            about: "bm25f-tuned with the context field (the subtitle) at 0.35",
            rank: Box::new(|q| all_fields.rank(&context_0_35, q)),
        },
        Method {
            name: "bm25f-query-tf",
            about: "bm25f-tuned, a query term repeated in the tweet weighted 1 + ln(its count)",
            rank: Box::new(|q| all_fields.rank_query(&tuned, &tf_query(&all_fields.analyzer, q))),
        },
        Method {
            name: "bm25f-sig",
            about: "bm25f-tuned, the tweet's signature (`— Name (@handle) date`) dropped",
            rank: Box::new(|q| all_fields.rank(&tuned, &tweet_query(q, Sig::Drop))),
        },
        Method {
            name: "bm25f-sig-name",
            about: "bm25f-tuned, the signature's handle and date dropped, the name kept",
            rank: Box::new(|q| all_fields.rank(&tuned, &tweet_query(q, Sig::Name))),
        },
        Method {
            name: "bm25f-sig-date",
            about: "bm25f-tuned, the signature's date dropped, name and handle kept",
            rank: Box::new(|q| all_fields.rank(&tuned, &tweet_query(q, Sig::NameHandle))),
        },
        Method {
            name: "bm25f-plain-sig-name",
            about: "bm25f (equal weights), the signature's handle and date dropped",
            rank: Box::new(|q| all_fields.rank(&plain, &tweet_query(q, Sig::Name))),
        },
        Method {
            name: "bm25f-sig-name-nohandles",
            about: "bm25f-sig-name, and every other @handle dropped rather than split",
            rank: Box::new(|q| {
                all_fields.rank(&tuned, &without_handles(&tweet_query(q, Sig::Name)))
            }),
        },
        Method {
            name: "rrf-claim-sig-name",
            about: "RRF (k 60) of bm25f-sig-name and bm25-claim on the same query",
            rank: Box::new(|q| {
                let q = tweet_query(q, Sig::Name);
                let a: Vec<_> = all_fields.rank(&tuned, &q).into_iter().take(100).collect();
                let b: Vec<_> = claim_only.rank(&plain, &q).into_iter().take(100).collect();
                claimtrack::matching::rank::reciprocal_rank_fusion(&[(&a, 1.0), (&b, 0.5)], 60.0)
            }),
        },
        Method {
            name: "bm25f-sig-name-prf-1",
            about: "bm25f-sig-name, the top claim lends 5 terms at weight 0.2",
            rank: Box::new(|q| all_fields.rank_prf(&tuned, &tweet_query(q, Sig::Name), 1, 5, 0.2)),
        },
    ];

    #[cfg(feature = "embeddings")]
    let dense = Dense {
        embedder: claimtrack::matching::embed::Embedder::new().expect("the bundled encoder loads"),
        vectors: claim_vectors(&claims),
    };
    #[cfg(feature = "embeddings")]
    let methods = {
        use claimtrack::matching::rank::reciprocal_rank_fusion as rrf;
        let mut methods = methods;
        let (dense, all_fields, tuned) = (&dense, &all_fields, &tuned);
        methods.push(Method {
            name: "dense",
            about: "paraphrase-MiniLM-L3-v2 (pocket-encoder, 4-bit) cosine over claim + title, all claims",
            rank: Box::new(move |q| dense.rank(q)),
        });
        for (name, about, weight) in [
            (
                "rrf",
                "RRF (k 60) of bm25f-tuned's top 100 and dense's top 100",
                1.0,
            ),
            ("rrf-0.5", "the same, dense at weight 0.5", 0.5),
        ] {
            methods.push(Method {
                name,
                about,
                rank: Box::new(move |q| {
                    let lexical: Vec<_> = all_fields.rank(tuned, q).into_iter().take(100).collect();
                    let semantic: Vec<_> = dense.rank(q).into_iter().take(100).collect();
                    rrf(&[(&lexical, 1.0), (&semantic, weight)], 60.0)
                }),
            });
        }
        for (name, about, weight, depth, k) in [
            (
                "rerank",
                "RRF (k 60) of bm25f-tuned's top 100 and dense ranking of those 100 only",
                1.0,
                100,
                60.0,
            ),
            (
                "rerank-0.35",
                "the same, dense at weight 0.35",
                0.35,
                100,
                60.0,
            ),
            (
                "rerank-0.7",
                "the same, dense at weight 0.7",
                0.7,
                100,
                60.0,
            ),
            (
                "rerank-0.5-top30",
                "dense at weight 0.5 over bm25f-tuned's top 30",
                0.5,
                30,
                60.0,
            ),
            (
                "rerank-0.5-k20",
                "dense at weight 0.5, RRF k 20",
                0.5,
                100,
                20.0,
            ),
        ] {
            methods.push(Method {
                name,
                about,
                rank: Box::new(move |q| {
                    let lexical: Vec<_> =
                        all_fields.rank(tuned, q).into_iter().take(depth).collect();
                    let Some(v) = dense.query(q) else {
                        return lexical;
                    };
                    let semantic = dense.rank_among(&v, lexical.iter().map(|h| h.doc));
                    rrf(&[(&lexical, 1.0), (&semantic, weight)], k)
                }),
            });
        }
        methods.push(Method {
            name: "hybrid",
            about: "SHIPPED: rank::hybrid, dense at weight 0.5 re-ranking bm25f-tuned's top 100 (RRF k 60)",
            rank: Box::new(move |q| {
                use claimtrack::matching::embed::similarity;
                let lexical = all_fields.rank(tuned, q);
                let Some(v) = dense.query(q) else { return lexical };
                let cosines: Vec<(u32, f64)> = lexical
                    .iter()
                    .take(claimtrack::matching::rank::RERANK_DEPTH)
                    .filter_map(|h| Some((h.doc, similarity(&v, dense.vectors[h.doc as usize].as_ref()?))))
                    .collect();
                claimtrack::matching::rank::hybrid(&lexical, &cosines)
            }),
        });
        methods
    };

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
