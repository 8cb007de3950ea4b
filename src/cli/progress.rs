//! A progress bar on standard error for long runs on a terminal.
//!
//! It is drawn only when standard error is a terminal, the run is not in CI (`CI` set) or
//! `--quiet`, and only once the run has lasted long enough to need it: a pre-commit hook or an
//! editor never sees it, and neither does anything reading medlint's output.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How long a run goes before its bar appears.
const DELAY: Duration = Duration::from_millis(400);

/// Whether a run may show a bar at all.
pub fn allowed(stderr_is_terminal: bool, in_ci: bool, quiet: bool) -> bool {
    stderr_is_terminal && !in_ci && !quiet
}

/// Whether the environment says the run is in CI.
fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: bool,
}

impl Progress {
    /// A bar over `files` files, hidden until the run has lasted [`DELAY`].
    pub fn new(files: usize, quiet: bool) -> Progress {
        let bar = allowed(std::io::stderr().is_terminal(), in_ci(), quiet).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} files  {elapsed}  eta {eta}")
                    .expect("the template is valid"),
            );
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: false,
        }
    }

    /// Counts `n` more files done.
    pub fn advance(&mut self, n: usize) {
        let Some(bar) = &self.bar else { return };
        if !self.shown && self.start.elapsed() >= DELAY {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(250));
            self.shown = true;
        }
        bar.inc(n as u64);
    }

    /// Runs `f` (which writes to the terminal) with the bar out of its way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.shown => bar.suspend(f),
            _ => f(),
        }
    }
}

impl Drop for Progress {
    /// Removes the bar: the report and the summary follow.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_interactive_run_may_show_a_bar() {
        assert!(allowed(true, false, false));
        assert!(!allowed(false, false, false), "piped standard error");
        assert!(!allowed(true, true, false), "CI");
        assert!(!allowed(true, false, true), "--quiet");
    }

    #[test]
    fn a_run_without_a_terminal_never_draws() {
        // Under the test harness standard error is captured, not a terminal.
        let mut p = Progress::new(10, false);
        p.advance(10);
        assert!(p.suspend(|| 7) == 7);
        if !std::io::stderr().is_terminal() {
            assert!(p.bar.is_none());
        }
    }
}
