//! `claimtrack generate`: write a synthetic desk, for benchmarks, tests and trying the tool out.

use std::path::PathBuf;

use super::Context;
use crate::atomic_file::{write_atomically, Destination, Guard, Ours, SPREADSHEET_HEADER};
use crate::desk;
use crate::error::{Error, Result};
use crate::generate;
use crate::progress::Progress;

/// Refuses to replace a story that is not a generated desk's: a desk's own export is claimtrack's writing too, and
/// its keys may be the ones a generated desk uses. A story is a generated desk's when its claims file names one.
fn generated_or_absent(story: &std::path::Path, records: &std::path::Path) -> Result<()> {
    if !story.exists() && !records.exists() {
        return Ok(());
    }
    let generated = super::export::desk_named_in(records)
        .is_some_and(|desk| desk.starts_with(generate::GENERATED));
    if generated {
        return Ok(());
    }
    let shown = if records.exists() { records } else { story };
    Err(Error::invalid_with(
        format!(
            "`{}` holds the stories of a desk, not of a generated one",
            shown.display()
        ),
        "generate into a folder of its own, or give `--force` to replace them",
    ))
}

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many claims in all.
    #[arg(long, default_value_t = 1000)]
    pub claims: usize,
    /// Over how many articles [default: one per 25 claims].
    #[arg(long)]
    pub articles: Option<usize>,
    /// The same seed gives the same desk.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The folder to write `sources/` and `claims/` into.
    #[arg(long, value_name = "DIR", required_unless_present = "csv")]
    pub dir: Option<PathBuf>,
    /// Write the claims as a spreadsheet for `import --csv` instead (columns `article title`, `url`, `claim
    /// text`, `source`, `cue`, `strength`).
    #[arg(long, value_name = "FILE", conflicts_with = "dir")]
    pub csv: Option<PathBuf>,
    /// Replace files that claimtrack did not write.
    #[arg(long)]
    pub force: bool,
}

/// Writes the generated desk's files.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    if args.claims == 0 {
        return Err(Error::Usage {
            message: "`--claims` must be at least 1".to_string(),
            hint: None,
        });
    }
    let articles = args.articles.unwrap_or(args.claims.div_ceil(25));
    let files = generate::desk(args.claims, articles, args.seed);
    let Some(dir) = args.dir else {
        let path = args.csv.unwrap_or_default();
        // Decided before any work: a mistyped `--csv claimtrack.db` must not become a spreadsheet.
        let guard = Guard::for_generate(ctx.db_file(), args.force, Ours::Spreadsheet);
        let Destination::Replace(target) = guard.destination(&path)? else {
            unreachable!("a guard for generate writes regular files only")
        };
        let mut out = csv::Writer::from_writer(Vec::new());
        let failed = |e: csv::Error| Error::invalid(format!("cannot write the spreadsheet: {e}"));
        out.write_record(SPREADSHEET_HEADER.trim_end().split(','))
            .map_err(failed)?;
        for (_, article, claims_file) in &files {
            for claim in &claims_file.claims {
                out.write_record([
                    article.title.as_str(),
                    article.url.as_deref().unwrap_or_default(),
                    claim.text.as_str(),
                    claim.source.as_deref().unwrap_or_default(),
                    claim.cue.as_deref().unwrap_or_default(),
                    claim.strength.map(|s| s.as_str()).unwrap_or_default(),
                ])
                .map_err(failed)?;
            }
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::invalid(e.to_string()))?;
        write_atomically(&target, &bytes)?;
        writeln!(
            ctx.out(),
            "wrote {} claims in {} articles to {}",
            args.claims,
            files.len(),
            path.display()
        )?;
        return Ok(());
    };
    let (sources, claims) = (dir.join("sources"), dir.join("claims"));
    // Every file checked before any is written, so a refusal leaves the folder as it was.
    let guard = Guard::for_generate(ctx.db_file(), args.force, Ours::Desk);
    for (key, _, _) in &files {
        let (story, records) = (
            sources.join(format!("{key}.txt")),
            claims.join(format!("{key}.toml")),
        );
        guard.replaceable(&story)?;
        guard.replaceable(&records)?;
        if !args.force {
            generated_or_absent(&story, &records)?;
        }
    }
    for dir in [&sources, &claims] {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            action: "create",
            path: dir.clone(),
            source,
        })?;
    }
    let progress = Progress::new(files.len() as u64, "writing");
    for (key, article, claims_file) in &files {
        let source = guard.replaceable(&sources.join(format!("{key}.txt")))?;
        write_atomically(&source, desk::write_article(article).as_bytes())?;
        let claims = guard.replaceable(&claims.join(format!("{key}.toml")))?;
        write_atomically(&claims, desk::write_claims(claims_file).as_bytes())?;
        progress.advance();
    }
    progress.finish();
    writeln!(
        ctx.out(),
        "wrote {} claims in {} articles to {}",
        args.claims,
        files.len(),
        dir.display()
    )?;
    Ok(())
}
