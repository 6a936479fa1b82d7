//! Claim matching: has this claim been checked already, in the desk or by a published fact-check?
//!
//! Pure, with no I/O, so that the embedded and the server desk rank alike:
//! - [`text`]: cleaning, folding, tokenising and stemming, the same for claims and for noisy queries;
//! - [`index`]: what a document contributes to the index, as rows a store can hold, and the reference
//!   in-memory store;
//! - [`rank`]: BM25F over those rows, its 0–1 normalisation, and reciprocal-rank fusion;
//! - `embed` (feature `embeddings`): dense sentence vectors from a bundled encoder, fused with BM25F;
//! - [`claimreview`]: published fact-checks read from ClaimReview JSON-LD;
//! - [`segment`]: the index as a store keeps it (segments of postings blobs), and the rules for keeping it.
//!
//! # What a store holds and answers
//! The ranking is computed here, in Rust, from what a store returns, so the embedded and the server desk give the
//! same order by construction (no engine-side ranking: PostgreSQL's `ts_rank_cd` has no IDF, and FTS5's `bm25()`
//! cannot be reproduced there). A store keeps, in the same transaction as the claims and reviews it indexes, the
//! rows of [`segment`]: one row per segment (its document count, the live totals BM25 normalises by, its
//! document list and deleted list) and one row per (segment, term) with that term's postings as a blob. One row
//! per posting was measured first and dropped: 33.6 s to bulk-load 100,000 claims' 2.6 million rows against
//! 0.48 s for the claim rows.
//!
//! Indexing is [`index::DocTerms::new`] per document and a [`segment::SegmentBuilder`], written once per write
//! transaction; a query reads every segment's totals and deleted list, the blobs of its terms
//! ([`rank::Query::term_list`]) in each segment, decodes them ([`segment::Snapshot`]), and ranks with
//! [`rank::bm25f`]; [`rank::normalised`] puts each score on 0–1. With the `embeddings` feature, the hybrid
//! re-ranks BM25F's best [`rank::RERANK_DEPTH`] by their vectors ([`rank::hybrid`]); the desk does not store
//! vectors (see the README's Matching section for why).

pub mod claimreview;
#[cfg(feature = "embeddings")]
pub mod embed;
pub mod index;
pub mod rank;
pub mod segment;
pub mod text;

#[cfg(test)]
mod pairs;
