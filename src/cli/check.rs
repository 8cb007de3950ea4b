//! `medlint check`: configuration, rules, walk, lint in parallel, suppress, baseline, sort,
//! report, exit code.

use super::{CheckArgs, ColorChoice, OutputFormat, load_rules, print_error};
use crate::baseline::{self, Baseline};
use crate::config::{LoadedConfig, Settings, discover as discover_config};
use crate::diagnostic::{Finding, Market, RuleInfo, Severity, sort_findings};
use crate::engine::context::Lexicon;
use crate::engine::frame::PageFrame;
use crate::engine::walk::{FileReport, LintContext, discover};
use crate::engine::{Engine, Suppression};
use crate::files::{DOCUMENT_LIMIT, ReadError};
use crate::report::stats::{Statistics, Tally};
use crate::report::{self, Report, Summary};
use crate::rules::select::Selection;
use crate::source::{Encoding, Format, LoadOptions};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads the configuration the command line asks for: `--config`, the nearest file, or none
/// with `--isolated`. Errors are printed; `Err` means exit 2.
fn load_config(args: &CheckArgs) -> Result<Option<LoadedConfig>, ()> {
    if args.isolated {
        return Ok(None);
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => discover_config(&std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))),
    };
    match path {
        None => Ok(None),
        Some(p) => LoadedConfig::read(&p)
            .map(Some)
            .map_err(|e| print_error(&e)),
    }
}

/// Runs `medlint check`. `stdin_closed`: standard input was closed when medlint started.
pub fn run(args: CheckArgs, stdin_closed: bool) -> u8 {
    crate::engine::warm_up_builtins();
    let Ok(config) = load_config(&args) else {
        return 2;
    };
    let mut rule_dirs = config.as_ref().map_or_else(Vec::new, |c| c.rule_dirs());
    rule_dirs.extend(args.rule_dirs.iter().cloned());
    let Some(crate::rules::RuleSet {
        rules,
        user_classes,
        ..
    }) = load_rules(&rule_dirs, false)
    else {
        return 2;
    };
    let infos: Vec<&RuleInfo> = rules.iter().map(|r| r.info.as_ref()).collect();
    let mut settings = match &config {
        Some(c) => match c.resolve(&infos) {
            Ok(s) => s,
            Err(e) => {
                print_error(&e);
                return 2;
            }
        },
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
    let unknown = cli_selection.unknown(&infos);
    if !unknown.is_empty() {
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
    let threshold = args
        .fail_on
        .map(|f| f.threshold())
        .or(settings.fail_on)
        .unwrap_or(Severity::Error);
    let rules: Vec<_> = rules
        .into_iter()
        .filter(|r| settings.could_enable(&r.info))
        .collect();
    let lexicon = if settings.hedge_words.is_empty() {
        Lexicon::builtin()
    } else {
        Lexicon::with_hedges(&settings.hedge_words)
    };
    let mut engine = Engine::with_classes(rules, lexicon, user_classes.as_ref());
    engine.set_explain(args.explain);
    engine.set_frame(args.frame.map(|f| f.frame()));
    // The engine lives until the process ends; freeing it piece by piece would only cost time.
    let engine: &'static Engine = Box::leak(Box::new(engine));
    let mut load = LoadOptions::default();
    if let Some(fields) = &settings.front_matter_fields {
        load.front_matter_fields = fields.clone();
    }
    load.citations
        .add_strong_domains(settings.citation_domains.iter().cloned());

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
    let cx = LintContext {
        engine,
        settings: &settings,
        load: &load,
        market: settings.market.unwrap_or(Market::Us),
        keep_source: matches!(format, OutputFormat::Full | OutputFormat::Html),
    };

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
    let (files, walk_errors) = discover(&fs_paths, &settings);
    let mut run = RunState {
        baseline,
        keep_unfiltered: args.write_baseline.is_some(),
        quiet: args.quiet,
        threshold: Some(threshold),
        ..RunState::default()
    };
    for e in &walk_errors {
        eprintln!("error: {}: {}", e.path, e.message);
        run.io_errors += 1;
    }
    run.min_severity = args.min_severity.map(|m| m.threshold());
    if files.is_empty() && stdin.is_empty() && walk_errors.is_empty() && !args.allow_no_files {
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

    let mut lint_and_write = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut findings: Vec<Finding> = Vec::new();
        let mut sources: Vec<(Arc<str>, Arc<str>)> = Vec::new();
        if !stdin.is_empty() {
            let path = PathBuf::from(args.stdin_filename.as_deref().unwrap_or("-"));
            let name = crate::paths::display(&path);
            let format = settings.format_of(&path).unwrap_or(Format::Text);
            let read = match stdin_closed {
                true => Err(std::io::Error::other("it is closed")),
                false => read_stdin(),
            };
            match read {
                Ok(bytes) => {
                    let report = cx.lint_bytes(&path, &name, bytes, format);
                    if let Some((mut f, src)) = run.take(report) {
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
        for chunk in files.chunks(CHUNK) {
            for report in cx.lint_files(chunk) {
                let Some((mut file_findings, source)) = run.take(report) else {
                    continue;
                };
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
                        |_| source.as_ref().map(|(_, s)| s),
                        color,
                        100,
                    )?,
                    OutputFormat::Jsonl => report::jsonl::write_findings(out, &file_findings)?,
                    OutputFormat::Github => report::github::write_findings(out, &file_findings)?,
                    _ => report::concise::write_findings(out, &file_findings)?,
                }
            }
        }

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
            .sort_by(|a, b| (&a.path, a.line, &a.code).cmp(&(&b.path, b.line, &b.code)));
        sources.sort_by(|a, b| a.0.cmp(&b.0));
        run.linted.sort();
        run.frames.sort_by(|a, b| a.0.cmp(&b.0));
        run.encodings.sort_by(|a, b| a.0.cmp(&b.0));
        run.summary.files = run.linted.len();
        run.summary.suppressed = run.suppressed.len();
        let statistics = args
            .statistics
            .then(|| std::mem::take(&mut run.tally).finish());
        let report = Report {
            findings: &findings,
            summary: &run.summary,
            sources: &sources,
            suppressions: args.show_suppressed.then_some(run.suppressed.as_slice()),
            files: &run.linted,
            encodings: &run.encodings,
            frames: &run.frames,
            explain: args.explain,
            statistics,
        };
        if streamed {
            if matches!(format, OutputFormat::Full | OutputFormat::Concise) {
                write_trailer(out, &report)?;
            }
        } else {
            if args.explain && matches!(format, OutputFormat::Full | OutputFormat::Concise) {
                for (path, frame) in report.frames {
                    report::write_frame(out, path, frame)?;
                }
            }
            render(out, format, &report, color)?;
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
    /// The `--fail-on` threshold.
    threshold: Option<Severity>,
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
    fn take(&mut self, r: FileReport) -> Option<(Vec<Finding>, Option<(Arc<str>, Arc<str>)>)> {
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
            self.failed |= self.threshold.is_some_and(|t| f.severity >= t);
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
        let source = r.source.map(|s| (r.path.clone(), s));
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
) -> std::io::Result<()> {
    match format {
        OutputFormat::Full => report::full::write(out, report, color, 100)?,
        OutputFormat::Concise => report::concise::write(out, report)?,
        OutputFormat::Json => return report::json::write(out, report),
        OutputFormat::Jsonl => return report::jsonl::write(out, report),
        OutputFormat::Sarif => return report::sarif::write(out, report),
        OutputFormat::Github => return report::github::write(out, report),
        OutputFormat::Junit => return report::junit::write(out, report),
        OutputFormat::Html => return report::html::write(out, report),
    }
    write_trailer(out, report)
}
