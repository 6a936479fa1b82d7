//! The lexical index as a store keeps it: postings grouped per term in compact blobs, written once per write
//! transaction as a *segment*, and merged when segments pile up. This module owns the bytes and the rules
//! (encoding, which document is live where, when to merge); a backend only keeps rows of opaque blobs and
//! integers, so the embedded and the server desk hold the same bytes and hand the ranker the same postings.
//!
//! # Why segments
//! One row per posting (about 15–26 rows a claim) made indexing cost more than the claims themselves: an import
//! inserting 100,000 claims wrote 2.6 million rows (33.6 s against 0.48 s for the claim rows, measured by
//! `examples/match_bench.rs`), and a query read thousands of rows one by one. A segment holds every document one
//! write transaction indexed: one row per distinct term of the transaction, whose blob lists the term's postings,
//! and one row for the segment with its document list. An import writes one segment with one row per distinct
//! word of the whole import; `claim add` writes a segment of one document (a few dozen small rows, appended at
//! the end of the key order, so few pages change).
//!
//! # Rows
//! - a **segment** row: its id (newer segments have larger ids), how many documents it was written with, its
//!   live totals ([`CorpusStats`] of the documents still live in it), its document list and its deleted list;
//! - a **term** row per (segment, term): the postings blob.
//!
//! # Live documents
//! A document is live in exactly one segment. When a document is indexed again (its text or its article's title
//! changed), its older segment records it in its deleted list and takes its lengths off its live totals, in the
//! same transaction; a query skips deleted postings. The corpus totals BM25F needs are the sum of the segments'
//! live totals, so they are exact, and ranking over segments gives exactly what [`super::index::MemoryIndex`] gives
//! for the same documents (a property test below holds the two together).
//!
//! # Merging
//! After a write, the newest segments, taken while the segment before them is no larger than [`MERGE_FACTOR`]
//! times their live documents together, are merged into one, dropping deleted postings, once there are
//! [`MERGE_FACTOR`] of them or more: a desk keeps about 3·log₄(documents) segments, each document is rewritten a
//! logarithmic number of times, and a single `claim add` on a large desk only ever merges a few small segments,
//! on one `claim add` in three. (Merging from two segments up, as first built, merged on nearly every `claim
//! add`: most of the 1.4 ms the index cost it.)
//!
//! # Encoding
//! Unsigned LEB128 varints throughout. A document key is a [`DocKey`] code (claim ids even, review ids odd).
//! - document list: per document in key order, the gap from the previous key, then its three field lengths;
//! - postings blob: per posting in key order, the key gap, the three term frequencies, the document's three field
//!   lengths (repeated on each posting so that a query reads only the blobs of its terms);
//! - deleted list: the deleted keys in order, as gaps.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::index::{CorpusStats, DocTerms, Field, FieldTerms, PerField, Posting};

/// The format of the index, stored beside it (the `match_index` setting): an index written in another format is
/// rebuilt, not read. It names what the rows mean as well as how they are encoded: "2" holds a desk claim's article
/// title in the context field, where "1" held it in the title field, with the same bytes.
pub const FORMAT: &str = "2";

/// A merge runs while the segment before the newest ones has at most this many times their live documents.
pub const MERGE_FACTOR: u64 = 4;

/// A matchable document: a desk claim or an imported published fact-check, by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKey {
    Claim(i64),
    Review(i64),
}

impl DocKey {
    /// The key as stored: claims even, reviews odd, so that one ordered list holds both.
    pub fn code(self) -> u64 {
        match self {
            DocKey::Claim(id) => (id as u64) << 1,
            DocKey::Review(id) => ((id as u64) << 1) | 1,
        }
    }

    pub fn from_code(code: u64) -> DocKey {
        let id = (code >> 1) as i64;
        if code & 1 == 0 {
            DocKey::Claim(id)
        } else {
            DocKey::Review(id)
        }
    }
}

/// A blob that does not decode: the index is damaged (rebuilding it from the desk repairs it).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the match index is damaged ({0})")]
pub struct Corrupt(&'static str);

/// A new segment, ready to store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewSegment {
    /// Documents written in it.
    pub docs: u64,
    /// Its live documents and their lengths (all of them, when new).
    pub live: CorpusStats,
    /// The document list.
    pub doc_list: Vec<u8>,
    /// One postings blob per distinct term, sorted by term.
    pub terms: Vec<(String, Vec<u8>)>,
}

/// A stored segment, without its blobs of postings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentInfo {
    pub id: i64,
    pub docs: u64,
    pub live: CorpusStats,
    /// The deleted list (empty when nothing in the segment was deleted).
    pub deleted: Vec<u8>,
}

/// The postings blob of one term in one segment, as a store returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermBlob {
    pub segment: i64,
    pub term: String,
    pub postings: Vec<u8>,
}

/// What a store of segments does; the backend's transaction implements it, and a map in memory does in tests.
pub trait SegmentStore {
    type Error;
    /// Every segment, oldest first.
    fn segments(&self) -> Result<Vec<SegmentInfo>, Self::Error>;
    /// A segment's document list.
    fn doc_list(&self, segment: i64) -> Result<Vec<u8>, Self::Error>;
    /// Every term row of a segment, in any order.
    fn term_blobs(&self, segment: i64) -> Result<Vec<(String, Vec<u8>)>, Self::Error>;
    /// Stores a segment with a new id, larger than any before; returns the id.
    fn insert(&mut self, segment: &NewSegment) -> Result<i64, Self::Error>;
    /// Adds term rows to a segment stored by [`Self::insert`] (a large segment's terms come in chunks).
    fn insert_terms(
        &mut self,
        segment: i64,
        terms: &[(String, Vec<u8>)],
    ) -> Result<(), Self::Error>;
    /// Replaces a segment's live totals and deleted list.
    fn update(
        &mut self,
        segment: i64,
        live: &CorpusStats,
        deleted: &[u8],
    ) -> Result<(), Self::Error>;
    /// Removes a segment and its term rows.
    fn delete(&mut self, segment: i64) -> Result<(), Self::Error>;
}

/// What went wrong keeping the index: the store's error, or a blob that did not decode.
#[derive(Debug)]
pub enum IndexError<E> {
    Store(E),
    Corrupt(Corrupt),
    /// A large segment's postings could not be written to, or read back from, their temporary file.
    Spill(std::io::Error),
}

impl<E> From<Corrupt> for IndexError<E> {
    fn from(c: Corrupt) -> Self {
        IndexError::Corrupt(c)
    }
}

type Step<T, E> = Result<T, IndexError<E>>;

fn store<T, E>(result: Result<T, E>) -> Step<T, E> {
    result.map_err(IndexError::Store)
}

/// The index changes of one write transaction: the documents to index, already in a segment being built, and
/// the documents whose older versions go (those indexed again, and those removed).
#[derive(Debug, Default)]
pub struct Batch {
    pub segment: SegmentBuilder,
    /// Documents indexed before, whose earlier postings are deleted where they live.
    pub gone: Vec<DocKey>,
    /// Documents indexed as the write added them (a bulk import's new claims, in key order), stored as a segment
    /// of their own before `gone` is deleted, so that a document both added and indexed again in the same write
    /// is deleted from it.
    pub streamed: Option<SegmentBuilder>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.segment.is_empty()
            && self.gone.is_empty()
            && self.streamed.as_ref().is_none_or(SegmentBuilder::is_empty)
    }
}

/// Applies a write's changes: deletes the older versions of the documents gone, stores the new segment, and
/// merges the newest segments as [`merge_count`] says.
pub fn apply<S: SegmentStore>(store_: &mut S, batch: Batch) -> Step<(), S::Error> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut segments = store(store_.segments())?;
    if let Some(streamed) = batch.streamed.filter(|s| !s.is_empty()) {
        segments.push(streamed.store_into(store_)?);
    }
    if !batch.gone.is_empty() {
        delete_live(store_, &mut segments, &batch.gone)?;
    }
    if !batch.segment.is_empty() {
        segments.push(batch.segment.store_into(store_)?);
    }
    let sizes: Vec<u64> = segments.iter().map(|s| s.docs).collect();
    let count = merge_count(&sizes);
    if count >= 2 {
        let tail = segments.split_off(segments.len() - count);
        merge(store_, &tail)?;
    }
    Ok(())
}

/// Replaces the whole index with `segments` (each built in key order; together, every document once).
pub fn rebuild<S: SegmentStore>(
    store_: &mut S,
    segments: Vec<SegmentBuilder>,
) -> Step<(), S::Error> {
    for segment in store(store_.segments())? {
        store(store_.delete(segment.id))?;
    }
    for segment in segments.into_iter().filter(|s| !s.is_empty()) {
        segment.store_into(store_)?;
    }
    Ok(())
}

/// How many of the newest segments to merge into one (0: none). `sizes` holds the documents each segment was
/// written with (its cost to read and rewrite, deleted ones included), oldest first.
pub fn merge_count(sizes: &[u64]) -> usize {
    let live = sizes;
    let Some(&newest) = live.last() else {
        return 0;
    };
    let mut tail = newest;
    let mut count = 1;
    while count < live.len() {
        let before = live[live.len() - 1 - count];
        if before > MERGE_FACTOR * tail {
            break;
        }
        tail += before;
        count += 1;
    }
    if count >= MERGE_FACTOR as usize {
        count
    } else {
        0
    }
}

/// Marks each key deleted in the segment it is live in, newest segments first.
fn delete_live<S: SegmentStore>(
    store_: &mut S,
    segments: &mut [SegmentInfo],
    keys: &[DocKey],
) -> Step<(), S::Error> {
    let mut wanted: Vec<u64> = keys.iter().map(|k| k.code()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    for segment in segments.iter_mut().rev() {
        if wanted.is_empty() {
            break;
        }
        let deleted = decode_keys(&segment.deleted)?;
        let list = decode_doc_list(&store(store_.doc_list(segment.id))?)?;
        let mut found = Vec::new();
        for (code, lengths) in &list {
            if wanted.binary_search(code).is_ok() && deleted.binary_search(code).is_err() {
                found.push((*code, *lengths));
            }
        }
        if found.is_empty() {
            continue;
        }
        for (code, lengths) in &found {
            segment.live.docs = segment.live.docs.saturating_sub(1);
            for (sum, len) in segment.live.length_sums.iter_mut().zip(lengths) {
                *sum = sum.saturating_sub(u64::from(*len));
            }
            wanted.retain(|w| w != code);
        }
        let mut all = deleted;
        all.extend(found.iter().map(|(code, _)| *code));
        all.sort_unstable();
        segment.deleted = encode_keys(&all);
        store(store_.update(segment.id, &segment.live, &segment.deleted))?;
    }
    Ok(())
}

/// Merges segments into one new segment of their live documents, and removes them.
fn merge<S: SegmentStore>(store_: &mut S, segments: &[SegmentInfo]) -> Step<(), S::Error> {
    let mut docs: Vec<(u64, PerField<u32>)> = Vec::new();
    let mut terms: BTreeMap<String, Vec<RawPosting>> = BTreeMap::new();
    for segment in segments {
        let deleted = decode_keys(&segment.deleted)?;
        let live = |code: &u64| deleted.binary_search(code).is_err();
        docs.extend(
            decode_doc_list(&store(store_.doc_list(segment.id))?)?
                .into_iter()
                .filter(|(code, _)| live(code)),
        );
        for (term, blob) in store(store_.term_blobs(segment.id))? {
            let list = terms.entry(term).or_default();
            for_each_raw(&blob, |p| {
                if live(&p.code) {
                    list.push(p);
                }
            })?;
        }
    }
    docs.sort_unstable_by_key(|(code, _)| *code);
    let mut live = CorpusStats::default();
    for (_, lengths) in &docs {
        add_lengths(&mut live, lengths);
    }
    let segment = NewSegment {
        docs: docs.len() as u64,
        live,
        doc_list: encode_doc_list(&docs),
        terms: terms
            .into_iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(term, mut list)| {
                list.sort_unstable_by_key(|p| p.code);
                (term, encode_postings(&list))
            })
            .collect(),
    };
    if segment.docs > 0 {
        store(store_.insert(&segment))?;
    }
    for old in segments {
        store(store_.delete(old.id))?;
    }
    Ok(())
}

fn add_lengths(stats: &mut CorpusStats, lengths: &PerField<u32>) {
    stats.docs += 1;
    for (sum, len) in stats.length_sums.iter_mut().zip(lengths) {
        *sum += u64::from(*len);
    }
}

/// One posting as encoded: the key code, the term frequencies and the document's lengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RawPosting {
    code: u64,
    tf: PerField<u32>,
    lengths: PerField<u32>,
}

/// A segment being built from documents given in ascending key order, one at a time: only the encoded postings
/// are held (about 7 bytes a posting, never the documents' terms). A builder made with [`Self::bounded`] holds at
/// most about its budget of postings: past it, the postings held go to a temporary file as a run sorted by term,
/// and [`Self::store_into`] merges the runs term by term into the store, so that an import of a million claims
/// indexes them in the same memory as one of ten thousand (the document list, about 5 bytes a document, stays in
/// memory: it is one row).
#[derive(Debug, Default)]
pub struct SegmentBuilder {
    live: CorpusStats,
    doc_list: Vec<u8>,
    last: Option<u64>,
    /// By term, hashed with foldhash seeded anew each process: SipHash was some 5% of a spreadsheet import, and a
    /// random seed keeps the defence against terms chosen to collide.
    terms: HashMap<String, TermList, foldhash::fast::RandomState>,
    /// Bytes the postings in `terms` take, with an allowance for each term's entry.
    held: usize,
    /// Spill past this many bytes held (`None`: never).
    budget: Option<usize>,
    /// The runs spilled so far, each a file of records sorted by term.
    runs: Vec<File>,
    /// The first failure to spill, reported by `store_into`.
    failed: Option<io::Error>,
}

#[derive(Debug, Default)]
struct TermList {
    blob: Vec<u8>,
    /// The key of the term's last posting; 0 before the first, so that the first gap is the key itself.
    last: u64,
}

/// What a term's entry in a builder costs besides its postings (the map's slot, the name's allocation, the
/// blob's header), for the budget.
const TERM_OVERHEAD: usize = 96;

/// Term rows handed to the store at a time when a spilled segment is stored.
const TERM_CHUNK_BYTES: usize = 4 << 20;

/// A document given to a [`SegmentBuilder`] at or below the key before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("documents must be added to a segment in ascending key order ({given:?} after {after:?})")]
pub struct OutOfOrder {
    pub given: DocKey,
    pub after: DocKey,
}

impl SegmentBuilder {
    /// A builder that holds everything in memory (one write's few documents; tests).
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that holds at most about `budget` bytes of postings, spilling the rest to temporary files.
    pub fn bounded(budget: usize) -> Self {
        SegmentBuilder {
            budget: Some(budget),
            ..Self::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.last.is_none()
    }

    /// The key of the last document added.
    pub fn last_key(&self) -> Option<DocKey> {
        self.last.map(DocKey::from_code)
    }

    /// Adds a document, whose key must be above every key added before.
    pub fn add(&mut self, key: DocKey, doc: &DocTerms) -> Result<(), OutOfOrder> {
        let code = self.start(key, &doc.lengths)?;
        for count in &doc.terms {
            self.post(code, &count.term, &count.tf, &doc.lengths);
        }
        self.spill_past_budget();
        Ok(())
    }

    /// Adds a document given as its fields analysed apart: what [`Self::add`] does with
    /// [`DocTerms::from_fields`] of them, without making the document's own copy of each term (the streamed
    /// index of an import, whose claims share their article's title).
    pub fn add_fields(
        &mut self,
        key: DocKey,
        fields: PerField<&FieldTerms>,
    ) -> Result<(), OutOfOrder> {
        let lengths = fields.map(|f| f.length);
        let code = self.start(key, &lengths)?;
        let mut at = [0; Field::COUNT];
        // A merge of the fields' sorted lists, as `from_fields` does it.
        loop {
            let next = fields
                .iter()
                .zip(at)
                .filter_map(|(f, i)| f.terms.get(i).map(|(term, _)| term))
                .min();
            let Some(next) = next else { break };
            let mut tf = [0; Field::COUNT];
            for (i, field) in fields.iter().enumerate() {
                if let Some((term, count)) = field.terms.get(at[i]) {
                    if term == next {
                        tf[i] = *count;
                        at[i] += 1;
                    }
                }
            }
            self.post(code, next, &tf, &lengths);
        }
        self.spill_past_budget();
        Ok(())
    }

    /// Puts a document's key and lengths in the document list; its code, for its postings.
    fn start(&mut self, key: DocKey, lengths: &PerField<u32>) -> Result<u64, OutOfOrder> {
        let code = key.code();
        if let Some(last) = self.last.filter(|&last| last >= code) {
            return Err(OutOfOrder {
                given: key,
                after: DocKey::from_code(last),
            });
        }
        put(&mut self.doc_list, code - self.last.unwrap_or(0));
        for len in lengths {
            put(&mut self.doc_list, u64::from(*len));
        }
        self.last = Some(code);
        add_lengths(&mut self.live, lengths);
        Ok(code)
    }

    /// Appends one posting of the document `code` to the term's list.
    fn post(&mut self, code: u64, term: &str, tf: &PerField<u32>, lengths: &PerField<u32>) {
        let list = match self.terms.get_mut(term) {
            Some(list) => list,
            None => {
                self.held += TERM_OVERHEAD + term.len();
                self.terms.entry(term.to_string()).or_default()
            }
        };
        let before = list.blob.len();
        put(&mut list.blob, code - list.last);
        list.last = code;
        for v in tf.iter().chain(lengths) {
            put(&mut list.blob, u64::from(*v));
        }
        self.held += list.blob.len() - before;
    }

    fn spill_past_budget(&mut self) {
        if self.budget.is_some_and(|budget| self.held > budget) && self.failed.is_none() {
            if let Err(e) = self.spill() {
                // Kept to report when the segment is stored; the postings stay in memory meanwhile.
                self.failed = Some(e);
            }
        }
    }

    /// Writes the postings held to a new run, sorted by term, and lets them go. A term's next posting starts its
    /// gaps from 0 again; each record carries the key of its last posting, so that the runs' blobs of a term join
    /// up again by rewriting the first gap of each.
    fn spill(&mut self) -> io::Result<()> {
        let mut names: Vec<(&String, &TermList)> = self.terms.iter().collect();
        names.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut out = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
        let mut head = Vec::with_capacity(32);
        for (term, list) in names {
            head.clear();
            put(&mut head, term.len() as u64);
            head.extend_from_slice(term.as_bytes());
            put(&mut head, list.last);
            put(&mut head, list.blob.len() as u64);
            out.write_all(&head)?;
            out.write_all(&list.blob)?;
        }
        let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        self.terms.clear();
        self.held = 0;
        Ok(())
    }

    /// The segment, its terms sorted. For a builder that never spilled (see [`Self::store_into`] for one that may).
    pub fn finish(self) -> NewSegment {
        debug_assert!(
            self.runs.is_empty(),
            "a spilled segment is stored with store_into"
        );
        let mut terms: Vec<(String, Vec<u8>)> = self
            .terms
            .into_iter()
            .map(|(term, list)| (term, list.blob))
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        NewSegment {
            docs: self.live.docs,
            live: self.live,
            doc_list: self.doc_list,
            terms,
        }
    }

    /// Stores the segment with a new id: at once when it never spilled, else its row first and then its terms,
    /// merged from the runs in order of term a chunk at a time. Returns the stored segment.
    pub fn store_into<S: SegmentStore>(mut self, store_: &mut S) -> Step<SegmentInfo, S::Error> {
        if let Some(e) = self.failed.take() {
            return Err(IndexError::Spill(e));
        }
        if self.runs.is_empty() {
            let segment = self.finish();
            let id = store(store_.insert(&segment))?;
            return Ok(SegmentInfo {
                id,
                docs: segment.docs,
                live: segment.live,
                deleted: Vec::new(),
            });
        }
        if !self.terms.is_empty() {
            self.spill().map_err(IndexError::Spill)?;
        }
        let runs = std::mem::take(&mut self.runs);
        let header = NewSegment {
            docs: self.live.docs,
            live: self.live,
            doc_list: std::mem::take(&mut self.doc_list),
            terms: Vec::new(),
        };
        let id = store(store_.insert(&header))?;
        let mut chunk: Vec<(String, Vec<u8>)> = Vec::new();
        let mut bytes = 0;
        let mut failure = None;
        merge_runs(runs, |term, blob| {
            bytes += term.len() + blob.len();
            chunk.push((term, blob));
            if bytes >= TERM_CHUNK_BYTES {
                if let Err(e) = store_.insert_terms(id, &chunk) {
                    failure = Some(e);
                    return false;
                }
                chunk.clear();
                bytes = 0;
            }
            true
        })?;
        if let Some(e) = failure {
            return Err(IndexError::Store(e));
        }
        if !chunk.is_empty() {
            store(store_.insert_terms(id, &chunk))?;
        }
        Ok(SegmentInfo {
            id,
            docs: header.docs,
            live: header.live,
            deleted: Vec::new(),
        })
    }
}

/// One record of a run: a term, the key of its last posting, its postings.
struct RunRecord {
    term: String,
    last: u64,
    blob: Vec<u8>,
}

fn read_varint(input: &mut impl Read) -> io::Result<Option<u64>> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let mut byte = [0u8];
        if input.read(&mut byte)? == 0 {
            return if shift == 0 {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        value |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] & 0x80 == 0 {
            return Ok(Some(value));
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "a number is too long",
    ))
}

fn read_record(input: &mut impl Read) -> io::Result<Option<RunRecord>> {
    let Some(len) = read_varint(input)? else {
        return Ok(None);
    };
    let mut name = vec![0u8; len as usize];
    input.read_exact(&mut name)?;
    let term =
        String::from_utf8(name).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let eof = || io::Error::from(io::ErrorKind::UnexpectedEof);
    let last = read_varint(input)?.ok_or_else(eof)?;
    let len = read_varint(input)?.ok_or_else(eof)?;
    let mut blob = vec![0u8; len as usize];
    input.read_exact(&mut blob)?;
    Ok(Some(RunRecord { term, last, blob }))
}

/// Merges runs (each sorted by term, in the order they were spilled) into each term's whole blob, in order of
/// term; `each` returns false to stop.
fn merge_runs<E>(runs: Vec<File>, mut each: impl FnMut(String, Vec<u8>) -> bool) -> Step<(), E> {
    let spill = IndexError::Spill;
    let mut readers: Vec<BufReader<File>> = runs
        .into_iter()
        .map(|f| BufReader::with_capacity(1 << 16, f))
        .collect();
    // The next record of each run, smallest term first and, for a term, the earliest run first.
    let mut heads = BinaryHeap::new();
    for (run, reader) in readers.iter_mut().enumerate() {
        if let Some(record) = read_record(reader).map_err(spill)? {
            heads.push(Reverse((record.term.clone(), run, Head(record))));
        }
    }
    while let Some(Reverse((term, run, Head(first)))) = heads.pop() {
        let mut blob = first.blob;
        let mut last = first.last;
        if let Some(next) = read_record(&mut readers[run]).map_err(spill)? {
            heads.push(Reverse((next.term.clone(), run, Head(next))));
        }
        while heads.peek().is_some_and(|Reverse((t, _, _))| *t == term) {
            let Some(Reverse((_, later, Head(part)))) = heads.pop() else {
                break;
            };
            // The part's first gap is its first key (it started from 0): rewritten as the gap from `last`.
            let mut reader = Reader {
                blob: &part.blob,
                at: 0,
            };
            let first_key = reader.next()?;
            let gap = first_key
                .checked_sub(last)
                .ok_or(Corrupt("a spilled run is out of key order"))?;
            put(&mut blob, gap);
            blob.extend_from_slice(&part.blob[reader.at..]);
            last = part.last;
            if let Some(next) = read_record(&mut readers[later]).map_err(spill)? {
                heads.push(Reverse((next.term.clone(), later, Head(next))));
            }
        }
        if !each(term, blob) {
            break;
        }
    }
    Ok(())
}

/// A run's record in the merge's heap, ordered by the term and run beside it alone.
struct Head(RunRecord);

impl PartialEq for Head {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Head {
    fn cmp(&self, _: &Self) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

/// A segment of `docs`, in any order (a key given twice keeps its last terms).
pub fn encode(mut docs: Vec<(DocKey, DocTerms)>) -> NewSegment {
    docs.sort_by_key(|(key, _)| key.code());
    docs.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    let mut builder = SegmentBuilder::new();
    for (key, terms) in &docs {
        // Sorted and unique just above.
        let _ = builder.add(*key, terms);
    }
    builder.finish()
}

fn encode_postings(list: &[RawPosting]) -> Vec<u8> {
    let mut blob = Vec::with_capacity(list.len() * 8);
    let mut previous = 0;
    for p in list {
        put(&mut blob, p.code - previous);
        previous = p.code;
        for v in p.tf.iter().chain(&p.lengths) {
            put(&mut blob, u64::from(*v));
        }
    }
    blob
}

fn for_each_raw(blob: &[u8], mut each: impl FnMut(RawPosting)) -> Result<(), Corrupt> {
    let mut reader = Reader { blob, at: 0 };
    let mut code = 0u64;
    while !reader.done() {
        code = code
            .checked_add(reader.next()?)
            .ok_or(Corrupt("a key overflows"))?;
        let mut values = [0u32; 2 * Field::COUNT];
        for v in &mut values {
            *v = u32::try_from(reader.next()?).map_err(|_| Corrupt("a count overflows"))?;
        }
        each(RawPosting {
            code,
            tf: [values[0], values[1], values[2]],
            lengths: [values[3], values[4], values[5]],
        });
    }
    Ok(())
}

/// Appends the postings of a blob to `out`, leaving out the documents of `deleted` (sorted key codes).
pub fn decode_postings(
    blob: &[u8],
    deleted: &[u64],
    out: &mut Vec<Posting<DocKey>>,
) -> Result<(), Corrupt> {
    let mut skip = deleted.iter().peekable();
    for_each_raw(blob, |p| {
        while skip.next_if(|&&d| d < p.code).is_some() {}
        if skip.peek().is_some_and(|&&d| d == p.code) {
            return;
        }
        out.push(Posting {
            doc: DocKey::from_code(p.code),
            tf: p.tf,
            lengths: p.lengths,
        });
    })
}

fn encode_doc_list(docs: &[(u64, PerField<u32>)]) -> Vec<u8> {
    let mut blob = Vec::with_capacity(docs.len() * 5);
    let mut previous = 0;
    for (code, lengths) in docs {
        put(&mut blob, code - previous);
        previous = *code;
        for len in lengths {
            put(&mut blob, u64::from(*len));
        }
    }
    blob
}

/// A document list: key codes in order, each with the document's field lengths.
pub fn decode_doc_list(blob: &[u8]) -> Result<Vec<(u64, PerField<u32>)>, Corrupt> {
    let mut reader = Reader { blob, at: 0 };
    let mut out = Vec::new();
    let mut code = 0u64;
    while !reader.done() {
        code = code
            .checked_add(reader.next()?)
            .ok_or(Corrupt("a key overflows"))?;
        let mut lengths = [0u32; Field::COUNT];
        for len in &mut lengths {
            *len = u32::try_from(reader.next()?).map_err(|_| Corrupt("a length overflows"))?;
        }
        out.push((code, lengths));
    }
    Ok(out)
}

/// Sorted key codes as gaps.
pub fn encode_keys(codes: &[u64]) -> Vec<u8> {
    let mut blob = Vec::with_capacity(codes.len() * 3);
    let mut previous = 0;
    for &code in codes {
        put(&mut blob, code - previous);
        previous = code;
    }
    blob
}

/// A deleted list: key codes in order.
pub fn decode_keys(blob: &[u8]) -> Result<Vec<u64>, Corrupt> {
    let mut reader = Reader { blob, at: 0 };
    let mut out = Vec::new();
    let mut code = 0u64;
    while !reader.done() {
        code = code
            .checked_add(reader.next()?)
            .ok_or(Corrupt("a key overflows"))?;
        out.push(code);
    }
    Ok(out)
}

fn put(blob: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        blob.push((value as u8) | 0x80);
        value >>= 7;
    }
    blob.push(value as u8);
}

struct Reader<'b> {
    blob: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn done(&self) -> bool {
        self.at >= self.blob.len()
    }

    fn next(&mut self) -> Result<u64, Corrupt> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .blob
                .get(self.at)
                .ok_or(Corrupt("a number is cut short"))?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Corrupt("a number is too long"))
    }
}

/// The index as a query sees it: the segments' deleted lists and the corpus totals, read once per query.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    deleted: HashMap<i64, Vec<u64>>,
    stats: CorpusStats,
}

impl Snapshot {
    pub fn new(segments: &[SegmentInfo]) -> Result<Snapshot, Corrupt> {
        let mut snapshot = Snapshot::default();
        for segment in segments {
            snapshot.stats.docs += segment.live.docs;
            for (sum, part) in snapshot
                .stats
                .length_sums
                .iter_mut()
                .zip(segment.live.length_sums)
            {
                *sum += part;
            }
            snapshot
                .deleted
                .insert(segment.id, decode_keys(&segment.deleted)?);
        }
        Ok(snapshot)
    }

    /// The corpus totals of the live documents.
    pub fn stats(&self) -> CorpusStats {
        self.stats
    }

    /// The live postings of the blobs a store returned for some terms, keyed by term, as the ranker takes them. A
    /// blob of a segment the snapshot does not know (written after it was taken) is left out.
    pub fn postings(
        &self,
        blobs: &[TermBlob],
    ) -> Result<HashMap<String, Vec<Posting<DocKey>>>, Corrupt> {
        let mut out: HashMap<String, Vec<Posting<DocKey>>> = HashMap::new();
        for blob in blobs {
            let Some(deleted) = self.deleted.get(&blob.segment) else {
                continue;
            };
            decode_postings(
                &blob.postings,
                deleted,
                out.entry(blob.term.clone()).or_default(),
            )?;
        }
        out.retain(|_, list| !list.is_empty());
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::index::{Document, MemoryIndex, PostingSource};
    use crate::matching::rank::{bm25f, Bm25Params, Query};
    use crate::matching::text::Analyzer;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// A store in memory: what a backend keeps, as maps.
    #[derive(Default)]
    struct Memory {
        next: i64,
        segments: BTreeMap<i64, (SegmentInfo, Vec<u8>)>,
        terms: BTreeMap<(i64, String), Vec<u8>>,
    }

    impl SegmentStore for Memory {
        type Error = std::convert::Infallible;
        fn segments(&self) -> Result<Vec<SegmentInfo>, Self::Error> {
            Ok(self.segments.values().map(|(s, _)| s.clone()).collect())
        }
        fn doc_list(&self, segment: i64) -> Result<Vec<u8>, Self::Error> {
            Ok(self.segments[&segment].1.clone())
        }
        fn term_blobs(&self, segment: i64) -> Result<Vec<(String, Vec<u8>)>, Self::Error> {
            Ok(self
                .terms
                .range((segment, String::new())..)
                .take_while(|((s, _), _)| *s == segment)
                .map(|((_, t), b)| (t.clone(), b.clone()))
                .collect())
        }
        fn insert(&mut self, segment: &NewSegment) -> Result<i64, Self::Error> {
            self.next += 1;
            let id = self.next;
            let info = SegmentInfo {
                id,
                docs: segment.docs,
                live: segment.live,
                deleted: Vec::new(),
            };
            self.segments.insert(id, (info, segment.doc_list.clone()));
            self.insert_terms(id, &segment.terms).map(|()| id)
        }
        fn insert_terms(
            &mut self,
            segment: i64,
            terms: &[(String, Vec<u8>)],
        ) -> Result<(), Self::Error> {
            for (term, blob) in terms {
                self.terms.insert((segment, term.clone()), blob.clone());
            }
            Ok(())
        }
        fn update(
            &mut self,
            segment: i64,
            live: &CorpusStats,
            deleted: &[u8],
        ) -> Result<(), Self::Error> {
            let entry = self.segments.get_mut(&segment).expect("the segment");
            entry.0.live = *live;
            entry.0.deleted = deleted.to_vec();
            Ok(())
        }
        fn delete(&mut self, segment: i64) -> Result<(), Self::Error> {
            self.segments.remove(&segment);
            self.terms.retain(|(s, _), _| *s != segment);
            Ok(())
        }
    }

    impl Memory {
        fn snapshot(
            &self,
            terms: &[String],
        ) -> (CorpusStats, HashMap<String, Vec<Posting<DocKey>>>) {
            let segments = self.segments().unwrap();
            let snapshot = Snapshot::new(&segments).unwrap();
            let blobs: Vec<TermBlob> = segments
                .iter()
                .flat_map(|s| {
                    terms.iter().filter_map(move |t| {
                        self.terms.get(&(s.id, t.clone())).map(|b| TermBlob {
                            segment: s.id,
                            term: t.clone(),
                            postings: b.clone(),
                        })
                    })
                })
                .collect();
            (snapshot.stats(), snapshot.postings(&blobs).unwrap())
        }
    }

    fn terms(analyzer: &Analyzer, claim: &str, title: &str) -> DocTerms {
        DocTerms::new(
            analyzer,
            &Document {
                claim,
                title,
                context: "",
            },
        )
    }

    fn sorted(
        mut postings: HashMap<String, Vec<Posting<DocKey>>>,
    ) -> BTreeMap<String, Vec<Posting<DocKey>>> {
        for list in postings.values_mut() {
            list.sort_by_key(|p| p.doc);
        }
        postings.into_iter().collect()
    }

    #[test]
    fn keys_keep_claims_and_reviews_apart_in_one_order() {
        for key in [
            DocKey::Claim(1),
            DocKey::Review(1),
            DocKey::Claim(i64::MAX >> 1),
        ] {
            assert_eq!(DocKey::from_code(key.code()), key);
        }
        assert!(DocKey::Claim(1).code() < DocKey::Review(1).code());
        assert!(DocKey::Review(1).code() < DocKey::Claim(2).code());
    }

    #[test]
    fn four_or_more_newest_segments_merge_while_the_one_before_is_not_much_larger() {
        assert_eq!(merge_count(&[]), 0);
        assert_eq!(merge_count(&[5]), 0);
        assert_eq!(merge_count(&[100_000, 1]), 0);
        assert_eq!(merge_count(&[100_000, 1, 1, 1]), 0);
        assert_eq!(merge_count(&[100_000, 1, 1, 1, 1]), 4);
        assert_eq!(merge_count(&[100_000, 6, 1, 1]), 0);
        assert_eq!(merge_count(&[100_000, 12, 2, 1, 1]), 4);
        assert_eq!(merge_count(&[100_000, 30, 2, 1, 1]), 0);
        assert_eq!(merge_count(&[10, 30, 40, 50]), 4);
        assert_eq!(merge_count(&[100, 30, 1]), 0);
    }

    #[test]
    fn one_claim_in_three_merges_when_claims_come_one_at_a_time() {
        let mut sizes: Vec<u64> = vec![100_000];
        let (mut merging, mut most) = (0, 0);
        for _ in 0..999 {
            sizes.push(1);
            let count = merge_count(&sizes);
            if count > 0 {
                let merged = sizes.split_off(sizes.len() - count).iter().sum();
                sizes.push(merged);
                merging += 1;
            }
            most = most.max(sizes.len());
        }
        assert_eq!(sizes.iter().sum::<u64>(), 100_999);
        assert!(merging <= 999 / 3, "{merging} merges");
        assert!(most <= 7, "{most} segments at most");
    }

    #[test]
    fn a_segment_is_built_in_key_order_only() {
        let analyzer = Analyzer::new();
        let doc = terms(&analyzer, "ferry fares", "");
        let mut builder = SegmentBuilder::new();
        builder.add(DocKey::Claim(2), &doc).unwrap();
        assert_eq!(
            builder.add(DocKey::Review(1), &doc),
            Err(OutOfOrder {
                given: DocKey::Review(1),
                after: DocKey::Claim(2)
            })
        );
        builder.add(DocKey::Review(2), &doc).unwrap();
        let segment = builder.finish();
        assert_eq!((segment.docs, segment.terms.len()), (2, 2));
        assert_eq!(
            decode_doc_list(&segment.doc_list).unwrap(),
            [(4, [2, 0, 0]), (5, [2, 0, 0])]
        );
    }

    #[test]
    fn a_segment_spilled_to_runs_is_stored_as_the_one_built_in_memory() {
        let analyzer = Analyzer::new();
        let texts = [
            "ferry fares rose at the harbour",
            "the harbour council cut ferry routes",
            "fares fell after the council vote",
            "a new berth opened at the harbour",
        ];
        let mut whole = SegmentBuilder::new();
        // A budget of a few postings: a run every document or two, terms split across runs.
        let mut bounded = SegmentBuilder::bounded(200);
        for id in 1..=40 {
            let doc = terms(
                &analyzer,
                texts[id % texts.len()],
                texts[(id / 3) % texts.len()],
            );
            whole.add(DocKey::Claim(id as i64 * 3), &doc).unwrap();
            bounded.add(DocKey::Claim(id as i64 * 3), &doc).unwrap();
        }
        assert!(bounded.runs.len() > 5, "{} runs", bounded.runs.len());
        let mut kept = Memory::default();
        let mut spilled = Memory::default();
        whole.store_into(&mut kept).unwrap();
        let info = bounded.store_into(&mut spilled).unwrap();
        assert_eq!(spilled.segments().unwrap(), [info]);
        assert_eq!(kept.segments().unwrap(), spilled.segments().unwrap());
        assert_eq!(kept.segments, spilled.segments);
        assert_eq!(kept.terms, spilled.terms);
    }

    #[test]
    fn a_damaged_blob_is_an_error_not_a_panic() {
        let mut out = Vec::new();
        assert_eq!(
            decode_postings(&[0x80], &[], &mut out),
            Err(Corrupt("a number is cut short"))
        );
        assert_eq!(
            decode_postings(&[0xff; 12], &[], &mut out),
            Err(Corrupt("a number is too long"))
        );
        assert!(decode_doc_list(&[2, 1, 1]).is_err());
        assert!(
            decode_keys(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x7f])
                .is_err()
        );
    }

    /// One step of a desk's life: a write adding new documents, re-indexing some, removing some.
    #[derive(Clone, Debug)]
    enum Op {
        Add(Vec<(usize, usize)>),
        Change(Vec<(usize, usize, usize)>),
        Remove(Vec<usize>),
        Rebuild,
    }

    const WORDS: &[&str] = &[
        "ferry", "fares", "rose", "harbour", "council", "budget", "strike", "pilots", "school",
        "buses", "tolland", "jobless", "rate", "doubled", "hospital", "closed", "ward", "dam",
        "leaks", "water",
    ];

    fn text(seed: usize) -> String {
        (0..(2 + seed % 7))
            .map(|i| WORDS[(seed * 7 + i * (seed % 5 + 1)) % WORDS.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => prop::collection::vec((0usize..500, 0usize..500), 1..12).prop_map(Op::Add),
            2 => prop::collection::vec((0usize..64, 0usize..500, 0usize..500), 1..4).prop_map(Op::Change),
            1 => prop::collection::vec(0usize..64, 1..3).prop_map(Op::Remove),
            1 => Just(Op::Rebuild),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// Documents added by their fields analysed apart make the segment that the same documents added whole
        /// make, a title shared by several of them included.
        #[test]
        fn documents_added_by_their_fields_make_the_segment_they_make_whole(
            docs in prop::collection::vec((0usize..400, 0usize..400, 0usize..400), 1..12),
        ) {
            let analyzer = Analyzer::new();
            let (mut whole, mut by_fields) = (SegmentBuilder::new(), SegmentBuilder::new());
            let shared = FieldTerms::new(&analyzer, &text(7));
            for (n, (claim, title, context)) in docs.into_iter().enumerate() {
                let claim = FieldTerms::new(&analyzer, &text(claim));
                let title = FieldTerms::new(&analyzer, &text(title));
                let context = if n % 2 == 0 { shared.clone() } else { FieldTerms::new(&analyzer, &text(context)) };
                let key = DocKey::Claim(n as i64 + 1);
                whole.add(key, &DocTerms::from_fields([&claim, &title, &context])).unwrap();
                by_fields.add_fields(key, [&claim, &title, &context]).unwrap();
            }
            prop_assert_eq!(by_fields.finish(), whole.finish());
        }

        /// Whatever the sequence of writes, merges and deletions, the segments give the in-memory reference's
        /// postings, totals and so ranking, exactly.
        #[test]
        fn segments_hold_exactly_what_the_memory_index_holds(ops in prop::collection::vec(op(), 1..40)) {
            let analyzer = Analyzer::new();
            let mut memory: MemoryIndex<DocKey> = MemoryIndex::new();
            let mut store = Memory::default();
            let mut next_id = 1i64;
            let mut live: Vec<DocKey> = Vec::new();
            let mut texts: HashMap<DocKey, (String, String)> = HashMap::new();
            for op in ops {
                // What this write indexes (by key, the last text winning) and what it takes out.
                let mut indexed: BTreeMap<u64, (DocKey, DocTerms)> = BTreeMap::new();
                let mut gone: Vec<DocKey> = Vec::new();
                match op {
                    Op::Add(docs) => {
                        for (claim, title) in docs {
                            let key = if claim % 3 == 0 { DocKey::Review(next_id) } else { DocKey::Claim(next_id) };
                            next_id += 1;
                            let (claim, title) = (text(claim), text(title));
                            indexed.insert(key.code(), (key, terms(&analyzer, &claim, &title)));
                            memory.insert(key, terms(&analyzer, &claim, &title));
                            texts.insert(key, (claim, title));
                            live.push(key);
                        }
                    }
                    Op::Change(changes) => {
                        if live.is_empty() { continue; }
                        for (which, claim, title) in changes {
                            let key = live[which % live.len()];
                            let (claim, title) = (text(claim), text(title));
                            indexed.insert(key.code(), (key, terms(&analyzer, &claim, &title)));
                            gone.push(key);
                            memory.insert(key, terms(&analyzer, &claim, &title));
                            texts.insert(key, (claim, title));
                        }
                    }
                    Op::Remove(which) => {
                        for w in which {
                            if live.is_empty() { break; }
                            let key = live.remove(w % live.len());
                            gone.push(key);
                            memory.remove(key);
                            texts.remove(&key);
                        }
                    }
                    Op::Rebuild => {
                        // Claims and reviews in two segments, as the desk rebuilds them.
                        let mut claims = SegmentBuilder::new();
                        let mut reviews = SegmentBuilder::new();
                        let mut all: Vec<&DocKey> = texts.keys().collect();
                        all.sort_by_key(|k| k.code());
                        for key in all {
                            let (c, t) = &texts[key];
                            let builder = if matches!(key, DocKey::Claim(_)) { &mut claims } else { &mut reviews };
                            builder.add(*key, &terms(&analyzer, c, t)).unwrap();
                        }
                        rebuild(&mut store, vec![claims, reviews]).unwrap();
                    }
                }
                let mut batch = Batch { gone, ..Batch::default() };
                for (key, doc) in indexed.values() {
                    batch.segment.add(*key, doc).unwrap();
                }
                apply(&mut store, batch).unwrap();
                let every: Vec<String> = WORDS.iter().flat_map(|w| analyzer.terms(w)).collect();
                let (stats, postings) = store.snapshot(&every);
                prop_assert_eq!(stats, memory.stats());
                prop_assert_eq!(sorted(postings.clone()), sorted(memory.postings(&every)));
                let query = Query::new(&analyzer, "ferry fares rose at the harbour council");
                let params = Bm25Params::default();
                prop_assert_eq!(
                    bm25f(&params, &query, &stats, &postings),
                    bm25f(&params, &query, &memory.stats(), &memory.postings(&query.term_list()))
                );
            }
            // At most 40 writes of at most 12 documents: a handful of segments, never one per write.
            let sizes: Vec<u64> = store.segments().unwrap().iter().map(|s| s.docs).collect();
            prop_assert!(sizes.len() <= 8, "{:?}", sizes);
        }
    }
}
