//! Dense sentence embeddings, the paraphrase signal beside BM25F (feature `embeddings`).
//!
//! The encoder is `pocket-encoder`: sentence-transformers' paraphrase-MiniLM-L3-v2 with its weights inside the
//! crate (4-bit, about 10 MB), run on the CPU in-process; nothing is fetched at build or run time. A vector is
//! 384 unit-length `f32`s; a store keeps it as 384 bytes ([`quantise`]), and similarity is the dot product of
//! two quantised vectors ([`similarity`]), which both backends compute identically in Rust.

use super::text;

/// The model and its preprocessing, to store beside the vectors: vectors of another model never compare.
pub fn model_id() -> String {
    let info = pocket_encoder::model_info();
    format!("{}@{}", info.id, info.revision)
}

/// Why an embedding could not be made.
#[derive(Debug, thiserror::Error)]
#[error("cannot embed: {0}")]
pub struct EmbedError(String);

/// The loaded encoder; cheap to clone.
#[derive(Clone)]
pub struct Embedder {
    encoder: pocket_encoder::Encoder,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Embedder(paraphrase-MiniLM-L3-v2)")
    }
}

/// Dimensions of a vector.
pub const DIMENSIONS: usize = 384;

impl Embedder {
    pub fn new() -> Result<Self, EmbedError> {
        pocket_encoder::Encoder::new()
            .map(|encoder| Self { encoder })
            .map_err(|e| EmbedError(e.to_string()))
    }

    /// One quantised vector per text; the text is cleaned as the lexical side cleans it (links and tags), and a
    /// text with nothing left gets `None`.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Option<Vec<i8>>>, EmbedError> {
        let cleaned: Vec<String> = texts.iter().map(|t| tidy(&text::clean(t))).collect();
        let present: Vec<&str> = cleaned
            .iter()
            .map(String::as_str)
            .filter(|t| !t.is_empty())
            .collect();
        let mut vectors = self
            .encoder
            .embed(&present)
            .map_err(|e| EmbedError(e.to_string()))?
            .into_iter();
        Ok(cleaned
            .iter()
            .map(|t| {
                if t.is_empty() {
                    None
                } else {
                    vectors.next().map(|v| quantise(&v))
                }
            })
            .collect())
    }
}

fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A unit vector as bytes: each coordinate times 127, rounded. The dot product of two such vectors over
/// 127² is the cosine within about 0.01, and it is exact integer arithmetic, the same on every store.
pub fn quantise(vector: &[f32]) -> Vec<i8> {
    vector
        .iter()
        .map(|&v| (v * 127.0).round().clamp(-127.0, 127.0) as i8)
        .collect()
}

/// The cosine of two quantised unit vectors, in `[-1, 1]`.
pub fn similarity(a: &[i8], b: &[i8]) -> f64 {
    let dot: i32 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum();
    f64::from(dot) / (127.0 * 127.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantised_similarity_tracks_the_cosine() {
        let a = [0.6f32, 0.8, 0.0];
        let b = [0.8f32, 0.6, 0.0];
        assert!((similarity(&quantise(&a), &quantise(&b)) - 0.96).abs() < 0.01);
        assert!((similarity(&quantise(&a), &quantise(&a)) - 1.0).abs() < 0.01);
    }

    #[test]
    fn a_paraphrase_is_nearer_than_another_claim() {
        let embedder = Embedder::new().unwrap();
        let v = embedder
            .embed(&[
                "The jobless rate doubled.",
                "Unemployment is twice what it was.",
                "The harbour bridge reopened after repairs.",
                "https://t.co/x #",
            ])
            .unwrap();
        let (claim, paraphrase, other) = (
            v[0].as_ref().unwrap(),
            v[1].as_ref().unwrap(),
            v[2].as_ref().unwrap(),
        );
        assert!(similarity(claim, paraphrase) > similarity(claim, other));
        assert_eq!(v[3], None);
    }
}
