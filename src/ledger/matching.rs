//! Has this claim been checked already? The desk's side of claim matching:
//! - the match index kept in step with the claims and the imported published fact-checks, written by the same
//!   transaction as they change (a new claim, a reworded one, an article's new title, an imported review), in
//!   the rows `crate::matching::segment` decides;
//! - `match`: a text, or a claim, ranked against every desk claim and imported review, each with its score;
//! - "looks like": the best already-rated match of a claim (or of a claim sentence a revision adds) above
//!   [`LOOKS_LIKE`], which `claim add`, `scan --record`, `article revise` and `report --matches` tell the
//!   fact-checker about.
//!
//! A desk claim is matched as its sentence with its article's title (BM25F's context field: the title is shared
//! by every claim of the article); a review as its `claimReviewed` with its headline (the title field). Ranking
//! is BM25F with the tuned parameters, computed here in Rust from the stored postings, so every backend gives the
//! same order.
//!
//! # What a score means
//! `score` is the match's BM25F score divided by the score the query's own words would get as a claim of the desk
//! (an exact restatement), capped at 1 ([`crate::matching::rank::normalised`]): 1 is a document that matches the
//! query as well as restating it would, 0 one that shares nothing with it. Words the desk has never seen count
//! for nothing, frequent words for little (IDF). It orders the results exactly as BM25F does, and it is
//! comparable across queries, which is what a threshold needs.
//!
//! # The threshold
//! [`LOOKS_LIKE`] is 0.50, set on data with `cargo run --release --example match_eval -- --calibrate` (CheckThat!
//! 2022 2A's train and dev tweets, 1,196 of them, against its 14,231 fact-checked claims): 60% of the tweets have
//! a top hit scoring 0.50 or more, and that hit is the right fact-check for 97% of them; a tweet whose fact-check
//! is not in the collection (its right claims taken out of the ranking) still reaches 0.50 5% of the time; with as
//! many such tweets as matched ones, 89% of the hints would be right. Lower, false hints grow fast (0.40: 23% of
//! unmatched tweets); higher, half the right ones go unsaid (0.60: 40% of tweets reach it). On our own pairs
//! (`tests/matching.rs`), a claim repeated in another article's words scores above it, a claim of the same place
//! and topic that says something else below; a paraphrase sharing few words (the same fact in other words) scores
//! under it, and is found by `match` without a hint.

//! # An index to build
//! The setting `match_index` names the format the index is stored in (`segment::FORMAT`; `schema.sql` writes it
//! for a new desk). A desk upgraded from before the index, or written in another format, has its index rebuilt
//! from all its claims and reviews by its next write; until then `match` ranks over an index built in memory for
//! the one command (the same results, only slower). On a server desk the setting is an editor's to change, so a
//! checker's write leaves the rebuild to the next write of an editor or the owner.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{ClaimFilter, Reader, Writer};
use crate::backend::{StoredReview, Transaction};
use crate::error::{Error, Result};
use crate::matching::index::{
    CorpusStats, DocTerms, Document, FieldTerms, MemoryIndex, Posting, PostingSource,
};
use crate::matching::rank::{bm25f_top, normalised, self_score, Bm25Params, Query, Scored};
use crate::matching::segment::{
    self, Batch, DocKey, IndexError, NewSegment, SegmentBuilder, SegmentInfo, SegmentStore,
    Snapshot,
};
use crate::matching::text::Analyzer;
use crate::model::{ArticleId, Claim, ClaimId, Timestamp};

/// The score from which an already-rated match "looks like" a claim (see the module docs for how it was set).
pub const LOOKS_LIKE: f64 = 0.5;

/// The setting naming the format the match index is stored in.
const INDEX_SETTING: &str = "match_index";

/// Postings by term, as the ranker takes them.
type Postings = HashMap<String, Vec<Posting<DocKey>>>;

/// How many matches above the threshold `looks_like` looks through for one that is rated.
const RATED_SEARCH: usize = 50;

/// Postings a bulk import's index holds in memory before it spills them to a temporary file: memory stays flat
/// in the size of the import (about 7 bytes a posting, some 20 postings a claim: 100,000 claims' worth).
const STREAM_BUDGET: usize = 16 << 20;

/// A bulk import's new claims, indexed as they are written, in key order (see [`Writer::index_new_claim`]).
#[derive(Debug)]
struct Streamed {
    builder: SegmentBuilder,
    analyzer: Analyzer,
    /// The last article's title, analysed: an import writes an article's claims together.
    title: Option<(ArticleId, FieldTerms)>,
}

/// What a write leaves to index when it commits.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// New claims indexed as they were written (bulk imports), so that their texts are not held until commit.
    streamed: Option<Streamed>,
    /// Documents new in this write: a new claim with its text and article (nothing is read back for it), or a
    /// document to read back (`None`: a new review, or a new claim reworded in the same write).
    fresh: BTreeMap<DocKey, Option<(ArticleId, String)>>,
    /// Documents indexed before whose text changed.
    changed: BTreeSet<DocKey>,
    /// Articles whose title changed: their claims are indexed again.
    retitled: BTreeSet<ArticleId>,
    /// The writer may not record the index's format (a server desk's checker: the format is a setting, which
    /// only an editor may change), so an index in another format is left for a write that may to rebuild.
    leaves_rebuild: bool,
}

impl Pending {
    /// What a write on `backend` starts with: nothing to index, and whether its writer may rebuild the index.
    pub(super) fn for_backend(backend: &dyn crate::backend::Backend) -> Self {
        let leaves_rebuild = backend.server().is_some_and(|server| {
            !server.is_owner() && server.role() < Some(crate::backend::DeskRole::Editor)
        });
        Self {
            leaves_rebuild,
            ..Self::default()
        }
    }

    pub(super) fn added_claim(&mut self, id: ClaimId, article: ArticleId, text: &str) {
        self.fresh
            .insert(DocKey::Claim(id.0), Some((article, text.to_string())));
    }

    pub(super) fn added_review(&mut self, id: i64) {
        self.fresh.insert(DocKey::Review(id), None);
    }

    pub(super) fn changed(&mut self, key: DocKey) {
        match self.fresh.get_mut(&key) {
            Some(known) => *known = None,
            None => {
                self.changed.insert(key);
            }
        }
    }

    pub(super) fn retitled(&mut self, article: ArticleId) {
        self.retitled.insert(article);
    }

    fn is_empty(&self) -> bool {
        self.fresh.is_empty()
            && self.changed.is_empty()
            && self.retitled.is_empty()
            && self.streamed.is_none()
    }
}

/// One match: what matched, and how well.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// See the module docs: 1 is as good as a restatement, 0 nothing in common.
    pub score: f64,
    pub matched: Matched,
}

/// A desk claim (with when its current verdict was given), or an imported published fact-check.
#[derive(Debug, Clone, PartialEq)]
pub enum Matched {
    Claim {
        claim: Claim,
        /// When the newest verdict was recorded; `None` for a claim without one.
        rated_at: Option<Timestamp>,
    },
    Review(StoredReview),
}

impl Matched {
    /// Whether it carries a verdict: a desk claim rated, or a published fact-check (always a verdict).
    pub fn is_rated(&self) -> bool {
        match self {
            Matched::Claim { claim, .. } => claim.verdict.is_some(),
            Matched::Review(_) => true,
        }
    }
}

/// A claim, and the already-rated claim or fact-check it looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct LooksLike {
    pub claim: Claim,
    pub like: Hit,
}

fn key_of(claim: ClaimId) -> DocKey {
    DocKey::Claim(claim.0)
}

/// A text in the claim field, with a headline over it in the title field: a review (its `claimReviewed` under its
/// own headline) and a query (no headline).
fn document_terms(analyzer: &Analyzer, text: &str, headline: &str) -> DocTerms {
    DocTerms::new(
        analyzer,
        &Document {
            claim: text,
            title: headline,
            context: "",
        },
    )
}

/// A desk claim: its sentence in the claim field and its article's title in the context field. A fact-check's
/// headline is about its one claim, so it weighs as a title; an article's title is shared by every claim of the
/// article and says little about any one of them, so it weighs as context (in the title field, a query of the
/// title's words scored every claim of the article 1.00, tied).
fn desk_claim_terms(analyzer: &Analyzer, text: &str, title: &str) -> DocTerms {
    DocTerms::new(
        analyzer,
        &Document {
            claim: text,
            title: "",
            context: title,
        },
    )
}

fn review_terms(analyzer: &Analyzer, review: &StoredReview) -> DocTerms {
    document_terms(
        analyzer,
        &review.review.claim_reviewed,
        review.review.headline.as_deref().unwrap_or(""),
    )
}

fn damaged(error: impl std::fmt::Display) -> Error {
    Error::Storage {
        message: error.to_string(),
    }
}

fn index_error(error: IndexError<Error>) -> Error {
    match error {
        IndexError::Store(e) => e,
        IndexError::Corrupt(c) => damaged(c),
        IndexError::Spill(e) => Error::Storage {
            message: format!("indexing for matching: a temporary file failed: {e}"),
        },
    }
}

/// Article titles, each read and analysed once: an import indexes many claims of each article, and the title
/// was analysed again for every one of them.
struct Titles(HashMap<ArticleId, FieldTerms>);

impl Titles {
    fn get(
        &mut self,
        analyzer: &Analyzer,
        reader: &Reader<'_>,
        article: ArticleId,
    ) -> Result<&FieldTerms> {
        if let std::collections::hash_map::Entry::Vacant(entry) = self.0.entry(article) {
            entry.insert(FieldTerms::new(analyzer, &reader.article(article)?.title));
        }
        Ok(&self.0[&article])
    }
}

/// A desk claim's terms, its title analysed already: what [`desk_claim_terms`] gives for the title's text.
fn claim_terms(analyzer: &Analyzer, text: &str, title: &FieldTerms) -> DocTerms {
    DocTerms::from_fields([
        &FieldTerms::new(analyzer, text),
        &FieldTerms::default(),
        title,
    ])
}

/// The write transaction as a store of segments.
struct TxStore<'t, 'a>(&'t mut (dyn Transaction + 'a));

impl SegmentStore for TxStore<'_, '_> {
    type Error = Error;
    fn segments(&self) -> Result<Vec<SegmentInfo>> {
        self.0.match_segments()
    }
    fn doc_list(&self, segment: i64) -> Result<Vec<u8>> {
        self.0
            .match_doc_list(segment)?
            .ok_or_else(|| damaged(format!("segment {segment} of the match index is missing")))
    }
    fn term_blobs(&self, segment: i64) -> Result<Vec<(String, Vec<u8>)>> {
        self.0.match_segment_terms(segment)
    }
    fn insert(&mut self, segment: &NewSegment) -> Result<i64> {
        self.0.insert_match_segment(segment)
    }
    fn insert_terms(&mut self, segment: i64, terms: &[(String, Vec<u8>)]) -> Result<()> {
        self.0.insert_match_terms(segment, terms)
    }
    fn update(&mut self, segment: i64, live: &CorpusStats, deleted: &[u8]) -> Result<()> {
        self.0.update_match_segment(segment, live, deleted)
    }
    fn delete(&mut self, segment: i64) -> Result<()> {
        self.0.delete_match_segment(segment)
    }
}

impl Writer<'_> {
    /// Indexes a claim the write just added, now rather than at commit, so that an import of a million claims
    /// holds neither their texts nor all their postings: the bulk imports' way of [`Pending::added_claim`]. A claim
    /// that comes below the last one indexed so (not the case in an import, whose ids only grow) is left to the
    /// commit; one reworded later in the same write is indexed again there, as any changed document is.
    pub(super) fn index_new_claim(
        &mut self,
        id: ClaimId,
        article: ArticleId,
        text: &str,
    ) -> Result<()> {
        let streamed = self.matching.streamed.get_or_insert_with(|| Streamed {
            builder: SegmentBuilder::bounded(STREAM_BUDGET),
            analyzer: Analyzer::new(),
            title: None,
        });
        let key = key_of(id);
        if streamed
            .builder
            .last_key()
            .is_some_and(|last| last.code() >= key.code())
        {
            self.matching.added_claim(id, article, text);
            return Ok(());
        }
        if streamed.title.as_ref().is_none_or(|(a, _)| *a != article) {
            let title = Reader { rows: &*self.tx }.article(article)?.title;
            streamed.title = Some((article, FieldTerms::new(&streamed.analyzer, &title)));
        }
        let title = streamed.title.as_ref().map(|(_, t)| t).expect("set above");
        // The fields as `claim_terms` puts them, handed over without building the document's own terms.
        let claim = FieldTerms::new(&streamed.analyzer, text);
        streamed
            .builder
            .add_fields(key, [&claim, &FieldTerms::default(), title])
            .map_err(damaged)
    }

    /// Indexes what this write added and changed, as one segment; rebuilds the whole index instead when it is
    /// missing or in another format. Run once, just before the commit.
    pub(super) fn index_for_matching(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.matching);
        if self.tx.setting(INDEX_SETTING)?.as_deref() != Some(segment::FORMAT) {
            // An index in another format is never read (`match` ranks from memory), so leaving it, and this
            // write's claims out of it, loses nothing: the rebuild indexes every claim.
            if pending.leaves_rebuild {
                return Ok(());
            }
            return self.rebuild_match_index();
        }
        if pending.is_empty() {
            return Ok(());
        }
        let Pending {
            streamed,
            fresh,
            mut changed,
            retitled,
            leaves_rebuild: _,
        } = pending;
        for article in retitled {
            let claims = self.read().claims(&ClaimFilter {
                article: Some(article),
                ..Default::default()
            })?;
            changed.extend(
                claims
                    .iter()
                    .map(|c| key_of(c.id))
                    .filter(|k| !fresh.contains_key(k)),
            );
        }
        // Every document to index, in the key order a segment is built in.
        let mut wanted: Vec<(DocKey, Option<(ArticleId, String)>)> = fresh.into_iter().collect();
        wanted.extend(changed.iter().map(|k| (*k, None)));
        wanted.sort_by_key(|(key, _)| key.code());
        let analyzer = Analyzer::new();
        let mut titles = Titles(HashMap::new());
        let mut batch = Batch {
            gone: changed.into_iter().collect(),
            streamed: streamed.map(|s| s.builder),
            ..Batch::default()
        };
        for (key, known) in wanted {
            let reader = Reader { rows: &*self.tx };
            let terms = match (key, known) {
                (DocKey::Claim(_), Some((article, text))) => {
                    claim_terms(&analyzer, &text, titles.get(&analyzer, &reader, article)?)
                }
                (DocKey::Claim(id), None) => match reader.rows.claim(ClaimId(id))? {
                    Some(claim) => claim_terms(
                        &analyzer,
                        &claim.text,
                        titles.get(&analyzer, &reader, claim.article)?,
                    ),
                    None => continue,
                },
                (DocKey::Review(id), _) => match reader.rows.review(id)? {
                    Some(review) => review_terms(&analyzer, &review),
                    None => continue,
                },
            };
            batch.segment.add(key, &terms).map_err(damaged)?;
        }
        segment::apply(&mut TxStore(&mut *self.tx), batch).map_err(index_error)
    }

    /// Replaces the index with one built from every claim and review, and records its format.
    fn rebuild_match_index(&mut self) -> Result<()> {
        let analyzer = Analyzer::new();
        let reader = Reader { rows: &*self.tx };
        let mut titles: HashMap<ArticleId, FieldTerms> = HashMap::new();
        reader.each_article(|a| {
            titles.insert(a.id, FieldTerms::new(&analyzer, &a.title));
            Ok(())
        })?;
        let untitled = FieldTerms::default();
        let mut claims = SegmentBuilder::new();
        reader.each_claim(&ClaimFilter::default(), |claim| {
            let title = titles.get(&claim.article).unwrap_or(&untitled);
            claims
                .add(
                    key_of(claim.id),
                    &claim_terms(&analyzer, &claim.text, title),
                )
                .map_err(damaged)
        })?;
        let mut reviews = SegmentBuilder::new();
        reader.rows.each_review(&mut |review| {
            reviews
                .add(DocKey::Review(review.id), &review_terms(&analyzer, &review))
                .map_err(damaged)
        })?;
        segment::rebuild(&mut TxStore(&mut *self.tx), vec![claims, reviews])
            .map_err(index_error)?;
        self.tx.put_setting(INDEX_SETTING, segment::FORMAT)
    }
}

impl Reader<'_> {
    /// Every desk claim and review sharing a term with `text`, best first, with its score; `exclude` left out.
    pub fn rank_matches(&self, text: &str, exclude: Option<ClaimId>) -> Result<Vec<(DocKey, f64)>> {
        self.ranked(text, exclude, 0.0, usize::MAX)
    }

    /// The first `limit` of [`Self::rank_matches`] scoring `at_least` or more, ranked no further than that.
    fn ranked(
        &self,
        text: &str,
        exclude: Option<ClaimId>,
        at_least: f64,
        limit: usize,
    ) -> Result<Vec<(DocKey, f64)>> {
        let analyzer = Analyzer::new();
        let query = Query::new(&analyzer, text);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let terms = query.term_list();
        let (stats, postings) = self.postings(&analyzer, &terms)?;
        let params = Bm25Params::default();
        let own = document_terms(&analyzer, text, "");
        let top = self_score(&params, &own, &stats, &postings);
        let exclude = exclude.map(key_of);
        let keep = |hit: &Scored<DocKey>| {
            Some(hit.doc) != exclude && normalised(hit.score, top) >= at_least
        };
        Ok(bm25f_top(&params, &query, &stats, &postings, keep, limit)
            .into_iter()
            .map(|hit| (hit.doc, normalised(hit.score, top)))
            .collect())
    }

    /// The corpus totals and the postings of `terms`: from the stored index, or from one built in memory when the
    /// desk has none yet in this binary's format.
    fn postings(&self, analyzer: &Analyzer, terms: &[String]) -> Result<(CorpusStats, Postings)> {
        if self.rows.setting(INDEX_SETTING)?.as_deref() == Some(segment::FORMAT) {
            let segments = self.rows.match_segments()?;
            let snapshot = Snapshot::new(&segments).map_err(damaged)?;
            let blobs = self.rows.match_postings(terms)?;
            return Ok((
                snapshot.stats(),
                snapshot.postings(&blobs).map_err(damaged)?,
            ));
        }
        let index = self.memory_index(analyzer)?;
        Ok((index.stats(), index.postings(terms)))
    }

    /// The whole desk indexed in memory: the reference the stored index must equal, and the stand-in for a desk
    /// whose index is not built yet.
    pub(crate) fn memory_index(&self, analyzer: &Analyzer) -> Result<MemoryIndex<DocKey>> {
        let mut titles: HashMap<ArticleId, String> = HashMap::new();
        self.each_article(|a| {
            titles.insert(a.id, a.title);
            Ok(())
        })?;
        let mut index = MemoryIndex::new();
        self.each_claim(&ClaimFilter::default(), |claim| {
            let title = titles.get(&claim.article).map_or("", String::as_str);
            index.insert(
                key_of(claim.id),
                desk_claim_terms(analyzer, &claim.text, title),
            );
            Ok(())
        })?;
        self.rows.each_review(&mut |review| {
            index.insert(DocKey::Review(review.id), review_terms(analyzer, &review));
            Ok(())
        })?;
        Ok(index)
    }

    /// What a ranked key is, with what `match` shows of it.
    pub fn matched(&self, key: DocKey) -> Result<Matched> {
        match key {
            DocKey::Claim(id) => {
                let claim = self.claim(ClaimId(id))?;
                let rated_at = match claim.verdict {
                    Some(_) => self.verdicts(claim.id)?.last().map(|v| v.created_at),
                    None => None,
                };
                Ok(Matched::Claim { claim, rated_at })
            }
            DocKey::Review(id) => self
                .rows
                .review(id)?
                .map(Matched::Review)
                .ok_or_else(|| damaged(format!("review {id} of the match index is missing"))),
        }
    }

    /// The `limit` best matches of `text` among the desk's claims (but `exclude`) and the imported reviews.
    pub fn matches(&self, text: &str, exclude: Option<ClaimId>, limit: usize) -> Result<Vec<Hit>> {
        self.ranked(text, exclude, 0.0, limit)?
            .into_iter()
            .map(|(key, score)| {
                Ok(Hit {
                    score,
                    matched: self.matched(key)?,
                })
            })
            .collect()
    }

    /// The claim, and its `limit` best matches (itself left out).
    pub fn claim_matches(&self, id: ClaimId, limit: usize) -> Result<(Claim, Vec<Hit>)> {
        let claim = self.claim(id)?;
        let hits = self.matches(&claim.text, Some(id), limit)?;
        Ok((claim, hits))
    }

    /// Whether the desk holds anything already rated (a verdict, or an imported fact-check): when it holds
    /// nothing, no claim looks like an already-rated one, and a batch of claims (a long article's thousands) need
    /// not be ranked one by one against a desk that grows with them.
    pub fn holds_ratings(&self) -> Result<bool> {
        Ok(self.rows.count_rows(crate::backend::Table::Verdicts)? > 0
            || self.rows.count_rows(crate::backend::Table::Reviews)? > 0)
    }

    /// The best-scoring already-rated claim or review that a claim looks like, when one scores [`LOOKS_LIKE`] or
    /// more.
    pub fn looks_like(&self, id: ClaimId) -> Result<Option<LooksLike>> {
        let claim = self.claim(id)?;
        Ok(self
            .rated_like(&claim.text, Some(id))?
            .map(|like| LooksLike { claim, like }))
    }

    /// The best-scoring already-rated claim or review that `text` looks like, when one scores [`LOOKS_LIKE`] or
    /// more; `exclude` left out. For a claim sentence the desk does not hold (one a revision adds).
    pub fn rated_like(&self, text: &str, exclude: Option<ClaimId>) -> Result<Option<Hit>> {
        for (key, score) in self.ranked(text, exclude, LOOKS_LIKE, RATED_SEARCH)? {
            let matched = self.matched(key)?;
            if matched.is_rated() {
                return Ok(Some(Hit { score, matched }));
            }
        }
        Ok(None)
    }

    /// Each claim without a verdict (of one article, or the whole desk) that looks like an already-rated claim or
    /// review, by claim id; `progress` hears how many claims were looked at.
    pub fn looks_like_pairs(
        &self,
        article: Option<ArticleId>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Vec<LooksLike>> {
        if let Some(article) = article {
            self.article(article)?;
        }
        if !self.holds_ratings()? {
            return Ok(Vec::new());
        }
        let mut open = Vec::new();
        self.each_claim(
            &ClaimFilter {
                article,
                open: true,
                ..Default::default()
            },
            |claim| {
                open.push(claim.id);
                Ok(())
            },
        )?;
        let mut pairs = Vec::new();
        for (done, id) in open.into_iter().enumerate() {
            if let Some(pair) = self.looks_like(id)? {
                pairs.push(pair);
            }
            progress(done as u64 + 1);
        }
        Ok(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Ledger;
    use crate::matching::claimreview::{ExternalReview, Rating as ReviewRating};
    use crate::matching::rank::bm25f;
    use crate::model::{Actor, Confidence, NewArticle, NewClaim, NewVerdict, Rating, Strength};

    fn actor() -> Actor {
        Actor {
            name: "tester".to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    fn claim(article: ArticleId, text: &str) -> NewClaim {
        NewClaim {
            article,
            key: None,
            text: text.to_string(),
            span: None,
            source: None,
            cue: None,
            strength: Strength::Unattributed,
            response: None,
            source_kind: None,
        }
    }

    fn review(text: &str, headline: &str) -> ExternalReview {
        ExternalReview {
            claim_reviewed: text.to_string(),
            rating: ReviewRating {
                text: Some("False".to_string()),
                ..ReviewRating::default()
            },
            reviewer: Some("Harbour Factdesk".to_string()),
            url: None,
            date: None,
            language: None,
            headline: Some(headline.to_string()),
            claimant: None,
        }
    }

    const QUERIES: &[&str] = &[
        "ferry fares rose in Alderhaven after the port sale",
        "Tolland unemployment doubled since the shipyard shut",
        "hospital maternity ward closed #Brask https://t.co/x",
        "council logo cost two million crowns",
        "nothing like any of these zeppelins",
    ];

    /// The stored index against the whole desk indexed afresh in memory: the same keys, in the same order, with
    /// the same scores to the last bit.
    fn assert_same_as_memory(ledger: &Ledger) {
        let db = ledger.read();
        let analyzer = Analyzer::new();
        let memory = db.memory_index(&analyzer).unwrap();
        let params = Bm25Params::default();
        for text in QUERIES {
            let stored = db.rank_matches(text, None).unwrap();
            let query = Query::new(&analyzer, text);
            let postings = memory.postings(&query.term_list());
            let top = self_score(
                &params,
                &document_terms(&analyzer, text, ""),
                &memory.stats(),
                &postings,
            );
            let expected: Vec<(DocKey, f64)> = bm25f(&params, &query, &memory.stats(), &postings)
                .into_iter()
                .map(|h| (h.doc, normalised(h.score, top)))
                .collect();
            assert_eq!(stored, expected, "{text}");
        }
    }

    fn desk() -> Ledger {
        let mut ledger = Ledger::in_memory().unwrap();
        ledger
            .write(&actor(), |w| {
                let a = w.add_article(&NewArticle {
                    title: "Alderhaven port sale".to_string(),
                    ..Default::default()
                })?;
                let b = w.add_article(&NewArticle {
                    title: "Shipyard closure hits Tolland".to_string(),
                    ..Default::default()
                })?;
                w.add_claim(&claim(
                    a,
                    "Ferry fares in Alderhaven have risen by 40 percent since the port was sold.",
                ))?;
                w.add_claim(&claim(
                    b,
                    "Tolland's jobless rate doubled in the two years since the shipyard closed.",
                ))?;
                w.add_claim(&claim(
                    b,
                    "Tolland council spent 2 million crowns on a new logo.",
                ))?;
                Ok(())
            })
            .unwrap();
        ledger
    }

    #[test]
    fn every_write_keeps_the_stored_index_equal_to_a_fresh_one() {
        let mut ledger = desk();
        assert_same_as_memory(&ledger);
        // One claim a write, as `claim add`: small segments that merge.
        for text in [
            "The regional hospital in Brask closed its maternity ward in March.",
            "Unemployment among young people in Brask fell by a third.",
            "Police recorded fewer burglaries in Alderhaven last year.",
            "The Ostra dam leaks 40,000 litres of water an hour.",
        ] {
            ledger
                .write(&actor(), |w| w.add_claim(&claim(ArticleId(1), text)))
                .unwrap();
            assert_same_as_memory(&ledger);
        }
        // A claim reworded, an article retitled, and a claim added and reworded in one write.
        ledger
            .write(&actor(), |w| {
                w.update_claim(
                    ClaimId(1),
                    &claim(
                        ArticleId(1),
                        "Ferry fares in Alderhaven rose by a third after the port sale.",
                    ),
                )?;
                w.update_article(
                    ArticleId(2),
                    &NewArticle {
                        key: Some("shipyard-closure-hits-tolland".to_string()),
                        title: "Tolland after the shipyard".to_string(),
                        ..Default::default()
                    },
                )?;
                let id = w.add_claim(&claim(ArticleId(2), "The shipyard employed 900 people."))?;
                w.update_claim(
                    id,
                    &claim(ArticleId(2), "The shipyard employed 1,200 people."),
                )?;
                Ok(())
            })
            .unwrap();
        assert_same_as_memory(&ledger);
        // Published fact-checks, then one of them revised.
        let dam = review(
            "The Ostra dam is leaking 40,000 litres an hour.",
            "Is the Ostra dam leaking?",
        );
        ledger
            .import_reviews(
                &actor(),
                &[
                    dam.clone(),
                    review("Ferry fares doubled.", "Alderhaven fares"),
                ],
                "f.json",
            )
            .unwrap();
        assert_same_as_memory(&ledger);
        ledger
            .import_reviews(
                &actor(),
                &[ExternalReview {
                    headline: Some("The Ostra dam".to_string()),
                    ..dam
                }],
                "g.json",
            )
            .unwrap();
        assert_same_as_memory(&ledger);
        let segments = ledger.read().rows.match_segments().unwrap();
        assert!(segments.len() <= 3, "{segments:?}");
    }

    /// A bulk import indexes its new claims as it writes them (`index_new_claim`); one of them reworded in the
    /// same write and an article retitled are indexed again at commit, and the stored index is still exactly a
    /// fresh one.
    #[test]
    fn claims_indexed_as_written_and_changed_in_the_same_write_keep_the_index_exact() {
        use crate::backend::ClaimRow;
        use crate::model::Status;

        let mut ledger = desk();
        let at = actor().at;
        let row = |article, key, text| ClaimRow {
            article,
            key,
            text,
            span: None,
            source: None,
            cue: None,
            strength: Strength::Unattributed,
            source_kind: None,
            response: None,
            status: Status::Unverified,
            created_at: at,
        };
        ledger
            .write(&actor(), |w| {
                let texts = [
                    (ArticleId(1), "c10", "Ferry fares rose again in May."),
                    (
                        ArticleId(1),
                        "c11",
                        "The port sale raised 90 million crowns.",
                    ),
                    (ArticleId(2), "c10", "Tolland's shipyard shut in 2024."),
                ];
                let rows: Vec<ClaimRow<'_>> = texts.iter().map(|(a, k, t)| row(*a, k, t)).collect();
                let ids = w.tx.insert_claims(&rows)?;
                for ((article, _, text), id) in texts.iter().zip(&ids) {
                    w.index_new_claim(*id, *article, text)?;
                }
                w.update_claim(
                    ids[1],
                    &claim(ArticleId(1), "The port sale raised 95 million crowns."),
                )?;
                w.update_article(
                    ArticleId(2),
                    &NewArticle {
                        key: Some("shipyard-closure-hits-tolland".to_string()),
                        title: "Tolland after the shipyard".to_string(),
                        ..Default::default()
                    },
                )?;
                Ok(())
            })
            .unwrap();
        assert_same_as_memory(&ledger);
    }

    /// A desk's folders, a spreadsheet, a recorded scan and a revision each write claims apart from `add_claim`
    /// and `update_claim`; every one of them, into an empty desk or a full one, leaves the index equal to a fresh
    /// one.
    #[test]
    fn imports_and_recorded_scans_keep_the_stored_index_equal_to_a_fresh_one() {
        use crate::desk::{self, ArticleFile};
        use crate::ledger::{ClaimsInput, CsvRow, DeskFiles, ScanArticle};

        let body = "The regional hospital in Brask closed its maternity ward in March. \
                    Unemployment in Tolland doubled, the labour office said.\n";
        let files = |second: &str| {
            let mut files = DeskFiles::default();
            files.articles.insert(
                "brask-hospital".to_string(),
                (
                    "sources/brask-hospital.txt".into(),
                    ArticleFile {
                        title: "Brask hospital cuts".to_string(),
                        body: body.to_string(),
                        ..Default::default()
                    },
                ),
            );
            let text = format!(
                "article = \"brask-hospital\"\n\n[[claims]]\nkey = \"c1\"\n\
                 text = \"The regional hospital in Brask closed its maternity ward in March.\"\n\
                 strength = \"unattributed\"\n\n[[claims]]\nkey = \"c2\"\ntext = \"{second}\"\n\
                 strength = \"on_record\"\nsource = \"the labour office\"\ncue = \"said\"\n"
            );
            files.claims.push(ClaimsInput {
                path: "claims/brask-hospital.toml".into(),
                file: desk::parse_claims(&text).unwrap(),
                text,
            });
            files
        };
        let rows = [
            (
                "Alderhaven ferries",
                "Ferry fares in Alderhaven doubled after the port sale.",
            ),
            (
                "Alderhaven ferries",
                "The council spent two million crowns on ferries.",
            ),
            ("Tolland jobs", "Tolland's shipyard shut in 2024."),
        ]
        .map(|(title, text)| CsvRow {
            title: title.to_string(),
            url: None,
            text: text.to_string(),
            source: None,
            cue: None,
            strength: None,
            source_kind: None,
        });
        let scan = "Police say burglaries in Alderhaven fell last year. \
                    The Brask maternity ward reportedly closed for lack of midwives.\n";
        let revised = "Police say burglaries in Alderhaven fell sharply last year. \
                       The Brask maternity ward reportedly closed for lack of midwives. \
                       The hospital in Brask is said to reopen its maternity ward in May.\n";

        for mut ledger in [Ledger::in_memory().unwrap(), desk()] {
            ledger
                .import_desk(&actor(), &files("Unemployment in Tolland doubled."))
                .unwrap();
            assert_same_as_memory(&ledger);
            // The same file again with a claim reworded: updated in place, indexed again.
            ledger
                .import_desk(&actor(), &files("Unemployment in Tolland rose by half."))
                .unwrap();
            assert_same_as_memory(&ledger);
            ledger.import_spreadsheet(&actor(), &rows).unwrap();
            assert_same_as_memory(&ledger);
            let scanned = ledger
                .write(&actor(), |w| {
                    w.record_scan(
                        ScanArticle::New(NewArticle {
                            title: "Alderhaven crime figures".to_string(),
                            ..Default::default()
                        }),
                        scan,
                    )
                })
                .unwrap()
                .article;
            assert_same_as_memory(&ledger);
            // A revision rewords a claim where it stands and brings a new one.
            ledger
                .write(&actor(), |w| w.revise_article(scanned, revised, true))
                .unwrap();
            assert_same_as_memory(&ledger);
        }
    }

    #[test]
    fn a_desk_without_its_index_matches_from_memory_and_its_next_write_builds_it() {
        let mut ledger = desk();
        let before = ledger.read().rank_matches(QUERIES[0], None).unwrap();
        // As a desk upgraded from before the index: no segments, no setting.
        {
            let mut tx = ledger.backend_mut().begin().unwrap();
            for segment in tx.match_segments().unwrap() {
                tx.delete_match_segment(segment.id).unwrap();
            }
            tx.put_setting(INDEX_SETTING, "0").unwrap();
            tx.commit().unwrap();
        }
        assert_eq!(
            ledger.read().rank_matches(QUERIES[0], None).unwrap(),
            before
        );
        ledger
            .write(&actor(), |w| w.set_setting("org", "Harbour Desk"))
            .unwrap();
        let db = ledger.read();
        assert_eq!(
            db.rows.setting(INDEX_SETTING).unwrap().as_deref(),
            Some(segment::FORMAT)
        );
        assert_eq!(db.rows.match_segments().unwrap().len(), 1);
        assert_eq!(db.rank_matches(QUERIES[0], None).unwrap(), before);
        assert_same_as_memory(&ledger);
    }

    /// A desk whose index was written in format 1 (a claim's article title in the title field) is not read as
    /// if it were this format: `match` ranks from memory until the next write rebuilds the index in this one.
    #[test]
    fn an_index_of_the_format_before_is_rebuilt_not_misread() {
        let mut ledger = desk();
        let fresh = ledger
            .read()
            .rank_matches("Alderhaven port sale", None)
            .unwrap();
        {
            let analyzer = Analyzer::new();
            let mut old = SegmentBuilder::new();
            let db = ledger.read();
            let memory_claims = db.claims(&ClaimFilter::default()).unwrap();
            for claim in memory_claims {
                let title = db.article(claim.article).unwrap().title;
                old.add(
                    key_of(claim.id),
                    &document_terms(&analyzer, &claim.text, &title),
                )
                .unwrap();
            }
            let mut tx = ledger.backend_mut().begin().unwrap();
            segment::rebuild(&mut TxStore(&mut *tx), vec![old]).unwrap();
            tx.put_setting(INDEX_SETTING, "1").unwrap();
            tx.commit().unwrap();
        }
        // Read as format 2, the old rows would put the title's words in the title field, at 1.5.
        assert_eq!(
            ledger
                .read()
                .rank_matches("Alderhaven port sale", None)
                .unwrap(),
            fresh
        );
        ledger
            .write(&actor(), |w| w.set_setting("org", "Harbour Desk"))
            .unwrap();
        assert_eq!(
            ledger
                .read()
                .rows
                .setting(INDEX_SETTING)
                .unwrap()
                .as_deref(),
            Some(segment::FORMAT)
        );
        assert_eq!(
            ledger
                .read()
                .rank_matches("Alderhaven port sale", None)
                .unwrap(),
            fresh
        );
        assert_same_as_memory(&ledger);
    }

    /// An article's headline is shared by all its claims, so it says little about any one of them: a query made of
    /// its words ranks the claims that say them first, and a claim matched by its headline alone is not taken for
    /// a restatement (it once scored 1.00, tied with every claim of the article).
    #[test]
    fn a_query_of_headline_words_ranks_the_claims_saying_them_not_the_whole_article() {
        let mut ledger = Ledger::in_memory().unwrap();
        let ids = ledger
            .write(&actor(), |w| {
                let a = w.add_article(&NewArticle {
                    title: "Harbour bridge toll to rise".to_string(),
                    ..Default::default()
                })?;
                let other = w.add_article(&NewArticle {
                    title: "Brask schools budget".to_string(),
                    ..Default::default()
                })?;
                let mut ids = Vec::new();
                for text in [
                    "The council approved a new budget for street lighting on Tuesday.",
                    "Commuters cross the harbour bridge 30,000 times a day.",
                    "The toll on the harbour bridge will rise to 4 crowns in May.",
                ] {
                    ids.push(w.add_claim(&claim(a, text))?);
                }
                w.add_claim(&claim(
                    other,
                    "Brask spends 12 percent of its budget on schools.",
                ))?;
                Ok(ids)
            })
            .unwrap();
        let ranked = ledger
            .read()
            .rank_matches("harbour bridge toll to rise", None)
            .unwrap();
        let order: Vec<DocKey> = ranked.iter().map(|(key, _)| *key).collect();
        assert_eq!(
            order,
            vec![key_of(ids[2]), key_of(ids[1]), key_of(ids[0])],
            "{ranked:?}"
        );
        // The claim saying every word is a restatement; the one saying two of them, and the one with the headline
        // alone, score apart and lower.
        let scores: Vec<String> = ranked.iter().map(|(_, s)| format!("{s:.2}")).collect();
        assert_eq!(scores, ["1.00", "0.76", "0.52"]);
        assert_same_as_memory(&ledger);
    }

    #[test]
    fn a_claim_looks_like_its_rated_twin_not_an_unrated_one_nor_itself() {
        let mut ledger = desk();
        let twin = ledger
            .write(&actor(), |w| {
                w.add_claim(&claim(
                    ArticleId(2),
                    "Tolland's jobless rate has doubled in two years since the shipyard closed.",
                ))
            })
            .unwrap();
        assert_eq!(
            ledger.read().looks_like(twin).unwrap(),
            None,
            "C2 has no verdict yet"
        );
        ledger
            .write(&actor(), |w| {
                w.add_verdict(
                    ClaimId(2),
                    &NewVerdict {
                        rating: Rating::False,
                        rationale: "The labour office's figures show a rise of a quarter."
                            .to_string(),
                        confidence: Confidence::High,
                        author: None,
                        at: None,
                        summary: None,
                    },
                )
            })
            .unwrap();
        let found = ledger.read().looks_like(twin).unwrap().expect("a match");
        assert_eq!(found.claim.id, twin);
        match &found.like.matched {
            Matched::Claim { claim, rated_at } => {
                assert_eq!((claim.id, claim.verdict), (ClaimId(2), Some(Rating::False)));
                assert_eq!(*rated_at, Some(actor().at));
            }
            other => panic!("{other:?}"),
        }
        assert!(found.like.score >= LOOKS_LIKE && found.like.score <= 1.0);
        // Unrelated claims of the same desk are not "like" anything.
        assert_eq!(ledger.read().looks_like(ClaimId(3)).unwrap(), None);
    }
}
