//! Desk import: a plain-text desk (articles' texts and their claims files, already read and parsed) into the
//! ledger. Everything that can be checked is checked before anything is written, and every error names the file
//! and, where it can, the line: keys unique, references resolved (in the files or already stored), spans holding
//! their text, derived-from chains without cycles, one evidence key meaning one item across files. Then one
//! transaction writes it all: new records added, changed ones updated in place (each change with its event),
//! links a file no longer has removed, verdicts the desk lacks added. Importing the same files twice changes
//! nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::tally::{Counted, Tally};
use super::{Ledger, Reader, Writer};
use crate::desk::{ArticleFile, ClaimsFile, EvidenceEntry, LinkEntry};
use crate::error::{Error, Result};
use crate::model::{
    Actor, ClaimId, Credibility, EvidenceGrades, NewArticle, NewClaim, NewEvidence, NewVerdict,
    Timestamp,
};
use crate::scanner::{self, Attribution, GivenAttribution};

/// A desk as read from its files.
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
#[derive(Debug)]
pub struct ClaimsInput {
    pub path: PathBuf,
    pub text: String,
    pub file: ClaimsFile,
}

impl Ledger {
    /// Checks the files against each other and the desk, then writes them in one transaction.
    pub fn import_desk(&mut self, actor: &Actor, files: &DeskFiles) -> Result<Tally> {
        let evidence = check(&self.read(), files)?;
        self.write(actor, |writer| writer.write_desk(files, &evidence))
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

/// Checks everything that can be checked before writing: keys unique, references resolved, spans inside the
/// text, derived-from chains without cycles, and one evidence key meaning one item across files.
fn check<'f>(db: &Reader<'_>, files: &'f DeskFiles) -> Result<Vec<(&'f Path, &'f EvidenceEntry)>> {
    // Line numbers are looked up only for a message (`line()`): finding one scans the file.
    let mut evidence: HashMap<&str, (&Path, &EvidenceEntry)> = HashMap::new();
    let mut in_order: Vec<(&Path, &EvidenceEntry)> = Vec::new();
    for input in &files.claims {
        let (path, text, file) = (&input.path, &input.text, &input.file);
        let body = match files.articles.get(&file.article) {
            Some((_, article)) => Some(article.body.clone()),
            None => match db.article_by_key(&file.article)? {
                Some(article) => article.body,
                None => {
                    return Err(desk_error(
                        path,
                        line_of(text, "article"),
                        format!(
                            "article `{}` is neither in the database nor in sources/{}.txt",
                            file.article, file.article
                        ),
                    ))
                }
            },
        };
        let mut claim_keys = HashSet::new();
        for claim in &file.claims {
            let line = || line_of_value(text, "key", &claim.key);
            if !claim_keys.insert(claim.key.as_str()) {
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
            if let (Some([start, end]), Some(body)) = (claim.span, &body) {
                if body.get(start..end) != Some(claim.text.as_str()) {
                    return Err(desk_error(
                        path,
                        line(),
                        format!("the span [{start}, {end}] of claim `{}` does not hold its text in the article", claim.key),
                    ));
                }
            }
        }
        for item in &file.evidence {
            let line = || line_of_value(text, "key", &item.key);
            if item.title.trim().is_empty() {
                return Err(desk_error(
                    path,
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
                        path,
                        line(),
                        format!(
                            "evidence `{}`: sha256 must be 64 lowercase hex digits",
                            item.key
                        ),
                    ));
                }
            }
            match evidence.get(item.key.as_str()) {
                Some((other, earlier)) if *earlier != item => {
                    return Err(desk_error(
                        path,
                        line(),
                        format!(
                            "evidence `{}` differs from the item of that key in {}",
                            item.key,
                            other.display()
                        ),
                    ))
                }
                Some(_) => {}
                None => {
                    evidence.insert(&item.key, (path, item));
                    in_order.push((path, item));
                }
            }
        }
        for link in &file.links {
            let line = || line_of_value(text, "claim", &link.claim);
            if !claim_keys.contains(link.claim.as_str()) {
                return Err(desk_error(
                    path,
                    line(),
                    format!(
                        "a link names claim `{}`, which the file does not have",
                        link.claim
                    ),
                ));
            }
        }
        let mut linked = HashSet::new();
        for link in &file.links {
            if !linked.insert((&link.claim, &link.evidence)) {
                return Err(desk_error(
                    path,
                    line_of_value(text, "claim", &link.claim),
                    format!(
                        "claim `{}` is linked to `{}` twice",
                        link.claim, link.evidence
                    ),
                ));
            }
        }
        for verdict in &file.verdicts {
            let line = || line_of_value(text, "claim", &verdict.claim);
            if !claim_keys.contains(verdict.claim.as_str()) {
                return Err(desk_error(
                    path,
                    line(),
                    format!(
                        "a verdict names claim `{}`, which the file does not have",
                        verdict.claim
                    ),
                ));
            }
            if verdict.at.parse::<Timestamp>().is_err() {
                return Err(desk_error(
                    path,
                    line(),
                    format!("verdict time `{}` is not an RFC 3339 time", verdict.at),
                ));
            }
            if verdict.rationale.trim().is_empty() || verdict.by.trim().is_empty() {
                return Err(desk_error(
                    path,
                    line(),
                    "a verdict needs a rationale and who gave it (`by`)",
                ));
            }
        }
    }
    // References to evidence may point into another file or at an item already stored.
    let known = |key: &str| -> Result<bool> {
        Ok(evidence.contains_key(key) || db.evidence_id(key)?.is_some())
    };
    for input in &files.claims {
        for link in &input.file.links {
            if !known(&link.evidence)? {
                return Err(desk_error(
                    &input.path,
                    line_of_value(&input.text, "evidence", &link.evidence),
                    format!(
                        "a link names evidence `{}`, which no file or record has",
                        link.evidence
                    ),
                ));
            }
        }
    }
    for (path, item) in &in_order {
        if let Some(parent) = &item.derived_from {
            if !known(parent)? {
                return Err(desk_error(
                    path,
                    None,
                    format!(
                        "evidence `{}` derives from `{parent}`, which no file or record has",
                        item.key
                    ),
                ));
            }
        }
    }
    super::desk_revisions::check(db, files)?;
    order_parents_first(&in_order)
}

/// Orders items so that each comes after the item it derives from, refusing a cycle.
fn order_parents_first<'f>(
    items: &[(&'f Path, &'f EvidenceEntry)],
) -> Result<Vec<(&'f Path, &'f EvidenceEntry)>> {
    let by_key: HashMap<&str, &(&Path, &EvidenceEntry)> =
        items.iter().map(|i| (i.1.key.as_str(), i)).collect();
    let mut ordered = Vec::with_capacity(items.len());
    let mut placed: HashSet<&str> = HashSet::new();
    for item in items {
        let mut chain = Vec::new();
        let mut current = Some(item);
        while let Some(entry) = current.filter(|e| !placed.contains(e.1.key.as_str())) {
            if chain
                .iter()
                .any(|c: &&(&Path, &EvidenceEntry)| c.1.key == entry.1.key)
            {
                let keys: Vec<&str> = chain.iter().map(|c| c.1.key.as_str()).collect();
                return Err(desk_error(
                    entry.0,
                    None,
                    format!(
                        "evidence derives from itself through a cycle ({} → {})",
                        keys.join(" → "),
                        entry.1.key
                    ),
                ));
            }
            chain.push(entry);
            current = entry
                .1
                .derived_from
                .as_deref()
                .and_then(|p| by_key.get(p).copied());
        }
        for entry in chain.into_iter().rev() {
            placed.insert(entry.1.key.as_str());
            ordered.push(*entry);
        }
    }
    Ok(ordered)
}

impl Writer<'_> {
    /// Writes checked files: each record added, or updated in place when it is there, with its event.
    fn write_desk(
        &mut self,
        files: &DeskFiles,
        evidence: &[(&Path, &EvidenceEntry)],
    ) -> Result<Tally> {
        let mut tally = Tally::default();
        for (key, (_, file)) in &files.articles {
            let new = NewArticle {
                key: Some(key.clone()),
                title: file.title.clone(),
                outlet: file.outlet.clone(),
                url: file.url.clone(),
                published: file.published.clone(),
                author: file.author.clone(),
                // A revised article is written as the desk has it, then given the revisions it lacks.
                body: Some(self.base_text(files, key, file)?),
            };
            match self.read().article_by_key(key)? {
                Some(article) => {
                    let changed = self.update_article(article.id, &new)?;
                    let revised = self.write_revisions(article.id, files, key)? > 0;
                    tally.count(Counted::Articles, false, changed || revised);
                }
                None => {
                    let id = self.add_article(&new)?;
                    self.write_revisions(id, files, key)?;
                    tally.count(Counted::Articles, true, true);
                }
            }
        }
        for input in &files.claims {
            for source in &input.file.sources {
                match self.read().source_by_name(&source.name)? {
                    Some(existing) => {
                        let changed =
                            self.update_source(existing.id, source.kind, source.reliability)?;
                        tally.count(Counted::Sources, false, changed);
                    }
                    None => {
                        self.add_source(&source.name, source.kind, source.reliability)?;
                        tally.count(Counted::Sources, true, true);
                    }
                }
            }
        }
        for (_, item) in evidence {
            let derived_from = match &item.derived_from {
                Some(parent) => Some(
                    self.read()
                        .evidence_id(parent)?
                        .ok_or_else(|| Error::invalid(format!("evidence `{parent}` vanished")))?,
                ),
                None => None,
            };
            let new = NewEvidence {
                key: Some(item.key.clone()),
                title: item.title.clone(),
                url: item.url.clone(),
                archived_url: item.archived_url.clone(),
                retrieved_at: item.retrieved.clone(),
                origin: item.origin.clone(),
                derived_from,
                reliability: item.reliability,
                credibility: item.credibility,
                sha256: item.sha256.clone(),
                notes: item.notes.clone(),
            };
            match self.read().evidence_by_key(&item.key)? {
                Some(existing) => {
                    let origin = item
                        .origin
                        .as_deref()
                        .map(|name| self.source_named(name))
                        .transpose()?;
                    let grades = EvidenceGrades {
                        origin,
                        derived_from,
                        reliability: item.reliability,
                        credibility: new.credibility.unwrap_or(Credibility::CannotJudge),
                    };
                    let details = self.update_evidence_details(existing.id, &new)?;
                    let graded = self.update_evidence(existing.id, &grades)?;
                    tally.count(Counted::Evidence, false, details || graded);
                }
                None => {
                    self.add_evidence(&new)?;
                    tally.count(Counted::Evidence, true, true);
                }
            }
        }
        for input in &files.claims {
            let article = self
                .read()
                .article_by_key(&input.file.article)?
                .ok_or_else(|| {
                    Error::invalid(format!("article `{}` vanished", input.file.article))
                })?;
            let mut ids: HashMap<&str, ClaimId> = HashMap::new();
            let mut order: Vec<(&str, ClaimId)> = Vec::new();
            for entry in &input.file.claims {
                // A file that gives the strength is taken as written; only a missing one is inferred.
                let given = GivenAttribution {
                    strength: entry.strength,
                    source: entry.source.clone(),
                    cue: entry.cue.clone(),
                    response: entry.response,
                };
                let Attribution {
                    strength,
                    source,
                    cue,
                    response,
                } = match entry.strength {
                    Some(strength) => Attribution {
                        strength,
                        source: given.source,
                        cue: given.cue,
                        response: given.response,
                    },
                    None => scanner::complete_attribution(&entry.text, given),
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
                };
                let id = match self.read().claim_by_key(article.id, &entry.key)? {
                    Some(existing) => {
                        tally.count(
                            Counted::Claims,
                            false,
                            self.update_claim(existing.id, &new)?,
                        );
                        existing.id
                    }
                    None => {
                        tally.count(Counted::Claims, true, true);
                        self.add_claim(&new)?
                    }
                };
                ids.insert(entry.key.as_str(), id);
                order.push((entry.key.as_str(), id));
            }
            self.write_anchors(article.id, input, &ids)?;
            let mut wanted_by_claim: HashMap<&str, Vec<&LinkEntry>> = HashMap::new();
            for link in &input.file.links {
                wanted_by_claim
                    .entry(link.claim.as_str())
                    .or_default()
                    .push(link);
            }
            for (key, claim) in order {
                let mut wanted = Vec::new();
                for link in wanted_by_claim
                    .get(key)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    let evidence = self.read().evidence_id(&link.evidence)?.ok_or_else(|| {
                        Error::invalid(format!("evidence `{}` vanished", link.evidence))
                    })?;
                    wanted.push((evidence, *link));
                }
                let current = self.read().links_of_claim(claim)?;
                for link in &current {
                    if !wanted
                        .iter()
                        .any(|(evidence, _)| *evidence == link.evidence)
                    {
                        self.unlink(claim, link.evidence)?;
                        tally.removed(Counted::Links);
                    }
                }
                for (evidence, link) in wanted {
                    let existed = current.iter().any(|l| l.evidence == evidence);
                    let changed = self.link(claim, evidence, link.stance, link.note.as_deref())?;
                    tally.count(Counted::Links, !existed, changed);
                }
            }
            for entry in &input.file.verdicts {
                let claim = ids[entry.claim.as_str()];
                let at: Timestamp = entry
                    .at
                    .parse()
                    .map_err(|e: crate::model::TimestampError| Error::invalid(e.to_string()))?;
                let known = self.read().verdicts(claim)?.iter().any(|v| {
                    v.rating == entry.rating
                        && v.rationale == entry.rationale
                        && v.confidence == entry.confidence
                        && v.author == entry.by
                        && v.created_at == at
                        && v.summary == entry.summary
                });
                if !known {
                    self.add_verdict_on(
                        claim,
                        &NewVerdict {
                            rating: entry.rating,
                            rationale: entry.rationale.clone(),
                            confidence: entry.confidence,
                            author: Some(entry.by.clone()),
                            at: Some(at),
                            summary: entry.summary.clone(),
                        },
                        entry.revision,
                    )?;
                    tally.count(Counted::Verdicts, true, true);
                }
            }
        }
        Ok(tally)
    }
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
        let given: Vec<(&Path, &EvidenceEntry)> = items.iter().map(|i| (path, i)).collect();
        let keys: Vec<&str> = order_parents_first(&given)
            .unwrap()
            .into_iter()
            .map(|(_, e)| e.key.as_str())
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
