//! Progress for long work, drawn on standard error only when it is a terminal (indicatif hides itself otherwise),
//! so pipes, scripts and CI see nothing. A command shows one indicator per phase of its work, each labelled with
//! what it is doing: a bar where the amount is known (files, bytes, pages), a spinner where it is not (an engine's
//! own check, a commit).

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a spinner turns, so that a phase without steps still shows it is alive.
const TICK: Duration = Duration::from_millis(120);

/// One phase's indicator; removed by `finish` (or when dropped).
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total` files, labelled `what` ("importing"); a no-op for a single step, where a bar would only
    /// flicker.
    pub fn new(total: u64, what: &str) -> Progress {
        if total < 2 {
            return Progress { bar: None };
        }
        Progress::bar(total, what, "{msg} {bar:30} {pos}/{len} files ({eta} left)")
    }

    /// A bar over `total` bytes of text or data, labelled `what` ("scanning").
    pub fn bytes(total: u64, what: &str) -> Progress {
        Progress::bar(
            total,
            what,
            "{msg} {bar:20} {bytes}/{total_bytes} ({eta} left)",
        )
    }

    /// A bar over `total` steps of some other unit ("pages"), labelled `what`.
    pub fn counting(total: u64, what: &str, unit: &str) -> Progress {
        Progress::bar(
            total,
            what,
            &format!("{{msg}} {{bar:30}} {{pos}}/{{len}} {unit} ({{eta}} left)"),
        )
    }

    /// A phase whose length is not known: a spinner labelled `what`, with a count of `unit` when steps are
    /// reported (`advance`), drawn at once.
    pub fn spinner(what: &str, unit: Option<&str>) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let template = match unit {
            Some(unit) => format!("{{spinner}} {{msg}} {{pos}} {unit} ({{elapsed}})"),
            None => "{spinner} {msg} ({elapsed})".to_string(),
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
        bar.enable_steady_tick(TICK);
        bar.tick();
        Progress { bar: Some(bar) }
    }

    fn bar(total: u64, what: &str, template: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
        bar.tick();
        Progress { bar: Some(bar) }
    }

    /// One step done.
    pub fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// The number of steps, once known.
    pub fn set_total(&self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    /// `done` steps (bytes, pages) done in all.
    pub fn set(&self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }

    /// Removes the indicator.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    /// A phase ended by an error leaves no indicator behind on the terminal.
    fn drop(&mut self) {
        self.finish();
    }
}
