//! `claimtrack export --dir DIR [--article A1]`: the desk as plain-text files people can review in git, written so
//! that export → import into an empty database → export gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::Context;
use crate::atomic_file::write_atomically;
use crate::desk::{
    self, ArticleFile, ClaimEntry, ClaimsFile, EvidenceEntry, LinkEntry, SourceEntry, VerdictEntry,
};
use crate::error::{Error, Result};
use crate::ledger::{ClaimFilter, Reader};
use crate::model::{Article, ArticleId, Evidence, EvidenceId};
use crate::progress::Progress;

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write `sources/` and `claims/` into; created when missing.
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    /// Only this article.
    #[arg(long)]
    pub article: Option<ArticleId>,
}

/// Writes one `sources/<key>.txt` and one `claims/<key>.toml` per article.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let store = ctx.store()?;
    let db = store.read();
    let articles = match args.article {
        Some(id) => vec![db.article(id)?],
        None => db.articles()?,
    };
    if articles.is_empty() {
        return Err(Error::invalid_with(
            "there is nothing to export: the desk has no articles",
            "add one with `claimtrack article add`",
        ));
    }
    let (sources_dir, claims_dir) = (args.dir.join("sources"), args.dir.join("claims"));
    for dir in [&sources_dir, &claims_dir] {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            action: "create",
            path: dir.clone(),
            source,
        })?;
    }
    let progress = Progress::new(articles.len() as u64, "exporting");
    for article in &articles {
        let text = desk::write_article(&article_file(article));
        write_atomically(
            &sources_dir.join(format!("{}.txt", article.key)),
            text.as_bytes(),
        )?;
        let claims = desk::write_claims(&claims_file(&db, article)?);
        write_atomically(
            &claims_dir.join(format!("{}.toml", article.key)),
            claims.as_bytes(),
        )?;
        progress.advance();
    }
    progress.finish();
    let n = articles.len();
    writeln!(
        ctx.out(),
        "exported {n} article{} to {}",
        if n == 1 { "" } else { "s" },
        args.dir.display()
    )?;
    Ok(())
}

fn article_file(article: &Article) -> ArticleFile {
    ArticleFile {
        title: article.title.clone(),
        outlet: article.outlet.clone(),
        url: article.url.clone(),
        published: article.published.clone(),
        author: article.author.clone(),
        body: article.body.clone().unwrap_or_default(),
    }
}

/// Evidence keys in natural order (`e2` before `e10`), which does not depend on row ids.
fn key_order(key: &str) -> (usize, &str) {
    (key.len(), key)
}

/// An article's claims, with every evidence item they link to and the items those derive from, so that each file
/// imports on its own.
fn claims_file(db: &Reader<'_>, article: &Article) -> Result<ClaimsFile> {
    let claims = db.claims(&ClaimFilter {
        article: Some(article.id),
        ..Default::default()
    })?;
    let mut file = ClaimsFile {
        article: article.key.clone(),
        ..Default::default()
    };
    let mut evidence: BTreeMap<EvidenceId, Evidence> = BTreeMap::new();
    for claim in &claims {
        file.claims.push(ClaimEntry {
            key: claim.key.clone(),
            text: claim.text.clone(),
            span: claim.span.map(|(s, e)| [s, e]),
            source: claim.source.clone(),
            cue: claim.cue.clone(),
            strength: Some(claim.strength),
            response: claim.response,
        });
        let mut links = Vec::new();
        for link in db.links_of_claim(claim.id)? {
            let item = db.evidence(link.evidence)?;
            links.push(LinkEntry {
                claim: claim.key.clone(),
                evidence: item.key.clone(),
                stance: link.stance,
                note: link.note,
            });
            let mut parent = item.derived_from;
            evidence.insert(item.id, item);
            while let Some(id) = parent.filter(|p| !evidence.contains_key(p)) {
                let ancestor = db.evidence(id)?;
                parent = ancestor.derived_from;
                evidence.insert(id, ancestor);
            }
        }
        links.sort_by(|a, b| key_order(&a.evidence).cmp(&key_order(&b.evidence)));
        file.links.extend(links);
        for verdict in db.verdicts(claim.id)? {
            file.verdicts.push(VerdictEntry {
                claim: claim.key.clone(),
                rating: verdict.rating,
                rationale: verdict.rationale,
                confidence: verdict.confidence,
                by: verdict.author,
                at: verdict.created_at.to_string(),
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
        items.push(EvidenceEntry {
            key: item.key.clone(),
            title: item.title.clone(),
            url: item.url.clone(),
            archived_url: item.archived_url.clone(),
            retrieved: item.retrieved_at.clone(),
            origin: item.origin.clone(),
            derived_from: item.derived_from.and_then(|p| keys.get(&p).cloned()),
            reliability: item.own_reliability,
            credibility: Some(item.credibility),
            sha256: item.sha256.clone(),
            notes: item.notes.clone(),
        });
    }
    items.sort_by(|a, b| key_order(&a.key).cmp(&key_order(&b.key)));
    file.evidence = items;
    let mut sources: Vec<SourceEntry> = Vec::new();
    for origin in origins {
        let source = db.source(origin)?;
        sources.push(SourceEntry {
            name: source.name,
            kind: source.kind,
            reliability: source.reliability,
        });
    }
    sources.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.name.cmp(&b.name))
    });
    file.sources = sources;
    Ok(file)
}
