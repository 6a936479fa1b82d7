//! Whether standard output is a terminal, how wide it is, and whether to colour it: decided once per command line
//! (`commands::run`), and overridable so that tests (and people) can see either form on purpose.
//!
//! `CLAIMTRACK_TERMINAL=100` renders as for a terminal 100 columns wide, `CLAIMTRACK_TERMINAL=none` as for a pipe;
//! without it, standard output is asked. Colour follows the terminal, and is off whenever `NO_COLOR` is set to
//! anything but the empty string (<https://no-color.org>) or `TERM` is `dumb`.

use std::ffi::OsString;
use std::io::IsTerminal;

use crate::model::{Status, Strength};

/// The narrowest terminal width taken from the environment; anything smaller is a mistake.
const MIN_WIDTH: usize = 20;
/// The width assumed for a terminal that does not say.
const DEFAULT_WIDTH: usize = 80;

/// How records are laid out for where they go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Off a terminal (a pipe, a file): tab-separated lines, every value whole, nothing measured.
    Plain,
    /// On a terminal `width` columns wide: aligned columns, long text cut with `…`, `colour` where it helps.
    Terminal { width: usize, colour: bool },
}

impl Layout {
    /// The layout for this process's standard output. `commands::run` asks once and hands it to the command
    /// through its context, so renderers never look at the process's stdout themselves (a test writing into a
    /// `Vec<u8>` gets the layout it asks for, whatever terminal runs it).
    pub fn stdout() -> Layout {
        let stdout = std::io::stdout();
        let is_terminal = stdout.is_terminal();
        let size = if is_terminal {
            terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0 as usize)
        } else {
            None
        };
        Layout::detect(|name| std::env::var_os(name), is_terminal, size)
    }

    /// The decision itself, from the environment, whether output is a terminal, and the size it reports.
    pub fn detect(
        env: impl Fn(&str) -> Option<OsString>,
        is_terminal: bool,
        reported_width: Option<usize>,
    ) -> Layout {
        let text = |name: &str| env(name).and_then(|v| v.into_string().ok());
        let forced = text("CLAIMTRACK_TERMINAL");
        let width = match forced.as_deref().map(str::trim) {
            Some("none") => return Layout::Plain,
            Some(value) => match value.parse::<usize>() {
                Ok(width) => Some(width.max(MIN_WIDTH)),
                Err(_) => None,
            },
            None => None,
        };
        let width = match width {
            Some(width) => width,
            None if is_terminal => reported_width
                .filter(|w| *w >= MIN_WIDTH)
                .or_else(|| {
                    text("COLUMNS")
                        .and_then(|c| c.trim().parse().ok())
                        .filter(|w| *w >= MIN_WIDTH)
                })
                .unwrap_or(DEFAULT_WIDTH),
            None => return Layout::Plain,
        };
        let no_colour = env("NO_COLOR").is_some_and(|v| !v.is_empty())
            || text("TERM").as_deref() == Some("dumb");
        Layout::Terminal {
            width,
            colour: !no_colour,
        }
    }

    /// True on a terminal with colour allowed.
    pub fn colour(self) -> bool {
        matches!(self, Layout::Terminal { colour: true, .. })
    }
}

/// The SGR colour of a status on a terminal, matching the HTML report's palette as near as 16 and 256 colours go.
pub fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Unverified => "90",
        Status::SingleSource => "33",
        Status::Corroborated => "32",
        Status::Disputed => "38;5;208",
        Status::Refuted => "31",
    }
}

/// The SGR colour of an attribution strength, as in the HTML report.
pub fn strength_colour(strength: Strength) -> &'static str {
    match strength {
        Strength::OnRecord => "34",
        Strength::Document => "36",
        Strength::Anonymous => "35",
        Strength::Reported => "95",
        Strength::Hedged => "38;5;172",
        Strength::Unattributed => "90",
    }
}

/// `text` in the colour `sgr`, reset after.
pub fn paint(text: &str, sgr: &str) -> String {
    format!("\x1b[{sgr}m{text}\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn a_pipe_is_plain_and_a_terminal_is_measured() {
        assert_eq!(Layout::detect(env(&[]), false, None), Layout::Plain);
        assert_eq!(
            Layout::detect(env(&[]), true, Some(132)),
            Layout::Terminal {
                width: 132,
                colour: true
            }
        );
        // A terminal that does not say how wide it is: COLUMNS, else 80.
        assert_eq!(
            Layout::detect(env(&[("COLUMNS", "90")]), true, None),
            Layout::Terminal {
                width: 90,
                colour: true
            }
        );
        assert_eq!(
            Layout::detect(env(&[]), true, None),
            Layout::Terminal {
                width: 80,
                colour: true
            }
        );
        // COLUMNS alone never makes a pipe a terminal.
        assert_eq!(
            Layout::detect(env(&[("COLUMNS", "90")]), false, None),
            Layout::Plain
        );
    }

    #[test]
    fn the_override_forces_either_form() {
        assert_eq!(
            Layout::detect(env(&[("CLAIMTRACK_TERMINAL", "100")]), false, None),
            Layout::Terminal {
                width: 100,
                colour: true
            }
        );
        assert_eq!(
            Layout::detect(env(&[("CLAIMTRACK_TERMINAL", "none")]), true, Some(100)),
            Layout::Plain
        );
        assert_eq!(
            Layout::detect(env(&[("CLAIMTRACK_TERMINAL", "3")]), false, None),
            Layout::Terminal {
                width: 20,
                colour: true
            }
        );
    }

    #[test]
    fn no_color_and_dumb_terminals_get_no_colour() {
        for pairs in [
            &[("NO_COLOR", "1")][..],
            &[("NO_COLOR", "yes"), ("TERM", "xterm")][..],
            &[("TERM", "dumb")][..],
        ] {
            assert_eq!(
                Layout::detect(env(pairs), true, Some(100)),
                Layout::Terminal {
                    width: 100,
                    colour: false
                },
                "{pairs:?}"
            );
        }
        // An empty NO_COLOR does not count.
        assert!(Layout::detect(env(&[("NO_COLOR", "")]), true, Some(100)).colour());
    }
}
