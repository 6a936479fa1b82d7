//! `claimtrack setting NAME [VALUE]`: desk-wide settings, such as the organisation named on ClaimReviews.

use super::{Context, ViewOutput};
use crate::error::{Error, Result};

/// The settings a desk can keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Name {
    /// The organisation that publishes the desk's ClaimReviews.
    Org,
    /// Base address of the desk's published reviews (`<review_url>/C1`).
    ReviewUrl,
}

impl Name {
    fn key(self) -> &'static str {
        match self {
            Name::Org => "org",
            Name::ReviewUrl => "review_url",
        }
    }
}

/// Arguments of `setting`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which setting.
    #[arg(value_enum)]
    pub name: Name,
    /// The new value; without it, the current one is printed.
    pub value: Option<String>,
    #[command(flatten)]
    pub output: ViewOutput,
}

/// Prints or changes a setting.
pub fn run(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let key = args.name.key();
    match args.value.map(|v| v.trim().to_string()) {
        Some(value) if value.is_empty() => {
            Err(Error::invalid(format!("the value of `{key}` is empty")))
        }
        // Both are published on every ClaimReview: refused now rather than when a report is asked for.
        Some(value) if value.chars().any(crate::render::visible::is_hidden) => {
            Err(Error::invalid_with(
                format!("the value of `{key}` holds a line break or another control character"),
                "give it on one line",
            ))
        }
        Some(value) if args.name == Name::ReviewUrl && !crate::render::web_address(&value) => {
            Err(Error::invalid_with(
                format!("the review address `{value}` is not an http(s) address"),
                "give the address the desk's reviews are published under, as `https://…`",
            ))
        }
        Some(value) => {
            ctx.write(|db| db.set_setting(key, &value))?;
            writeln!(ctx.out(), "{key} = {}", crate::render::visible(&value))?;
            Ok(())
        }
        None => {
            let value = ctx.ledger()?.read().setting(key)?;
            crate::render::setting(ctx.out(), args.output.format(), key, value.as_deref())
        }
    }
}
