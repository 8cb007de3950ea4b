//! A progress bar on standard error for long runs on a terminal.
//!
//! It is drawn only when standard error is a terminal, the run is not in CI (`CI` set) or
//! `--quiet`, and only once the run has lasted long enough to need it: a pre-commit hook or an
//! editor never sees it, and neither does anything reading medlint's output.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

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
    bar: Option<Shared>,
}

/// The bar and whether it is drawn yet, shared with the linting threads.
#[derive(Clone)]
struct Shared {
    bar: ProgressBar,
    shown: Arc<AtomicBool>,
}

impl Shared {
    /// Draws the bar from now on once the run has lasted [`DELAY`].
    fn show_when_due(&self) {
        if !self.shown.load(Ordering::Relaxed)
            && self.bar.elapsed() >= DELAY
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(250));
        }
    }
}

impl Progress {
    /// A bar over `files` files, hidden until the run has lasted [`DELAY`].
    pub fn new(files: usize, quiet: bool) -> Progress {
        Progress::with(
            files,
            allowed(std::io::stderr().is_terminal(), in_ci(), quiet),
        )
    }

    fn with(files: usize, allowed: bool) -> Progress {
        let bar = allowed.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} files  {elapsed}  eta {eta}")
                    .expect("the template is valid"),
            );
            Shared {
                bar,
                shown: Arc::new(AtomicBool::new(false)),
            }
        });
        Progress { bar }
    }

    /// What the linting threads count each finished file with.
    pub fn ticker(&self) -> Ticker {
        Ticker(self.bar.clone())
    }

    /// Runs `f` (which writes to the terminal) with the bar out of its way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(s) if s.shown.load(Ordering::Relaxed) => s.bar.suspend(f),
            _ => f(),
        }
    }
}

/// Counts finished files on the bar, from any thread; counts nothing when there is no bar.
pub struct Ticker(Option<Shared>);

impl Ticker {
    pub fn tick(&self) {
        if let Some(s) = &self.0 {
            s.show_when_due();
            s.bar.inc(1);
        }
    }
}

impl Drop for Progress {
    /// Removes the bar: the report and the summary follow.
    fn drop(&mut self) {
        if let Some(s) = &self.bar {
            s.bar.finish_and_clear();
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
        let p = Progress::new(10, false);
        p.ticker().tick();
        assert!(p.suspend(|| 7) == 7);
        if !std::io::stderr().is_terminal() {
            assert!(p.bar.is_none());
        }
    }

    #[test]
    fn every_file_is_counted_as_it_finishes_from_any_thread() {
        let p = Progress::with(64, true);
        let tick = p.ticker();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| (0..16).for_each(|_| tick.tick()));
            }
        });
        let shared = p.bar.as_ref().unwrap();
        assert_eq!(shared.bar.position(), 64);
        // A short run never draws its bar.
        assert!(!shared.shown.load(Ordering::Relaxed));
    }
}
