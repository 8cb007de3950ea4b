//! `medlint check`: load rules, walk, lint in parallel, sort, report, exit code.

use super::{CheckArgs, ColorChoice, OutputFormat, load_rules};
use crate::diagnostic::{Finding, sort_findings};
use crate::engine::Engine;
use crate::engine::context::Lexicon;
use crate::engine::walk::{FileReport, discover, lint_bytes, lint_files};
use crate::report::{self, Report, Summary};
use crate::rules::select::Selection;
use crate::source::{Format, LoadOptions};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn run(args: CheckArgs) -> u8 {
    let Some(rules) = load_rules(&args.rule_dirs, true) else {
        return 2;
    };
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let infos: Vec<&crate::diagnostic::RuleInfo> = rules.iter().map(|r| r.info.as_ref()).collect();
    let unknown = selection.unknown(&infos);
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
    let rules: Vec<_> = rules
        .into_iter()
        .filter(|r| selection.is_enabled(&r.info))
        .collect();
    let engine = Engine::new(rules, Lexicon::builtin());
    let opts = LoadOptions::default();
    let market = args.market.market();

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
    let keep_source = format == OutputFormat::Full;

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
        let format = Format::from_path(Path::new(&name)).unwrap_or(Format::Text);
        let mut bytes = Vec::new();
        match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => reports.push(lint_bytes(
                &engine,
                &name,
                bytes,
                format,
                &opts,
                market,
                keep_source,
            )),
            Err(e) => {
                eprintln!("error: cannot read standard input: {e}");
                io_errors += 1;
            }
        }
    }
    let (files, walk_errors) = discover(&fs_paths);
    for e in &walk_errors {
        eprintln!("error: {}: {}", e.path, e.message);
        io_errors += 1;
    }
    reports.extend(lint_files(&engine, &files, &opts, market, keep_source));

    let mut findings: Vec<Finding> = Vec::new();
    let mut sources: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    let mut linted = 0usize;
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
        linted += 1;
        if let Some(src) = r.source {
            sources.push((r.path.clone(), src));
        }
        findings.extend(r.findings);
    }
    sort_findings(&mut findings);
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let summary = Summary::new(linted, &findings, 0);
    let report = Report {
        findings: &findings,
        summary: &summary,
        sources: &sources,
    };

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_is_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match format {
        OutputFormat::Full => report::full::write(&mut out, &report, color, 100),
        OutputFormat::Concise => report::concise::write(&mut out, &report),
        OutputFormat::Json => report::json::write(&mut out, &report),
    }
    .and_then(|_| out.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {e}");
        return 2;
    }
    drop(out);
    if !args.quiet && format != OutputFormat::Json {
        eprintln!("{}", summary.describe());
    }

    if io_errors > 0 {
        return 2;
    }
    let threshold = args.fail_on.threshold();
    if findings.iter().any(|f| f.severity >= threshold) {
        1
    } else {
        0
    }
}
