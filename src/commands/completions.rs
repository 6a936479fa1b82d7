//! `claimtrack completions SHELL` and `claimtrack man`: the shell's tab completion and the manual page, both
//! generated from the command line's own definition, so they never fall behind it.

use clap::CommandFactory;

use super::{Cli, Context};
use crate::error::{Error, Result};

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Install, for example:\n  \
    bash: claimtrack completions bash > ~/.local/share/bash-completion/completions/claimtrack\n  \
    zsh:  claimtrack completions zsh > ~/.zfunc/_claimtrack (with `fpath+=~/.zfunc` before `compinit`)\n  \
    fish: claimtrack completions fish > ~/.config/fish/completions/claimtrack.fish\n  \
    powershell: claimtrack completions powershell >> $PROFILE")]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script for the shell.
pub fn run_completions(ctx: &mut Context<'_>, args: Args) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "claimtrack", ctx.out());
    Ok(())
}

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `report` [default: claimtrack's own page, listing every command].
    pub command: Option<String>,
}

/// Writes a manual page as roff: claimtrack's, or one command's (`claimtrack-report(1)`).
pub fn run_man(ctx: &mut Context<'_>, args: ManArgs) -> Result<()> {
    let mut command = Cli::command();
    // Building fills in each subcommand's full name ("claimtrack report") for its synopsis.
    command.build();
    let page = match &args.command {
        None => clap_mangen::Man::new(command),
        Some(name) => {
            let Some(sub) = command.find_subcommand(name) else {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                return Err(Error::Usage {
                    message: format!("there is no command `{name}`"),
                    hint: Some(format!("one of: {}", names.join(", "))),
                });
            };
            clap_mangen::Man::new(sub.clone()).title(format!("claimtrack-{name}"))
        }
    };
    page.render(ctx.out())?;
    Ok(())
}
