//! The `claimtrack` binary: parse the command line, run one command, map the outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = claimtrack::commands::Cli::parse_command_line();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = claimtrack::commands::run(cli, &mut out)
        .and_then(|()| out.flush().map_err(claimtrack::Error::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that went away (`claimtrack list | head`) is not a failure.
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            drop(out);
            eprintln!("error: {error}");
            if let Some(hint) = error.hint() {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
