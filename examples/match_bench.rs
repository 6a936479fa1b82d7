//! Benchmarks the matching engine on a synthetic 100k-claim desk: what indexing one claim costs, what a `match`
//! query costs in memory and fetched from SQLite rows, and the same against SQLite's own FTS5 `bm25()` on the same
//! texts, run in the same process (the reference, so the figures are ratios on this machine).
//!
//! `cargo run --release --example match_bench [-- CLAIMS]` (default 100000; the SQLite files go to a temporary
//! directory and are removed).
//!
//! Claims are generated here from a Zipf-distributed vocabulary of made-up words (about 17 terms of claim text
//! and 9 of title each, as in fact-check collections); queries are tweet-like: most of one claim's words, ten
//! frequent words, a handle and a link. The postings table is the one a backend would hold (see
//! `src/matching/index.rs`): one row per (term, claim), clustered by term, carrying the claim's field lengths; no
//! index by claim (a claim's rows are found again from its text, which the analyser turns into the same terms).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use claimtrack::matching::index::{DocTerms, Document, MemoryIndex, Posting, PostingSource};
use claimtrack::matching::rank::{bm25f, Bm25Params, Query};
use claimtrack::matching::text::Analyzer;
use rusqlite::{params, Connection};

/// xorshift64*: deterministic and dependency-free; quality is beside the point here.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mer", "vin", "sta", "tor", "ul", "bre", "dan", "fi", "gor", "hal", "is", "jun",
    "kel", "mo", "nar", "ost", "pel", "quin", "ras", "sel", "tam", "ur", "ves", "wil", "yor",
    "zan",
];

/// Zipf ranks standing for function words, never drawn.
const HEAD: usize = 300;

struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    /// `size` distinct words with Zipf (s = 1) frequencies.
    fn new(size: usize, rng: &mut Rng) -> Self {
        let mut words = Vec::with_capacity(size);
        let mut seen = std::collections::HashSet::new();
        while words.len() < size {
            let n = 2 + (rng.next() % 3) as usize;
            let word: String = (0..n)
                .map(|_| SYLLABLES[(rng.next() % SYLLABLES.len() as u64) as usize])
                .collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=size)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    /// A word by Zipf frequency, leaving out the 300 most frequent ranks: in real text those are function words,
    /// which the analyser drops (a synthetic text that kept them would fetch every claim for every query).
    fn word(&self, rng: &mut Rng) -> &str {
        let head = self.cumulative[HEAD - 1];
        let target = head + rng.unit() * (self.cumulative.last().copied().unwrap_or(1.0) - head);
        let at = self.cumulative.partition_point(|&c| c < target);
        &self.words[at.min(self.words.len() - 1)]
    }

    fn sentence(&self, rng: &mut Rng, words: usize) -> String {
        (0..words)
            .map(|_| self.word(rng))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(name: &str, mut times: Vec<Duration>) -> Duration {
    times.sort();
    let median = percentile(&times, 0.5);
    println!(
        "| {name} | {:.2} | {:.2} | {:.2} |",
        median.as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3)
    );
    median
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let claims: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let vocabulary = Vocabulary::new(40_000, &mut rng);
    let texts: Vec<(String, String)> = (0..claims)
        .map(|_| {
            let claim_words = 12 + (rng.next() % 12) as usize;
            let title_words = 6 + (rng.next() % 6) as usize;
            (
                vocabulary.sentence(&mut rng, claim_words),
                vocabulary.sentence(&mut rng, title_words),
            )
        })
        .collect();
    let analyzer = Analyzer::new();
    let params = Bm25Params::default();

    // Indexing: what `claim add` pays on top of its own row.
    let started = Instant::now();
    let docs: Vec<DocTerms> = texts
        .iter()
        .map(|(claim, title)| {
            DocTerms::new(
                &analyzer,
                &Document {
                    claim,
                    title,
                    context: "",
                },
            )
        })
        .collect();
    let analyse = started.elapsed();
    let rows: usize = docs.iter().map(|d| d.terms.len()).sum();
    let mut index = MemoryIndex::new();
    for (i, doc) in docs.iter().enumerate() {
        index.insert(i as i64, doc.clone());
    }
    println!(
        "{claims} claims, {rows} posting rows ({:.1} a claim)",
        rows as f64 / claims as f64
    );
    println!(
        "analysing a claim into its rows: {:.1} µs",
        analyse.as_secs_f64() * 1e6 / claims as f64
    );
    let started = Instant::now();
    for (claim, title) in &texts {
        std::hint::black_box(claimtrack::matching::text::clean(claim));
        std::hint::black_box(claimtrack::matching::text::clean(title));
    }
    let cleaning = started.elapsed();
    let started = Instant::now();
    for (claim, title) in &texts {
        std::hint::black_box(claimtrack::matching::text::fold(claim));
        std::hint::black_box(claimtrack::matching::text::fold(title));
    }
    let folding = started.elapsed();
    println!(
        "of which cleaning {:.1} µs, folding {:.1} µs\n",
        cleaning.as_secs_f64() * 1e6 / claims as f64,
        folding.as_secs_f64() * 1e6 / claims as f64
    );

    // Queries.
    let queries: Vec<String> = (0..300)
        .map(|_| {
            let (claim, _) = &texts[(rng.next() % claims as u64) as usize];
            let kept: Vec<&str> = claim.split(' ').filter(|_| rng.unit() < 0.6).collect();
            format!(
                "{} {} @Desk{} https://t.co/x{} #BreakingNews",
                kept.join(" "),
                vocabulary.sentence(&mut rng, 10),
                rng.next() % 100,
                rng.next() % 1000
            )
        })
        .collect();

    let mut fetched = Vec::new();
    let mut memory = Vec::new();
    for q in &queries {
        let started = Instant::now();
        let query = Query::new(&analyzer, q);
        let postings = index.postings(&query.term_list());
        let ranked = bm25f(&params, &query, &index.stats(), &postings);
        std::hint::black_box(ranked.first());
        memory.push(started.elapsed());
        fetched.push(postings.values().map(Vec::len).sum::<usize>());
    }
    fetched.sort();
    println!(
        "posting rows a query fetches: median {}, 95th percentile {}, most {}\n",
        fetched[fetched.len() / 2],
        fetched[fetched.len() * 95 / 100],
        fetched.last().copied().unwrap_or(0)
    );

    // SQLite: the rows a backend would hold, against FTS5 on the same texts.
    let dir = tempfile::tempdir()?;
    let conn = Connection::open(dir.path().join("bench.db"))?;
    conn.pragma_update(None, "journal_mode", "wal")?;
    conn.pragma_update(None, "synchronous", "full")?;
    conn.execute_batch(
        "CREATE TABLE claim (id INTEGER PRIMARY KEY, text TEXT NOT NULL, title TEXT NOT NULL);
         CREATE TABLE match_posting (term TEXT NOT NULL, doc INTEGER NOT NULL,
             tf_claim INTEGER NOT NULL, tf_title INTEGER NOT NULL, tf_context INTEGER NOT NULL,
             len_claim INTEGER NOT NULL, len_title INTEGER NOT NULL, len_context INTEGER NOT NULL,
             PRIMARY KEY (term, doc)) WITHOUT ROWID;
         CREATE TABLE match_stats (docs INTEGER NOT NULL, len_claim INTEGER NOT NULL, len_title INTEGER NOT NULL,
             len_context INTEGER NOT NULL);
         CREATE VIRTUAL TABLE claim_fts USING fts5 (text, title, tokenize = 'porter');",
    )?;

    let started = Instant::now();
    {
        let tx = conn.unchecked_transaction()?;
        let mut insert = tx.prepare("INSERT INTO claim (id, text, title) VALUES (?1, ?2, ?3)")?;
        for (i, (claim, title)) in texts.iter().enumerate() {
            insert.execute(params![i as i64, claim, title])?;
        }
        drop(insert);
        tx.commit()?;
    }
    let claim_rows = started.elapsed();

    let started = Instant::now();
    {
        let tx = conn.unchecked_transaction()?;
        // An import inserts its rows in the table's key order: appends to the B-tree instead of random inserts.
        let mut rows: Vec<(&str, usize)> = Vec::with_capacity(docs.len() * 26);
        for (i, doc) in docs.iter().enumerate() {
            rows.extend(
                doc.terms
                    .iter()
                    .enumerate()
                    .map(|(j, t)| (t.term.as_str(), i * 1000 + j)),
            );
        }
        rows.sort_unstable();
        let mut insert =
            tx.prepare("INSERT INTO match_posting VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        for (_, key) in rows {
            let (i, j) = (key / 1000, key % 1000);
            let (doc, t) = (&docs[i], &docs[i].terms[j]);
            insert.execute(params![
                t.term,
                i as i64,
                t.tf[0],
                t.tf[1],
                t.tf[2],
                doc.lengths[0],
                doc.lengths[1],
                doc.lengths[2]
            ])?;
        }
        drop(insert);
        let s = index.stats();
        tx.execute(
            "INSERT INTO match_stats VALUES (?1, ?2, ?3, ?4)",
            params![
                s.docs as i64,
                s.length_sums[0] as i64,
                s.length_sums[1] as i64,
                s.length_sums[2] as i64
            ],
        )?;
        tx.commit()?;
    }
    let posting_rows = started.elapsed();

    let started = Instant::now();
    conn.execute_batch(
        "INSERT INTO claim_fts (rowid, text, title) SELECT id, text, title FROM claim",
    )?;
    let fts_rows = started.elapsed();
    println!("| bulk load of {claims} claims | s | against the claim rows alone |");
    println!("|---|---|---|");
    println!(
        "| claim rows (id, text, title) | {:.2} | 1.00 |",
        claim_rows.as_secs_f64()
    );
    let ratio = |d: Duration| d.as_secs_f64() / claim_rows.as_secs_f64();
    println!(
        "| + analysing into rows | {:.2} | {:.2} |",
        analyse.as_secs_f64(),
        ratio(analyse)
    );
    println!(
        "| + posting rows, inserted in key order | {:.2} | {:.2} |",
        posting_rows.as_secs_f64(),
        ratio(posting_rows)
    );
    println!(
        "| FTS5 index of the same texts (reference) | {:.2} | {:.2} |\n",
        fts_rows.as_secs_f64(),
        ratio(fts_rows)
    );

    // One claim added in its own transaction, as `claim add` does, with and without its posting rows.
    let mut alone = Vec::new();
    let mut with_rows = Vec::new();
    for n in 0..200 {
        let (claim, title) = (
            vocabulary.sentence(&mut rng, 17),
            vocabulary.sentence(&mut rng, 9),
        );
        let id = (claims + n) as i64;
        let started = Instant::now();
        let tx = conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO claim (id, text, title) VALUES (?1, ?2, ?3)",
            params![id, claim, title],
        )?;
        tx.commit()?;
        alone.push(started.elapsed());

        let started = Instant::now();
        let tx = conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO claim (id, text, title) VALUES (?1, ?2, ?3)",
            params![id + 1_000_000, claim, title],
        )?;
        let doc = DocTerms::new(
            &analyzer,
            &Document {
                claim: &claim,
                title: &title,
                context: "",
            },
        );
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO match_posting VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for t in &doc.terms {
                insert.execute(params![
                    t.term,
                    id + 1_000_000,
                    t.tf[0],
                    t.tf[1],
                    t.tf[2],
                    doc.lengths[0],
                    doc.lengths[1],
                    doc.lengths[2]
                ])?;
            }
        }
        tx.execute(
            "UPDATE match_stats SET docs = docs + 1, len_claim = len_claim + ?1, len_title = len_title + ?2",
            params![doc.lengths[0], doc.lengths[1]],
        )?;
        tx.commit()?;
        with_rows.push(started.elapsed());
    }
    println!("| one claim added in its own transaction (WAL, synchronous=full) | median ms | p95 ms | max ms |");
    println!("|---|---|---|---|");
    let a = report("claim row alone", alone);
    let b = report("claim row + posting rows + stats", with_rows);
    println!(
        "index overhead of one claim add: {:.3} ms\n",
        (b.as_secs_f64() - a.as_secs_f64()) * 1e3
    );

    // Queries against the rows, warm.
    let stats = index.stats();
    let mut sqlite = Vec::new();
    let mut fts = Vec::new();
    let mut fetch = conn.prepare_cached(
        "SELECT doc, tf_claim, tf_title, tf_context, len_claim, len_title, len_context FROM match_posting WHERE term = ?1",
    )?;
    let mut fts_query = conn.prepare_cached(
        "SELECT rowid, bm25(claim_fts, 1.0, 1.5) AS rank FROM claim_fts WHERE claim_fts MATCH ?1 ORDER BY rank LIMIT 10",
    )?;
    for pass in 0..2 {
        for q in &queries {
            let started = Instant::now();
            let query = Query::new(&analyzer, q);
            let mut postings: HashMap<String, Vec<Posting<i64>>> = HashMap::new();
            for term in query.term_list() {
                let list = fetch
                    .query_map([&term], |r| {
                        Ok(Posting {
                            doc: r.get(0)?,
                            tf: [r.get(1)?, r.get(2)?, r.get(3)?],
                            lengths: [r.get(4)?, r.get(5)?, r.get(6)?],
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                postings.insert(term, list);
            }
            let ranked = bm25f(&params, &query, &stats, &postings);
            std::hint::black_box(ranked.first());
            let ours = started.elapsed();

            // FTS5: an OR of the query's words, as the reference measurement on CheckThat! did.
            let started = Instant::now();
            let words: Vec<String> = claimtrack::matching::text::clean(q)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| format!("\"{w}\""))
                .collect();
            let top: Vec<i64> = fts_query
                .query_map([words.join(" OR ")], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            std::hint::black_box(top.first());
            let theirs = started.elapsed();
            if pass == 1 {
                sqlite.push(ours);
                fts.push(theirs);
            }
        }
    }
    println!("| a match query, warm (300 tweet-like queries) | median ms | p95 ms | max ms |");
    println!("|---|---|---|---|");
    report("in memory: analyse + postings + BM25F", memory);
    let ours = report("SQLite rows: analyse + fetch + BM25F in Rust", sqlite);
    let theirs = report("SQLite FTS5 bm25() top 10 (reference)", fts);
    println!(
        "\nrows-in-Rust against FTS5, median: {:.2}×",
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
    Ok(())
}
