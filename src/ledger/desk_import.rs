//! Desk import: a plain-text desk (articles' texts and their claims files) into the ledger, one file at a time, so
//! that a desk of any size is read with the memory of its largest file. Everything is written in one transaction,
//! so an error anywhere (every one names the file and, where it can, the line) leaves the desk as it was; what is
//! checked: keys unique, references resolved (in the files or already stored), spans holding their text,
//! derived-from chains without cycles, one evidence key and one source meaning one thing across files, verdicts
//! not dated in the future, and no record of another desk overwritten.
//!
//! # The same record, or another desk's
//!
//! Keys are only unique within a desk: two desks both have a `c1`, an `e1`, maybe a `story-000001`. Records
//! remember the desk they came from (the `desk` id their files carry; this desk's own id when they were made here),
//! and a stored article or evidence item is updated from a file only when it is the same record: the file comes
//! from the record's desk; or the file names no desk (written by hand) and the article's (or item's) address
//! matches, or its title when neither has one; or the file changes nothing of it. Anything else is a collision,
//! refused with the file, the line and the record it would overwrite. Claims, links and verdicts belong to their
//! article and follow its verdict; sources are one by their name ([`super::source_identity`]).
//!
//! # Fast where it can be
//!
//! New claims are the bulk of an import: their status is computed from the file before they are stored (one
//! insert each, no update), they are inserted in one batch per file with their links, and their events are the
//! same words the one-by-one paths write. Claims whose evidence is not all in the file (an item stored before, a
//! parent in another file) and every update go through the ledger's ordinary paths and are settled at the end. An
//! import into an empty desk lets the backend build its secondary indexes once, at the end
//! ([`crate::backend::Transaction::defer_indexes`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::desk_revisions::{self, UnitFiles};
use super::tally::{Counted, Tally};
use super::{claims, evidence as evidence_rules, grades, links, statuses, validate};
use super::{ClaimFilter, Ledger, Writer};
use crate::backend::{ClaimRow, EventRefs, EvidenceDetails, EvidenceRow, LinkRow};
use crate::desk::{ArticleFile, ClaimsFile, EvidenceEntry, SourceEntry};
use crate::error::{Error, Result};
use crate::model::{
    Action, Actor, ArticleId, Claim, ClaimId, Credibility, Evidence, EvidenceGrades, EvidenceId,
    NewArticle, NewClaim, NewEvidence, NewVerdict, Reliability, SourceId, SourceKind, Status,
    Timestamp,
};
use crate::scanner;
use crate::status::{self, Ancestor, LinkedEvidence, Origin};

/// A desk as read from its files, all at once (tests, small desks).
#[derive(Debug, Default)]
pub struct DeskFiles {
    /// Article texts by key (the file name), with the file each came from.
    pub articles: BTreeMap<String, (PathBuf, ArticleFile)>,
    pub claims: Vec<ClaimsInput>,
    /// The texts of revised articles' earlier revisions (`sources/<key>.r<N>.txt`), by key and number, with the
    /// file each came from (`desk_revisions`).
    pub revisions: BTreeMap<String, BTreeMap<u32, (PathBuf, String)>>,
}

/// One parsed claims file, with where it came from and its text (for line numbers in messages).
#[derive(Debug, Clone)]
pub struct ClaimsInput {
    pub path: PathBuf,
    pub text: String,
    pub file: ClaimsFile,
}

/// One parsed article file.
#[derive(Debug, Clone)]
pub struct ArticleInput {
    pub key: String,
    pub path: PathBuf,
    pub file: ArticleFile,
}

/// One step of an import: a claims file with its article's file when there is one, or an article's file alone
/// (both `None`: nothing left to do for this step).
#[derive(Debug, Default)]
pub struct DeskUnit {
    pub article: Option<ArticleInput>,
    pub claims: Option<ClaimsInput>,
    /// The earlier revisions' texts of a revised article (`sources/<key>.r<N>.txt`), by number, with the file
    /// each came from ([`super::desk_revisions`]).
    pub revisions: BTreeMap<u32, (PathBuf, String)>,
}

/// Where an import's files come from, one step at a time, so that a desk is never held whole.
pub trait DeskSource {
    /// How many steps there are.
    fn steps(&self) -> usize;
    /// The files of step `index` (0-based, asked for in order), read and parsed.
    fn step(&mut self, index: usize) -> Result<DeskUnit>;
}

impl DeskSource for DeskFiles {
    fn steps(&self) -> usize {
        self.claims.len() + self.articles.len()
    }

    fn step(&mut self, index: usize) -> Result<DeskUnit> {
        let article = |files: &DeskFiles, key: &str| {
            files.articles.get(key).map(|(path, file)| ArticleInput {
                key: key.to_string(),
                path: path.clone(),
                file: file.clone(),
            })
        };
        let revisions =
            |files: &DeskFiles, key: &str| files.revisions.get(key).cloned().unwrap_or_default();
        if let Some(claims) = self.claims.get(index) {
            return Ok(DeskUnit {
                article: article(self, &claims.file.article),
                claims: Some(claims.clone()),
                revisions: revisions(self, &claims.file.article),
            });
        }
        let key = self
            .articles
            .keys()
            .nth(index - self.claims.len())
            .cloned()
            .unwrap_or_default();
        if self.claims.iter().any(|c| c.file.article == key) {
            return Ok(DeskUnit::default());
        }
        Ok(DeskUnit {
            article: article(self, &key),
            claims: None,
            revisions: revisions(self, &key),
        })
    }
}

/// How far an import has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStep {
    /// Files read and written.
    Files { done: usize, total: usize },
    /// Statuses of claims the import touched outside its files' own evidence, settled.
    Settling,
    /// Indexes rebuilt and the transaction committed.
    Committing,
}

impl Ledger {
    /// Checks and writes the files of a desk, all in one transaction.
    pub fn import_desk(&mut self, actor: &Actor, files: &DeskFiles) -> Result<Tally> {
        let mut source = DeskFiles {
            articles: files.articles.clone(),
            claims: files.claims.clone(),
            revisions: files.revisions.clone(),
        };
        self.import_desk_from(actor, &mut source, &mut |_| {})
    }

    /// Reads a desk's files step by step from `source`, checking and writing each in one transaction; `progress`
    /// hears how far it has come.
    pub fn import_desk_from(
        &mut self,
        actor: &Actor,
        source: &mut dyn DeskSource,
        progress: &mut dyn FnMut(ImportStep),
    ) -> Result<Tally> {
        self.write_load(actor, |writer| {
            let mut import = Import::start(writer)?;
            let total = source.steps();
            for index in 0..total {
                let unit = source.step(index)?;
                import.unit(writer, unit)?;
                progress(ImportStep::Files {
                    done: index + 1,
                    total,
                });
            }
            import.finish(writer)?;
            progress(ImportStep::Settling);
            writer.settle_statuses()?;
            progress(ImportStep::Committing);
            Ok(import.tally)
        })
    }
}

/// An error at a place in a desk file.
pub fn desk_error(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::DeskFile {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// Why a text read from the desk files does not line up, when it is Windows line ends (a checkout with
/// `core.autocrlf`): the places claimtrack writes count the LF ends it wrote.
fn crlf_note(text: &str) -> &'static str {
    if text.contains("\r\n") {
        " (the file has Windows line ends (CRLF) where the desk's texts have LF ones: check the desk out without \
         converting them (`git config core.autocrlf false`))"
    } else {
        ""
    }
}

/// A collision: a record of another desk the file would overwrite.
fn collision(path: &Path, line: Option<usize>, message: String, desk: Option<&str>) -> Error {
    let way = match desk {
        Some(desk) => format!(
            "if the file is an edit of that record, give it that record's desk id (`desk = \"{desk}\"`); if it is \
             another record, give it a key of its own"
        ),
        None => "if it is another record, give it a key of its own".to_string(),
    };
    Error::Conflict {
        message: format!(
            "{}{}: {message}; nothing was imported",
            path.display(),
            line.map(|l| format!(":{l}")).unwrap_or_default()
        ),
        hint: Some(way),
    }
}

/// The line of the first `field = …` or `field = "value"` in a TOML text, for messages about a value.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.trim_start().starts_with(needle))
        .map(|i| i + 1)
}

pub fn line_of_value(text: &str, field: &str, value: &str) -> Option<usize> {
    let quoted = format!("{value:?}");
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.starts_with(field) && line.contains(&quoted)
        })
        .map(|i| i + 1)
}

/// A source as the import knows it: stored (or added), and which file of this import set it, if one did.
#[derive(Debug, Clone)]
struct KnownSource {
    id: SourceId,
    name: String,
    kind: SourceKind,
    reliability: Option<Reliability>,
    set_by: Option<usize>,
}

/// An article as an import has written it: what its claims file needs of it.
struct StoredArticle {
    id: ArticleId,
    /// Its text (the latest revision's) as stored.
    body: Option<String>,
    /// Whether it was stored before this import came to it.
    existed: bool,
}

/// An evidence item of the file being written, as the status engine needs it.
#[derive(Debug, Clone)]
struct FileItem {
    id: EvidenceId,
    origin: Option<Origin>,
    own: Option<Reliability>,
    /// The grade of its origin, as the file leaves it.
    origin_grade: Option<Reliability>,
    credibility: Credibility,
    /// The parent, when it is known to be in this file (`Some(None)`: no parent; `None`: a parent outside the
    /// file or not yet known, so its chain is not in memory).
    parent: Option<Option<EvidenceId>>,
}

/// A link whose evidence was not known when its file was written (an item of a later file).
struct PendingLink {
    claim: ClaimId,
    evidence: String,
    stance: crate::model::Stance,
    note: Option<String>,
    path: usize,
    line: Option<usize>,
}

/// An item whose parent was not known when its file was written.
struct PendingParent {
    item: EvidenceId,
    key: String,
    parent: String,
    path: usize,
}

/// A new item of the file being written, checked and waiting to be inserted with the ones beside it.
struct WaitingItem<'f> {
    entry: &'f EvidenceEntry,
    new: NewEvidence,
    grades: EvidenceGrades,
    origin: Option<KnownSource>,
    parent_here: Option<Option<EvidenceId>>,
}

/// An item of the file as the status engine needs it.
fn file_item(
    id: EvidenceId,
    origin: Option<&KnownSource>,
    entry: &EvidenceEntry,
    parent: Option<Option<EvidenceId>>,
) -> FileItem {
    FileItem {
        id,
        origin: origin.map(|o| Origin {
            id: o.id,
            name: o.name.clone(),
        }),
        own: entry.reliability,
        origin_grade: origin.and_then(|o| o.reliability),
        credibility: entry.credibility.unwrap_or(Credibility::CannotJudge),
        parent,
    }
}

/// The state of one import across its files: only ids, keys and small maps, never a file's contents.
struct Import {
    tally: Tally,
    /// This desk's id, which records made here carry implicitly.
    own_desk: String,
    /// Every file named so far, for messages about an earlier one.
    paths: Vec<PathBuf>,
    /// Articles given so far in this import, with the file that gave each.
    articles: HashMap<String, usize>,
    sources: HashMap<String, KnownSource>,
    /// Source names' identities, by the spelling met.
    identities: HashMap<String, String>,
    /// Evidence ids from this one on were added by this import; `added_by[id - first_new]` is the file.
    first_new: i64,
    added_by: Vec<u32>,
    /// Stored items this import updated, with the file that did.
    updated_by: HashMap<EvidenceId, usize>,
    pending_links: Vec<PendingLink>,
    pending_parents: Vec<PendingParent>,
}

impl Import {
    fn start(writer: &mut Writer<'_>) -> Result<Import> {
        let own_desk = own_desk_id(writer)?;
        if writer.read().event_count()? == 0 {
            // Nothing is stored yet: the backend may build its lookups once, at the end.
            writer.tx.defer_indexes()?;
        }
        let first_new = writer.tx.last_evidence_id()?.map_or(0, |id| id.0) + 1;
        Ok(Import {
            tally: Tally::default(),
            own_desk,
            paths: Vec::new(),
            articles: HashMap::new(),
            sources: HashMap::new(),
            identities: HashMap::new(),
            first_new,
            added_by: Vec::new(),
            updated_by: HashMap::new(),
            pending_links: Vec::new(),
            pending_parents: Vec::new(),
        })
    }

    /// The file index of the file that wrote this item in this import, if one did.
    fn written_by(&self, id: EvidenceId) -> Option<usize> {
        if id.0 >= self.first_new {
            self.added_by
                .get((id.0 - self.first_new) as usize)
                .map(|f| *f as usize)
        } else {
            self.updated_by.get(&id).copied()
        }
    }

    /// The desk a record of `desk` (as stored) came from.
    fn origin<'a>(&'a self, desk: &'a Option<String>) -> &'a str {
        desk.as_deref().unwrap_or(&self.own_desk)
    }

    /// What a new record from a file of `desk` stores as its desk: nothing for this desk's own.
    fn stored_desk<'a>(&self, desk: Option<&'a str>) -> Option<&'a str> {
        desk.filter(|d| *d != self.own_desk)
    }

    fn unit(&mut self, writer: &mut Writer<'_>, unit: DeskUnit) -> Result<()> {
        let files = UnitFiles {
            article: unit.article.as_ref(),
            claims: unit.claims.as_ref(),
            revisions: &unit.revisions,
        };
        desk_revisions::check(&writer.read(), &files)?;
        match (files.article, files.claims) {
            (None, None) => Ok(()),
            (Some(article), None) => {
                let path = self.name(&article.path);
                self.article(
                    writer,
                    &files,
                    &article.key,
                    article.file.desk.as_deref(),
                    path,
                )?;
                Ok(())
            }
            (_, Some(claims)) => self.claims_file(writer, &files, claims),
        }
    }

    fn name(&mut self, path: &Path) -> usize {
        self.paths.push(path.to_path_buf());
        self.paths.len() - 1
    }

    /// Adds or updates an article; returns its id and text as stored, and whether it was there before.
    fn article(
        &mut self,
        writer: &mut Writer<'_>,
        files: &UnitFiles<'_>,
        key: &str,
        desk: Option<&str>,
        path: usize,
    ) -> Result<StoredArticle> {
        if let Some(earlier) = self.articles.insert(key.to_string(), path) {
            return Err(desk_error(
                &self.paths[path],
                None,
                format!(
                    "article `{key}` is also given by {}",
                    self.paths[earlier].display()
                ),
            ));
        }
        let stored = writer.read().article_by_key(key)?;
        let Some(input) = files.article else {
            let stored = stored.expect("checked by the caller");
            if let Some(desk) = desk.filter(|d| *d != self.origin(&stored.desk)) {
                return Err(collision(
                    &self.paths[path],
                    None,
                    format!(
                        "the claims of article `{key}` of desk `{desk}` would go to {} {:?}, an article of desk `{}`",
                        stored.id,
                        stored.title,
                        self.origin(&stored.desk)
                    ),
                    Some(self.origin(&stored.desk)),
                ));
            }
            return Ok(StoredArticle {
                id: stored.id,
                body: stored.body,
                existed: true,
            });
        };
        let file = &input.file;
        let new = NewArticle {
            key: Some(key.to_string()),
            title: file.title.clone(),
            outlet: file.outlet.clone(),
            url: file.url.clone(),
            published: file.published.clone(),
            author: file.author.clone(),
            // A revised article is written as the desk has it, then given the revisions it lacks. An article
            // without text is exported with an empty body, which reads back as no text (an empty text stored
            // as such is kept).
            body: Some(writer.base_text(files, key, file)?).filter(|text| {
                !text.is_empty() || stored.as_ref().is_some_and(|s| s.body.is_some())
            }),
        };
        match stored {
            None => {
                let id = writer.add_article_of_desk(&new, self.stored_desk(desk))?;
                // Its text is the one just written, unless later revisions took its place.
                let body = match writer.write_revisions(id, files, true)? {
                    0 => new.body,
                    _ => writer.read().article_body(id)?,
                };
                self.tally.count(Counted::Articles, true, true);
                Ok(StoredArticle {
                    id,
                    body,
                    existed: false,
                })
            }
            Some(stored) => {
                let origin = self.origin(&stored.desk).to_string();
                let unchanged = stored.title == new.title
                    && stored.outlet == new.outlet
                    && stored.url == new.url
                    && stored.published == new.published
                    && stored.author == new.author
                    && stored.body == new.body;
                let same = match desk {
                    Some(desk) => desk == origin,
                    None => match (&stored.url, &new.url) {
                        (Some(a), Some(b)) => a == b,
                        _ => stored.title == new.title,
                    },
                };
                if !same && !unchanged {
                    return Err(collision(
                        &input.path,
                        Some(1),
                        format!(
                            "article `{key}` would overwrite {} {:?}, an article of {}",
                            stored.id,
                            stored.title,
                            match desk {
                                Some(_) => format!("desk `{origin}`"),
                                None => "another address and title".to_string(),
                            }
                        ),
                        Some(&origin),
                    ));
                }
                // The desk's latest text is a revision verdicts were checked against: a file may bring later
                // revisions, never a different text for that one.
                if let Some(held) = &stored.body {
                    let given = new.body.as_deref().unwrap_or_default();
                    if held != given {
                        let number = writer.read().latest_revision(stored.id)?.unwrap_or(1);
                        return Err(Error::Conflict {
                            message: format!(
                                "{}: the text differs from revision {number} of {}, which the desk holds{}; \
                                 nothing was imported",
                                input.path.display(),
                                stored.id,
                                crlf_note(given)
                            ),
                            hint: Some(format!(
                                "a revision's text is never changed: record the new text as a new revision \
                                 with `claimtrack article revise {} --text-file FILE`",
                                stored.id
                            )),
                        });
                    }
                }
                let changed = writer.update_article(stored.id, &new)?;
                let revised = writer.write_revisions(stored.id, files, false)? > 0;
                self.tally
                    .count(Counted::Articles, false, changed || revised);
                Ok(StoredArticle {
                    id: stored.id,
                    body: writer.read().article_body(stored.id)?,
                    existed: true,
                })
            }
        }
    }

    fn claims_file(
        &mut self,
        writer: &mut Writer<'_>,
        files: &UnitFiles<'_>,
        input: &ClaimsInput,
    ) -> Result<()> {
        let article_input = files.article;
        let (path, text, file) = (input.path.as_path(), input.text.as_str(), &input.file);
        let at = self.name(path);
        let desk = file.desk.as_deref();
        if let (Some(a), Some(b)) = (desk, article_input.and_then(|a| a.file.desk.as_deref())) {
            if a != b {
                return Err(desk_error(
                    path,
                    line_of(text, "desk"),
                    format!(
                        "the file says desk `{a}` and {} says desk `{b}`",
                        article_input
                            .map(|a| a.path.display().to_string())
                            .unwrap_or_default()
                    ),
                ));
            }
        }
        self.sources(writer, file, at, text)?;
        let items = self.evidence(writer, file, at, text)?;
        if file.article.is_empty() {
            return Ok(());
        }
        let article = match article_input {
            Some(_) => self.article(writer, files, &file.article, desk, at)?,
            None => {
                if writer.read().article_by_key(&file.article)?.is_none() {
                    return Err(desk_error(
                        path,
                        line_of(text, "article"),
                        format!(
                            "article `{}` is neither in the database nor in sources/{}.txt",
                            file.article, file.article
                        ),
                    ));
                }
                let alone = UnitFiles {
                    article: None,
                    ..*files
                };
                self.article(writer, &alone, &file.article, desk, at)?
            }
        };
        self.claims(writer, article, &items, input, at)
    }

    /// The file's `[[sources]]`: each added, or updated when it changed; one name, one source, across the files.
    fn sources(
        &mut self,
        writer: &mut Writer<'_>,
        file: &ClaimsFile,
        at: usize,
        text: &str,
    ) -> Result<()> {
        let mut here: HashMap<String, &SourceEntry> = HashMap::new();
        for entry in &file.sources {
            let line = || line_of_value(text, "name", &entry.name);
            validate::text("source name", &entry.name, validate::limits::SHORT)?;
            let identity = self.identity(&entry.name);
            if identity.is_empty() {
                return Err(desk_error(
                    &self.paths[at],
                    line(),
                    format!("the source name {:?} holds nothing visible", entry.name),
                ));
            }
            if let Some(earlier) = here.insert(identity.clone(), entry) {
                if (earlier.kind, earlier.reliability) != (entry.kind, entry.reliability) {
                    return Err(desk_error(
                        &self.paths[at],
                        line(),
                        format!(
                            "source `{}` is given twice in this file: as {} and as {}",
                            entry.name,
                            show_grade(earlier.kind, earlier.reliability),
                            show_grade(entry.kind, entry.reliability)
                        ),
                    ));
                }
                continue;
            }
            let known = self.source(writer, &entry.name)?;
            if let Some(known) = known {
                if let Some(earlier) = known.set_by.filter(|f| *f != at) {
                    if (known.kind, known.reliability) != (entry.kind, entry.reliability) {
                        return Err(desk_error(
                            &self.paths[at],
                            line(),
                            format!(
                                "source `{}` is given as {} here and as {} in {}",
                                entry.name,
                                show_grade(entry.kind, entry.reliability),
                                show_grade(known.kind, known.reliability),
                                self.paths[earlier].display()
                            ),
                        ));
                    }
                }
                if (known.kind, known.reliability) != (entry.kind, entry.reliability) {
                    let changed = writer.update_source(known.id, entry.kind, entry.reliability)?;
                    self.tally.count(Counted::Sources, false, changed);
                }
                self.sources.insert(
                    identity,
                    KnownSource {
                        kind: entry.kind,
                        reliability: entry.reliability,
                        set_by: Some(at),
                        ..known
                    },
                );
            } else {
                let id = writer.add_source(&entry.name, entry.kind, entry.reliability)?;
                self.tally.count(Counted::Sources, true, true);
                self.sources.insert(
                    identity,
                    KnownSource {
                        id,
                        name: entry.name.clone(),
                        kind: entry.kind,
                        reliability: entry.reliability,
                        set_by: Some(at),
                    },
                );
            }
        }
        Ok(())
    }

    /// A source name's identity ([`super::source_identity`]), worked out once per spelling: the files of a desk
    /// name the same few origins over and over, and normalising a name costs more than writing an item.
    fn identity(&mut self, name: &str) -> String {
        if let Some(identity) = self.identities.get(name) {
            return identity.clone();
        }
        let identity = super::source_identity(name);
        self.identities.insert(name.to_string(), identity.clone());
        identity
    }

    /// The source of a name (or of a name that looks the same), as stored; `None` when there is none yet.
    fn source(&mut self, writer: &Writer<'_>, name: &str) -> Result<Option<KnownSource>> {
        let identity = self.identity(name);
        if let Some(known) = self.sources.get(&identity) {
            return Ok(Some(known.clone()));
        }
        let Some(stored) = writer.read().source_by_name(name)? else {
            return Ok(None);
        };
        let known = KnownSource {
            id: stored.id,
            name: stored.name,
            kind: stored.kind,
            reliability: stored.reliability,
            set_by: None,
        };
        self.sources.insert(identity, known.clone());
        Ok(Some(known))
    }

    /// The origin an item names, registered (ungraded, kind `other`) when it is new.
    fn origin_named(&mut self, writer: &mut Writer<'_>, name: &str) -> Result<KnownSource> {
        if let Some(known) = self.source(writer, name)? {
            return Ok(known);
        }
        let id = writer.source_named(name)?;
        let known = KnownSource {
            id,
            name: name.to_string(),
            kind: SourceKind::Other,
            reliability: None,
            set_by: None,
        };
        let identity = self.identity(name);
        self.sources.insert(identity, known.clone());
        Ok(known)
    }

    /// The file's `[[evidence]]`, parents first: each added, reused when an earlier file of this import wrote it
    /// the same, or updated when it is the same record; returns them by key.
    fn evidence(
        &mut self,
        writer: &mut Writer<'_>,
        file: &ClaimsFile,
        at: usize,
        text: &str,
    ) -> Result<HashMap<String, FileItem>> {
        let path = self.paths[at].clone();
        let mut items: HashMap<String, FileItem> = HashMap::new();
        let mut entries: HashMap<&str, &EvidenceEntry> = HashMap::new();
        for item in &file.evidence {
            let line = || line_of_value(text, "key", &item.key);
            if item.title.trim().is_empty() {
                return Err(desk_error(
                    &path,
                    line(),
                    format!("evidence `{}` has an empty title", item.key),
                ));
            }
            if let Some(sha) = &item.sha256 {
                if sha.len() != 64
                    || !sha
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                {
                    return Err(desk_error(
                        &path,
                        line(),
                        format!(
                            "evidence `{}`: sha256 must be 64 lowercase hex digits",
                            item.key
                        ),
                    ));
                }
            }
            if let Some(earlier) = entries.insert(&item.key, item) {
                if earlier != item {
                    return Err(desk_error(
                        &path,
                        line(),
                        format!(
                            "evidence `{}` is given twice in this file, differently",
                            item.key
                        ),
                    ));
                }
            }
        }
        let ordered = order_parents_first(&path, &file.evidence)?;
        let desk = self.stored_desk(file.desk.as_deref());
        // New items wait to be inserted together until one needs an id among them (an item deriving from one),
        // or until anything else is written, so that ids and events come in the order of one-by-one inserts.
        let mut waiting: Vec<WaitingItem<'_>> = Vec::new();
        let mut done: HashSet<&str> = HashSet::new();
        // What is stored under the file's keys and its parents' keys, in one lookup: a key is only ever looked
        // up before this file writes it (each key once, parents first), so the answers stay right throughout.
        let wanted: Vec<&str> = file
            .evidence
            .iter()
            .flat_map(|item| std::iter::once(&item.key).chain(&item.derived_from))
            .map(String::as_str)
            .collect();
        let stored_ids = writer.tx.evidence_ids(&wanted)?;
        for item in ordered {
            if !done.insert(&item.key) {
                continue;
            }
            let line = || line_of_value(text, "key", &item.key);
            let origin = match &item.origin {
                Some(name) => Some(match self.source(writer, name)? {
                    Some(known) => known,
                    None => {
                        self.insert_waiting(writer, &mut waiting, &mut items, desk, at)?;
                        self.origin_named(writer, name)?
                    }
                }),
                None => None,
            };
            let (parent, parent_here) = match &item.derived_from {
                None => (None, Some(None)),
                Some(key) => {
                    if waiting.iter().any(|w| w.entry.key == *key) {
                        self.insert_waiting(writer, &mut waiting, &mut items, desk, at)?;
                    }
                    match items.get(key) {
                        Some(parent) => (Some(parent.id), Some(Some(parent.id))),
                        None => (stored_ids.get(key).copied(), None),
                    }
                }
            };
            let new = NewEvidence {
                key: Some(item.key.clone()),
                title: item.title.clone(),
                url: item.url.clone(),
                archived_url: item.archived_url.clone(),
                retrieved_at: item.retrieved.clone(),
                origin: origin.as_ref().map(|o| o.name.clone()),
                derived_from: parent,
                reliability: item.reliability,
                credibility: item.credibility,
                sha256: item.sha256.clone(),
                notes: item.notes.clone(),
            };
            validate::evidence(&new)?;
            let credibility = item.credibility.unwrap_or(Credibility::CannotJudge);
            let grades = EvidenceGrades {
                origin: origin.as_ref().map(|o| o.id),
                derived_from: parent,
                reliability: item.reliability,
                credibility,
            };
            // Most items are new: the light lookup first, the whole record only for one already stored.
            let Some(&stored) = stored_ids.get(&item.key) else {
                waiting.push(WaitingItem {
                    entry: item,
                    new,
                    grades,
                    origin,
                    parent_here,
                });
                continue;
            };
            self.insert_waiting(writer, &mut waiting, &mut items, desk, at)?;
            let stored = writer.read().evidence(stored)?;
            // A parent still to come (a later file) is compared when it comes.
            let waits = item.derived_from.is_some() && parent.is_none();
            let compared = EvidenceGrades {
                derived_from: if waits { stored.derived_from } else { parent },
                ..grades.clone()
            };
            let unchanged = same_item(&stored, &new, &compared);
            // The fingerprint of the document examined: an edited file may not change or drop it.
            if let Some(held) = stored
                .sha256
                .as_deref()
                .filter(|held| new.sha256.as_deref() != Some(*held))
            {
                return Err(desk_error(
                    &path,
                    line(),
                    format!(
                        "evidence `{}` gives {} where the desk recorded the SHA-256 {held} of its content, which \
                         is never changed",
                        item.key,
                        new.sha256
                            .as_deref()
                            .map_or("no sha256".to_string(), |s| format!("sha256 {s}"))
                    ),
                ));
            }
            if let Some(earlier) = self.written_by(stored.id) {
                if !unchanged {
                    return Err(desk_error(
                        &path,
                        line(),
                        format!(
                            "evidence `{}` differs from the item of that key in {}",
                            item.key,
                            self.paths[earlier].display()
                        ),
                    ));
                }
            } else {
                let origin_desk = self.origin(&stored.desk).to_string();
                let same = match file.desk.as_deref() {
                    Some(desk) => desk == origin_desk,
                    None => match (&stored.url, &new.url) {
                        (Some(a), Some(b)) => a == b,
                        _ => stored.title == new.title,
                    },
                };
                if !same && !unchanged {
                    return Err(collision(
                        &path,
                        line(),
                        format!(
                            "evidence `{}` would overwrite {} {:?}, an item of {}",
                            item.key,
                            stored.id,
                            stored.title,
                            match file.desk {
                                Some(_) => format!("desk `{origin_desk}`"),
                                None => "another address and title".to_string(),
                            }
                        ),
                        Some(&origin_desk),
                    ));
                }
                let details = writer.update_evidence_details(stored.id, &new)?;
                let graded = writer.update_evidence(stored.id, &compared)?;
                self.tally
                    .count(Counted::Evidence, false, details || graded);
                self.updated_by.insert(stored.id, at);
            }
            let id = stored.id;
            if let (Some(key), None) = (&item.derived_from, parent) {
                self.pending_parents.push(PendingParent {
                    item: id,
                    key: item.key.clone(),
                    parent: key.clone(),
                    path: at,
                });
            }
            items.insert(
                item.key.clone(),
                file_item(id, origin.as_ref(), item, parent_here),
            );
        }
        self.insert_waiting(writer, &mut waiting, &mut items, desk, at)?;
        Ok(items)
    }

    /// Inserts the new items waiting, in one batch, with the events, counts and records of each.
    fn insert_waiting(
        &mut self,
        writer: &mut Writer<'_>,
        waiting: &mut Vec<WaitingItem<'_>>,
        items: &mut HashMap<String, FileItem>,
        desk: Option<&str>,
        at: usize,
    ) -> Result<()> {
        if waiting.is_empty() {
            return Ok(());
        }
        let rows: Vec<EvidenceRow<'_>> = waiting
            .iter()
            .map(|w| EvidenceRow {
                key: &w.entry.key,
                details: EvidenceDetails {
                    title: &w.new.title,
                    url: w.new.url.as_deref(),
                    archived_url: w.new.archived_url.as_deref(),
                    retrieved_at: w.new.retrieved_at.as_deref(),
                    sha256: w.new.sha256.as_deref(),
                    notes: w.new.notes.as_deref(),
                },
                grades: w.grades.clone(),
                created_at: writer.actor.at,
                desk,
            })
            .collect();
        let ids = writer.tx.insert_evidence_items(&rows)?;
        drop(rows);
        for (w, id) in waiting.drain(..).zip(ids) {
            let grade = grades::effective_reliability(
                w.entry.reliability,
                w.origin.as_ref().and_then(|o| o.reliability),
            );
            writer.event(
                Action::EvidenceAdd,
                EventRefs {
                    evidence: Some(id),
                    source: w.grades.origin,
                    ..Default::default()
                },
                evidence_rules::added_detail(id, &w.new, grade, w.grades.credibility),
            )?;
            self.tally.count(Counted::Evidence, true, true);
            if id.0 >= self.first_new {
                let slot = (id.0 - self.first_new) as usize;
                if self.added_by.len() <= slot {
                    self.added_by.resize(slot + 1, u32::MAX);
                }
                self.added_by[slot] = at as u32;
            }
            if let (Some(key), None) = (&w.entry.derived_from, w.grades.derived_from) {
                self.pending_parents.push(PendingParent {
                    item: id,
                    key: w.entry.key.clone(),
                    parent: key.clone(),
                    path: at,
                });
            }
            items.insert(
                w.entry.key.clone(),
                file_item(id, w.origin.as_ref(), w.entry, w.parent_here),
            );
        }
        Ok(())
    }

    /// The file's claims, links and verdicts, for an article as stored.
    fn claims(
        &mut self,
        writer: &mut Writer<'_>,
        article: StoredArticle,
        items: &HashMap<String, FileItem>,
        input: &ClaimsInput,
        at: usize,
    ) -> Result<()> {
        let (path, text, file) = (input.path.as_path(), input.text.as_str(), &input.file);
        let body = article.body.as_deref();
        let mut stored: HashMap<String, Claim> = HashMap::new();
        if article.existed {
            writer.read().each_claim(
                &ClaimFilter {
                    article: Some(article.id),
                    ..Default::default()
                },
                |claim| {
                    stored.insert(claim.key.clone(), claim);
                    Ok(())
                },
            )?;
        }
        // Check the whole file before its claims are written, so its own errors come first.
        let mut keys = HashSet::new();
        for claim in &file.claims {
            let line = || line_of_value(text, "key", &claim.key);
            if !keys.insert(claim.key.as_str()) {
                return Err(desk_error(
                    path,
                    line(),
                    format!("claim key `{}` is used twice", claim.key),
                ));
            }
            if claim.text.trim().is_empty() {
                return Err(desk_error(
                    path,
                    line(),
                    format!("claim `{}` has empty text", claim.key),
                ));
            }
            if let (Some([start, end]), Some(body)) = (claim.span, body) {
                if body.get(start..end) != Some(claim.text.as_str()) {
                    return Err(desk_error(
                        path,
                        line(),
                        format!(
                            "the span [{start}, {end}] of claim `{}` does not hold its text in the article{}",
                            claim.key,
                            crlf_note(body)
                        ),
                    ));
                }
            }
        }
        let mut linked = HashSet::new();
        let mut links_of: HashMap<&str, Vec<&crate::desk::LinkEntry>> = HashMap::new();
        for link in &file.links {
            let line = || line_of_value(text, "claim", &link.claim);
            if !keys.contains(link.claim.as_str()) {
                return Err(desk_error(
                    path,
                    line(),
                    format!(
                        "a link names claim `{}`, which the file does not have",
                        link.claim
                    ),
                ));
            }
            if !linked.insert((&link.claim, &link.evidence)) {
                return Err(desk_error(
                    path,
                    line(),
                    format!(
                        "claim `{}` is linked to `{}` twice",
                        link.claim, link.evidence
                    ),
                ));
            }
            links_of.entry(link.claim.as_str()).or_default().push(link);
        }
        let mut verdict_times = Vec::with_capacity(file.verdicts.len());
        for verdict in &file.verdicts {
            let line = || line_of_value(text, "claim", &verdict.claim);
            if !keys.contains(verdict.claim.as_str()) {
                return Err(desk_error(
                    path,
                    line(),
                    format!(
                        "a verdict names claim `{}`, which the file does not have",
                        verdict.claim
                    ),
                ));
            }
            let Ok(when) = verdict.at.parse::<Timestamp>() else {
                return Err(desk_error(
                    path,
                    line(),
                    format!("verdict time `{}` is not an RFC 3339 time", verdict.at),
                ));
            };
            if verdict.rationale.trim().is_empty() || verdict.by.trim().is_empty() {
                return Err(desk_error(
                    path,
                    line(),
                    "a verdict needs a rationale and who gave it (`by`)",
                ));
            }
            // The rule of `--by`: a line break or a bidi override in a name would forge or reorder the trail.
            if let Some((at, c)) = verdict
                .by
                .char_indices()
                .find(|(_, c)| crate::render::visible::is_hidden(*c))
            {
                return Err(desk_error(
                    path,
                    line(),
                    format!(
                        "the verdict's author (`by`) holds a control character, U+{:04X} at byte {at}: a name \
                         in the audit trail is one plain line",
                        c as u32
                    ),
                ));
            }
            if when > writer.actor.at {
                return Err(desk_error(
                    path,
                    line(),
                    format!(
                        "verdict time `{}` is later than now ({}): a verdict cannot be given in the future",
                        verdict.at, writer.actor.at
                    ),
                ));
            }
            verdict_times.push(when);
        }

        // Claims: the new ones in one batch with their status, the stored ones through the ledger.
        let mut ids: HashMap<&str, (ClaimId, bool)> = HashMap::new();
        let mut fresh: Vec<(NewClaim, Status, bool)> = Vec::new();
        let mut fresh_keys: Vec<&str> = Vec::new();
        for entry in &file.claims {
            let (strength, source, cue, response, source_kind) = match entry.strength {
                Some(strength) => (
                    strength,
                    entry.source.clone(),
                    entry.cue.clone(),
                    entry.response,
                    entry.source_kind,
                ),
                // A file that gives the strength is taken as written; only a missing one is inferred, and the
                // source kind with it when the file leaves that out too.
                None => {
                    let completed = super::attribution::complete(
                        &entry.text,
                        scanner::GivenAttribution {
                            strength: None,
                            source: entry.source.clone(),
                            cue: entry.cue.clone(),
                            response: entry.response,
                        },
                    );
                    let kind =
                        super::attribution::kind_of(entry.source_kind, &completed, || Ok(None))?;
                    let a = completed.attribution;
                    (a.strength, a.source, a.cue, a.response, kind)
                }
            };
            let new = NewClaim {
                article: article.id,
                key: Some(entry.key.clone()),
                text: entry.text.clone(),
                span: entry.span.map(|[s, e]| (s, e)),
                source,
                cue,
                strength,
                response,
                source_kind,
            };
            validate::claim(&new)?;
            match stored.get(&entry.key) {
                Some(existing) => {
                    let changed = writer.update_claim(existing.id, &new)?;
                    self.tally.count(Counted::Claims, false, changed);
                    ids.insert(&entry.key, (existing.id, false));
                }
                None => {
                    let wanted = links_of
                        .get(entry.key.as_str())
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    let (status, settled) = in_memory_status(wanted, items);
                    fresh.push((new, status, settled));
                    fresh_keys.push(&entry.key);
                }
            }
        }
        let mut fresh_ids: Vec<ClaimId> = Vec::new();
        if !fresh.is_empty() {
            let rows: Vec<ClaimRow<'_>> = fresh
                .iter()
                .map(|(new, status, _)| ClaimRow {
                    article: new.article,
                    key: new.key.as_deref().unwrap_or_default(),
                    text: &new.text,
                    span: new.span,
                    source: new.source.as_deref(),
                    cue: new.cue.as_deref(),
                    strength: new.strength,
                    response: new.response,
                    source_kind: new.source_kind,
                    status: *status,
                    created_at: writer.actor.at,
                })
                .collect();
            fresh_ids = writer.tx.insert_claims(&rows)?;
            drop(rows);
            for ((new, _, _), id) in fresh.iter().zip(&fresh_ids) {
                writer.index_new_claim(*id, article.id, &new.text)?;
                writer.event(
                    Action::ClaimAdd,
                    EventRefs {
                        article: Some(article.id),
                        claim: Some(*id),
                        ..Default::default()
                    },
                    claims::recorded_detail(*id, new),
                )?;
                self.tally.count(Counted::Claims, true, true);
            }
            for (key, id) in fresh_keys.iter().zip(&fresh_ids) {
                ids.insert(key, (*id, true));
            }
        }

        // Links: a new claim's in one batch; a stored claim's compared with what it has. Items of other files
        // are looked up at once.
        let elsewhere: Vec<&str> = file
            .links
            .iter()
            .map(|link| link.evidence.as_str())
            .filter(|key| !items.contains_key(*key))
            .collect();
        let stored_ids = writer.tx.evidence_ids(&elsewhere)?;
        let mut rows: Vec<LinkRow<'_>> = Vec::new();
        let mut events: Vec<(ClaimId, EvidenceId, crate::model::Stance)> = Vec::new();
        for entry in &file.claims {
            let (claim, new) = ids[entry.key.as_str()];
            let wanted = links_of
                .get(entry.key.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut resolved = Vec::new();
            for link in wanted {
                let evidence = match items.get(&link.evidence) {
                    Some(item) => Some(item.id),
                    None => stored_ids.get(&link.evidence).copied(),
                };
                match evidence {
                    Some(evidence) => resolved.push((evidence, *link)),
                    None => self.pending_links.push(PendingLink {
                        claim,
                        evidence: link.evidence.clone(),
                        stance: link.stance,
                        note: link.note.clone(),
                        path: at,
                        line: line_of_value(text, "evidence", &link.evidence),
                    }),
                }
            }
            if new {
                for (evidence, link) in resolved {
                    validate::optional("link note", link.note.as_deref(), validate::limits::LONG)?;
                    rows.push(LinkRow {
                        claim,
                        evidence,
                        stance: link.stance,
                        note: link.note.as_deref(),
                        created_at: writer.actor.at,
                    });
                    events.push((claim, evidence, link.stance));
                }
                continue;
            }
            let current = writer.read().links_of_claim(claim)?;
            for link in &current {
                // A link to an item not stored yet cannot be one of these: its key found nothing.
                if !resolved
                    .iter()
                    .any(|(evidence, _)| *evidence == link.evidence)
                {
                    writer.unlink(claim, link.evidence)?;
                    self.tally.removed(Counted::Links);
                }
            }
            for (evidence, link) in resolved {
                let existed = current.iter().any(|l| l.evidence == evidence);
                let changed = writer.link(claim, evidence, link.stance, link.note.as_deref())?;
                self.tally.count(Counted::Links, !existed, changed);
            }
        }
        if !rows.is_empty() {
            writer.tx.insert_links(&rows)?;
        }
        let by_key: HashMap<&str, ClaimId> = ids.iter().map(|(k, (id, _))| (*k, *id)).collect();
        writer.write_anchors(article.id, input, &by_key)?;
        drop(rows);
        for (claim, evidence, stance) in events {
            writer.event(
                Action::Link,
                EventRefs {
                    article: Some(article.id),
                    claim: Some(claim),
                    evidence: Some(evidence),
                    ..Default::default()
                },
                links::linked_detail(claim, evidence, stance),
            )?;
            self.tally.count(Counted::Links, true, true);
        }
        // New claims' statuses, computed from the file before they were stored; the others settle at the end.
        for ((new, status, settled), claim) in fresh.iter().zip(&fresh_ids) {
            if !settled {
                writer.touch([*claim]);
            } else if *status != Status::Unverified {
                writer.event(
                    Action::Status,
                    EventRefs {
                        article: Some(new.article),
                        claim: Some(*claim),
                        ..Default::default()
                    },
                    statuses::moved_detail(*claim, Status::Unverified, *status),
                )?;
            }
        }

        // Verdicts the desk does not have yet: a new claim's in one batch, a stored claim's when it has not.
        let mut batch: Vec<(ClaimId, NewVerdict, Option<u32>, bool)> = Vec::new();
        for (entry, at_time) in file.verdicts.iter().zip(verdict_times) {
            let (claim, new) = ids[entry.claim.as_str()];
            let verdict = NewVerdict {
                rating: entry.rating,
                rationale: entry.rationale.clone(),
                confidence: entry.confidence,
                author: Some(entry.by.clone()),
                at: Some(at_time),
                summary: entry.summary.clone(),
            };
            if new {
                batch.push((claim, verdict, entry.revision, entry.on_earlier_text));
                self.tally.count(Counted::Verdicts, true, true);
                continue;
            }
            writer.add_verdicts_to_new_claims(article.id, &std::mem::take(&mut batch))?;
            let stored = writer.read().verdicts(claim)?;
            let known = stored.iter().any(|v| {
                v.rating == entry.rating
                    && v.rationale == entry.rationale
                    && v.confidence == entry.confidence
                    && v.author == entry.by
                    && v.created_at == at_time
                    && v.summary == entry.summary
            });
            // A new verdict supersedes the current one, so it cannot be dated before it (a backdated verdict
            // would take over from a later one).
            if let Some(current) = stored.iter().max_by_key(|v| v.id).filter(|_| !known) {
                if at_time < current.created_at {
                    return Err(desk_error(
                        path,
                        line_of_value(text, "at", &entry.at),
                        format!(
                            "the verdict on `{}` dated {} is older than {claim}'s current verdict ({}, by {}, {}), \
                             which it would supersede",
                            entry.claim, entry.at, current.rating, current.author, current.created_at
                        ),
                    ));
                }
            }
            if !known {
                writer.add_verdict_on(claim, &verdict, entry.revision, entry.on_earlier_text)?;
                self.tally.count(Counted::Verdicts, true, true);
            }
        }
        writer.add_verdicts_to_new_claims(article.id, &batch)?;
        Ok(())
    }

    /// What waited for a later file: links to its items, and items deriving from them.
    fn finish(&mut self, writer: &mut Writer<'_>) -> Result<()> {
        let keys: Vec<&str> = self
            .pending_parents
            .iter()
            .map(|p| p.parent.as_str())
            .chain(self.pending_links.iter().map(|l| l.evidence.as_str()))
            .collect();
        let stored_ids = writer.tx.evidence_ids(&keys)?;
        drop(keys);
        for pending in std::mem::take(&mut self.pending_parents) {
            let Some(&parent) = stored_ids.get(&pending.parent) else {
                return Err(desk_error(
                    &self.paths[pending.path],
                    None,
                    format!(
                        "evidence `{}` derives from `{}`, which no file or record has",
                        pending.key, pending.parent
                    ),
                ));
            };
            let item = writer.read().evidence(pending.item)?;
            writer.update_evidence(
                pending.item,
                &EvidenceGrades {
                    origin: item.origin_id,
                    derived_from: Some(parent),
                    reliability: item.own_reliability,
                    credibility: item.credibility,
                },
            )?;
        }
        for pending in std::mem::take(&mut self.pending_links) {
            let Some(&evidence) = stored_ids.get(&pending.evidence) else {
                return Err(desk_error(
                    &self.paths[pending.path],
                    pending.line,
                    format!(
                        "a link names evidence `{}`, which no file or record has",
                        pending.evidence
                    ),
                ));
            };
            let existed = writer
                .read()
                .links_of_claim(pending.claim)?
                .iter()
                .any(|l| l.evidence == evidence);
            let changed = writer.link(
                pending.claim,
                evidence,
                pending.stance,
                pending.note.as_deref(),
            )?;
            self.tally.count(Counted::Links, !existed, changed);
        }
        Ok(())
    }
}

/// This desk's id, made (and kept) the first time one is needed on a desk that has none.
fn own_desk_id(writer: &mut Writer<'_>) -> Result<String> {
    if let Some(id) = writer.read().desk_id()? {
        return Ok(id);
    }
    use std::hash::BuildHasher;
    let random = std::collections::hash_map::RandomState::new().hash_one(writer.actor.at);
    let id = format!("{random:016x}");
    writer.tx.put_setting(DESK_ID, &id)?;
    Ok(id)
}

/// The setting that holds a desk's id.
pub const DESK_ID: &str = "desk.id";

fn show_grade(kind: SourceKind, reliability: Option<Reliability>) -> String {
    match reliability {
        Some(r) => format!("{kind} {r}"),
        None => format!("{kind}, ungraded"),
    }
}

/// Whether a stored item already is what the file says.
fn same_item(stored: &Evidence, new: &NewEvidence, grades: &EvidenceGrades) -> bool {
    stored.title == new.title
        && stored.url == new.url
        && stored.archived_url == new.archived_url
        && stored.retrieved_at == new.retrieved_at
        && stored.sha256 == new.sha256
        && stored.notes == new.notes
        && stored.origin_id == grades.origin
        && stored.derived_from == grades.derived_from
        && stored.own_reliability == grades.reliability
        && stored.credibility == grades.credibility
}

/// A new claim's status from its links, when every item they name and every item those derive from is in the
/// file: `(status, true)`; else `(unverified, false)`, to be settled from the stored rows at the end.
fn in_memory_status(
    links: &[&crate::desk::LinkEntry],
    items: &HashMap<String, FileItem>,
) -> (Status, bool) {
    let by_id: HashMap<EvidenceId, &FileItem> = if links.iter().any(|l| {
        items
            .get(&l.evidence)
            .is_some_and(|i| matches!(i.parent, Some(Some(_))))
    }) {
        items.values().map(|i| (i.id, i)).collect()
    } else {
        HashMap::new()
    };
    let mut linked = Vec::with_capacity(links.len());
    for link in links {
        let Some(item) = items.get(&link.evidence) else {
            return (Status::Unverified, false);
        };
        let mut ancestors = Vec::new();
        let mut parent = item.parent;
        loop {
            match parent {
                Some(None) => break,
                None => return (Status::Unverified, false),
                Some(Some(id)) => {
                    let Some(up) = by_id.get(&id) else {
                        return (Status::Unverified, false);
                    };
                    if ancestors.iter().any(|a: &Ancestor| a.evidence == id) || id == item.id {
                        break;
                    }
                    ancestors.push(Ancestor {
                        evidence: id,
                        origin: up.origin.clone(),
                    });
                    parent = up.parent;
                }
            }
        }
        linked.push(LinkedEvidence {
            evidence: item.id,
            stance: link.stance,
            reliability: grades::effective_reliability(item.own, item.origin_grade),
            credibility: item.credibility,
            origin: item.origin.clone(),
            ancestors,
        });
    }
    (status::assess(&linked).status, true)
}

/// Orders a file's items so that each comes after the item it derives from, refusing a cycle.
fn order_parents_first<'f>(
    path: &Path,
    items: &'f [EvidenceEntry],
) -> Result<Vec<&'f EvidenceEntry>> {
    let by_key: HashMap<&str, &EvidenceEntry> = items.iter().map(|i| (i.key.as_str(), i)).collect();
    let mut ordered = Vec::with_capacity(items.len());
    let mut placed: HashSet<&str> = HashSet::new();
    for item in items {
        let mut chain: Vec<&EvidenceEntry> = Vec::new();
        let mut current = Some(item);
        while let Some(entry) = current.filter(|e| !placed.contains(e.key.as_str())) {
            if chain.iter().any(|c| c.key == entry.key) {
                let keys: Vec<&str> = chain.iter().map(|c| c.key.as_str()).collect();
                return Err(desk_error(
                    path,
                    None,
                    format!(
                        "evidence derives from itself through a cycle ({} → {})",
                        keys.join(" → "),
                        entry.key
                    ),
                ));
            }
            chain.push(entry);
            current = entry
                .derived_from
                .as_deref()
                .and_then(|p| by_key.get(p).copied());
        }
        for entry in chain.into_iter().rev() {
            placed.insert(entry.key.as_str());
            ordered.push(entry);
        }
    }
    Ok(ordered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk;
    use crate::model::{Action, ArticleId, Rating, Status, Strength};

    const BODY: &str =
        "Officials allegedly took fees from dock workers. The union said 300 workers paid.\n";

    fn actor() -> Actor {
        Actor {
            name: "importer".to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    fn article_file(title: &str) -> ArticleFile {
        ArticleFile {
            title: title.to_string(),
            outlet: Some("The Ledger".to_string()),
            url: None,
            published: Some("2026-10-14".to_string()),
            author: None,
            desk: None,
            body: BODY.to_string(),
        }
    }

    /// The claims file of `dock-fees`, as written in `claims/dock-fees.toml`.
    const CLAIMS: &str = r#"article = "dock-fees"

[[sources]]
name = "Port Authority"
kind = "organisation"
reliability = "B"

[[claims]]
key = "c1"
text = "Officials allegedly took fees from dock workers."
span = [0, 48]
strength = "hedged"
cue = "allegedly"

[[claims]]
key = "c2"
text = "The union said 300 workers paid."
source = "The union"
cue = "said"

[[evidence]]
key = "e1"
title = "Port audit"
origin = "Port Authority"
credibility = "2"

[[evidence]]
key = "e2"
title = "Courier story"
origin = "Northern Courier"
derived_from = "e1"
reliability = "C"
credibility = "3"

[[evidence]]
key = "e3"
title = "Ministry statement"
origin = "Ministry"
reliability = "A"
credibility = "2"

[[links]]
claim = "c1"
evidence = "e2"
stance = "supports"

[[links]]
claim = "c1"
evidence = "e1"
stance = "supports"

[[links]]
claim = "c1"
evidence = "e3"
stance = "supports"

[[verdicts]]
claim = "c1"
rating = "mostly_true"
rationale = "The audit and the ministry agree."
confidence = "high"
by = "desk"
at = "2026-10-20T09:00:00Z"
"#;

    fn files(claims: &str) -> DeskFiles {
        let mut files = DeskFiles::default();
        files.articles.insert(
            "dock-fees".to_string(),
            (
                PathBuf::from("sources/dock-fees.txt"),
                article_file("Dock fees"),
            ),
        );
        files
            .claims
            .push(claims_input("claims/dock-fees.toml", claims));
        files
    }

    fn claims_input(path: &str, text: &str) -> ClaimsInput {
        ClaimsInput {
            path: PathBuf::from(path),
            text: text.to_string(),
            file: desk::parse_claims(text).expect("a valid claims file"),
        }
    }

    fn refusal(ledger: &mut Ledger, files: &DeskFiles) -> String {
        let before = ledger.read().event_count().unwrap();
        let err = ledger.import_desk(&actor(), files).unwrap_err().to_string();
        assert_eq!(
            ledger.read().event_count().unwrap(),
            before,
            "nothing written"
        );
        err
    }

    #[test]
    fn a_desk_imports_once_with_statuses_settled_and_the_file_stated_verdict() {
        let mut ledger = Ledger::in_memory().unwrap();
        let tally = ledger.import_desk(&actor(), &files(CLAIMS)).unwrap();
        assert_eq!(
            tally.summary(),
            "added 1 article, 2 claims, 3 evidence items, 3 links, 1 source, 1 verdict"
        );
        let read = ledger.read();
        let c1 = read.claim_by_key(ArticleId(1), "c1").unwrap().unwrap();
        // E2 repeats E1 (derived from it): two lines, E1 and E3.
        assert_eq!(c1.status, Status::Corroborated);
        assert_eq!(c1.verdict, Some(Rating::MostlyTrue));
        let c2 = read.claim_by_key(ArticleId(1), "c2").unwrap().unwrap();
        // No strength in the file: the scanner infers it.
        assert_eq!(
            (c2.strength, c2.source.as_deref()),
            (Strength::OnRecord, Some("The union"))
        );
        let verdict = &read.verdicts(c1.id).unwrap()[0];
        assert_eq!(
            (
                verdict.author.as_str(),
                verdict.created_at.to_string().as_str()
            ),
            ("desk", "2026-10-20T09:00:00Z")
        );
        // One status event for C1 however many links it gained.
        let statuses: Vec<String> = read
            .history(c1.id)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == Action::Status)
            .map(|e| format!("{} {}", e.actor, e.detail))
            .collect();
        assert_eq!(
            statuses,
            ["importer status of C1 moved from unverified to corroborated"]
        );
        // Parents come before the items derived from them, whatever the file's order.
        let keys: Vec<String> = read
            .all_evidence()
            .unwrap()
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(keys, ["e1", "e2", "e3"]);

        let again = ledger.import_desk(&actor(), &files(CLAIMS)).unwrap();
        assert_eq!(
            again.summary(),
            "nothing to change: the database already matches these files"
        );
    }

    #[test]
    fn an_edited_file_updates_in_place_and_removes_what_it_no_longer_has() {
        let mut ledger = Ledger::in_memory().unwrap();
        ledger.import_desk(&actor(), &files(CLAIMS)).unwrap();
        let edited = CLAIMS
            .replace(
                "reliability = \"A\"\ncredibility = \"2\"",
                "reliability = \"E\"\ncredibility = \"2\"",
            )
            .replace(
                "[[links]]\nclaim = \"c1\"\nevidence = \"e1\"\nstance = \"supports\"\n\n",
                "",
            )
            .replace("cue = \"said\"", "cue = \"said\"\nstrength = \"reported\"");
        let tally = ledger.import_desk(&actor(), &files(&edited)).unwrap();
        assert_eq!(
            tally.summary(),
            "updated 1 claim, 1 evidence item; removed 1 link"
        );
        let read = ledger.read();
        let c1 = read.claim(ClaimId(1)).unwrap();
        // E3 is weak now and E1 is unlinked: E2 alone is left, one line.
        assert_eq!(c1.status, Status::SingleSource);
        let trail: Vec<String> = read
            .history(ClaimId(1))
            .unwrap()
            .into_iter()
            .skip(6)
            .map(|e| format!("{}: {}", e.action, e.detail))
            .collect();
        assert_eq!(
            trail,
            [
                "evidence.edit: changed evidence E3: reliability from A to E",
                "unlink: unlinked E1 from C1",
                "status: status of C1 moved from corroborated to single_source"
            ]
        );
        assert_eq!(read.claim(ClaimId(2)).unwrap().strength, Strength::Reported);
    }

    #[test]
    fn a_claims_file_may_name_evidence_already_on_the_desk() {
        let mut ledger = Ledger::in_memory().unwrap();
        ledger.import_desk(&actor(), &files(CLAIMS)).unwrap();
        let second = r#"article = "second"

[[claims]]
key = "c1"
text = "A claim resting on the audit."
strength = "unattributed"

[[links]]
claim = "c1"
evidence = "e1"
stance = "refutes"
"#;
        let mut more = DeskFiles::default();
        more.articles.insert(
            "second".to_string(),
            (PathBuf::from("sources/second.txt"), article_file("Second")),
        );
        more.claims.push(claims_input("claims/second.toml", second));
        let tally = ledger.import_desk(&actor(), &more).unwrap();
        assert_eq!(tally.summary(), "added 1 article, 1 claim, 1 link");
        let claim = ledger
            .read()
            .claim_by_key(ArticleId(2), "c1")
            .unwrap()
            .unwrap();
        assert_eq!(claim.status, Status::Refuted);
    }

    #[test]
    fn problems_are_refused_naming_the_file_and_line_before_anything_is_written() {
        let mut ledger = Ledger::in_memory().unwrap();
        let link = "[[links]]\nclaim = \"c1\"\nevidence = \"e2\"\nstance = \"supports\"\n";
        for (claims, message) in [
            (
                CLAIMS.replace(link, "[[links]]\nclaim = \"c1\"\nevidence = \"e9\"\nstance = \"supports\"\n"),
                "claims/dock-fees.toml:44: a link names evidence `e9`, which no file or record has",
            ),
            (
                CLAIMS.replace(link, "[[links]]\nclaim = \"c7\"\nevidence = \"e2\"\nstance = \"supports\"\n"),
                "claims/dock-fees.toml:43: a link names claim `c7`, which the file does not have",
            ),
            (
                CLAIMS.replace(link, &format!("{link}\n{link}")),
                "claims/dock-fees.toml:43: claim `c1` is linked to `e2` twice",
            ),
            (
                CLAIMS.replace("key = \"c2\"", "key = \"c1\""),
                "claims/dock-fees.toml:9: claim key `c1` is used twice",
            ),
            (
                CLAIMS.replace("span = [0, 48]", "span = [0, 12]"),
                "claims/dock-fees.toml:9: the span [0, 12] of claim `c1` does not hold its text in the article",
            ),
            (
                CLAIMS.replace("derived_from = \"e1\"", "derived_from = \"e4\""),
                "claims/dock-fees.toml: evidence `e2` derives from `e4`, which no file or record has",
            ),
            (
                CLAIMS.replace("title = \"Port audit\"", "title = \"Port audit\"\nderived_from = \"e2\""),
                "claims/dock-fees.toml: evidence derives from itself through a cycle (e1 → e2 → e1)",
            ),
            (
                CLAIMS.replace("at = \"2026-10-20T09:00:00Z\"", "at = \"last week\""),
                // A verdict's line is the first that names its claim: its link's, here.
                "claims/dock-fees.toml:43: verdict time `last week` is not an RFC 3339 time",
            ),
            (
                CLAIMS.replace("by = \"desk\"", "by = \" \""),
                "claims/dock-fees.toml:43: a verdict needs a rationale and who gave it (`by`)",
            ),
            (
                CLAIMS.replace("title = \"Port audit\"", "title = \"  \""),
                "claims/dock-fees.toml:22: evidence `e1` has an empty title",
            ),
        ] {
            assert_eq!(refusal(&mut ledger, &files(&claims)), message);
        }
        // An article neither in the files nor on the desk.
        let mut orphan = DeskFiles::default();
        orphan
            .claims
            .push(claims_input("claims/dock-fees.toml", CLAIMS));
        assert_eq!(
            refusal(&mut ledger, &orphan),
            "claims/dock-fees.toml:1: article `dock-fees` is neither in the database nor in sources/dock-fees.txt"
        );
        // One key, two different items, in two files.
        let mut twice = files(CLAIMS);
        let other =
            "article = \"dock-fees\"\n\n[[evidence]]\nkey = \"e1\"\ntitle = \"Another audit\"\n";
        twice.claims.push(claims_input("claims/other.toml", other));
        assert_eq!(
            refusal(&mut ledger, &twice),
            "claims/other.toml:4: evidence `e1` differs from the item of that key in claims/dock-fees.toml"
        );
        assert!(ledger.read().articles().unwrap().is_empty());
    }

    #[test]
    fn a_value_the_ledger_refuses_rolls_the_whole_import_back() {
        let mut ledger = Ledger::in_memory().unwrap();
        let huge = CLAIMS.replace(
            "text = \"The union said 300 workers paid.\"",
            &format!("text = \"{}\"", "word ".repeat(3_000)),
        );
        assert_eq!(
            refusal(&mut ledger, &files(&huge)),
            "the claim text is 15000 bytes long; claimtrack keeps at most 10000"
        );
        assert!(ledger.read().articles().unwrap().is_empty());
        assert!(ledger.read().sources().unwrap().is_empty());
    }

    #[test]
    fn items_are_ordered_parents_first() {
        let entry = |key: &str, parent: Option<&str>| EvidenceEntry {
            key: key.to_string(),
            title: key.to_string(),
            url: None,
            archived_url: None,
            retrieved: None,
            origin: None,
            derived_from: parent.map(str::to_string),
            reliability: None,
            credibility: None,
            sha256: None,
            notes: None,
        };
        let path = Path::new("claims/x.toml");
        let items = [
            entry("e3", Some("e2")),
            entry("e1", None),
            entry("e2", Some("e1")),
            entry("e4", Some("stored")),
        ];
        let keys: Vec<&str> = order_parents_first(path, &items)
            .unwrap()
            .into_iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["e1", "e2", "e3", "e4"]);
    }

    #[test]
    fn lines_are_found_for_messages() {
        let text = "article = \"a\"\n\n[[claims]]\nkey = \"c1\"\n  key = \"c2\"\n";
        assert_eq!(line_of(text, "article"), Some(1));
        assert_eq!(line_of_value(text, "key", "c2"), Some(5));
        assert_eq!(line_of_value(text, "key", "c3"), None);
    }
}
