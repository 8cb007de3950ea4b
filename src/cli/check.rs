//! `medlint check`: configuration, rules, walk, lint in parallel, suppress, baseline, sort,
//! report, exit code.

use super::{CheckArgs, ColorChoice, OutputFormat, load_rules, print_error};
use crate::baseline::{self, Baseline};
use crate::config::{LoadedConfig, Settings, discover as discover_config};
use crate::diagnostic::{Finding, Market, RuleInfo, Severity, sort_findings};
use crate::engine::context::Lexicon;
use crate::engine::walk::{FileReport, LintContext, discover};
use crate::engine::{Engine, Suppression};
use crate::report::stats::Statistics;
use crate::report::{self, Report, Summary};
use crate::rules::select::Selection;
use crate::source::{Format, LoadOptions};
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

pub fn run(args: CheckArgs) -> u8 {
    let Ok(config) = load_config(&args) else {
        return 2;
    };
    let mut rule_dirs = config.as_ref().map_or_else(Vec::new, |c| c.rule_dirs());
    rule_dirs.extend(args.rule_dirs.iter().cloned());
    let Some(rules) = load_rules(&rule_dirs, true) else {
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
    let engine = Engine::new(rules, lexicon);
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
        engine: &engine,
        settings: &settings,
        load: &load,
        market: settings.market.unwrap_or(Market::Us),
        keep_source: matches!(format, OutputFormat::Full | OutputFormat::Html),
    };

    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let mut io_errors = 0usize;
    let mut reports: Vec<FileReport> = Vec::new();
    let (stdin, fs_paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p == Path::new("-"));
    if !stdin.is_empty() {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "-".to_string());
        let path = PathBuf::from(&name);
        let format = settings.format_of(&path).unwrap_or(Format::Text);
        let mut bytes = Vec::new();
        match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => reports.push(cx.lint_bytes(&path, &name, bytes, format)),
            Err(e) => {
                eprintln!("error: cannot read standard input: {e}");
                io_errors += 1;
            }
        }
    }
    let (files, walk_errors) = discover(&fs_paths, &settings);
    for e in &walk_errors {
        eprintln!("error: {}: {}", e.path, e.message);
        io_errors += 1;
    }
    reports.extend(cx.lint_files(&files));

    let mut findings: Vec<Finding> = Vec::new();
    let mut suppressed: Vec<Suppression> = Vec::new();
    let mut sources: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    let mut linted: Vec<Arc<str>> = Vec::new();
    for r in reports {
        if let Some(e) = &r.error {
            eprintln!("error: {}: {e}", r.path);
            io_errors += 1;
            continue;
        }
        if let Some(note) = &r.skipped {
            if !args.quiet {
                eprintln!("note: {}: skipped, {note}", r.path);
            }
            continue;
        }
        linted.push(r.path.clone());
        if let Some(src) = r.source {
            sources.push((r.path.clone(), src));
        }
        findings.extend(r.findings);
        suppressed.extend(r.suppressed);
    }

    if let Some(path) = &args.write_baseline {
        match baseline::write(path, &findings) {
            Ok(()) => {
                if !args.quiet {
                    eprintln!(
                        "Wrote {} finding{} to the baseline {}.",
                        findings.len(),
                        if findings.len() == 1 { "" } else { "s" },
                        path.display()
                    );
                }
            }
            Err(e) => {
                eprintln!("error: cannot write the baseline {}: {e}", path.display());
                return 2;
            }
        }
    }
    let mut baseline_note = None;
    if let Some(path) = &args.baseline {
        let mut b = match Baseline::load(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        let baselined = b.filter(&mut findings, linted.iter().map(|p| p.as_ref()));
        let stale = b.stale();
        let mut note = format!(
            "{baselined} finding{} in the baseline {} not reported.",
            if baselined == 1 { " is" } else { "s are" },
            path.display()
        );
        if stale > 0 {
            note.push_str(&format!(
                " {stale} baseline entr{} no longer match (fixed): run with --write-baseline to ratchet it down.",
                if stale == 1 { "y does" } else { "ies do" }
            ));
        }
        baseline_note = Some(note);
    }

    sort_findings(&mut findings);
    suppressed.sort_by(|a, b| (&a.path, a.line, &a.code).cmp(&(&b.path, b.line, &b.code)));
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    linted.sort();
    let summary = Summary::new(linted.len(), &findings, suppressed.len());
    let report = Report {
        findings: &findings,
        summary: &summary,
        sources: &sources,
        suppressions: args.show_suppressed.then_some(suppressed.as_slice()),
        files: &linted,
        statistics: args.statistics.then(|| Statistics::of(&findings)),
    };
    let to_terminal = args.output.is_none() && stdout_is_tty;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut buffer: Vec<u8> = Vec::new();
    let written = render(&mut buffer, format, &report, color);
    if let Err(e) = written {
        eprintln!("error: cannot render the report: {e}");
        return 2;
    }
    match &args.output {
        Some(path) => {
            if let Err(e) = report::write_atomically(path, &buffer) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return 2;
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if let Err(e) = out.write_all(&buffer).and_then(|_| out.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("error: cannot write the report: {e}");
                return 2;
            }
        }
    }
    // Human summaries go to stderr, so machine formats on stdout stay valid.
    if !args.quiet {
        let machine = !matches!(format, OutputFormat::Full | OutputFormat::Concise);
        if machine
            && let Some(stats) = &report.statistics
            && format != OutputFormat::Json
        {
            let mut err = std::io::stderr();
            let _ = stats.write_text(&mut err);
        }
        if format != OutputFormat::Json {
            eprintln!("{}", summary.describe());
        }
        if let Some(note) = baseline_note {
            eprintln!("{note}");
        }
    }

    if io_errors > 0 {
        return 2;
    }
    if findings.iter().any(|f| f.severity >= threshold) {
        1
    } else {
        0
    }
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
    report::write_suppressions(out, report)?;
    if let Some(stats) = &report.statistics {
        writeln!(out)?;
        stats.write_text(out)?;
    }
    Ok(())
}
