//! `medlint check`: configuration, rules, walk, lint in parallel, suppress, baseline, sort,
//! report, exit code.

use super::profile::Profile;
use super::{CheckArgs, ColorChoice, OutputFormat, load_rules, print_error};
use crate::baseline::{self, Baseline};
use crate::config::{LoadedConfig, Settings, discover as discover_config};
use crate::diagnostic::{Finding, RuleInfo, Severity, sort_findings};
use crate::engine::Suppression;
use crate::engine::frame::PageFrame;
use crate::engine::walk::{FileReport, LintContext, Resolve, discover, lint_files};
use crate::files::{DOCUMENT_LIMIT, ReadError};
use crate::report::stats::{Statistics, Tally};
use crate::report::{self, Report, Summary};
use crate::rules::select::Selection;
use crate::source::{Encoding, Format};
use clap::ValueEnum;
use std::collections::{BTreeSet, HashMap};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The profiles of a run: one per configuration file, built as the walk meets files under it.
/// Each file is linted under the nearest `medlint.toml` above it; `--config` and `--isolated`
/// give every file one profile.
struct Profiles<'a> {
    args: &'a CheckArgs,
    /// `--config` or `--isolated`: profile 0 for every file.
    fixed: bool,
    /// By folder: the profile of the files in it (`None`: its configuration is broken).
    by_dir: HashMap<PathBuf, Option<usize>>,
    by_config: HashMap<Option<PathBuf>, Option<usize>>,
    list: Vec<Profile>,
    /// Command-line selectors no profile's rules know, so far.
    unknown: Option<BTreeSet<String>>,
    /// A configuration or rule folder could not be loaded (its errors are printed).
    failed: bool,
}

impl<'a> Profiles<'a> {
    /// The profiles, with the one of `start` (the folder standard input or the first path
    /// stands in) built. `Err`: it could not be (exit 2).
    fn new(args: &'a CheckArgs, start: &Path) -> Result<Profiles<'a>, ()> {
        let mut p = Profiles {
            args,
            fixed: args.isolated || args.config.is_some(),
            by_dir: HashMap::new(),
            by_config: HashMap::new(),
            list: Vec::new(),
            unknown: None,
            failed: false,
        };
        if p.fixed {
            p.of_config(args.config.clone());
        } else {
            p.for_dir(start);
        }
        if p.failed { Err(()) } else { Ok(p) }
    }

    /// The profile of files in `dir`.
    fn for_dir(&mut self, dir: &Path) -> Option<usize> {
        if self.fixed {
            return Some(0);
        }
        if let Some(known) = self.by_dir.get(dir) {
            return *known;
        }
        let config = discover_config(dir);
        let index = self.of_config(config);
        self.by_dir.insert(dir.to_path_buf(), index);
        index
    }

    fn of_config(&mut self, config: Option<PathBuf>) -> Option<usize> {
        if let Some(known) = self.by_config.get(&config) {
            return *known;
        }
        let built = build_profile(config.as_deref(), self.args);
        let index = match built {
            Ok((profile, unknown)) => {
                self.unknown = Some(match self.unknown.take() {
                    None => unknown,
                    Some(before) => before.intersection(&unknown).cloned().collect(),
                });
                self.list.push(profile);
                Some(self.list.len() - 1)
            }
            Err(()) => {
                self.failed = true;
                None
            }
        };
        self.by_config.insert(config, index);
        index
    }
}

impl Resolve for Profiles<'_> {
    fn resolve(&mut self, path: &Path) -> Option<(usize, &Settings)> {
        let dir = folder_of(path);
        let index = self.for_dir(&dir)?;
        Some((index, &self.list[index].settings))
    }
}

/// The folder a path's configuration is looked for from.
fn folder_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Builds the profile of one configuration file (or of none) with the command line applied
/// over it, and the command-line selectors its rules do not know. Errors are printed.
fn build_profile(
    config: Option<&Path>,
    args: &CheckArgs,
) -> Result<(Profile, BTreeSet<String>), ()> {
    let loaded = match config {
        None => None,
        Some(p) => Some(LoadedConfig::read(p).map_err(|e| print_error(&e))?),
    };
    let mut rule_dirs = loaded.as_ref().map_or_else(Vec::new, |c| c.rule_dirs());
    rule_dirs.extend(args.rule_dirs.iter().cloned());
    let set = load_rules(&rule_dirs, false).ok_or(())?;
    let infos: Vec<&RuleInfo> = set.rules.iter().map(|r| r.info.as_ref()).collect();
    let mut settings = match &loaded {
        Some(c) => c.resolve(&infos).map_err(|e| print_error(&e))?,
        None => Settings::default(),
    };
    // The command line wins over the file.
    if let Some(select) = &args.select {
        settings.select = Some(select.clone());
    }
    settings
        .extend_select
        .extend(args.extend_select.iter().cloned());
    settings.ignore.extend(args.ignore.iter().cloned());
    if let Some(market) = args.market {
        settings.market = Some(market.market());
    }
    let cli_selection = Selection {
        select: args
            .select
            .clone()
            .unwrap_or_default()
            .into_iter()
            .chain(args.extend_select.clone())
            .collect(),
        ignore: args.ignore.clone(),
    };
    let unknown = cli_selection
        .unknown(&infos)
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut profile = Profile::new(set, settings);
    profile.engine.set_explain(args.explain);
    profile.engine.set_frame(args.frame.map(|f| f.frame()));
    Ok((profile, unknown))
}

/// Runs `medlint check`. `stdin_closed`: standard input was closed when medlint started.
pub fn run(args: CheckArgs, stdin_closed: bool) -> u8 {
    crate::engine::warm_up_builtins();
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        // `--stdin-filename` alone reads standard input, as ruff does.
        paths.push(PathBuf::from(if args.stdin_filename.is_some() {
            "-"
        } else {
            "."
        }));
    }
    let (stdin, fs_paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p == Path::new("-"));
    // Standard input is linted under the configuration of the path it stands for.
    let stdin_path = PathBuf::from(args.stdin_filename.as_deref().unwrap_or("-"));
    let start = if stdin.is_empty() {
        folder_of(&fs_paths[0])
    } else {
        folder_of(&stdin_path)
    };
    let Ok(mut profiles) = Profiles::new(&args, &start) else {
        return 2;
    };
    if args.show_settings {
        let path = if stdin.is_empty() {
            fs_paths[0].clone()
        } else {
            stdin_path
        };
        let Some((index, _)) = profiles.resolve(&path) else {
            return 2;
        };
        let explicit = !path.is_dir() && args.paths.iter().any(|p| p == &path);
        let text = profiles.list[index].settings.show(
            &path,
            explicit,
            args.force_exclude,
            args.frame.map(|f| f.frame()),
            &profiles.list[index].rules,
        );
        print!("{text}");
        return 0;
    }
    if let Some(n) = args.threads {
        // Only fails if a global pool exists already, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }

    let stdout_is_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_is_tty {
        OutputFormat::Full
    } else {
        OutputFormat::Concise
    });
    if args.statistics_only && !matches!(format, OutputFormat::Full | OutputFormat::Concise) {
        eprintln!(
            "error: --statistics-only prints the tables as text; for a `{}` report use --statistics, which adds them to it",
            format
                .to_possible_value()
                .map_or(String::new(), |v| v.get_name().to_string())
        );
        return 2;
    }
    let mut baseline = None;
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(b) => baseline = Some(b),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    let crate::engine::walk::Discovered {
        files,
        errors: walk_errors,
        excluded,
    } = discover(&fs_paths, &mut profiles, args.force_exclude);
    if profiles.failed {
        return 2;
    }
    if let Some(unknown) = profiles.unknown.as_ref().filter(|u| !u.is_empty()) {
        eprintln!(
            "error: unknown rule selector{} {} (use a code, a name, a category or a code prefix; see `medlint rules`)",
            if unknown.len() == 1 { "" } else { "s" },
            unknown
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    }
    // The profiles live until the process ends; freeing them piece by piece would only cost
    // time.
    let profiles: &'static [Profile] = Box::leak(profiles.list.into_boxed_slice());
    let keep_source =
        !args.statistics_only && matches!(format, OutputFormat::Full | OutputFormat::Html);
    let contexts: Vec<LintContext> = profiles.iter().map(|p| p.context(keep_source)).collect();
    let thresholds: Vec<Severity> = profiles
        .iter()
        .map(|p| {
            args.fail_on
                .map(|f| f.threshold())
                .or(p.settings.fail_on)
                .unwrap_or(Severity::Error)
        })
        .collect();
    let mut run = RunState {
        baseline,
        keep_unfiltered: args.write_baseline.is_some(),
        quiet: args.quiet,
        ..RunState::default()
    };
    for e in &walk_errors {
        eprintln!("error: {}: {}", e.path, e.message);
        run.io_errors += 1;
    }
    run.min_severity = args.min_severity.map(|m| m.threshold());
    // Files named and left out by `--force-exclude` were excluded on purpose: a pre-commit
    // hook handed only excluded files passes.
    if files.is_empty()
        && stdin.is_empty()
        && walk_errors.is_empty()
        && excluded == 0
        && !args.allow_no_files
    {
        eprintln!(
            "error: no files to lint in {}: no Markdown, HTML or text files were found (or the configuration's `include`/`exclude` leave none); use --allow-no-files if that is expected",
            fs_paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    }
    // Text formats are written file by file as the run goes, so memory does not grow with the
    // site; the others need the whole run (totals first, or one element per file).
    let streamed = stdin.is_empty()
        && args.write_baseline.is_none()
        && matches!(
            format,
            OutputFormat::Full | OutputFormat::Concise | OutputFormat::Jsonl | OutputFormat::Github
        );
    let to_terminal = args.output.is_none() && stdout_is_tty;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };

    // The full format fits the terminal it is shown on; elsewhere it is 100 columns wide.
    let width = if to_terminal {
        terminal_size::terminal_size()
            .map_or(100, |(w, _)| usize::from(w.0))
            .clamp(60, 160)
    } else {
        100
    };
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let mut lint_and_write = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut annotations = report::github::Annotations::default();
        let mut findings: Vec<Finding> = Vec::new();
        let mut sources: Vec<(Arc<str>, report::Page)> = Vec::new();
        if !stdin.is_empty() {
            // Standard input has the first profile (see `Profiles::new`).
            let path = PathBuf::from(args.stdin_filename.as_deref().unwrap_or("-"));
            let name = crate::paths::display(&path);
            let format = profiles[0]
                .settings
                .format_of(&path)
                .unwrap_or(Format::Text);
            let read = match stdin_closed {
                true => Err(std::io::Error::other("it is closed")),
                false => read_stdin(),
            };
            match read {
                Ok(bytes) => {
                    let report = contexts[0].lint_bytes(&path, &name, bytes, format);
                    if let Some((mut f, src)) = run.take(report, thresholds[0])
                        && !args.statistics_only
                    {
                        findings.append(&mut f);
                        sources.extend(src);
                    }
                }
                Err(e) => {
                    eprintln!("error: cannot read standard input: {e}");
                    run.io_errors += 1;
                }
            }
        }
        let progress = super::progress::Progress::new(files.len(), args.quiet);
        for chunk in files.chunks(CHUNK) {
            let tick = progress.ticker();
            let reports = lint_files(&contexts, chunk, &|| tick.tick());
            // Notes and findings of the chunk are written with the bar out of their way.
            progress.suspend(|| -> std::io::Result<()> {
                for (report, file) in reports.into_iter().zip(chunk) {
                    let threshold = thresholds[file.profile];
                    let Some((mut file_findings, source)) = run.take(report, threshold) else {
                        continue;
                    };
                    if args.statistics_only {
                        continue;
                    }
                    if !streamed {
                        findings.append(&mut file_findings);
                        sources.extend(source);
                        continue;
                    }
                    if args.explain
                        && matches!(format, OutputFormat::Full | OutputFormat::Concise)
                        && let Some((path, frame)) = run.frames.last()
                    {
                        report::write_frame(out, path, frame)?;
                    }
                    match format {
                        OutputFormat::Full => report::full::write_findings(
                            out,
                            &file_findings,
                            |_| source.as_ref().map(|(_, p)| p),
                            color,
                            width,
                        )?,
                        OutputFormat::Jsonl => report::jsonl::write_findings(out, &file_findings)?,
                        OutputFormat::Github => annotations.write_findings(out, &file_findings)?,
                        _ => report::concise::write_findings(out, &file_findings, color)?,
                    }
                }
                out.flush()
            })?;
        }
        drop(progress);

        if let Some(path) = &args.write_baseline {
            let mut all = std::mem::take(&mut run.unfiltered);
            sort_findings(&mut all);
            baseline::write(path, &all).map_err(|e| {
                std::io::Error::other(format!("cannot write the baseline {}: {e}", path.display()))
            })?;
            if !args.quiet {
                eprintln!(
                    "Wrote {} finding{} to the baseline {}.",
                    all.len(),
                    if all.len() == 1 { "" } else { "s" },
                    path.display()
                );
            }
        }
        sort_findings(&mut findings);
        run.suppressed
            .sort_by(|a, b| crate::diagnostic::output_order(&a.finding, &b.finding));
        sources.sort_by(|a, b| a.0.cmp(&b.0));
        run.linted.sort();
        run.frames.sort_by(|a, b| a.0.cmp(&b.0));
        run.encodings.sort_by(|a, b| a.0.cmp(&b.0));
        run.summary.files = run.linted.len();
        run.summary.suppressed = run.suppressed.len();
        let statistics = (args.statistics || args.statistics_only)
            .then(|| std::mem::take(&mut run.tally).finish());
        let report = Report {
            findings: &findings,
            summary: &run.summary,
            sources: &sources,
            suppressed: &run.suppressed,
            show_suppressed: args.show_suppressed,
            files: &run.linted,
            encodings: &run.encodings,
            frames: &run.frames,
            explain: args.explain,
            statistics,
        };
        if args.statistics_only {
            if let Some(stats) = &report.statistics {
                stats.write_text(out)?;
            }
        } else if streamed {
            match format {
                OutputFormat::Full | OutputFormat::Concise => write_trailer(out, &report)?,
                OutputFormat::Github => {
                    annotations.finish(out, &report, step_summary.as_deref())?
                }
                _ => {}
            }
        } else {
            if args.explain && matches!(format, OutputFormat::Full | OutputFormat::Concise) {
                for (path, frame) in report.frames {
                    report::write_frame(out, path, frame)?;
                }
            }
            render(out, format, &report, color, width, step_summary.as_deref())?;
        }
        run.statistics = report.statistics;
        Ok(())
    };
    let written = match &args.output {
        Some(path) => report::write_atomically_with(path, &mut lint_and_write)
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            match lint_and_write(&mut out).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write the report: {e}"))
                }
                _ => Ok(()),
            }
        }
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return 2;
    }
    let summary = &run.summary;

    // Human summaries go to stderr, so machine formats on stdout stay valid.
    if !args.quiet {
        let machine = !matches!(format, OutputFormat::Full | OutputFormat::Concise);
        if machine
            && let Some(stats) = &run.statistics
            && format != OutputFormat::Json
        {
            let mut err = std::io::stderr();
            let _ = stats.write_text(&mut err);
        }
        if format != OutputFormat::Json {
            eprintln!("{}", summary.describe());
        }
        if excluded > 0 {
            eprintln!(
                "{excluded} file{} named on the command line left out: the configuration's `exclude` matches {} (--force-exclude).",
                if excluded == 1 { "" } else { "s" },
                if excluded == 1 { "it" } else { "them" }
            );
        }
        if let Some(b) = &run.baseline {
            let path = args.baseline.as_ref().map(|p| p.display().to_string());
            let baselined = run.baselined;
            let mut note = format!(
                "{baselined} finding{} in the baseline {} not reported.",
                if baselined == 1 { " is" } else { "s are" },
                path.unwrap_or_default()
            );
            let stale = b.stale();
            if stale > 0 {
                note.push_str(&format!(
                    " {stale} baseline entr{} no longer match (fixed): run with --write-baseline to ratchet it down.",
                    if stale == 1 { "y does" } else { "ies do" }
                ));
            }
            eprintln!("{note}");
        }
    }

    if run.io_errors > 0 {
        return 2;
    }
    if run.hidden > 0 && !args.quiet {
        eprintln!(
            "{} finding{} below --min-severity {} not shown.",
            run.hidden,
            if run.hidden == 1 { " was" } else { "s were" },
            run.min_severity.map_or("", |s| s.as_str())
        );
    }
    // Writing a baseline records the findings; it is not a gate.
    if run.failed && !args.exit_zero && args.write_baseline.is_none() {
        1
    } else {
        0
    }
}

/// Files linted at a time: their reports are written before the next ones are read.
const CHUNK: usize = 256;

/// Reads standard input to lint it: at most [`DOCUMENT_LIMIT`] bytes, and only its first 8 KiB
/// when they show it is binary, so that `- < /dev/zero` ends at once.
fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut input = std::io::stdin().lock().take(DOCUMENT_LIMIT + 1);
    let mut bytes = Vec::new();
    (&mut input).take(8192).read_to_end(&mut bytes)?;
    if Encoding::from_bom(&bytes).is_none() && bytes.contains(&0) {
        return Ok(bytes);
    }
    input.read_to_end(&mut bytes)?;
    if bytes.len() as u64 > DOCUMENT_LIMIT {
        return Err(std::io::Error::other(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: DOCUMENT_LIMIT,
        }));
    }
    Ok(bytes)
}

/// What a run has seen so far, across the files whose reports were taken.
#[derive(Default)]
struct RunState {
    baseline: Option<Baseline>,
    /// Findings before the baseline filter, kept for `--write-baseline`.
    keep_unfiltered: bool,
    unfiltered: Vec<Finding>,
    baselined: usize,
    quiet: bool,
    io_errors: usize,
    linted: Vec<Arc<str>>,
    /// The files read in another encoding than UTF-8.
    encodings: Vec<(Arc<str>, Encoding)>,
    suppressed: Vec<Suppression>,
    /// Each page's frame, by path.
    frames: Vec<(Arc<str>, PageFrame)>,
    summary: Summary,
    tally: Tally,
    statistics: Option<Statistics>,
    /// A finding at or above the fail threshold was reported.
    failed: bool,
    /// `--min-severity`: findings below it are not reported.
    min_severity: Option<Severity>,
    /// Findings below `--min-severity`, not reported.
    hidden: usize,
}

impl RunState {
    /// Takes one file's report: prints its error or note, applies the baseline, counts its
    /// findings. Returns the findings, sorted, and the file's text if it was kept.
    #[allow(clippy::type_complexity)]
    fn take(
        &mut self,
        r: FileReport,
        threshold: Severity,
    ) -> Option<(Vec<Finding>, Option<(Arc<str>, report::Page)>)> {
        if let Some(e) = &r.error {
            eprintln!("error: {}: {e}", r.path);
            self.io_errors += 1;
            return None;
        }
        if let Some(note) = &r.skipped {
            if !self.quiet {
                eprintln!("note: {}: skipped, {note}", r.path);
            }
            return None;
        }
        self.linted.push(r.path.clone());
        if r.encoding != Encoding::Utf8 {
            if !self.quiet {
                eprintln!(
                    "note: {}: read as {} (it starts with a byte-order mark)",
                    r.path,
                    r.encoding.as_str()
                );
            }
            self.encodings.push((r.path.clone(), r.encoding));
        }
        let mut findings = r.findings;
        if self.keep_unfiltered {
            self.unfiltered.extend(findings.iter().cloned());
        }
        if let Some(b) = &mut self.baseline {
            self.baselined += b.filter(&mut findings, std::iter::once(r.path.as_ref()));
        }
        sort_findings(&mut findings);
        for f in &findings {
            // A finding not shown still fails the run: a gate never passes on what it hides.
            self.failed |= f.severity >= threshold;
        }
        if let Some(min) = self.min_severity {
            let before = findings.len();
            findings.retain(|f| f.severity >= min);
            self.hidden += before - findings.len();
        }
        for f in &findings {
            self.summary.add(f);
            self.tally.add(f);
        }
        self.suppressed.extend(r.suppressed);
        self.frames.push((r.path.clone(), r.frame));
        let title = r.title;
        let source = r
            .source
            .map(|text| (r.path.clone(), report::Page { text, title }));
        Some((findings, source))
    }
}

/// The end of a text report: the suppressions and statistics, when they were asked for.
fn write_trailer(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    report::write_suppressions(out, report)?;
    if let Some(stats) = &report.statistics {
        writeln!(out)?;
        stats.write_text(out)?;
    }
    Ok(())
}

/// Renders the report in one format. Text formats end with the suppressions and statistics
/// when they were asked for.
fn render(
    out: &mut dyn Write,
    format: OutputFormat,
    report: &Report,
    color: bool,
    width: usize,
    step_summary: Option<&Path>,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Full => report::full::write(out, report, color, width)?,
        OutputFormat::Concise => report::concise::write(out, report, color)?,
        OutputFormat::Json => return report::json::write(out, report),
        OutputFormat::Jsonl => return report::jsonl::write(out, report),
        OutputFormat::Sarif => return report::sarif::write(out, report),
        OutputFormat::Github => return report::github::write(out, report, step_summary),
        OutputFormat::Junit => return report::junit::write(out, report),
        OutputFormat::Html => return report::html::write(out, report),
    }
    write_trailer(out, report)
}
