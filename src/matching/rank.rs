//! Ranking: BM25F over the fields of [`super::index`], and reciprocal-rank fusion of several rankings.
//!
//! BM25F (Robertson, Zaragoza and Taylor's "simple BM25F"): each field's term frequency is normalised by that
//! field's length against its average, the normalised frequencies are summed with the field weights into one
//! pseudo-frequency, and that is saturated once with `k1` and multiplied by the term's IDF. Saturating once over
//! the summed fields (rather than adding up one BM25 per field) keeps a term that appears in both the claim and
//! its headline from counting twice as much as it should.
//!
//! The result is deterministic from the integers a store returns: query terms are visited in sorted order, each
//! document's score is summed in that order, and ties are broken by the document key. Two stores with the same
//! rows give the same scores to the last bit and so the same order.

use std::collections::HashMap;
use std::hash::Hash;

use super::index::{CorpusStats, Field, PerField, Posting, PostingSource};
use super::text::Analyzer;

/// BM25F's parameters: one saturation constant, a weight and a length normalisation per field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bm25Params {
    pub k1: f64,
    pub weight: PerField<f64>,
    pub b: PerField<f64>,
}

impl Default for Bm25Params {
    /// Tuned on CheckThat! 2022 2A's train and dev-test splits (`examples/match_eval.rs --tune`): the title
    /// weighs 1.5 and the context 0.5 against the claim; k1 and b barely move the figure (within 0.002 MAP@5
    /// over k1 0.8–2.2 and b 0.5–0.9), so they stay at the textbook 1.2 and 0.75. On the desk the context field
    /// holds a claim's article title (the evaluation's fact-checks have no article).
    fn default() -> Self {
        Self {
            k1: 1.2,
            weight: [1.0, 1.5, 0.5],
            b: [0.75, 0.75, 0.75],
        }
    }
}

/// A query as the ranker takes it: distinct terms, sorted, each with a weight (1 for the query's own terms; an
/// expansion may add others with less).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub terms: Vec<(String, f64)>,
}

impl Query {
    /// The distinct terms of `text`, each weighted 1 however often it occurs: a tweet repeats a word for
    /// emphasis, not because the claim holds it twice.
    pub fn new(analyzer: &Analyzer, text: &str) -> Self {
        let mut all = analyzer.terms(text);
        all.sort();
        all.dedup();
        Self {
            terms: all.into_iter().map(|t| (t, 1.0)).collect(),
        }
    }

    /// Adds `term` with `weight`, or raises the weight of a term already there to it; keeps the order sorted.
    pub fn add(&mut self, term: String, weight: f64) {
        match self.terms.binary_search_by(|(t, _)| t.as_str().cmp(&term)) {
            Ok(at) => self.terms[at].1 = self.terms[at].1.max(weight),
            Err(at) => self.terms.insert(at, (term, weight)),
        }
    }

    /// The distinct terms, for fetching postings.
    pub fn term_list(&self) -> Vec<String> {
        self.terms.iter().map(|(t, _)| t.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// One ranked document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored<D> {
    pub doc: D,
    /// The raw BM25F score (or the fused score): only comparable within one query.
    pub score: f64,
    /// The share of the query's weight that this document matches, in `[0, 1]`: the IDF-weighted, saturated
    /// fraction of the query's known terms found in the document. Comparable across queries, so thresholds
    /// ("looks like an already-rated claim") are set on it.
    pub similarity: f64,
}

/// Robertson–Spärck Jones IDF, floored at zero by the `1 +` (Lucene's form): a term in every document adds nothing
/// rather than subtracting.
pub fn idf(docs: u64, df: u64) -> f64 {
    let (n, df) = (docs as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Ranks every document that holds at least one query term, best first.
pub fn bm25f<D: Copy + Eq + Hash + Ord>(
    params: &Bm25Params,
    query: &Query,
    stats: &CorpusStats,
    postings: &HashMap<String, Vec<Posting<D>>>,
) -> Vec<Scored<D>> {
    bm25f_top(params, query, stats, postings, |_| true, usize::MAX)
}

/// The `limit` best of the documents [`bm25f`] ranks that `keep` accepts, best first: exactly the first ones of
/// [`bm25f`]'s list with the others left out, for less than ranking them all. Sorting every document that shares
/// a word with the query was a third of a `match` on a 100,000-claim desk; `match` shows ten and a looks-like
/// note only looks at those above its threshold.
pub fn bm25f_top<D: Copy + Eq + Hash + Ord>(
    params: &Bm25Params,
    query: &Query,
    stats: &CorpusStats,
    postings: &HashMap<String, Vec<Posting<D>>>,
    keep: impl Fn(&Scored<D>) -> bool,
    limit: usize,
) -> Vec<Scored<D>> {
    let average: PerField<f64> = Field::ALL.map(|f| stats.average_length(f));
    // Each document's score is summed in query-term order whatever the map; a fast hash only saves time
    // (SipHash was an eighth of a `match`), and the order of the result is set by the sort below.
    let mut scores: HashMap<D, f64, foldhash::fast::FixedState> = HashMap::default();
    let mut query_weight = 0.0;
    for (term, weight) in &query.terms {
        let Some(list) = postings.get(term).filter(|l| !l.is_empty()) else {
            continue;
        };
        let idf = weight * idf(stats.docs.max(list.len() as u64), list.len() as u64);
        query_weight += idf;
        for posting in list {
            let tf = pseudo_frequency(params, &average, posting);
            if tf > 0.0 {
                *scores.entry(posting.doc).or_default() += idf * tf / (params.k1 + tf);
            }
        }
    }
    let mut ranked: Vec<Scored<D>> = scores
        .into_iter()
        .map(|(doc, score)| Scored {
            doc,
            score,
            similarity: if query_weight > 0.0 {
                score / query_weight
            } else {
                0.0
            },
        })
        .filter(|scored| keep(scored))
        .collect();
    if limit < ranked.len() {
        // The order is total (score, then key), so the `limit` best are the same whichever way they are found.
        ranked.select_nth_unstable_by(limit, compare_ranked);
        ranked.truncate(limit);
    }
    sort_ranked(&mut ranked);
    ranked
}

fn compare_ranked<D: Ord>(a: &Scored<D>, b: &Scored<D>) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then_with(|| a.doc.cmp(&b.doc))
}

fn pseudo_frequency<D>(params: &Bm25Params, average: &PerField<f64>, posting: &Posting<D>) -> f64 {
    let mut tf = 0.0;
    for field in Field::ALL {
        let i = field.index();
        if posting.tf[i] == 0 || params.weight[i] == 0.0 {
            continue;
        }
        let ratio = if average[i] > 0.0 {
            f64::from(posting.lengths[i]) / average[i]
        } else {
            1.0
        };
        let norm = 1.0 - params.b[i] + params.b[i] * ratio;
        tf += params.weight[i] * f64::from(posting.tf[i]) / norm;
    }
    tf
}

/// Best first; equal scores by document key, so that the order never depends on hash order or on the order a
/// store returned its rows in.
pub fn sort_ranked<D: Ord>(ranked: &mut [Scored<D>]) {
    // Keys are unique, so the order is total and an unstable sort gives the one order there is.
    ranked.sort_unstable_by(compare_ranked);
}

/// The BM25F score the query's own text would get as a document of the index (in the claim field), against
/// the query of its distinct terms: what an exact restatement of the query scores. Terms the index does not hold
/// count for nothing, as in [`bm25f`]. `own` is the query text's [`DocTerms`](super::index::DocTerms).
pub fn self_score<D>(
    params: &Bm25Params,
    own: &super::index::DocTerms,
    stats: &CorpusStats,
    postings: &HashMap<String, Vec<Posting<D>>>,
) -> f64 {
    let average: PerField<f64> = Field::ALL.map(|f| stats.average_length(f));
    let mut score = 0.0;
    for count in &own.terms {
        let Some(list) = postings.get(&count.term).filter(|l| !l.is_empty()) else {
            continue;
        };
        let idf = idf(stats.docs.max(list.len() as u64), list.len() as u64);
        let tf = pseudo_frequency(
            params,
            &average,
            &Posting {
                doc: (),
                tf: count.tf,
                lengths: own.lengths,
            },
        );
        if tf > 0.0 {
            score += idf * tf / (params.k1 + tf);
        }
    }
    score
}

/// A document's score against a query on a scale of 0 to 1: its BM25F score over the query's [`self_score`],
/// capped at 1. 1 is a document that matches the query as well as the query's own words would (a restatement);
/// 0 shares nothing with it. Within one query it orders documents as BM25F does.
pub fn normalised(score: f64, self_score: f64) -> f64 {
    if self_score > 0.0 {
        (score / self_score).min(1.0)
    } else {
        0.0
    }
}

/// Fetches the query's postings from `source` and ranks them.
pub fn search<D: Copy + Eq + Hash + Ord>(
    params: &Bm25Params,
    analyzer: &Analyzer,
    source: &impl PostingSource<D>,
    text: &str,
) -> Vec<Scored<D>> {
    let query = Query::new(analyzer, text);
    if query.is_empty() {
        return Vec::new();
    }
    let postings = source.postings(&query.term_list());
    bm25f(params, &query, &source.stats(), &postings)
}

/// Reciprocal-rank fusion (Cormack, Clarke and Büttcher): each list adds `weight / (k + rank)` for a document
/// at `rank` (from 1); the similarity kept is the best one any list gave the document.
pub fn reciprocal_rank_fusion<D: Copy + Eq + Hash + Ord>(
    lists: &[(&[Scored<D>], f64)],
    k: f64,
) -> Vec<Scored<D>> {
    let mut fused: HashMap<D, Scored<D>> = HashMap::new();
    for (list, weight) in lists {
        for (rank, hit) in list.iter().enumerate() {
            let entry = fused.entry(hit.doc).or_insert(Scored {
                doc: hit.doc,
                score: 0.0,
                similarity: 0.0,
            });
            entry.score += weight / (k + rank as f64 + 1.0);
            entry.similarity = entry.similarity.max(hit.similarity);
        }
    }
    let mut ranked: Vec<Scored<D>> = fused.into_values().collect();
    sort_ranked(&mut ranked);
    ranked
}

/// How many of BM25F's best the dense signal re-ranks: its vectors are fetched for these documents only.
pub const RERANK_DEPTH: usize = 100;

/// The dense ranking's weight against BM25F's in the fusion (tuned on CheckThat! train and dev-test).
pub const DENSE_WEIGHT: f64 = 0.5;

/// Reciprocal-rank fusion's constant, Cormack et al.'s 60 (20 measured within 0.002 MAP@5 on train).
pub const RRF_K: f64 = 60.0;

/// The shipped hybrid: BM25F's best [`RERANK_DEPTH`] re-ranked by fusing BM25F's order with the order of their
/// dense similarities to the query (`dense`: document and cosine, for any of those documents that has a
/// vector). The similarity kept is BM25F's, so a threshold means the same with and without the dense signal.
pub fn hybrid<D: Copy + Eq + Hash + Ord>(
    lexical: &[Scored<D>],
    dense: &[(D, f64)],
) -> Vec<Scored<D>> {
    let lexical = &lexical[..lexical.len().min(RERANK_DEPTH)];
    let mut semantic: Vec<Scored<D>> = dense
        .iter()
        .filter(|(doc, _)| lexical.iter().any(|h| h.doc == *doc))
        .map(|&(doc, cosine)| Scored {
            doc,
            score: cosine,
            similarity: 0.0,
        })
        .collect();
    sort_ranked(&mut semantic);
    reciprocal_rank_fusion(&[(lexical, 1.0), (&semantic, DENSE_WEIGHT)], RRF_K)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::index::{DocTerms, Document, MemoryIndex};

    fn index(docs: &[(u32, &str, &str)]) -> MemoryIndex<u32> {
        let analyzer = Analyzer::new();
        let mut index = MemoryIndex::new();
        for &(id, claim, title) in docs {
            index.insert(
                id,
                DocTerms::new(
                    &analyzer,
                    &Document {
                        claim,
                        title,
                        context: "",
                    },
                ),
            );
        }
        index
    }

    fn order(hits: &[Scored<u32>]) -> Vec<u32> {
        hits.iter().map(|h| h.doc).collect()
    }

    #[test]
    fn idf_is_positive_and_falls_with_document_frequency() {
        assert!(idf(100, 1) > idf(100, 10));
        assert!(idf(100, 100) > 0.0);
        assert!((idf(1, 1) - (1.0f64 + 0.5 / 1.5).ln()).abs() < 1e-12);
    }

    #[test]
    fn a_rare_term_outranks_a_common_one_and_length_normalises() {
        let index = index(&[
            (1, "The council approved the harbour budget.", ""),
            (2, "The council approved the school budget.", ""),
            (3, "The council approved the school budget after a long debate about school buses and budget cuts.", ""),
            (4, "Harbour pilots went on strike.", ""),
        ]);
        let hits = search(
            &Bm25Params::default(),
            &Analyzer::new(),
            &index,
            "harbour budget approved",
        );
        assert_eq!(order(&hits), [1, 2, 4, 3]);
        assert!(hits[0].similarity > hits[1].similarity);
        assert!(hits.iter().all(|h| (0.0..=1.0).contains(&h.similarity)));
    }

    #[test]
    fn the_title_field_counts_with_its_weight() {
        let index = index(&[
            (1, "Prices rose.", "Bus timetable"),
            (2, "Prices rose.", "Ferry fares"),
        ]);
        let hits = search(
            &Bm25Params::default(),
            &Analyzer::new(),
            &index,
            "ferry prices",
        );
        assert_eq!(order(&hits), [2, 1]);
        let no_title = Bm25Params {
            weight: [1.0, 0.0, 0.0],
            ..Bm25Params::default()
        };
        let hits = search(&no_title, &Analyzer::new(), &index, "ferry prices");
        assert_eq!(order(&hits), [1, 2]);
        assert_eq!(
            hits[0].score, hits[1].score,
            "ties are broken by key, not by the title"
        );
    }

    #[test]
    fn postings_in_any_row_order_give_identical_scores() {
        let index = index(&[
            (1, "Fares rose on the ferry.", "Ferry"),
            (2, "Ferry fares fell.", ""),
            (3, "Fares", "Fares fares"),
        ]);
        let analyzer = Analyzer::new();
        let query = Query::new(&analyzer, "ferry fares rose");
        let mut postings = index.postings(&query.term_list());
        let forward = bm25f(&Bm25Params::default(), &query, &index.stats(), &postings);
        for list in postings.values_mut() {
            list.reverse();
        }
        let backward = bm25f(&Bm25Params::default(), &query, &index.stats(), &postings);
        assert_eq!(forward, backward);
    }

    #[test]
    fn a_restatement_scores_one_and_the_scale_follows_bm25f() {
        let docs = [
            (1, "The council approved the harbour budget.", ""),
            (2, "The council approved the school budget.", ""),
            (3, "Harbour pilots went on strike.", ""),
        ];
        let index = index(&docs);
        let analyzer = Analyzer::new();
        let params = Bm25Params::default();
        let text = "The council approved the harbour budget.";
        let query = Query::new(&analyzer, text);
        let postings = index.postings(&query.term_list());
        let own = DocTerms::new(
            &analyzer,
            &Document {
                claim: text,
                ..Document::default()
            },
        );
        let top = self_score(&params, &own, &index.stats(), &postings);
        let scores: Vec<(u32, f64)> = bm25f(&params, &query, &index.stats(), &postings)
            .iter()
            .map(|h| (h.doc, normalised(h.score, top)))
            .collect();
        assert_eq!(scores[0], (1, 1.0));
        assert_eq!(scores.iter().map(|s| s.0).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(scores[1].1 > scores[2].1 && scores[2].1 > 0.0 && scores[1].1 < 1.0);
        assert_eq!(normalised(3.0, 0.0), 0.0);
    }

    #[test]
    fn an_empty_or_unknown_query_ranks_nothing() {
        let index = index(&[(1, "Ferry fares rose.", "")]);
        assert!(search(
            &Bm25Params::default(),
            &Analyzer::new(),
            &index,
            "the of and"
        )
        .is_empty());
        assert!(search(&Bm25Params::default(), &Analyzer::new(), &index, "zeppelin").is_empty());
    }

    #[test]
    fn fusion_rewards_agreement_and_breaks_ties_by_key() {
        let hit = |doc, similarity| Scored {
            doc,
            score: 0.0,
            similarity,
        };
        let lexical = [hit(1, 0.9), hit(2, 0.5), hit(3, 0.2)];
        let dense = [hit(2, 0.8), hit(3, 0.7), hit(4, 0.1)];
        let fused = reciprocal_rank_fusion(&[(&lexical, 1.0), (&dense, 1.0)], 60.0);
        assert_eq!(order(&fused), [2, 3, 1, 4]);
        assert_eq!(fused[0].similarity, 0.8);
        let fused = reciprocal_rank_fusion(&[(&lexical[..1], 1.0), (&dense[..1], 1.0)], 60.0);
        assert_eq!(order(&fused), [1, 2]);
    }

    #[test]
    fn the_hybrid_lets_a_strong_dense_agreement_lift_a_close_second_only() {
        let hit = |doc, similarity| Scored {
            doc,
            score: similarity,
            similarity,
        };
        let lexical = [hit(1, 0.6), hit(2, 0.55), hit(3, 0.2), hit(4, 0.1)];
        // Dense order 2, 4, 3, 1; 9 is not among BM25F's candidates and is ignored. Fused (k 60, dense at 0.5):
        // 2 = 1/62 + 0.5/61, 1 = 1/61 + 0.5/64, 3 = 1/63 + 0.5/63, 4 = 1/64 + 0.5/62.
        let dense = [(1, 0.1), (2, 0.9), (3, 0.3), (4, 0.5), (9, 0.99)];
        let fused = hybrid(&lexical, &dense);
        assert_eq!(order(&fused), [2, 1, 3, 4]);
        assert_eq!(
            fused.iter().map(|h| h.similarity).collect::<Vec<_>>(),
            [0.55, 0.6, 0.2, 0.1]
        );
        assert_eq!(order(&hybrid(&lexical, &[])), [1, 2, 3, 4]);
    }
}
