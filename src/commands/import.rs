//! `claimtrack import PATH…`: load a plain-text desk. Every file is read and checked before anything is written;
//! then all of it goes in one transaction. Importing the same files twice changes nothing; importing an edited
//! file updates the records in place (and the audit trail says what changed).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{read_text, Context};
use crate::desk::{self, ArticleFile, ClaimsFile, EvidenceEntry, LinkEntry};
use crate::error::{Error, Result};
use crate::ledger::{ClaimFilter, Reader, Writer};
use crate::model::{
    ArticleId, ClaimId, EvidenceGrades, NewArticle, NewClaim, NewEvidence, NewVerdict, Strength,
    Timestamp,
};
use crate::progress::Progress;
use crate::scanner::{self, Attribution, GivenAttribution};

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Desk files (`claims/*.toml`, `sources/*.txt`) or folders holding them.
    #[arg(required_unless_present = "csv", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A spreadsheet export instead: columns `article title`, `url`, `claim text`, `source`, `cue`, `strength`
    /// (strength inferred by the scanner when empty).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub csv: Option<PathBuf>,
}

/// One checked row of a spreadsheet import.
struct CsvRow {
    title: String,
    url: Option<String>,
    text: String,
    source: Option<String>,
    cue: Option<String>,
    strength: Option<Strength>,
}

const CSV_COLUMNS: [&str; 6] = [
    "article title",
    "url",
    "claim text",
    "source",
    "cue",
    "strength",
];

/// Reads and checks every row of a spreadsheet export before anything is written.
fn read_csv(path: &Path) -> Result<Vec<CsvRow>> {
    let text = read_text(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| desk_error(path, Some(1), e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut index = [0usize; 6];
    for (slot, name) in index.iter_mut().zip(CSV_COLUMNS) {
        *slot = column(name).ok_or_else(|| {
            desk_error(
                path,
                Some(1),
                format!(
                    "the header has no `{name}` column (expected: {})",
                    CSV_COLUMNS.join(", ")
                ),
            )
        })?;
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            desk_error(path, line, e.to_string())
        })?;
        let line = record.position().map(|p| p.line() as usize);
        let cell = |i: usize| {
            record
                .get(index[i])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
        };
        let title = cell(0).ok_or_else(|| desk_error(path, line, "the article title is empty"))?;
        let text = cell(2).ok_or_else(|| desk_error(path, line, "the claim text is empty"))?;
        let strength = cell(5)
            .map(|s| s.parse::<Strength>())
            .transpose()
            .map_err(|e| desk_error(path, line, e.to_string()))?;
        rows.push(CsvRow {
            title,
            url: cell(1),
            text,
            source: cell(3),
            cue: cell(4),
            strength,
        });
    }
    if rows.is_empty() {
        return Err(desk_error(path, None, "the file has a header but no rows"));
    }
    Ok(rows)
}

/// Writes the rows: an article per distinct title and address (reused when it is already there), a claim per
/// row unless the article already holds that sentence.
fn write_csv(db: &mut Writer<'_>, rows: &[CsvRow]) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut articles: HashMap<(String, Option<String>), ArticleId> = db
        .read()
        .articles()?
        .into_iter()
        .map(|a| ((a.title, a.url), a.id))
        .collect();
    // The sentences each article already holds, loaded once per article.
    let mut texts: HashMap<ArticleId, HashSet<String>> = HashMap::new();
    for row in rows {
        let wanted = (row.title.clone(), row.url.clone());
        let article = match articles.get(&wanted) {
            Some(id) => *id,
            None => {
                tally.count("articles", true, true);
                let new = NewArticle {
                    title: row.title.clone(),
                    url: row.url.clone(),
                    ..Default::default()
                };
                let id = db.add_article(&new)?;
                articles.insert(wanted, id);
                id
            }
        };
        let known = match texts.entry(article) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let claims = db.read().claims(&ClaimFilter {
                    article: Some(article),
                    ..Default::default()
                })?;
                entry.insert(claims.into_iter().map(|c| c.text).collect())
            }
        };
        if !known.insert(row.text.clone()) {
            continue;
        }
        let given = GivenAttribution {
            strength: row.strength,
            source: row.source.clone(),
            cue: row.cue.clone(),
            response: None,
        };
        let Attribution {
            strength,
            source,
            cue,
            response,
        } = scanner::complete_attribution(&row.text, given);
        db.add_claim(&NewClaim {
            article,
            key: None,
            text: row.text.clone(),
            span: None,
            source,
            cue,
            strength,
            response,
        })?;
        tally.count("claims", true, true);
    }
    Ok(tally)
}

/// One parsed claims file, with where it came from.
struct ClaimsInput {
    path: PathBuf,
    text: String,
    file: ClaimsFile,
}

/// What was read, checked and ready to write.
#[derive(Default)]
struct Plan {
    articles: BTreeMap<String, (PathBuf, ArticleFile)>,
    claims: Vec<ClaimsInput>,
    /// Evidence by key, from every claims file, in the order first seen.
    evidence: Vec<(PathBuf, EvidenceEntry)>,
}

/// What the import did, for the closing line.
#[derive(Default)]
struct Tally {
    added: BTreeMap<&'static str, usize>,
    updated: BTreeMap<&'static str, usize>,
    removed: BTreeMap<&'static str, usize>,
}

impl Tally {
    /// Counts one record: added when it is new, updated when an existing one changed.
    fn count(&mut self, what: &'static str, added: bool, changed: bool) {
        if added {
            *self.added.entry(what).or_default() += 1;
        } else if changed {
            *self.updated.entry(what).or_default() += 1;
        }
    }

    fn removed(&mut self, what: &'static str) {
        *self.removed.entry(what).or_default() += 1;
    }

    fn summary(&self) -> String {
        let parts: Vec<String> = [
            ("added", &self.added),
            ("updated", &self.updated),
            ("removed", &self.removed),
        ]
        .into_iter()
        .filter(|(_, map)| !map.is_empty())
        .map(|(verb, map)| {
            let counts: Vec<String> = map.iter().map(|(what, n)| plural(*n, what)).collect();
            format!("{verb} {}", counts.join(", "))
        })
        .collect();
        if parts.is_empty() {
            "nothing to change: the database already matches these files".to_string()
        } else {
            parts.join("; ")
        }
    }
}

/// "1 claim", "2 claims": `what` is the plural, as the tally keeps it.
fn plural(n: usize, what: &str) -> String {
    match (n, what) {
        (1, "evidence items") => "1 evidence item".to_string(),
        (1, _) => format!("1 {}", what.strip_suffix('s').unwrap_or(what)),
        _ => format!("{n} {what}"),
    }
}

/// Reads, checks, then writes the desk in one transaction.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    if let Some(path) = &args.csv {
        let rows = read_csv(path)?;
        let mut store = ctx.store()?;
        let tally = store.write(ctx.actor(), |db| write_csv(db, &rows))?;
        writeln!(ctx.out(), "{}", tally.summary())?;
        return Ok(());
    }
    let files = collect_files(&args.paths)?;
    let mut plan = read_files(&files)?;
    let mut store = ctx.store()?;
    check_plan(&mut plan, &store.read())?;
    let tally = store.write(ctx.actor(), |db| write_plan(db, &plan))?;
    writeln!(ctx.out(), "{}", tally.summary())?;
    Ok(())
}

/// Expands folders into the desk files below them, in a stable order.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| Error::File {
            action: "read",
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(Error::invalid_with(
                    format!("`{}` holds no desk files", path.display()),
                    "a desk has `claims/*.toml` and `sources/*.txt`",
                ));
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::File {
        action: "read",
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::File {
            action: "read",
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|source| Error::File {
            action: "read",
            path: path.clone(),
            source,
        })?;
        if file_type.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                walk(&path, files)?;
            }
        } else if file_type.is_file() && desk_kind(&path).is_some() {
            files.push(path);
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DeskKind {
    Article,
    Claims,
}

/// `.txt` files are article texts, `.toml` files are claims; anything else is not part of a desk.
fn desk_kind(path: &Path) -> Option<DeskKind> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("txt") => Some(DeskKind::Article),
        Some("toml") => Some(DeskKind::Claims),
        _ => None,
    }
}

fn desk_error(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::DeskFile {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// The article key a file stands for: its name without the extension, which must be a valid key.
fn key_of(path: &Path) -> Result<String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if valid_key(stem) {
        Ok(stem.to_string())
    } else {
        Err(desk_error(
            path,
            None,
            "the file name must be a key of lowercase letters, digits and hyphens",
        ))
    }
}

/// Keys name files, so they may hold nothing that walks out of a folder.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn read_files(files: &[PathBuf]) -> Result<Plan> {
    let mut plan = Plan::default();
    let progress = Progress::new(files.len() as u64, "reading");
    for path in files {
        progress.advance();
        let text = read_text(path)?;
        match desk_kind(path) {
            Some(DeskKind::Article) => {
                let key = key_of(path)?;
                let article =
                    desk::parse_article(&text).map_err(|e| desk_error(path, e.line, e.message))?;
                if let Some((other, _)) = plan.articles.get(&key) {
                    return Err(desk_error(
                        path,
                        None,
                        format!("article `{key}` is also given by {}", other.display()),
                    ));
                }
                plan.articles.insert(key, (path.clone(), article));
            }
            Some(DeskKind::Claims) => {
                let file =
                    desk::parse_claims(&text).map_err(|e| desk_error(path, e.line, e.message))?;
                plan.claims.push(ClaimsInput {
                    path: path.clone(),
                    text,
                    file,
                });
            }
            None => {
                return Err(Error::invalid_with(
                    format!("`{}` is not a desk file", path.display()),
                    "import `claims/*.toml`, `sources/*.txt`, or the folder holding them",
                ))
            }
        }
    }
    progress.finish();
    // A claims file brings its article's text along when it sits in the usual layout.
    for input in &plan.claims {
        let key = &input.file.article;
        if !valid_key(key) {
            return Err(desk_error(
                &input.path,
                line_of(&input.text, "article"),
                format!("`{key}` is not an article key (lowercase letters, digits and hyphens)"),
            ));
        }
        if plan.articles.contains_key(key) {
            continue;
        }
        if let Some(dir) = input.path.parent().and_then(Path::parent) {
            let sibling = dir.join("sources").join(format!("{key}.txt"));
            if sibling.is_file() {
                let text = read_text(&sibling)?;
                let article = desk::parse_article(&text)
                    .map_err(|e| desk_error(&sibling, e.line, e.message))?;
                plan.articles.insert(key.clone(), (sibling, article));
            }
        }
    }
    Ok(plan)
}

/// The line of the first `field = …` or `field = "value"` in a TOML text, for messages about a value.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.trim_start().starts_with(needle))
        .map(|i| i + 1)
}

fn line_of_value(text: &str, field: &str, value: &str) -> Option<usize> {
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
fn check_plan(plan: &mut Plan, db: &Reader<'_>) -> Result<()> {
    // Line numbers are looked up only for a message (`line()`): finding one scans the file.
    let mut evidence: HashMap<String, (PathBuf, EvidenceEntry)> = HashMap::new();
    for input in &plan.claims {
        let (path, text, file) = (&input.path, &input.text, &input.file);
        let body = match plan.articles.get(&file.article) {
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
            match evidence.get(&item.key) {
                Some((other, earlier)) if earlier != item => {
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
                    evidence.insert(item.key.clone(), (path.clone(), item.clone()));
                    plan.evidence.push((path.clone(), item.clone()));
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
    for input in &plan.claims {
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
    for (path, item) in &plan.evidence {
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
    plan.evidence = order_parents_first(&plan.evidence)?;
    Ok(())
}

/// Orders items so that each comes after the item it derives from, refusing a cycle.
fn order_parents_first(
    items: &[(PathBuf, EvidenceEntry)],
) -> Result<Vec<(PathBuf, EvidenceEntry)>> {
    let by_key: HashMap<&str, &(PathBuf, EvidenceEntry)> =
        items.iter().map(|i| (i.1.key.as_str(), i)).collect();
    let mut ordered = Vec::with_capacity(items.len());
    let mut placed: HashSet<&str> = HashSet::new();
    for item in items {
        let mut chain = Vec::new();
        let mut current = Some(item);
        while let Some(entry) = current.filter(|e| !placed.contains(e.1.key.as_str())) {
            if chain
                .iter()
                .any(|c: &&(PathBuf, EvidenceEntry)| c.1.key == entry.1.key)
            {
                let keys: Vec<&str> = chain.iter().map(|c| c.1.key.as_str()).collect();
                return Err(desk_error(
                    &entry.0,
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
            ordered.push(entry.clone());
        }
    }
    Ok(ordered)
}

fn write_plan(db: &mut Writer<'_>, plan: &Plan) -> Result<Tally> {
    let mut tally = Tally::default();
    for (key, (_, file)) in &plan.articles {
        let new = NewArticle {
            key: Some(key.clone()),
            title: file.title.clone(),
            outlet: file.outlet.clone(),
            url: file.url.clone(),
            published: file.published.clone(),
            author: file.author.clone(),
            body: Some(file.body.clone()),
        };
        match db.read().article_by_key(key)? {
            Some(article) => tally.count("articles", false, db.update_article(article.id, &new)?),
            None => {
                db.add_article(&new)?;
                tally.count("articles", true, true);
            }
        }
    }
    for input in &plan.claims {
        for source in &input.file.sources {
            match db.read().source_by_name(&source.name)? {
                Some(existing) => {
                    let changed = db.update_source(existing.id, source.kind, source.reliability)?;
                    tally.count("sources", false, changed);
                }
                None => {
                    db.add_source(&source.name, source.kind, source.reliability)?;
                    tally.count("sources", true, true);
                }
            }
        }
    }
    for (_, item) in &plan.evidence {
        let derived_from = match &item.derived_from {
            Some(parent) => Some(
                db.read()
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
        match db.read().evidence_by_key(&item.key)? {
            Some(existing) => {
                let origin = item
                    .origin
                    .as_deref()
                    .map(|name| db.source_named(name))
                    .transpose()?;
                let grades = EvidenceGrades {
                    origin,
                    derived_from,
                    reliability: item.reliability,
                    credibility: new
                        .credibility
                        .unwrap_or(crate::model::Credibility::CannotJudge),
                };
                let details = db.update_evidence_details(existing.id, &new)?;
                let graded = db.update_evidence(existing.id, &grades)?;
                tally.count("evidence items", false, details || graded);
            }
            None => {
                db.add_evidence(&new)?;
                tally.count("evidence items", true, true);
            }
        }
    }
    for input in &plan.claims {
        let article = db
            .read()
            .article_by_key(&input.file.article)?
            .ok_or_else(|| Error::invalid(format!("article `{}` vanished", input.file.article)))?;
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
            let id = match db.read().claim_by_key(article.id, &entry.key)? {
                Some(existing) => {
                    tally.count("claims", false, db.update_claim(existing.id, &new)?);
                    existing.id
                }
                None => {
                    tally.count("claims", true, true);
                    db.add_claim(&new)?
                }
            };
            ids.insert(entry.key.as_str(), id);
            order.push((entry.key.as_str(), id));
        }
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
                let evidence = db.read().evidence_id(&link.evidence)?.ok_or_else(|| {
                    Error::invalid(format!("evidence `{}` vanished", link.evidence))
                })?;
                wanted.push((evidence, *link));
            }
            let current = db.read().links_of_claim(claim)?;
            for link in &current {
                if !wanted
                    .iter()
                    .any(|(evidence, _)| *evidence == link.evidence)
                {
                    db.unlink(claim, link.evidence)?;
                    tally.removed("links");
                }
            }
            for (evidence, link) in wanted {
                let existed = current.iter().any(|l| l.evidence == evidence);
                let changed = db.link(claim, evidence, link.stance, link.note.as_deref())?;
                tally.count("links", !existed, changed);
            }
        }
        for entry in &input.file.verdicts {
            let claim = ids[entry.claim.as_str()];
            let at: Timestamp = entry
                .at
                .parse()
                .map_err(|e| Error::invalid(format!("{e}")))?;
            let known = db.read().verdicts(claim)?.iter().any(|v| {
                v.rating == entry.rating
                    && v.rationale == entry.rationale
                    && v.confidence == entry.confidence
                    && v.author == entry.by
                    && v.created_at == at
            });
            if !known {
                db.add_verdict(
                    claim,
                    &NewVerdict {
                        rating: entry.rating,
                        rationale: entry.rationale.clone(),
                        confidence: entry.confidence,
                        author: Some(entry.by.clone()),
                        at: Some(at),
                    },
                )?;
                tally.count("verdicts", true, true);
            }
        }
    }
    Ok(tally)
}
