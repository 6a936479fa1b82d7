//! Spreadsheet import: rows of article title, address, claim text and attribution, each row a claim. An article
//! is one title and address (reused when it is already there); a sentence an article already holds is not
//! recorded twice; the scanner completes the attribution a row leaves out. Rows stream in and are written in
//! batches, in one transaction: memory holds the articles' titles and a digest of each sentence of the articles
//! the rows are at (the first 16 bytes of its SHA-256, which no two different sentences share in practice), never
//! the rows; and the work per row does not grow with the article (its next key is counted once, its sentences
//! read once while it is in hand). Past [`DIGESTS_HELD`] digests every article's are let go, and an article met
//! again reads its sentences from the desk again (this import's included), so memory does not grow with the
//! spreadsheet.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::tally::{Counted, Tally};
use super::{attribution, claims, validate, ClaimFilter, Ledger, Writer};
use crate::backend::{ClaimRow, EventRefs};
use crate::error::Result;
use crate::model::{
    Action, Actor, ArticleId, ClaimSourceKind, NewArticle, NewClaim, SourceKind, Status, Strength,
};
use crate::scanner::{Attribution, GivenAttribution};

/// One checked row of a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub title: String,
    pub url: Option<String>,
    pub text: String,
    pub source: Option<String>,
    pub cue: Option<String>,
    /// Inferred by the scanner when the row leaves it out.
    pub strength: Option<Strength>,
    /// Decided as `claim add` decides it when the row leaves it out (`ledger::attribution`).
    pub source_kind: Option<ClaimSourceKind>,
}

/// How far a spreadsheet import has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvStep {
    /// Rows read and written.
    Rows { done: u64 },
    /// The transaction committed.
    Committing,
}

/// Claims written to the backend at a time.
const BATCH: usize = 4_096;

/// Sentence digests held across articles before they are let go (about 3 MB): a spreadsheet lists an article's
/// rows together, so letting them go costs one read of the article in hand.
const DIGESTS_HELD: usize = 1 << 16;

impl Ledger {
    /// Writes the rows in one transaction.
    pub fn import_spreadsheet(&mut self, actor: &Actor, rows: &[CsvRow]) -> Result<Tally> {
        let mut input = rows.iter().cloned().map(Ok);
        self.import_spreadsheet_from(actor, &mut input, &mut |_| {})
    }

    /// Writes rows as they come, in one transaction; an error from the input stops it and nothing is written.
    pub fn import_spreadsheet_from(
        &mut self,
        actor: &Actor,
        rows: &mut dyn Iterator<Item = Result<CsvRow>>,
        progress: &mut dyn FnMut(CsvStep),
    ) -> Result<Tally> {
        self.write_load(actor, |writer| {
            let tally = Sheet::start(writer, DIGESTS_HELD)?.write(writer, rows, progress)?;
            progress(CsvStep::Committing);
            Ok(tally)
        })
    }
}

/// A sentence as the import remembers it.
type Digest16 = [u8; 16];

fn digest(text: &str) -> Digest16 {
    let full = Sha256::digest(text.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// One article of the import: its id, the next `c<N>` to try, and the digests of the sentences it holds.
struct Known {
    id: ArticleId,
    next_key: u64,
    /// Whether the article was stored before this import, so that a key may be taken by a claim of its own
    /// naming; an article this import added has only the keys it gave, in order, and needs no lookup per row.
    stored: bool,
    /// `None` once let go (see the module docs): read again from the desk when the article is next met.
    texts: Option<HashSet<Digest16>>,
}

/// An article as the import knows it: stored (not read yet), or read.
enum Slot {
    Stored(ArticleId),
    Read(Known),
}

/// The state of a spreadsheet import.
struct Sheet {
    tally: Tally,
    /// Articles by title and address.
    articles: HashMap<(String, Option<String>), Slot>,
    /// The next number to try after a title's key (`key-2`, `key-3`…), so titles that repeat cost no search.
    key_suffix: HashMap<String, u64>,
    batch: Vec<(NewClaim, String)>,
    /// The kinds of the desk's source records, by name, as rows name them (looked up once each).
    record_kinds: HashMap<String, Option<SourceKind>>,
    /// Digests held in all articles' `texts`, and how many may be before they are let go.
    held: usize,
    held_limit: usize,
}

impl Sheet {
    fn start(writer: &mut Writer<'_>, held_limit: usize) -> Result<Sheet> {
        let mut articles = HashMap::new();
        writer.read().each_article(|a| {
            articles
                .entry((a.title, a.url))
                .or_insert(Slot::Stored(a.id));
            Ok(())
        })?;
        if writer.read().event_count()? == 0 {
            writer.tx.defer_indexes()?;
        }
        Ok(Sheet {
            tally: Tally::default(),
            articles,
            key_suffix: HashMap::new(),
            batch: Vec::with_capacity(BATCH),
            record_kinds: HashMap::new(),
            held: 0,
            held_limit,
        })
    }

    fn write(
        mut self,
        writer: &mut Writer<'_>,
        rows: &mut dyn Iterator<Item = Result<CsvRow>>,
        progress: &mut dyn FnMut(CsvStep),
    ) -> Result<Tally> {
        let mut done = 0u64;
        for row in rows {
            let row = row?;
            self.row(writer, row)?;
            done += 1;
            if done.is_multiple_of(1024) {
                progress(CsvStep::Rows { done });
            }
        }
        self.flush(writer)?;
        progress(CsvStep::Rows { done });
        Ok(self.tally)
    }

    /// The article of a title and address, added when new; loaded (its next key, its sentences) when first met.
    fn article(
        &mut self,
        writer: &mut Writer<'_>,
        title: &str,
        url: Option<&str>,
    ) -> Result<&mut Known> {
        if self.held > self.held_limit {
            // Written first, so that an article read again finds this import's sentences on the desk.
            self.flush(writer)?;
            for slot in self.articles.values_mut() {
                if let Slot::Read(known) = slot {
                    known.texts = None;
                }
            }
            self.held = 0;
        }
        let wanted = (title.to_string(), url.map(str::to_string));
        let slot = match self.articles.entry(wanted) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                // New: added with the next free key its title gives.
                let base = super::key_from_title(title);
                let next = self.key_suffix.entry(base.clone()).or_insert(1);
                let key = loop {
                    let key = if *next == 1 {
                        base.clone()
                    } else {
                        format!("{base}-{next}")
                    };
                    *next += 1;
                    if writer.read().article_by_key(&key)?.is_none() {
                        break key;
                    }
                };
                let id = writer.add_article(&NewArticle {
                    key: Some(key),
                    title: title.to_string(),
                    url: url.map(str::to_string),
                    ..Default::default()
                })?;
                self.tally.count(Counted::Articles, true, true);
                entry.insert(Slot::Read(Known {
                    id,
                    next_key: 1,
                    stored: false,
                    texts: Some(HashSet::new()),
                }))
            }
        };
        let unread = match slot {
            Slot::Stored(id) => Some(*id),
            Slot::Read(known) if known.texts.is_none() => Some(known.id),
            Slot::Read(_) => None,
        };
        if let Some(id) = unread {
            // Its sentences, read while it is in hand: stored before this import, or let go since.
            let mut texts = HashSet::new();
            let mut count = 0;
            writer.read().each_claim(
                &ClaimFilter {
                    article: Some(id),
                    ..Default::default()
                },
                |claim| {
                    texts.insert(digest(&claim.text));
                    count += 1;
                    Ok(())
                },
            )?;
            self.held += texts.len();
            match slot {
                Slot::Read(known) => known.texts = Some(texts),
                Slot::Stored(_) => {
                    *slot = Slot::Read(Known {
                        id,
                        next_key: count + 1,
                        stored: true,
                        texts: Some(texts),
                    })
                }
            }
        }
        match slot {
            Slot::Read(known) => Ok(known),
            Slot::Stored(_) => unreachable!("read above"),
        }
    }

    fn row(&mut self, writer: &mut Writer<'_>, row: CsvRow) -> Result<()> {
        let text = digest(&row.text);
        let known = self.article(writer, &row.title, row.url.as_deref())?;
        let article = known.id;
        if !known.texts.get_or_insert_default().insert(text) {
            self.tally.held_already();
            return Ok(());
        }
        let key = loop {
            let key = format!("c{}", known.next_key);
            known.next_key += 1;
            if !known.stored || writer.tx.claim_id(article, &key)?.is_none() {
                break key;
            }
        };
        self.held += 1;
        let given = GivenAttribution {
            strength: row.strength,
            source: row.source,
            cue: row.cue,
            response: None,
        };
        let completed = attribution::complete(&row.text, given);
        let record_kinds = &mut self.record_kinds;
        let source_kind = attribution::kind_of(row.source_kind, &completed, || {
            let Some(name) = &completed.attribution.source else {
                return Ok(None);
            };
            if let Some(kind) = record_kinds.get(name) {
                return Ok(*kind);
            }
            let kind = attribution::record_kind(&writer.read(), Some(name))?;
            record_kinds.insert(name.clone(), kind);
            Ok(kind)
        })?;
        let Attribution {
            strength,
            source,
            cue,
            response,
        } = completed.attribution;
        let new = NewClaim {
            article,
            key: None,
            text: row.text,
            span: None,
            source,
            cue,
            strength,
            response,
            source_kind,
        };
        validate::claim(&new)?;
        self.batch.push((new, key));
        if self.batch.len() >= BATCH {
            self.flush(writer)?;
        }
        Ok(())
    }

    /// Writes the batched claims and their events.
    fn flush(&mut self, writer: &mut Writer<'_>) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let at = writer.actor.at;
        let rows: Vec<ClaimRow<'_>> = self
            .batch
            .iter()
            .map(|(new, key)| ClaimRow {
                article: new.article,
                key,
                text: &new.text,
                span: None,
                source: new.source.as_deref(),
                cue: new.cue.as_deref(),
                strength: new.strength,
                response: new.response,
                source_kind: new.source_kind,
                status: Status::Unverified,
                created_at: at,
            })
            .collect();
        let ids = writer.tx.insert_claims(&rows)?;
        drop(rows);
        for ((new, _), id) in self.batch.drain(..).zip(ids) {
            writer.index_new_claim(id, new.article, &new.text)?;
            writer.event(
                Action::ClaimAdd,
                EventRefs {
                    article: Some(new.article),
                    claim: Some(id),
                    ..Default::default()
                },
                claims::recorded_detail(id, &new),
            )?;
            self.tally.count(Counted::Claims, true, true);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor() -> Actor {
        Actor {
            name: "tester".to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    fn row(title: &str, url: Option<&str>, text: &str, strength: Option<Strength>) -> CsvRow {
        CsvRow {
            title: title.to_string(),
            url: url.map(str::to_string),
            text: text.to_string(),
            source: None,
            cue: None,
            strength,
            source_kind: None,
        }
    }

    #[test]
    fn rows_become_claims_of_one_article_per_title_and_address_once() {
        let mut ledger = Ledger::in_memory().unwrap();
        let rows = [
            row("Dock fees", None, "Officials allegedly took fees.", None),
            row(
                "Dock fees",
                None,
                "The port handled 4.5 million tonnes.",
                Some(Strength::Document),
            ),
            row(
                "Dock fees",
                Some("https://example.org/fees"),
                "Officials allegedly took fees.",
                None,
            ),
            row("Dock fees", None, "Officials allegedly took fees.", None),
        ];
        let tally = ledger.import_spreadsheet(&actor(), &rows).unwrap();
        // The last row repeats the first: said, not silently merged.
        assert_eq!(
            tally.summary(),
            "added 2 articles, 3 claims; 1 row not added: its claim is already in its article"
        );
        let claims: Vec<(ArticleId, String, Strength, Option<String>)> = ledger
            .read()
            .claims(&ClaimFilter::default())
            .unwrap()
            .into_iter()
            .map(|c| (c.article, c.key, c.strength, c.cue))
            .collect();
        assert_eq!(
            claims,
            [
                (
                    ArticleId(1),
                    "c1".to_string(),
                    Strength::Hedged,
                    Some("allegedly".to_string())
                ),
                (ArticleId(1), "c2".to_string(), Strength::Document, None),
                (
                    ArticleId(2),
                    "c1".to_string(),
                    Strength::Hedged,
                    Some("allegedly".to_string())
                ),
            ]
        );
        let again = ledger.import_spreadsheet(&actor(), &rows).unwrap();
        assert_eq!(
            again.summary(),
            "nothing to change: the database already matches these files"
        );
    }

    /// With the digests let go after every few rows, an article met again still knows every sentence it holds,
    /// this import's not yet written included, and numbers on from its last key.
    #[test]
    fn sentences_let_go_are_read_again_when_their_article_comes_back() {
        let mut ledger = Ledger::in_memory().unwrap();
        let hedged = Some(Strength::Hedged);
        let rows = [
            row("Dock fees", None, "Fees rose by a third.", hedged),
            row("Dock fees", None, "Fees fell in May.", hedged),
            row("Berths", None, "Two berths closed.", hedged),
            row("Berths", None, "One berth reopened.", hedged),
            row("Berths", None, "A third berth is planned.", hedged),
            row("Dock fees", None, "Fees rose by a third.", hedged),
            row("Dock fees", None, "Fees doubled in June.", hedged),
            row("Berths", None, "Two berths closed.", hedged),
            row("Dock fees", None, "Fees fell in May.", hedged),
        ];
        let tally = ledger
            .write(&actor(), |writer| {
                let mut input = rows.iter().cloned().map(Ok);
                Sheet::start(writer, 2)?.write(writer, &mut input, &mut |_| {})
            })
            .unwrap();
        assert_eq!(
            tally.summary(),
            "added 2 articles, 6 claims; 3 rows not added: their claims are already in their articles"
        );
        let keys: Vec<(ArticleId, String, String)> = ledger
            .read()
            .claims(&ClaimFilter::default())
            .unwrap()
            .into_iter()
            .map(|c| (c.article, c.key, c.text))
            .collect();
        let claim =
            |a: i64, key: &str, text: &str| (ArticleId(a), key.to_string(), text.to_string());
        assert_eq!(
            keys,
            [
                claim(1, "c1", "Fees rose by a third."),
                claim(1, "c2", "Fees fell in May."),
                claim(2, "c1", "Two berths closed."),
                claim(2, "c2", "One berth reopened."),
                claim(2, "c3", "A third berth is planned."),
                claim(1, "c3", "Fees doubled in June."),
            ]
        );
    }

    #[test]
    fn a_stored_article_keeps_its_keys_and_a_new_one_numbers_from_c1() {
        let mut ledger = Ledger::in_memory().unwrap();
        // Stored before: one claim, named `c2` by hand, so the count alone would give its key to the next.
        ledger
            .write(&actor(), |w| {
                let article = w.add_article(&NewArticle {
                    key: Some("dock-fees".to_string()),
                    title: "Dock fees".to_string(),
                    ..Default::default()
                })?;
                w.add_claim(&NewClaim {
                    article,
                    key: Some("c2".to_string()),
                    text: "The port handled 4.5 million tonnes.".to_string(),
                    span: None,
                    source: None,
                    cue: None,
                    strength: Strength::Document,
                    response: None,
                    source_kind: None,
                })
            })
            .unwrap();
        let rows = [
            row(
                "Dock fees",
                None,
                "Fees rose by a third.",
                Some(Strength::Hedged),
            ),
            row(
                "Dock fees",
                None,
                "Fees fell in May.",
                Some(Strength::Hedged),
            ),
            row("Berths", None, "Two berths closed.", Some(Strength::Hedged)),
            row(
                "Berths",
                None,
                "One berth reopened.",
                Some(Strength::Hedged),
            ),
        ];
        ledger.import_spreadsheet(&actor(), &rows).unwrap();
        let keys: Vec<(ArticleId, String)> = ledger
            .read()
            .claims(&ClaimFilter::default())
            .unwrap()
            .into_iter()
            .map(|c| (c.article, c.key))
            .collect();
        assert_eq!(
            keys,
            [
                (ArticleId(1), "c2".to_string()),
                (ArticleId(1), "c3".to_string()),
                (ArticleId(1), "c4".to_string()),
                (ArticleId(2), "c1".to_string()),
                (ArticleId(2), "c2".to_string()),
            ]
        );
    }
}
