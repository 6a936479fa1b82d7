//! Benchmarks the scanner on a generated news-like text of at least 50 MB (deterministic; sentences built here
//! from our own fragments), dense in cues: every sentence is an attribution, a hedge, a denial or a
//! non-response, in the shapes real copy uses (appositives, closing and inverted sources, "according to",
//! quotations that run on, documents, other media, unnamed sources).
//!
//! `cargo run --release --example scan_bench [-- MEGABYTES]` — in process, on one core, reports MB/s and peak
//! memory (`VmHWM` of /proc/self/status).
//! `cargo run --release --example scan_bench -- --write FILE [MEGABYTES]` — writes the text to FILE instead,
//! for the whole-process benchmark `scripts/scan-bench`.
//!
//! Five passes: `split` alone; `scan_iter`, consuming each sentence as it comes (the streaming use); the JSON
//! writer of `scan --format json` over the scanner's borrowed views, into a sink; `scan_iter` on the first
//! tenth of the text, whose MB/s should match (cost linear in the input); and `scan`, which keeps
//! every `Sentence` (with its own copy of the text) in one `Vec`. The tenth runs before `scan` so that it does
//! not pay for the allocator's clean-up after `scan`'s hundreds of megabytes. The peak is reset between passes
//! through /proc/self/clear_refs where the kernel allows it.
//!
//! Each pass prints MB/s by the wall clock and by the time the thread was actually on a CPU
//! (/proc/thread-self/schedstat); on a shared machine the second is the steadier figure. Pin it to one core:
//! `taskset -c 1 cargo run --release --example scan_bench`.

use std::time::Instant;

use claimtrack::render::scan::write_json;
use claimtrack::scanner::{scan, scan_iter, split};

const PEOPLE: &[&str] = &[
    "Ana Ruiz, the union's general secretary,",
    "Mr. Halvorsen",
    "Dr. Amaya Reyes of the Coastal Research Institute",
    "Transport Minister Tomas Verhallen",
    "the mayor, Lena Osterholt,",
];
const BODIES: &[&str] = &[
    "The Ministry of Transport",
    "The regional council",
    "The port authority",
    "Corvel Inc.",
    "The Dockers' Union",
];
const UNNAMED: &[&str] = &[
    "Officials in the U.S. capital",
    "Two people familiar with the talks",
    "Residents of the harbour district",
    "A senior official, who spoke on condition of anonymity,",
    "Critics of the plan",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "announced",
    "confirmed",
    "wrote in a letter",
    "warned",
    "insisted",
];
const CLAIMS: &[&str] = &[
    "fares would rise by 3.5 percent from Jan. 3",
    "the bridge had been closed since 5 p.m. on Friday",
    "the plant discharged waste into the river",
    "about 1,200 jobs were at risk",
    "the contract was signed without a tender",
    "the budget had been overspent by 2.4 million crowns",
];
const SENTENCES: &[&str] = &[
    "The company did not respond to a request for comment.",
    "According to court filings, the firm paid 2.4 million crowns.",
    "The plan was reportedly shelved last year.",
    "The harbour master has not officially commented on the findings.",
    "The operator denied the allegations, calling them baseless.",
    "The mayor allegedly took payments from two brokers.",
    "The shortfall may have been caused by a pricing error, the audit found.",
    "An internal report seen by this newspaper shows that inspections were skipped.",
    "The Northern Courier reported that two brokers had left the country.",
    "It is not clear who ordered the closure.",
    "The ministry declined to say when the review would end.",
    "Suspected smugglers were seen near the quay on Monday.",
];

/// Counts the bytes written to it and keeps none.
struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A small deterministic generator (xorshift), so the text is the same on every run.
struct Rng(u64);

impl Rng {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        items[(self.0 % items.len() as u64) as usize]
    }
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn generate(target: usize) -> String {
    let mut out = String::with_capacity(target + 4096);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut n = 0u64;
    while out.len() < target {
        n += 1;
        if n % 60 == 1 {
            out.push_str("Council votes on transport plan\n\n");
        }
        match n % 6 {
            0 => {
                let who = rng.pick([PEOPLE, BODIES, UNNAMED][(n / 6 % 3) as usize]);
                out.push_str(&capitalised(who));
                out.push(' ');
                out.push_str(rng.pick(VERBS));
                out.push_str(" that ");
                out.push_str(rng.pick(CLAIMS));
                out.push('.');
            }
            1 => {
                out.push('"');
                out.push_str(&capitalised(rng.pick(CLAIMS)));
                out.push_str(",\" ");
                out.push_str(rng.pick(PEOPLE).trim_end_matches(','));
                out.push_str(" said. \"We will not move.\"");
            }
            2 => {
                out.push_str(&capitalised(rng.pick(CLAIMS)));
                out.push_str(", ");
                out.push_str(&rng.pick(UNNAMED).to_lowercase());
                out.push_str(" said.");
            }
            3 => {
                out.push_str("According to ");
                out.push_str(&rng.pick(BODIES).to_lowercase());
                out.push_str(", ");
                out.push_str(rng.pick(CLAIMS));
                out.push('.');
            }
            _ => out.push_str(rng.pick(SENTENCES)),
        }
        out.push_str(if n.is_multiple_of(5) { "\n\n" } else { " " });
    }
    out
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn reset_peak() {
    // "5" resets the peak resident set size (Linux 4.0+); ignored where not allowed.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Nanoseconds this thread has spent on a CPU, where the kernel tells.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Times `f`: (wall seconds, on-CPU seconds if known, its result).
fn timed<T>(f: impl FnOnce() -> T) -> (f64, Option<f64>, T) {
    let cpu = cpu_ns();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed().as_secs_f64();
    let on_cpu = cpu.zip(cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e9);
    (wall, on_cpu, out)
}

fn report(name: &str, bytes: usize, (seconds, cpu): (f64, Option<f64>), sentences: usize) {
    let mb = bytes as f64 / 1e6;
    let peak = peak_kib().map(|k| k as f64 * 1024.0 / 1e6);
    let peak_text = peak.map_or("n/a".to_string(), |p| {
        format!("{p:.1} MB = {:.2}x input", p / mb)
    });
    let cpu_text = cpu.map_or("n/a".to_string(), |c| format!("{:.1}", mb / c));
    println!(
        "{name:<12} {sentences:>9} sentences  {:>7.1} MB/s (on-CPU {cpu_text} MB/s)  peak {peak_text}",
        mb / seconds
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--write") {
        let Some(path) = args.get(1) else {
            eprintln!("usage: scan_bench --write FILE [MEGABYTES]");
            std::process::exit(2);
        };
        let megabytes: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(50);
        if let Err(e) = std::fs::write(path, generate(megabytes * 1_000_000)) {
            eprintln!("error: cannot write `{path}`: {e}");
            std::process::exit(1);
        }
        return;
    }
    let megabytes: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(50);
    let text = generate(megabytes * 1_000_000);
    let mb = text.len() as f64 / 1e6;
    println!("input {mb:.1} MB of generated news-like text");

    // Warm-up builds the lexicon outside the timed passes.
    let _ = scan("Warm up, the ministry said.");

    reset_peak();
    let (wall, cpu, spans) = timed(|| split(&text));
    report("split", text.len(), (wall, cpu), spans.len());
    drop(spans);

    reset_peak();
    let (wall, cpu, (count, claims)) = timed(|| {
        let mut count = 0;
        let mut claims = 0;
        for s in scan_iter(&text) {
            count += 1;
            claims += usize::from(s.claim);
        }
        (count, claims)
    });
    report("scan_iter", text.len(), (wall, cpu), count);

    // The JSON writer over the borrowed views, as `scan --format json` runs it (into a sink).
    reset_peak();
    let (wall, cpu, written) = timed(|| {
        let mut out = CountingSink(0);
        write_json(&text, 0, &mut out).map(|()| out.0)
    });
    report("json", text.len(), (wall, cpu), count);
    if let Ok(bytes) = written {
        println!("json output {:.1} MB", bytes as f64 / 1e6);
    }

    // Linearity: the same per-byte cost on a tenth of the text.
    reset_peak();
    let tenth = &text[..text.len() / 10];
    let cut = tenth.rfind(". ").map_or(tenth.len(), |i| i + 1);
    let (wall, cpu, n) = timed(|| scan_iter(&text[..cut]).count());
    report("scan_iter/10", cut, (wall, cpu), n);

    reset_peak();
    let (wall, cpu, all) = timed(|| scan(&text));
    report("scan", text.len(), (wall, cpu), all.len());
    println!("claims {claims}");
    drop(all);
}
