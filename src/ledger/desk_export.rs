//! Desk export: what the plain-text files of an article say, in a stable order (claims by id, links and evidence
//! by key in natural order, sources by name) so that a git diff shows only what changed, and so that export →
//! import into an empty desk → export gives the same bytes. Each claims file carries every evidence item its
//! claims link to, the items those derive from and their sources, so that it imports on its own; the desk's own
//! file ([`crate::desk::DESK_FILE`]) carries the rest (items no claim rests on, sources no item comes from), so
//! that nothing is lost on the way. Every file names the desk its records came from.

use std::collections::{BTreeMap, BTreeSet};

use super::{ClaimFilter, Reader};
use crate::desk::{
    ArticleFile, ClaimEntry, ClaimsFile, EvidenceEntry, LinkEntry, SourceEntry, VerdictEntry,
};
use crate::error::Result;
use crate::model::{Article, Evidence, EvidenceId};

/// An article's text file. Its desk is named in its claims file (an article file may carry `desk:` when written by
/// hand, but export leaves the header as readers and the scanner know it).
pub fn article_file(article: &Article) -> ArticleFile {
    ArticleFile {
        title: article.title.clone(),
        outlet: article.outlet.clone(),
        url: article.url.clone(),
        published: article.published.clone(),
        author: article.author.clone(),
        desk: None,
        body: article.body.clone().unwrap_or_default(),
    }
}

/// Evidence keys in natural order (`e2` before `e10`), which does not depend on row ids.
fn key_order(key: &str) -> (usize, &str) {
    (key.len(), key)
}

impl Reader<'_> {
    /// This desk's id, which its desk files carry (`None` on a desk that has none yet: its first import gives it
    /// one).
    pub fn desk_id(&self) -> Result<Option<String>> {
        self.rows.setting(super::desk_import::DESK_ID)
    }

    /// An article's claims file: its claims, with every evidence item they link to and the items those derive
    /// from, their sources, links and verdicts.
    pub fn claims_file(&self, article: &Article) -> Result<ClaimsFile> {
        let claims = self.claims(&ClaimFilter {
            article: Some(article.id),
            ..Default::default()
        })?;
        let own = self.desk_id()?;
        let mut file = ClaimsFile {
            article: article.key.clone(),
            desk: article.desk.clone().or(own),
            ..Default::default()
        };
        let mut evidence: BTreeMap<EvidenceId, Evidence> = BTreeMap::new();
        // A revised article's file says which revision each verdict was checked against.
        let revised = self.latest_revision(article.id)?.is_some_and(|n| n > 1);
        for claim in &claims {
            file.claims.push(ClaimEntry {
                key: claim.key.clone(),
                text: claim.text.clone(),
                span: claim.span.map(|(s, e)| [s, e]),
                source: claim.source.clone(),
                source_kind: claim.source_kind,
                cue: claim.cue.clone(),
                strength: Some(claim.strength),
                response: claim.response,
            });
            let mut links = Vec::new();
            for link in self.links_of_claim(claim.id)? {
                let item = self.evidence(link.evidence)?;
                links.push(LinkEntry {
                    claim: claim.key.clone(),
                    evidence: item.key.clone(),
                    stance: link.stance,
                    note: link.note,
                });
                let mut parent = item.derived_from;
                evidence.insert(item.id, item);
                while let Some(id) = parent.filter(|p| !evidence.contains_key(p)) {
                    let ancestor = self.evidence(id)?;
                    parent = ancestor.derived_from;
                    evidence.insert(id, ancestor);
                }
            }
            links.sort_by(|a, b| key_order(&a.evidence).cmp(&key_order(&b.evidence)));
            file.links.extend(links);
            for verdict in self.verdicts(claim.id)? {
                file.verdicts.push(VerdictEntry {
                    claim: claim.key.clone(),
                    rating: verdict.rating,
                    rationale: verdict.rationale,
                    confidence: verdict.confidence,
                    by: verdict.author,
                    at: verdict.created_at.to_string(),
                    summary: verdict.summary,
                    revision: verdict.revision.filter(|_| revised),
                    on_earlier_text: verdict.on_earlier_text,
                });
            }
        }
        let keys: BTreeMap<EvidenceId, String> =
            evidence.values().map(|e| (e.id, e.key.clone())).collect();
        let mut origins = BTreeSet::new();
        let mut items: Vec<EvidenceEntry> = Vec::new();
        for item in evidence.values() {
            if let Some(origin) = item.origin_id {
                origins.insert(origin);
            }
            items.push(entry(
                item,
                item.derived_from.and_then(|p| keys.get(&p).cloned()),
            ));
        }
        items.sort_by(|a, b| key_order(&a.key).cmp(&key_order(&b.key)));
        file.evidence = items;
        let mut sources: Vec<SourceEntry> = Vec::new();
        for origin in origins {
            let source = self.source(origin)?;
            sources.push(SourceEntry {
                name: source.name,
                kind: source.kind,
                reliability: source.reliability,
            });
        }
        sort_sources(&mut sources);
        file.sources = sources;
        self.revision_entries(article, &claims, &mut file)?;
        Ok(file)
    }
}

impl Reader<'_> {
    /// The desk's own file: every item no article's file carries (no claim links to it or to anything derived
    /// from it) and every source no item comes from; `None` when there is nothing of the kind.
    pub fn desk_file(&self) -> Result<Option<ClaimsFile>> {
        let mut file = ClaimsFile::default();
        let mut keys: BTreeMap<EvidenceId, String> = BTreeMap::new();
        let mut origins = BTreeSet::new();
        let mut items = Vec::new();
        self.rows.each_evidence_outside_claims(&mut |record| {
            let item = super::grades::evidence(record);
            keys.insert(item.id, item.key.clone());
            if let Some(origin) = item.origin_id {
                origins.insert(origin);
            }
            items.push(item);
            Ok(())
        })?;
        // The desk its items came from (sources need none: a name is a source on any desk).
        if let Some(first) = items.first() {
            file.desk = first.desk.clone().or(self.desk_id()?);
        }
        for item in &items {
            // A parent outside this file is an item some claim rests on through it: named by its key.
            let parent = match item.derived_from {
                Some(p) => match keys.get(&p) {
                    Some(key) => Some(key.clone()),
                    None => Some(self.evidence(p)?.key),
                },
                None => None,
            };
            file.evidence.push(entry(item, parent));
        }
        file.evidence
            .sort_by(|a, b| key_order(&a.key).cmp(&key_order(&b.key)));
        let mut sources = Vec::new();
        self.rows.each_source(&mut |source| {
            if source.evidence == 0 || origins.contains(&source.id) {
                sources.push(SourceEntry {
                    name: source.name,
                    kind: source.kind,
                    reliability: source.reliability,
                });
            }
            Ok(())
        })?;
        sort_sources(&mut sources);
        file.sources = sources;
        Ok((!file.evidence.is_empty() || !file.sources.is_empty()).then_some(file))
    }
}

/// An item as its file writes it, with its parent's key.
fn entry(item: &Evidence, parent: Option<String>) -> EvidenceEntry {
    EvidenceEntry {
        key: item.key.clone(),
        title: item.title.clone(),
        url: item.url.clone(),
        archived_url: item.archived_url.clone(),
        retrieved: item.retrieved_at.clone(),
        origin: item.origin.clone(),
        derived_from: parent,
        reliability: item.own_reliability,
        credibility: Some(item.credibility),
        sha256: item.sha256.clone(),
        notes: item.notes.clone(),
    }
}

/// Sources by name ignoring case, then as written.
fn sort_sources(sources: &mut [SourceEntry]) {
    sources.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.name.cmp(&b.name))
    });
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::desk;
    use crate::ledger::{ClaimsInput, DeskFiles, Ledger};
    use crate::model::{
        Actor, ArticleId, ClaimId, Confidence, Credibility, NewArticle, NewClaim, NewEvidence,
        NewVerdict, Rating, Reliability, SourceKind, Stance, Strength,
    };

    fn actor() -> Actor {
        Actor {
            name: "tester".to_string(),
            at: "2026-11-28T10:00:00Z".parse().unwrap(),
        }
    }

    /// A desk built through the ledger: one article, two claims, eleven items (a chain among them), two
    /// sources and a verdict.
    fn desk() -> Ledger {
        let mut ledger = Ledger::in_memory().unwrap();
        ledger
            .write(&actor(), |w| {
                let a = w.add_article(&NewArticle {
                    title: "Dock fees".to_string(),
                    outlet: Some("The Ledger".to_string()),
                    published: Some("2026-10-14".to_string()),
                    body: Some(
                        "Officials allegedly took fees. The union said 300 paid.\n".to_string(),
                    ),
                    ..Default::default()
                })?;
                let claim = |text: &str, span, strength| NewClaim {
                    article: a,
                    key: None,
                    text: text.to_string(),
                    span,
                    source: None,
                    cue: None,
                    strength,
                    response: None,
                    source_kind: None,
                };
                let c1 = w.add_claim(&claim(
                    "Officials allegedly took fees.",
                    Some((0, 30)),
                    Strength::Hedged,
                ))?;
                let c2 =
                    w.add_claim(&claim("The union said 300 paid.", None, Strength::OnRecord))?;
                w.add_source(
                    "port authority",
                    SourceKind::Organisation,
                    Some(Reliability::B),
                )?;
                w.add_source("Ministry", SourceKind::Organisation, None)?;
                let mut items = Vec::new();
                for n in 1..=11 {
                    items.push(
                        w.add_evidence(&NewEvidence {
                            title: format!("Item {n}"),
                            origin: Some(
                                if n % 2 == 0 {
                                    "Ministry"
                                } else {
                                    "Port Authority"
                                }
                                .to_string(),
                            ),
                            derived_from: (n == 11).then(|| items[4]),
                            credibility: Some(Credibility::Probable),
                            ..Default::default()
                        })?,
                    );
                }
                for (claim, item, stance) in [
                    (c1, items[10], Stance::Supports),
                    (c1, items[1], Stance::Supports),
                    (c1, items[9], Stance::Refutes),
                    (c2, items[2], Stance::Context),
                ] {
                    w.link(claim, item, stance, None)?;
                }
                w.add_verdict(
                    c2,
                    &NewVerdict {
                        rating: Rating::True,
                        rationale: "Counted.".to_string(),
                        confidence: Confidence::High,
                        author: None,
                        at: None,
                        summary: Some("Two claims counted.".to_string()),
                    },
                )?;
                Ok(())
            })
            .unwrap();
        ledger
    }

    /// Every article's two files, as text.
    fn export(ledger: &Ledger) -> Vec<(String, String, String)> {
        let read = ledger.read();
        read.articles()
            .unwrap()
            .iter()
            .map(|article| {
                (
                    article.key.clone(),
                    desk::write_article(&article_file(article)),
                    desk::write_claims(&read.claims_file(article).unwrap()),
                )
            })
            .collect()
    }

    #[test]
    fn a_claims_file_carries_what_its_claims_need_in_a_stable_order() {
        let ledger = desk();
        let read = ledger.read();
        let file = read
            .claims_file(&read.article(ArticleId(1)).unwrap())
            .unwrap();
        let keys = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
        // Linked items and the unlinked E5 that E11 derives from, in natural key order; E2 before E10.
        assert_eq!(
            file.evidence
                .iter()
                .map(|e| e.key.clone())
                .collect::<Vec<_>>(),
            keys(vec!["e2", "e3", "e5", "e10", "e11"])
        );
        assert_eq!(file.evidence[4].derived_from.as_deref(), Some("e5"));
        assert_eq!(
            file.links
                .iter()
                .map(|l| format!("{}-{}", l.claim, l.evidence))
                .collect::<Vec<_>>(),
            keys(vec!["c1-e2", "c1-e10", "c1-e11", "c2-e3"])
        );
        // The sources of those items, by name ignoring case, with the name as registered.
        assert_eq!(
            file.sources
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>(),
            keys(vec!["Ministry", "port authority"])
        );
        assert_eq!(file.verdicts.len(), 1);
        assert_eq!(
            (
                file.verdicts[0].claim.as_str(),
                file.verdicts[0].at.as_str()
            ),
            ("c2", "2026-11-28T10:00:00Z")
        );
        // Grades inherited from the origin are left to the origin, not written on the item.
        assert_eq!(file.evidence[0].reliability, None);
    }

    #[test]
    fn export_then_import_into_an_empty_desk_then_export_gives_the_same_bytes() {
        let first = export(&desk());
        let mut files = DeskFiles::default();
        for (key, article, claims) in &first {
            files.articles.insert(
                key.clone(),
                (
                    PathBuf::from(format!("sources/{key}.txt")),
                    desk::parse_article(article).unwrap(),
                ),
            );
            files.claims.push(ClaimsInput {
                path: PathBuf::from(format!("claims/{key}.toml")),
                text: claims.clone(),
                file: desk::parse_claims(claims).unwrap(),
            });
        }
        let mut copy = Ledger::in_memory().unwrap();
        copy.import_desk(&actor(), &files).unwrap();
        assert_eq!(export(&copy), first);
        assert_eq!(
            copy.read().claim(ClaimId(1)).unwrap().status,
            desk().read().claim(ClaimId(1)).unwrap().status
        );
    }
}
