//! `claimtrack generate`: write a synthetic desk, for benchmarks, tests and trying the tool out.

use std::path::PathBuf;

use super::Context;
use crate::atomic_file::write_atomically;
use crate::desk;
use crate::error::{Error, Result};
use crate::generate;
use crate::progress::Progress;

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
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
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
    let (sources, claims) = (args.dir.join("sources"), args.dir.join("claims"));
    for dir in [&sources, &claims] {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            action: "create",
            path: dir.clone(),
            source,
        })?;
    }
    let progress = Progress::new(files.len() as u64, "writing");
    for (key, article, claims_file) in &files {
        write_atomically(
            &sources.join(format!("{key}.txt")),
            desk::write_article(article).as_bytes(),
        )?;
        write_atomically(
            &claims.join(format!("{key}.toml")),
            desk::write_claims(claims_file).as_bytes(),
        )?;
        progress.advance();
    }
    progress.finish();
    writeln!(
        ctx.out(),
        "wrote {} claims in {} articles to {}",
        args.claims,
        files.len(),
        args.dir.display()
    )?;
    Ok(())
}
