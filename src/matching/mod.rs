//! Claim matching: has this claim been checked already, in the desk or by a published fact-check?
//!
//! Pure, with no I/O, so that the embedded and the server desk rank alike:
//! - [`text`]: cleaning, folding, tokenising and stemming, the same for claims and for noisy queries;
//! - [`index`]: what a document contributes to the index, as rows a store can hold, and the reference
//!   in-memory store;
//! - [`rank`]: BM25F over those rows, and reciprocal-rank fusion;
//! - `embed` (feature `embeddings`): dense sentence vectors from a bundled encoder, fused with BM25F;
//! - [`claimreview`]: published fact-checks read from ClaimReview JSON-LD.

//! # What a store holds and answers
//! The ranking is computed here, in Rust, from integers a store returns, so the embedded and the server desk give
//! the same order by construction (no engine-side ranking: PostgreSQL's `ts_rank_cd` has no IDF, and FTS5's
//! `bm25()` cannot be reproduced there). A store keeps, in the same transaction as the claim or review it
//! indexes:
//! - `match_posting (term TEXT, doc, tf_claim, tf_title, tf_context, len_claim, len_title, len_context,
//!   PRIMARY KEY (term, doc))`, clustered by term (`WITHOUT ROWID` in SQLite; in PostgreSQL the primary key's
//!   B-tree, or `CLUSTER`): one row per distinct term of a document ([`index::DocTerms`]), the document's field
//!   lengths repeated on each row so that a query reads one key range per term and joins nothing. `doc` names
//!   a desk claim or an imported review (two id ranges, or a kind column in the key).
//! - `match_stats (docs, len_claim, len_title, len_context)`: one row, [`index::CorpusStats`], updated by the
//!   same transaction (`+1`/`-1` and the lengths).
//! - with the `embeddings` feature, `match_vector (doc PRIMARY KEY, model TEXT, vector BLOB)`: 384 bytes
//!   (`embed::quantise`), the model id beside it.
//!
//! Indexing a document is `DocTerms::new` and an insert of its rows (about 26 for a claim with an article
//! title); removing or re-indexing one deletes its rows by `(term, doc)` for the terms its old text gives
//! (the analyser is deterministic), so no index by `doc` is needed. A query is
//! `SELECT doc, tf_claim, tf_title, tf_context, len_claim, len_title, len_context FROM match_posting
//! WHERE term = ?` for each of [`rank::Query::term_list`] (or one `term IN (…)`), the stats row, then
//! [`rank::bm25f`]; with the feature, the vectors of the best [`rank::RERANK_DEPTH`] documents
//! (`WHERE doc IN (…)`) and [`rank::hybrid`]. Rows come back in any order: the scores do not depend on it.
//! A tweet-sized query on a 100k-claim desk reads about 7,000 posting rows (median; 11,000 at the 95th
//! percentile), see `examples/match_bench.rs`.

pub mod claimreview;
#[cfg(feature = "embeddings")]
pub mod embed;
pub mod index;
pub mod rank;
pub mod text;

#[cfg(test)]
mod pairs;
