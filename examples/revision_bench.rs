//! Times re-anchoring and the diff on a long article with scattered edits (`claimtrack::revision::synthetic`: every
//! sentence a claim; per 40 sentences one dropped, one figure changed, one attribution softened, one new sentence
//! put in, one punctuation edit; three in every 200 moved to the end), at two sizes, and prints each figure as a
//! ratio to scanning the two texts once (what building the two `Revision`s costs anyway), plus the growth from the
//! small size to the large one (10 for a linear cost).
//!
//! `nice cargo run --release --example revision_bench [-- SENTENCES]` (default 2000; the large size is ten times it).

use std::time::{Duration, Instant};

use claimtrack::model::{ArticleId, ClaimId};
use claimtrack::revision::{self, synthetic, Attribution, Claim, Revision};
use claimtrack::scanner;

/// The fastest of `runs` timings of `f` (the least disturbed by the other work on a shared machine).
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        fastest = fastest.min(start.elapsed());
        last = Some(out);
    }
    (fastest, last.expect("at least one run"))
}

struct Figures {
    sentences: usize,
    scan: Duration,
    reanchor: Duration,
    revise: Duration,
}

fn measure(n: usize) -> Figures {
    let edited = synthetic::edited(n);
    let claims: Vec<Claim> = scanner::scan(&edited.before)
        .into_iter()
        .filter(|s| s.claim)
        .enumerate()
        .map(|(k, s)| Claim {
            id: ClaimId(k as i64 + 1),
            text: s.text.clone(),
            span: Some((s.start, s.end)),
            attribution: Attribution {
                strength: s.strength,
                source: s.source.clone(),
                cue: scanner::governing_cue(s.strength, &s.cues),
                response: s.response,
            },
            has_verdict: k % 5 == 0,
        })
        .collect();
    let runs = if n > 5_000 { 3 } else { 7 };
    let (scan, (old, new)) = best(runs, || {
        (
            Revision::new(1, &edited.before),
            Revision::new(2, &edited.after),
        )
    });
    let (reanchor, anchors) = best(runs, || {
        revision::reanchor(&old, &new, &claims).expect("valid claims")
    });
    let (revise, revised) = best(runs, || {
        revision::revise(ArticleId(1), &old, &new, &claims).expect("valid claims")
    });
    assert_eq!(anchors, revised.anchors);
    let gone = anchors.iter().filter(|a| a.span.is_none()).count();
    println!(
        "{n:>6} sentences ({} KB, {} claims, {gone} gone, {} changes): scan of both texts {:.1} ms, reanchor {:.1} ms \
         ({:.2}x the scan), reanchor + diff {:.1} ms ({:.2}x the scan)",
        edited.before.len() / 1024,
        claims.len(),
        revised.diff.changes.len(),
        ms(scan),
        ms(reanchor),
        ratio(reanchor, scan),
        ms(revise),
        ratio(revise, scan),
    );
    Figures {
        sentences: n,
        scan,
        reanchor,
        revise,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("SENTENCES must be a number"))
        .unwrap_or(2000);
    let small = measure(n);
    let large = measure(n * 10);
    println!(
        "growth from {} to {} sentences: scan {:.1}x, reanchor {:.1}x, reanchor + diff {:.1}x (10x is linear)",
        small.sentences,
        large.sentences,
        ratio(large.scan, small.scan),
        ratio(large.reanchor, small.reanchor),
        ratio(large.revise, small.revise),
    );
}
