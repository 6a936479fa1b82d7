//! A revised article in the plain-text desk, both ways. The latest text stays in `sources/<key>.txt`; each earlier
//! revision's text is in `sources/<key>.r<N>.txt`, under the same header as the article's (so it reads as an
//! article file and export knows it for its own); the claims file lists the revisions after the first
//! (`[[revisions]]`: number, when, by whom), each claim's anchor per revision (`[[anchors]]`: how, and before
//! the latest its place and attribution), and the revision each verdict was checked against. An article never
//! revised writes none of this, so its files read as before.
//!
//! The first revision's time and author are the article's registration, which the desk files do not carry either:
//! an import registers it anew, as it does the article.
//!
//! Import checks, before anything is written: the revisions numbered 2 to the latest, each earlier one's file
//! there, every anchor's claim, revision and place; and against the desk, that no revision the desk holds is
//! changed (the latest may be edited in place, as a text always could be) and that the files are not older than
//! the desk. Then it records the revisions the desk lacks, and the anchors.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use super::desk_import::{desk_error, line_of, line_of_value, ArticleInput};
use super::{ClaimsInput, Reader, Writer};
use crate::backend::{AnchorRow, EventRefs, RevisionRow};
use crate::desk::{AnchorEntry, ArticleFile, ClaimsFile, RevisionEntry};
use crate::error::{Error, Result};
use crate::model::{Action, AnchorKind, Article, ArticleId, Claim, ClaimId, Timestamp};
use crate::revision::Attribution;

/// The file name of an earlier revision's text: `<key>.r<N>.txt`.
pub fn revision_file_name(key: &str, number: u32) -> String {
    format!("{key}.r{number}.txt")
}

/// The article key and revision number a file stem `<key>.r<N>` names.
pub fn parse_revision_stem(stem: &str) -> Option<(&str, u32)> {
    let (key, number) = stem.rsplit_once(".r")?;
    let number: u32 = number.parse().ok().filter(|n| *n >= 1)?;
    stem.ends_with(&format!(".r{number}"))
        .then_some((key, number))
}

impl Reader<'_> {
    /// The texts of an article's revisions before the latest, oldest first: what `sources/<key>.r<N>.txt` hold.
    pub fn earlier_revision_texts(&self, article: &Article) -> Result<Vec<(u32, String)>> {
        let revisions = self.rows.revisions(article.id)?;
        let mut texts = Vec::new();
        for revision in revisions.iter().rev().skip(1).rev() {
            texts.push((
                revision.number,
                self.revision_text(article.id, revision.number)?,
            ));
        }
        Ok(texts)
    }

    /// Adds a revised article's revisions and anchors to its claims file.
    pub(super) fn revision_entries(
        &self,
        article: &Article,
        claims: &[Claim],
        file: &mut ClaimsFile,
    ) -> Result<()> {
        let revisions = self.rows.revisions(article.id)?;
        let Some(latest) = revisions.last().map(|r| r.number).filter(|n| *n > 1) else {
            return Ok(());
        };
        file.revisions = revisions
            .iter()
            .filter(|r| r.number > 1)
            .map(|r| RevisionEntry {
                number: r.number,
                at: r.created_at.to_string(),
                by: r.actor.clone(),
            })
            .collect();
        for claim in claims {
            for anchor in self.rows.anchors_of_claim(claim.id)? {
                let before = anchor.revision < latest;
                let attribution = anchor.attribution.as_ref().filter(|_| before);
                file.anchors.push(AnchorEntry {
                    claim: claim.key.clone(),
                    revision: anchor.revision,
                    how: anchor.kind,
                    score: anchor.score,
                    span: anchor.span.filter(|_| before).map(|(s, e)| [s, e]),
                    strength: attribution.map(|a| a.strength),
                    source: attribution.and_then(|a| a.source.clone()),
                    cue: attribution.and_then(|a| a.cue.clone()),
                    response: attribution.and_then(|a| a.response),
                });
            }
        }
        Ok(())
    }
}

/// The files of one import step (`DeskUnit`) as this module reads them: the article's latest text, its claims
/// file, and the earlier revisions' texts given with them.
#[derive(Clone, Copy)]
pub(super) struct UnitFiles<'f> {
    pub article: Option<&'f ArticleInput>,
    pub claims: Option<&'f ClaimsInput>,
    pub revisions: &'f BTreeMap<u32, (PathBuf, String)>,
}

impl<'f> UnitFiles<'f> {
    fn key(&self) -> Option<&'f str> {
        match (self.claims, self.article) {
            (Some(claims), _) => Some(claims.file.article.as_str()),
            (None, Some(article)) => Some(article.key.as_str()),
            (None, None) => None,
        }
    }
}

/// One article's revisions as the files give them.
struct Plan<'f> {
    input: &'f ClaimsInput,
    latest: u32,
}

impl<'f> Plan<'f> {
    /// The plan of the step's article: from its claims file when that lists revisions; `None` when it does not
    /// (an article never revised, or a text imported alone).
    fn of(files: &UnitFiles<'f>) -> Option<Plan<'f>> {
        let input = files.claims.filter(|c| !c.file.revisions.is_empty())?;
        let latest = input.file.revisions.iter().map(|r| r.number).max()?;
        Some(Plan { input, latest })
    }

    /// The text of revision `number` in the files.
    fn text<'a>(&self, files: &UnitFiles<'a>, number: u32) -> Option<&'a str> {
        if number == self.latest {
            files.article.map(|a| a.file.body.as_str())
        } else {
            files.revisions.get(&number).map(|(_, t)| t.as_str())
        }
    }
}

/// Checks the revisions and anchors of one step's files, against each other and the desk.
pub(super) fn check(db: &Reader<'_>, files: &UnitFiles<'_>) -> Result<()> {
    let Some(key) = files.key() else {
        return Ok(());
    };
    let listed = Plan::of(files).map_or(1, |p| p.latest);
    for (number, (path, _)) in files.revisions {
        if *number >= listed {
            return Err(desk_error(
                path,
                None,
                format!(
                    "this is revision {number} of article `{key}`, and no claims file given lists it as an \
                     earlier revision (its `[[revisions]]` go up to {listed}, the latest in sources/{key}.txt)"
                ),
            ));
        }
    }
    match files.claims {
        Some(input) => check_file(db, files, input),
        None => Ok(()),
    }
}

fn check_file(db: &Reader<'_>, files: &UnitFiles<'_>, input: &ClaimsInput) -> Result<()> {
    let (path, text, file) = (input.path.as_path(), input.text.as_str(), &input.file);
    let key = file.article.as_str();
    let at_line = |field: &str, value: &str| line_of_value(text, field, value);
    let mut latest = 1;
    for (i, entry) in file.revisions.iter().enumerate() {
        let expected = i as u32 + 2;
        let line = || line_of_value_number(text, "number", entry.number);
        if entry.number != expected {
            return Err(desk_error(
                path,
                line(),
                format!(
                    "revision {} is listed where revision {expected} should be: `[[revisions]]` number the \
                     revisions after the first, 2, 3, … in order",
                    entry.number
                ),
            ));
        }
        if entry.at.parse::<Timestamp>().is_err() {
            return Err(desk_error(
                path,
                at_line("at", &entry.at),
                format!(
                    "revision {}'s time `{}` is not an RFC 3339 time",
                    entry.number, entry.at
                ),
            ));
        }
        if entry.by.trim().is_empty() || entry.by.chars().any(crate::render::visible::is_hidden) {
            return Err(desk_error(
                path,
                line(),
                format!(
                    "revision {} needs who recorded it (`by`), on one line",
                    entry.number
                ),
            ));
        }
        latest = entry.number;
    }
    let plan = Plan::of(files);
    if let Some(plan) = &plan {
        if files.article.is_none() {
            return Err(desk_error(
                path,
                line_of(text, "[[revisions]]"),
                format!(
                    "the claims file lists revisions of article `{key}`, and its latest text sources/{key}.txt \
                     is not given"
                ),
            ));
        }
        for number in 1..plan.latest {
            if plan.text(files, number).is_none() {
                return Err(desk_error(
                    path,
                    line_of(text, "[[revisions]]"),
                    format!(
                        "revision {number} of article `{key}` has no text: sources/{} is missing",
                        revision_file_name(key, number)
                    ),
                ));
            }
        }
        check_against_desk(db, files, key, plan)?;
    }
    // Anchors: a claim of the file, a revision of the article, a place on that revision's text.
    let claims: HashMap<&str, Option<[usize; 2]>> = file
        .claims
        .iter()
        .map(|c| (c.key.as_str(), c.span))
        .collect();
    let mut seen = HashSet::new();
    for anchor in &file.anchors {
        let line = || anchor_line(text, &anchor.claim, anchor.revision);
        let fail = |message: String| Err(desk_error(path, line(), message));
        let Some(span_now) = claims.get(anchor.claim.as_str()) else {
            return fail(format!(
                "an anchor names claim `{}`, which the file does not have",
                anchor.claim
            ));
        };
        let (claim, revision, how) = (&anchor.claim, anchor.revision, anchor.how);
        if revision < 1 || revision > latest {
            return fail(format!(
                "claim `{claim}`'s anchor is at revision {revision}, and the article has revisions 1 to {latest}"
            ));
        }
        if !seen.insert((claim.as_str(), revision)) {
            return fail(format!(
                "claim `{claim}` has two anchors at revision {revision}"
            ));
        }
        let scored = matches!(how, AnchorKind::Fuzzy | AnchorKind::Contained);
        match anchor.score {
            Some(score) if !scored || !(0.0..=1.0).contains(&score) => {
                return fail(format!(
                    "claim `{claim}`'s anchor at revision {revision}: a score, between 0 and 1, goes with a \
                     fuzzy or contained anchor only"
                ))
            }
            None if scored => {
                return fail(format!(
                    "claim `{claim}`'s {how} anchor at revision {revision} needs its score"
                ))
            }
            _ => {}
        }
        let attributed = anchor.strength.is_some()
            || anchor.source.is_some()
            || anchor.cue.is_some()
            || anchor.response.is_some();
        if revision == latest {
            if attributed || anchor.span.is_some() {
                return fail(format!(
                    "claim `{claim}`'s anchor at the latest revision ({revision}) gives only how it was found: \
                     its place and attribution there are the claim's own"
                ));
            }
            if how != AnchorKind::Recorded && how.is_placed() != span_now.is_some() {
                return fail(format!(
                    "claim `{claim}` is {how} at the latest revision, so it {} a span of its own",
                    if how.is_placed() { "needs" } else { "has no" }
                ));
            }
            continue;
        }
        if !how.is_placed() {
            if attributed || anchor.span.is_some() {
                return fail(format!(
                    "claim `{claim}` is {how} at revision {revision}: it has no place or attribution there"
                ));
            }
            continue;
        }
        if anchor.strength.is_none() || (how != AnchorKind::Recorded && anchor.span.is_none()) {
            return fail(format!(
                "claim `{claim}`'s {how} anchor at revision {revision} needs its span and strength"
            ));
        }
        if let (Some([start, end]), Some(plan)) = (anchor.span, &plan) {
            let text = plan.text(files, revision).unwrap_or("");
            if start > end || text.get(start..end).is_none() {
                return fail(format!(
                    "the span [{start}, {end}] of claim `{claim}` at revision {revision} is not in that \
                     revision's text"
                ));
            }
        }
    }
    for verdict in &file.verdicts {
        if let Some(revision) = verdict.revision.filter(|r| *r < 1 || *r > latest) {
            return Err(desk_error(
                path,
                at_line("claim", &verdict.claim),
                format!(
                    "a verdict on claim `{}` was checked against revision {revision}, and the article has \
                     revisions 1 to {latest}",
                    verdict.claim
                ),
            ));
        }
    }
    Ok(())
}

/// The line of the `[[anchors]]` table of a claim at a revision.
fn anchor_line(text: &str, claim: &str, revision: u32) -> Option<usize> {
    let (claim, revision) = (
        format!("claim = {claim:?}"),
        format!("revision = {revision}"),
    );
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().find_map(|(i, line)| {
        let table = lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("[["))
            .map(|l| l.trim());
        let (mut has_claim, mut has_revision) = (false, false);
        for field in table {
            has_claim |= field == claim;
            has_revision |= field == revision;
        }
        (line.trim() == "[[anchors]]" && has_claim && has_revision).then_some(i + 1)
    })
}

/// The line of `field = number`.
fn line_of_value_number(text: &str, field: &str, number: u32) -> Option<usize> {
    let wanted = format!("{field} = {number}");
    text.lines().position(|l| l.trim() == wanted).map(|i| i + 1)
}

/// The files may add revisions to the desk's, and edit its latest text in place; never change an earlier one
/// or leave out a revision the desk has.
fn check_against_desk(
    db: &Reader<'_>,
    files: &UnitFiles<'_>,
    key: &str,
    plan: &Plan<'_>,
) -> Result<()> {
    let Some(article) = db.article_by_key(key)? else {
        return Ok(());
    };
    let desk = db.rows.revisions(article.id)?.len() as u32;
    let path = files
        .article
        .map_or(plan.input.path.as_path(), |a| a.path.as_path());
    if desk > plan.latest {
        return Err(desk_error(
            &plan.input.path,
            line_of(&plan.input.text, "[[revisions]]"),
            format!(
                "the desk has {desk} revisions of article `{key}` and the files {}: they are older than the desk",
                plan.latest
            ),
        ));
    }
    for number in 1..=desk {
        if number == plan.latest {
            break;
        }
        let stored = db.revision_text(article.id, number)?;
        if plan.text(files, number) != Some(stored.as_str()) {
            let file = files
                .revisions
                .get(&number)
                .map_or(path, |(p, _)| p.as_path());
            return Err(desk_error(
                file,
                None,
                format!(
                    "revision {number} of article `{key}` differs from the desk's: a revision is never changed \
                     once a later one is recorded"
                ),
            ));
        }
    }
    Ok(())
}

impl Writer<'_> {
    /// The text an article from the files is added or updated with: its latest, unless the files bring
    /// revisions the desk lacks, which are recorded after it (`write_revisions`).
    pub(super) fn base_text(
        &self,
        files: &UnitFiles<'_>,
        key: &str,
        file: &ArticleFile,
    ) -> Result<String> {
        let Some(plan) = Plan::of(files) else {
            return Ok(file.body.clone());
        };
        let desk = match self.read().article_by_key(key)? {
            Some(article) => self.tx.revisions(article.id)?.len() as u32,
            None => 0,
        };
        Ok(plan
            .text(files, desk.max(1))
            .unwrap_or(&file.body)
            .to_string())
    }

    /// Records the revisions the files give that the desk lacks, each with its time and author; returns how
    /// many. `new` says the article was made by this import, its first revision stamped now (the files give no
    /// time for it), so only the files' own revisions are held to follow each other in time; an article that was
    /// on the desk has its last revision's time to follow too.
    pub(super) fn write_revisions(
        &mut self,
        article: ArticleId,
        files: &UnitFiles<'_>,
        new: bool,
    ) -> Result<usize> {
        let Some(plan) = Plan::of(files) else {
            return Ok(0);
        };
        let stored = self.tx.revisions(article)?;
        let desk = stored.len() as u32;
        // Each revision comes after the one before it, the desk's last included.
        let mut previous = stored
            .last()
            .filter(|_| !new)
            .map(|r| (r.number, r.created_at));
        let mut added = 0;
        for entry in plan.input.file.revisions.iter().filter(|r| r.number > desk) {
            let text = plan.text(files, entry.number).unwrap_or_default();
            let at: Timestamp = entry
                .at
                .parse()
                .map_err(|e: crate::model::TimestampError| Error::invalid(e.to_string()))?;
            // Kept as the file states it, as a verdict's time is, and like one never later than now.
            if at > self.actor.at {
                return Err(desk_error(
                    &plan.input.path,
                    line_of_value(&plan.input.text, "at", &entry.at),
                    format!(
                        "revision {}'s time `{}` is later than now ({}): a revision cannot be recorded in the \
                         future",
                        entry.number, entry.at, self.actor.at
                    ),
                ));
            }
            if let Some((number, before)) = previous.filter(|(_, before)| at < *before) {
                return Err(desk_error(
                    &plan.input.path,
                    line_of_value(&plan.input.text, "at", &entry.at),
                    format!(
                        "revision {}'s time `{}` is earlier than revision {number}'s ({before}): each revision is \
                         recorded after the one before it",
                        entry.number, entry.at
                    ),
                ));
            }
            previous = Some((entry.number, at));
            self.tx.insert_revision(&RevisionRow {
                article,
                number: entry.number,
                text,
                created_at: at,
                actor: &entry.by,
            })?;
            self.event(
                Action::ArticleRevise,
                EventRefs {
                    article: Some(article),
                    ..Default::default()
                },
                format!(
                    "revised article {article}: revision {} from the desk files, recorded {at} by {}",
                    entry.number, entry.by
                ),
            )?;
            added += 1;
        }
        Ok(added)
    }

    /// Stores the anchors a claims file gives, once its claims are written (`ids`: the claims by key).
    pub(super) fn write_anchors(
        &mut self,
        article: ArticleId,
        input: &ClaimsInput,
        ids: &HashMap<&str, ClaimId>,
    ) -> Result<()> {
        if input.file.anchors.is_empty() {
            return Ok(());
        }
        let latest = self.read().latest_revision(article)?.unwrap_or(1);
        let mut rows = Vec::with_capacity(input.file.anchors.len());
        let mut claims: BTreeMap<ClaimId, Claim> = BTreeMap::new();
        for entry in &input.file.anchors {
            let id = ids[entry.claim.as_str()];
            let (span, attribution) = if entry.revision == latest {
                let claim = match claims.entry(id) {
                    std::collections::btree_map::Entry::Occupied(claim) => claim.into_mut(),
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(self.read().claim(id)?)
                    }
                };
                let attribution = Attribution {
                    strength: claim.strength,
                    source: claim.source.clone(),
                    cue: claim.cue.clone(),
                    response: claim.response,
                };
                (claim.span, entry.how.is_placed().then_some(attribution))
            } else {
                let attribution = entry.strength.map(|strength| Attribution {
                    strength,
                    source: entry.source.clone(),
                    cue: entry.cue.clone(),
                    response: entry.response,
                });
                (entry.span.map(|[s, e]| (s, e)), attribution)
            };
            rows.push(AnchorRow {
                claim: id,
                revision: entry.revision,
                kind: entry.how,
                score: entry.score,
                span: span.filter(|_| entry.how.is_placed()),
                attribution,
            });
        }
        self.tx.put_anchors(&rows)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::desk;
    use crate::ledger::desk_export::article_file;
    use crate::ledger::{DeskFiles, Ledger, ScanArticle};
    use crate::model::{Actor, Confidence, NewArticle, NewVerdict, Rating};

    const V1: &str = "Port fees at Greyport will rise in April.\n\nThe ministry said the fee for container ships \
        would rise to 40 crowns a tonne. Shipping agents expect smaller lines to leave the port.\n\nThe harbour \
        master allegedly approved the rise without a vote.\n";
    const V2: &str = "Port fees at Greyport will rise in April.\n\nShipping agents expect smaller lines to leave \
        the port. The fee for container ships will reportedly rise to 40 crowns a tonne.\n\nThe harbour board said \
        the rise had been approved at a meeting in March, which the harbour master denied.\n";

    /// Who imports the exported files: after every verdict in them was given.
    fn importer() -> Actor {
        Actor {
            name: "importer".to_string(),
            at: "2026-12-01T09:00:00Z".parse().unwrap(),
        }
    }

    fn actor(name: &str) -> Actor {
        Actor {
            name: name.to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    /// A revised desk: V1's claims, a verdict on C2, V2 scanned as revision 2 (recording its new claim C5), and a
    /// verdict on C5 given on revision 2.
    fn desk() -> Ledger {
        let mut ledger = Ledger::in_memory().unwrap();
        let new = ScanArticle::New(NewArticle {
            title: "Greyport fees".to_string(),
            ..Default::default()
        });
        ledger.record_scan(&actor("marta"), new, V1).unwrap();
        let verdict = |rating| NewVerdict {
            rating,
            rationale: "Checked.".to_string(),
            confidence: Confidence::High,
            author: None,
            at: None,
            summary: None,
        };
        ledger
            .write(&actor("marta"), |w| {
                w.add_verdict(ClaimId(2), &verdict(Rating::MostlyTrue))
            })
            .unwrap();
        let editor = Actor {
            name: "editor".to_string(),
            at: "2026-11-29T08:30:00Z".parse().unwrap(),
        };
        ledger
            .write(&editor, |w| w.record_scan_revising(ArticleId(1), V2))
            .unwrap();
        ledger
            .write(&editor, |w| {
                w.add_verdict(ClaimId(5), &verdict(Rating::Mixed))
            })
            .unwrap();
        ledger
    }

    /// The desk's files as `export` writes them: (path, text).
    fn export(ledger: &Ledger) -> Vec<(String, String)> {
        let read = ledger.read();
        let mut out = Vec::new();
        for article in read.articles().unwrap() {
            let file = article_file(&article);
            out.push((
                format!("sources/{}.txt", article.key),
                desk::write_article(&file),
            ));
            for (number, body) in read.earlier_revision_texts(&article).unwrap() {
                out.push((
                    format!("sources/{}", revision_file_name(&article.key, number)),
                    desk::write_article(&ArticleFile {
                        body,
                        ..file.clone()
                    }),
                ));
            }
            out.push((
                format!("claims/{}.toml", article.key),
                desk::write_claims(&read.claims_file(&article).unwrap()),
            ));
        }
        out
    }

    /// The files as `import` reads them.
    fn read(files: &[(String, String)]) -> DeskFiles {
        let mut desk_files = DeskFiles::default();
        for (path, text) in files {
            let stem = Path::new(path).file_stem().unwrap().to_str().unwrap();
            if path.ends_with(".toml") {
                desk_files.claims.push(ClaimsInput {
                    path: PathBuf::from(path),
                    text: text.clone(),
                    file: desk::parse_claims(text).unwrap(),
                });
            } else if let Some((key, number)) = parse_revision_stem(stem) {
                desk_files
                    .revisions
                    .entry(key.to_string())
                    .or_default()
                    .insert(
                        number,
                        (PathBuf::from(path), desk::parse_article(text).unwrap().body),
                    );
            } else {
                desk_files.articles.insert(
                    stem.to_string(),
                    (PathBuf::from(path), desk::parse_article(text).unwrap()),
                );
            }
        }
        desk_files
    }

    fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
        &files.iter().find(|(p, _)| p == path).unwrap().1
    }

    fn edited(
        files: &[(String, String)],
        path: &str,
        edit: impl Fn(&str) -> String,
    ) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(p, t)| (p.clone(), if p == path { edit(t) } else { t.clone() }))
            .collect()
    }

    fn without(files: &[(String, String)], path: &str) -> Vec<(String, String)> {
        files.iter().filter(|(p, _)| p != path).cloned().collect()
    }

    const CLAIMS: &str = "claims/greyport-fees.toml";
    const R1: &str = "sources/greyport-fees.r1.txt";
    const LATEST: &str = "sources/greyport-fees.txt";

    #[test]
    fn a_revised_desk_round_trips_byte_for_byte() {
        let first = export(&desk());
        assert_eq!(
            first.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            [LATEST, R1, CLAIMS]
        );
        assert!(file(&first, R1).ends_with(V1), "{}", file(&first, R1));
        let claims = file(&first, CLAIMS);
        for line in [
            "[[revisions]]\nnumber = 2\nat = \"2026-11-29T08:30:00Z\"\nby = \"editor\"\n",
            "[[anchors]]\nclaim = \"c2\"\nrevision = 2\nhow = \"fuzzy\"\nscore = 0.752\n",
            "[[anchors]]\nclaim = \"c4\"\nrevision = 2\nhow = \"gone\"\n",
            "by = \"editor\"\nat = \"2026-11-29T08:30:00Z\"\nrevision = 2\n",
        ] {
            assert!(claims.contains(line), "{line}\nin\n{claims}");
        }
        let mut copy = Ledger::in_memory().unwrap();
        copy.import_desk(&importer(), &read(&first)).unwrap();
        assert_eq!(export(&copy), first);
        let read = copy.read();
        let view = read.diff(ArticleId(1), None, None).unwrap();
        let original = desk();
        assert_eq!(
            view.diff,
            original.read().diff(ArticleId(1), None, None).unwrap().diff
        );
        assert_eq!(
            read.verdicts(ClaimId(5)).unwrap()[0].revision,
            Some(2),
            "the revision a verdict was checked against"
        );
        // Again: nothing to change.
        let again = copy.import_desk(&importer(), &self::read(&first)).unwrap();
        assert_eq!(
            again.summary(),
            "nothing to change: the database already matches these files"
        );
    }

    #[test]
    fn a_desk_at_an_earlier_revision_takes_the_revisions_it_lacks() {
        let revised = desk();
        let files = export(&revised);
        // A colleague's desk, imported before the revision: revision 1, the same claims.
        let mut colleague = Ledger::in_memory().unwrap();
        let new = ScanArticle::New(NewArticle {
            title: "Greyport fees".to_string(),
            ..Default::default()
        });
        colleague.record_scan(&actor("marta"), new, V1).unwrap();
        let tally = colleague.import_desk(&importer(), &read(&files)).unwrap();
        assert_eq!(
            tally.summary(),
            "added 1 claim, 2 verdicts; updated 1 article, 3 claims"
        );
        let read = colleague.read();
        assert_eq!(read.revision_text(ArticleId(1), 1).unwrap(), V1);
        assert_eq!(read.revision_text(ArticleId(1), 2).unwrap(), V2);
        assert_eq!(
            read.revisions(ArticleId(1)).unwrap()[1].actor,
            "editor",
            "recorded by whom the files say"
        );
    }

    /// A verdict given on a claim's earlier words (C2's, reworded by revision 2) is withheld from ClaimReview; the
    /// files say so, so that a desk imported from them withholds it too instead of publishing it for the new words.
    #[test]
    fn a_verdict_on_a_claims_earlier_words_stays_so_through_the_files() {
        let original = desk();
        let flags = |ledger: &Ledger| -> Vec<(ClaimId, bool)> {
            let read = ledger.read();
            (1..=5)
                .flat_map(|id| read.verdicts(ClaimId(id)).unwrap())
                .map(|v| (v.claim, v.on_earlier_text))
                .collect()
        };
        assert_eq!(
            flags(&original),
            [(ClaimId(2), true), (ClaimId(5), false)],
            "C2 was reworded after its verdict"
        );
        let files = export(&original);
        assert!(
            file(&files, CLAIMS).contains("on_earlier_text = true\n"),
            "{}",
            file(&files, CLAIMS)
        );
        let mut copy = Ledger::in_memory().unwrap();
        copy.import_desk(&importer(), &read(&files)).unwrap();
        assert_eq!(flags(&copy), flags(&original));
        assert_eq!(export(&copy), files);
    }

    /// A revision is recorded after the one before it: files that date revision 2 before the desk's revision 1
    /// would backdate the article's history, and are refused with nothing written.
    #[test]
    fn a_revision_dated_before_the_one_before_it_is_refused() {
        let files = edited(&export(&desk()), CLAIMS, |t| {
            t.replace(
                "at = \"2026-11-29T08:30:00Z\"\nby = \"editor\"",
                "at = \"2020-01-01T00:00:00Z\"\nby = \"editor\"",
            )
        });
        let mut colleague = Ledger::in_memory().unwrap();
        let new = ScanArticle::New(NewArticle {
            title: "Greyport fees".to_string(),
            ..Default::default()
        });
        colleague.record_scan(&actor("marta"), new, V1).unwrap();
        let events = colleague.read().event_count().unwrap();
        let err = colleague
            .import_desk(&importer(), &read(&files))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "claims/greyport-fees.toml:67: revision 2's time `2020-01-01T00:00:00Z` is earlier than revision 1's \
             (2026-11-28T10:00:00Z): each revision is recorded after the one before it"
        );
        assert_eq!(colleague.read().event_count().unwrap(), events);
        assert_eq!(colleague.read().revisions(ArticleId(1)).unwrap().len(), 1);
    }

    #[test]
    fn revisions_that_do_not_hold_together_are_refused_naming_the_file_before_anything_is_written()
    {
        let files = export(&desk());
        let cases: Vec<(Vec<(String, String)>, &str)> = vec![
            (
                without(&files, R1),
                "claims/greyport-fees.toml:65: revision 1 of article `greyport-fees` has no text: \
                 sources/greyport-fees.r1.txt is missing",
            ),
            (
                edited(&files, CLAIMS, |t| t.replace("number = 2", "number = 3")),
                "claims/greyport-fees.toml:66: revision 3 is listed where revision 2 should be: `[[revisions]]` \
                 number the revisions after the first, 2, 3, … in order",
            ),
            (
                edited(&files, CLAIMS, |t| {
                    t.replace("at = \"2026-11-29T08:30:00Z\"\nby = \"editor\"\n\n[[anchors]]", "at = \"later\"\nby = \"editor\"\n\n[[anchors]]")
                }),
                "claims/greyport-fees.toml:67: revision 2's time `later` is not an RFC 3339 time",
            ),
            (
                edited(&files, CLAIMS, |t| {
                    t.replacen("[[anchors]]\nclaim = \"c1\"", "[[anchors]]\nclaim = \"c9\"", 1)
                }),
                "claims/greyport-fees.toml:70: an anchor names claim `c9`, which the file does not have",
            ),
            (
                edited(&files, CLAIMS, |t| {
                    t.replacen("claim = \"c1\"\nrevision = 1", "claim = \"c1\"\nrevision = 3", 1)
                }),
                "claims/greyport-fees.toml:70: claim `c1`'s anchor is at revision 3, and the article has revisions 1 \
                 to 2",
            ),
            (
                edited(&files, CLAIMS, |t| {
                    t.replace("revision = 1\nhow = \"recorded\"\nspan = [0, 41]", "revision = 1\nhow = \"recorded\"\nspan = [0, 9999]")
                }),
                "claims/greyport-fees.toml:70: the span [0, 9999] of claim `c1` at revision 1 is not in that \
                 revision's text",
            ),
            (
                edited(&files, CLAIMS, |t| t.replace("score = 0.752\n", "")),
                "claims/greyport-fees.toml:91: claim `c2`'s fuzzy anchor at revision 2 needs its score",
            ),
            (
                edited(&files, CLAIMS, |t| {
                    t.replace("revision = 2\nhow = \"gone\"\n", "revision = 2\nhow = \"gone\"\nstrength = \"hedged\"\n")
                }),
                "claims/greyport-fees.toml:119: claim `c4`'s anchor at the latest revision (2) gives only how it was \
                 found: its place and attribution there are the claim's own",
            ),
            (
                edited(&files, CLAIMS, |t| t.replace("revision = 2\n\n[[revisions]]", "revision = 7\n\n[[revisions]]")),
                "claims/greyport-fees.toml:57: a verdict on claim `c5` was checked against revision 7, and the article \
                 has revisions 1 to 2",
            ),
        ];
        let mut wrong = Vec::new();
        for (files, message) in cases {
            let mut ledger = Ledger::in_memory().unwrap();
            let err = ledger.import_desk(&importer(), &read(&files)).unwrap_err();
            if err.to_string() != message {
                wrong.push(format!("{err}\n  wanted {message}"));
            }
            assert!(ledger.read().articles().unwrap().is_empty());
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // A revision file the claims file does not list.
        let mut stray = files.clone();
        stray.push((
            "sources/greyport-fees.r2.txt".to_string(),
            file(&files, LATEST).to_string(),
        ));
        let err = Ledger::in_memory()
            .unwrap()
            .import_desk(&importer(), &read(&stray))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "sources/greyport-fees.r2.txt: this is revision 2 of article `greyport-fees`, and no claims file given \
             lists it as an earlier revision (its `[[revisions]]` go up to 2, the latest in \
             sources/greyport-fees.txt)"
        );
    }

    #[test]
    fn files_older_than_the_desk_or_changing_an_earlier_revision_are_refused() {
        let mut ledger = desk();
        let files = export(&ledger);
        // A third revision on the desk, a day after the second: the files are older now.
        let editor = Actor {
            at: "2026-11-30T09:00:00Z".parse().unwrap(),
            ..actor("editor")
        };
        ledger
            .write(&editor, |w| {
                w.revise_article(ArticleId(1), &V2.replace("March", "February"), false)
            })
            .unwrap();
        let events = ledger.read().event_count().unwrap();
        let err = ledger.import_desk(&importer(), &read(&files)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "claims/greyport-fees.toml:65: the desk has 3 revisions of article `greyport-fees` and the files 2: they \
             are older than the desk"
        );
        let changed = edited(&export(&ledger), "sources/greyport-fees.r1.txt", |t| {
            t.replace("April", "May")
        });
        let err = ledger
            .import_desk(&importer(), &read(&changed))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "sources/greyport-fees.r1.txt: revision 1 of article `greyport-fees` differs from the desk's: a \
             revision is never changed once a later one is recorded"
        );
        assert_eq!(ledger.read().event_count().unwrap(), events);
    }
}
