//! What keeping and asking the match index costs inside one process, on a desk `scripts/bench-matching` imported
//! (a copy of it, so the desk is left as it was): the parts of its whole-process figures.
//!
//! `cargo run --release --example match_targets -- DESK.db`
//!
//! - analysing a claim into its terms (µs);
//! - one claim added in its own transaction, as `claim add` writes it, with and without its index segment (the
//!   setting read, the article's title, the analysis, the segment and the merges the ledger runs): the difference
//!   is what keeping the index costs a `claim add`;
//! - a `match` ranking in process, and the looks-like note `claim add` prints (the same query, then what it
//!   matched).

use std::time::{Duration, Instant};

use claimtrack::backend::sqlite::SqliteBackend;
use claimtrack::backend::{Backend, ClaimRow, Transaction};
use claimtrack::error::Error;
use claimtrack::ledger::{ClaimFilter, DbTarget, Ledger, Mode};
use claimtrack::matching::index::{CorpusStats, DocTerms, Document};
use claimtrack::matching::segment::{self, Batch, DocKey, NewSegment, SegmentInfo, SegmentStore};
use claimtrack::matching::text::Analyzer;
use claimtrack::model::{ArticleId, ClaimId, Status, Strength, Timestamp};

struct Tx<'t, 'a>(&'t mut (dyn Transaction + 'a));

impl SegmentStore for Tx<'_, '_> {
    type Error = Error;
    fn segments(&self) -> Result<Vec<SegmentInfo>, Error> {
        self.0.match_segments()
    }
    fn doc_list(&self, segment: i64) -> Result<Vec<u8>, Error> {
        Ok(self.0.match_doc_list(segment)?.unwrap_or_default())
    }
    fn term_blobs(&self, segment: i64) -> Result<Vec<(String, Vec<u8>)>, Error> {
        self.0.match_segment_terms(segment)
    }
    fn insert(&mut self, segment: &NewSegment) -> Result<i64, Error> {
        self.0.insert_match_segment(segment)
    }
    fn insert_terms(&mut self, segment: i64, terms: &[(String, Vec<u8>)]) -> Result<(), Error> {
        self.0.insert_match_terms(segment, terms)
    }
    fn update(&mut self, segment: i64, live: &CorpusStats, deleted: &[u8]) -> Result<(), Error> {
        self.0.update_match_segment(segment, live, deleted)
    }
    fn delete(&mut self, segment: i64) -> Result<(), Error> {
        self.0.delete_match_segment(segment)
    }
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

fn percentile(mut times: Vec<Duration>, p: f64) -> f64 {
    times.sort();
    times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(desk) = std::env::args().nth(1) else {
        eprintln!(
            "error: which desk?\nhint: cargo run --release --example match_targets -- DESK.db"
        );
        std::process::exit(2);
    };
    let dir = tempfile::tempdir()?;
    let copy = dir.path().join("desk.db");
    // A consistent copy, WAL included.
    SqliteBackend::open(std::path::Path::new(&desk))?.backup(&copy, &mut |_, _| {})?;

    let ledger = Ledger::open(&DbTarget::File(copy.clone()), Mode::Write)?;
    let mut texts: Vec<(ClaimId, String)> = Vec::new();
    ledger.read().each_claim(&ClaimFilter::default(), |claim| {
        texts.push((claim.id, claim.text));
        Ok(())
    })?;
    let title = ledger.read().article(ArticleId(1))?.title;
    println!("{} claims", texts.len());

    let analyzer = Analyzer::new();
    let started = Instant::now();
    for (_, text) in texts.iter().take(20_000) {
        std::hint::black_box(DocTerms::new(
            &analyzer,
            &Document {
                claim: text,
                title: &title,
                context: "",
            },
        ));
    }
    let analysed = texts.len().min(20_000);
    println!(
        "analysing a claim and its title: {:.1} µs",
        started.elapsed().as_secs_f64() * 1e6 / analysed as f64
    );

    let sample: Vec<&(ClaimId, String)> = texts.iter().step_by(texts.len() / 40 + 1).collect();
    let mut ranking = Vec::new();
    let mut note = Vec::new();
    for (id, text) in &sample {
        let db = ledger.read();
        let started = Instant::now();
        std::hint::black_box(db.rank_matches(text, None)?);
        ranking.push(started.elapsed());
        let started = Instant::now();
        std::hint::black_box(db.looks_like(*id)?);
        note.push(started.elapsed());
    }
    println!(
        "match ranking in process: median {:.2} ms, 95th percentile {:.2} ms",
        median(ranking.clone()),
        percentile(ranking, 0.95)
    );
    println!(
        "the looks-like note of one claim: median {:.2} ms, 95th percentile {:.2} ms",
        median(note.clone()),
        percentile(note, 0.95)
    );
    drop(ledger);

    let mut backend = SqliteBackend::open(&copy)?;
    let now: Timestamp = "2026-11-28T10:00:00Z".parse()?;
    let (mut alone, mut indexed) = (Vec::new(), Vec::new());
    // The same up to the commit: the commit's sync is the same work for both but can swamp the difference.
    let (mut alone_work, mut indexed_work) = (Vec::new(), Vec::new());
    for (n, (_, text)) in sample.iter().cycle().take(200).enumerate() {
        for with_index in [false, true] {
            let key = format!("bench-{n}-{with_index}");
            let started = Instant::now();
            let mut tx = backend.begin()?;
            let row = ClaimRow {
                article: ArticleId(1),
                key: &key,
                text,
                span: None,
                source: None,
                cue: None,
                strength: Strength::Unattributed,
                response: None,
                source_kind: None,
                status: Status::Unverified,
                created_at: now,
            };
            let id = tx.insert_claims(&[row])?[0];
            if with_index {
                std::hint::black_box(tx.setting("match_index")?);
                let title = tx
                    .article(ArticleId(1))?
                    .map(|a| a.title)
                    .unwrap_or_default();
                let terms = DocTerms::new(
                    &analyzer,
                    &Document {
                        claim: text,
                        title: &title,
                        context: "",
                    },
                );
                let mut batch = Batch::default();
                batch.segment.add(DocKey::Claim(id.0), &terms)?;
                segment::apply(&mut Tx(&mut *tx), batch).map_err(|e| format!("{e:?}"))?;
            }
            if with_index {
                indexed_work.push(started.elapsed());
            } else {
                alone_work.push(started.elapsed());
            }
            tx.commit()?;
            if with_index {
                indexed.push(started.elapsed());
            } else {
                alone.push(started.elapsed());
            }
        }
    }
    let (a, b) = (median(alone.clone()), median(indexed.clone()));
    println!(
        "one claim in its own transaction (WAL, synchronous=full): {a:.3} ms alone, {b:.3} ms with its segment \
         (95th percentile {:.3} against {:.3}): the index costs {:.3} ms",
        percentile(indexed, 0.95),
        percentile(alone, 0.95),
        b - a
    );
    let (a, b) = (median(alone_work), median(indexed_work));
    println!(
        "the same before its commit: {a:.3} ms alone, {b:.3} ms with its segment: the index costs {:.3} ms",
        b - a
    );
    let segments = SqliteBackend::open(&copy)?.rows().match_segments()?;
    println!(
        "segments after 200 more claims: {} ({:?} documents)",
        segments.len(),
        segments.iter().map(|s| s.docs).collect::<Vec<_>>()
    );
    Ok(())
}
