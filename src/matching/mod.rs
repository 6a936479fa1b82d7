//! Claim matching: has this claim been checked already, in the desk or by a published fact-check?
//!
//! Pure, with no I/O, so that the embedded and the server desk rank alike:
//! - [`text`]: cleaning, folding, tokenising and stemming, the same for claims and for noisy queries;
//! - [`index`]: what a document contributes to the index, as rows a store can hold, and the reference
//!   in-memory store;
//! - [`rank`]: BM25F over those rows, and reciprocal-rank fusion;
//! - `embed` (feature `embeddings`): dense sentence vectors from a bundled encoder, fused with BM25F;
//! - [`claimreview`]: published fact-checks read from ClaimReview JSON-LD.

pub mod claimreview;
#[cfg(feature = "embeddings")]
pub mod embed;
pub mod index;
pub mod rank;
pub mod text;

#[cfg(test)]
mod pairs;
