//! What the `embeddings` feature costs a command: loading the bundled encoder once per process, and embedding one
//! claim-sized text (what `claim add` and each `match` query would pay).
//!
//! `cargo run --release --features embeddings --example match_embed_cost`

#[cfg(feature = "embeddings")]
fn main() {
    use std::time::Instant;

    use claimtrack::matching::embed::Embedder;

    let started = Instant::now();
    let embedder = Embedder::new().expect("the bundled encoder loads");
    let load = started.elapsed();
    let texts = [
        "Ferry fares in Alderhaven have risen by 40 percent since the port was sold, the union said on Monday.",
        "Since the shipyard shut, unemployment in Tolland is twice what it was #Tolland https://t.co/x",
        "The regional hospital in Brask closed its maternity ward in March after the health board cut its budget.",
    ];
    let mut times = Vec::new();
    for round in 0..60 {
        let text = texts[round % texts.len()];
        let started = Instant::now();
        std::hint::black_box(embedder.embed(&[text]).expect("embeds"));
        times.push(started.elapsed());
    }
    times.sort();
    println!("load the encoder: {:.0} ms", load.as_secs_f64() * 1e3);
    println!(
        "embed one claim-sized text: median {:.1} ms, 95th percentile {:.1} ms",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() * 95 / 100].as_secs_f64() * 1e3
    );
}

#[cfg(not(feature = "embeddings"))]
fn main() {
    eprintln!("error: built without the encoder\nhint: cargo run --release --features embeddings --example match_embed_cost");
    std::process::exit(1);
}
