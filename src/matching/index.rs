//! The lexical index as rows a store can hold: what one document contributes (its field lengths and one posting
//! per distinct term), what a query needs back (the postings of its terms, with the lengths of their documents),
//! and the corpus totals BM25 normalises by.
//!
//! Every number here is an integer so that two stores holding the same rows hand the ranker exactly the same
//! input, and [`super::rank`] turns that into exactly the same order: the embedded desk and the server desk rank
//! alike by construction, not by two engines agreeing.
//!
//! [`MemoryIndex`] is the reference store: the evaluation, the benchmark and the tests rank through it, and a
//! backend is correct when it returns the same postings for the same terms.

use std::collections::HashMap;
use std::hash::Hash;
use std::rc::Rc;

use super::text::Analyzer;

/// The fields of a matchable document, each weighted separately by the ranker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The claim itself: a desk claim's text, a fact-check's `claimReviewed`.
    Claim,
    /// A headline about this claim alone: a fact-check's headline.
    Title,
    /// What surrounds the claim: a desk claim's article title (shared by all the article's claims), a fact-check's
    /// summary in the evaluation.
    Context,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::Claim, Field::Title, Field::Context];
    pub const COUNT: usize = Self::ALL.len();

    pub const fn index(self) -> usize {
        self as usize
    }
}

/// One integer per field, in [`Field::ALL`] order.
pub type PerField<T> = [T; Field::COUNT];

/// A document to index: the texts of its fields (any may be empty).
#[derive(Clone, Copy, Debug, Default)]
pub struct Document<'a> {
    pub claim: &'a str,
    pub title: &'a str,
    pub context: &'a str,
}

impl<'a> Document<'a> {
    pub fn text(&self, field: Field) -> &'a str {
        match field {
            Field::Claim => self.claim,
            Field::Title => self.title,
            Field::Context => self.context,
        }
    }
}

/// What one document puts in the index: a row for the document and one row per distinct term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocTerms {
    /// Terms per field (repeats counted): BM25's document length.
    pub lengths: PerField<u32>,
    /// One entry per distinct term, sorted by term.
    pub terms: Vec<TermCount>,
}

/// A term's occurrences in one document, per field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermCount {
    pub term: String,
    pub tf: PerField<u32>,
}

impl DocTerms {
    pub fn new(analyzer: &Analyzer, doc: &Document<'_>) -> Self {
        let mut lengths = [0; Field::COUNT];
        // Every occurrence with its field, then sorted and counted: a claim has a few dozen, so a sort beats a map.
        let mut all: Vec<(Rc<str>, Field)> = Vec::with_capacity(48);
        for field in Field::ALL {
            let before = all.len();
            analyzer.each_term(doc.text(field), |term| all.push((Rc::clone(term), field)));
            lengths[field.index()] = u32::try_from(all.len() - before).unwrap_or(u32::MAX);
        }
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut terms: Vec<TermCount> = Vec::with_capacity(all.len());
        for (term, field) in all {
            match terms.last_mut() {
                Some(last) if *last.term == *term => last.tf[field.index()] += 1,
                _ => {
                    let mut tf = [0; Field::COUNT];
                    tf[field.index()] = 1;
                    terms.push(TermCount {
                        term: term.to_string(),
                        tf,
                    });
                }
            }
        }
        Self { lengths, terms }
    }

    /// A document from its fields analysed apart: what [`DocTerms::new`] gives for their texts, for a caller that
    /// analyses a field shared by many documents once (an article's title over each of its claims).
    pub fn from_fields(fields: PerField<&FieldTerms>) -> Self {
        let lengths = fields.map(|f| f.length);
        let mut at = [0; Field::COUNT];
        let mut terms: Vec<TermCount> =
            Vec::with_capacity(fields.iter().map(|f| f.terms.len()).sum());
        // A merge of the fields' sorted lists: the smallest term still unread, with its count in each field.
        loop {
            let next = fields
                .iter()
                .zip(at)
                .filter_map(|(f, i)| f.terms.get(i).map(|(term, _)| term))
                .min();
            let Some(next) = next else { break };
            let next = Rc::clone(next);
            let mut tf = [0; Field::COUNT];
            for (i, field) in fields.iter().enumerate() {
                if let Some((term, count)) = field.terms.get(at[i]) {
                    if *term == next {
                        tf[i] = *count;
                        at[i] += 1;
                    }
                }
            }
            terms.push(TermCount {
                term: next.to_string(),
                tf,
            });
        }
        Self { lengths, terms }
    }
}

/// One field's text analysed: its length in terms (repeats counted) and each distinct term with its count,
/// sorted by term.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldTerms {
    pub length: u32,
    pub terms: Vec<(Rc<str>, u32)>,
}

impl FieldTerms {
    pub fn new(analyzer: &Analyzer, text: &str) -> Self {
        // Every occurrence, then sorted and counted: a field has a few dozen, so a sort beats a map.
        let mut all: Vec<Rc<str>> = Vec::with_capacity(32);
        analyzer.each_term(text, |term| all.push(Rc::clone(term)));
        let length = u32::try_from(all.len()).unwrap_or(u32::MAX);
        all.sort_unstable();
        let mut terms: Vec<(Rc<str>, u32)> = Vec::with_capacity(all.len());
        for term in all {
            match terms.last_mut() {
                Some((last, count)) if *last == term => *count += 1,
                _ => terms.push((term, 1)),
            }
        }
        Self { length, terms }
    }
}

/// One posting as a store returns it: the document, the term's frequency in each field, and the document's field
/// lengths (kept on the posting so that a query reads one range of rows per term and joins nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting<D> {
    pub doc: D,
    pub tf: PerField<u32>,
    pub lengths: PerField<u32>,
}

/// Corpus totals: the number of documents and the sum of each field's lengths (for the average length).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CorpusStats {
    pub docs: u64,
    pub length_sums: PerField<u64>,
}

impl CorpusStats {
    pub fn add(&mut self, doc: &DocTerms) {
        self.docs += 1;
        for (sum, len) in self.length_sums.iter_mut().zip(doc.lengths) {
            *sum += u64::from(len);
        }
    }

    pub fn remove(&mut self, doc: &DocTerms) {
        self.docs = self.docs.saturating_sub(1);
        for (sum, len) in self.length_sums.iter_mut().zip(doc.lengths) {
            *sum = sum.saturating_sub(u64::from(len));
        }
    }

    pub fn average_length(&self, field: Field) -> f64 {
        if self.docs == 0 {
            return 0.0;
        }
        self.length_sums[field.index()] as f64 / self.docs as f64
    }
}

/// Where the ranker gets postings from: a store implements this with one query per call (or one for all terms).
pub trait PostingSource<D> {
    /// Every posting of each term, keyed by term; a term with no postings may be absent.
    fn postings(&self, terms: &[String]) -> HashMap<String, Vec<Posting<D>>>;
    fn stats(&self) -> CorpusStats;
}

/// The index held in memory: the reference implementation of a store's rows.
#[derive(Clone, Debug, Default)]
pub struct MemoryIndex<D> {
    postings: HashMap<String, Vec<Posting<D>>>,
    docs: HashMap<D, DocTerms>,
    stats: CorpusStats,
}

impl<D: Copy + Eq + Hash> MemoryIndex<D> {
    pub fn new() -> Self {
        Self {
            postings: HashMap::new(),
            docs: HashMap::new(),
            stats: CorpusStats::default(),
        }
    }

    /// Adds a document, replacing an earlier one under the same key.
    pub fn insert(&mut self, doc: D, terms: DocTerms) {
        self.remove(doc);
        for count in &terms.terms {
            self.postings
                .entry(count.term.clone())
                .or_default()
                .push(Posting {
                    doc,
                    tf: count.tf,
                    lengths: terms.lengths,
                });
        }
        self.stats.add(&terms);
        self.docs.insert(doc, terms);
    }

    pub fn remove(&mut self, doc: D) {
        let Some(old) = self.docs.remove(&doc) else {
            return;
        };
        for count in &old.terms {
            if let Some(list) = self.postings.get_mut(&count.term) {
                list.retain(|p| p.doc != doc);
                if list.is_empty() {
                    self.postings.remove(&count.term);
                }
            }
        }
        self.stats.remove(&old);
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// What `doc` put in the index.
    pub fn document(&self, doc: D) -> Option<&DocTerms> {
        self.docs.get(&doc)
    }

    /// The number of documents holding `term`.
    pub fn document_frequency(&self, term: &str) -> usize {
        self.postings.get(term).map_or(0, Vec::len)
    }
}

impl<D: Copy + Eq + Hash> PostingSource<D> for MemoryIndex<D> {
    fn postings(&self, terms: &[String]) -> HashMap<String, Vec<Posting<D>>> {
        terms
            .iter()
            .filter_map(|term| {
                self.postings
                    .get(term)
                    .map(|list| (term.clone(), list.clone()))
            })
            .collect()
    }

    fn stats(&self) -> CorpusStats {
        self.stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_terms(claim: &str, title: &str) -> DocTerms {
        DocTerms::new(
            &Analyzer::new(),
            &Document {
                claim,
                title,
                context: "",
            },
        )
    }

    proptest::proptest! {
        #[test]
        fn fields_analysed_apart_make_the_same_document(
            claim in "[a-z ,.']{0,60}", title in "[a-z ,.']{0,30}", context in "[a-z ]{0,20}",
        ) {
            let analyzer = Analyzer::new();
            let whole = DocTerms::new(&analyzer, &Document { claim: &claim, title: &title, context: &context });
            let [c, t, x] = [&claim, &title, &context].map(|text| FieldTerms::new(&analyzer, text));
            proptest::prop_assert_eq!(DocTerms::from_fields([&c, &t, &x]), whole);
        }
    }

    #[test]
    fn a_document_counts_its_terms_per_field() {
        let got = doc_terms("Ferry fares rose, and fares rose again.", "Ferry fares");
        assert_eq!(got.lengths, [5, 2, 0]);
        let rows: Vec<(&str, PerField<u32>)> =
            got.terms.iter().map(|t| (t.term.as_str(), t.tf)).collect();
        assert_eq!(
            rows,
            [
                ("fare", [2, 1, 0]),
                ("ferri", [1, 1, 0]),
                ("rose", [2, 0, 0])
            ]
        );
    }

    #[test]
    fn replacing_and_removing_a_document_keeps_postings_and_totals_exact() {
        let mut index = MemoryIndex::new();
        index.insert(1, doc_terms("Ferry fares rose.", ""));
        index.insert(2, doc_terms("Bus fares fell.", ""));
        assert_eq!(index.stats().length_sums, [6, 0, 0]);
        assert_eq!(index.document_frequency("fare"), 2);

        index.insert(1, doc_terms("Tram routes closed.", "Trams"));
        assert_eq!(index.len(), 2);
        assert_eq!(index.stats().length_sums, [6, 1, 0]);
        assert_eq!(index.document_frequency("fare"), 1);
        assert_eq!(index.document_frequency("ferri"), 0);

        index.remove(2);
        index.remove(7);
        assert_eq!(
            index.stats(),
            CorpusStats {
                docs: 1,
                length_sums: [3, 1, 0]
            }
        );
        assert_eq!(index.document_frequency("fare"), 0);
        let got = index.postings(&["tram".to_owned(), "fare".to_owned()]);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got["tram"],
            [Posting {
                doc: 1,
                tf: [1, 1, 0],
                lengths: [3, 1, 0]
            }]
        );
    }
}
