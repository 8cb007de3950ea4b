//! The command line: clap definitions and one module per subcommand.

mod check;
mod init;
pub(crate) mod profile;
mod progress;
pub(crate) mod rules_cmd;
mod test_rules;

use crate::diagnostic::{Market, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "medlint",
    version,
    about = "A compliance linter for health and medical marketing copy",
    long_about = "medlint finds the sentences in health and medical marketing copy that a regulator or a careful medical-legal reviewer would object to — uncited statistics, unsupported and absolute claims, testimonials, off-label promotion, missing disclaimers — and explains each one."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and folders (default: the current folder).
    Check(Box<CheckArgs>),
    /// List the rules with their code, name, category, severity and markets.
    Rules(RulesArgs),
    /// Explain one rule.
    Rule(RuleArgs),
    /// Run every example of every rule in rule folders (default: the built-in rules).
    TestRules(TestRulesArgs),
    /// Write a commented medlint.toml with every key and its default.
    Init(InitArgs),
    /// Run a Language Server over standard input and output, for editors.
    Lsp,
    /// Print a shell completion script (for example `medlint completions bash >
    /// ~/.local/share/bash-completion/completions/medlint`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Graphical diagnostics with source snippets (default on a terminal).
    Full,
    /// One line per finding (default when piped).
    Concise,
    /// One JSON document.
    Json,
    /// One JSON object per finding per line.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// JUnit XML, one test case per file.
    Junit,
    /// A self-contained HTML report for reviewers.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarketArg {
    Us,
    Uk,
    Eu,
}

impl MarketArg {
    pub fn market(self) -> Market {
        match self {
            MarketArg::Us => Market::Us,
            MarketArg::Uk => Market::Uk,
            MarketArg::Eu => Market::Eu,
        }
    }
}

/// `--frame`: who is speaking on every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameArg {
    /// The seller's voice: every rule applies (treat every page as an ad).
    Promotional,
    /// An explanation by someone who sells nothing: no advertising rules.
    Informational,
    /// A study reporting its own results: its figures need no other source.
    Scientific,
}

impl FrameArg {
    pub fn frame(self) -> crate::diagnostic::Frame {
        use crate::diagnostic::Frame;
        match self {
            FrameArg::Promotional => Frame::Promotional,
            FrameArg::Informational => Frame::Informational,
            FrameArg::Scientific => Frame::Scientific,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to lint; `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Exit with 1 when a finding is at or above this severity (default: error).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report only findings at or above this severity (the ones below still count for
    /// `--fail-on`, and the summary says how many were not shown).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<FailOn>,
    /// Exit with 0 even when findings are at or above the `--fail-on` threshold (errors such
    /// as an unreadable file still exit with 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Exit with 0 when no file is linted (by default that is an error: a gate that lints
    /// nothing must not pass).
    #[arg(long)]
    pub allow_no_files: bool,
    /// Only these rules: codes, names, categories or code prefixes (comma-separated). Replaces
    /// the configuration's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Add these rules to the selection (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Not these rules: codes, names, categories or code prefixes (comma-separated). Added to
    /// the configuration's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The market the copy is published in (a document's `market:` front matter wins).
    #[arg(long, value_enum)]
    pub market: Option<MarketArg>,
    /// Hold every page to this frame instead of inferring who is speaking from its words (a
    /// page's front matter and the configuration's `[[overrides]]` win).
    #[arg(long, value_enum)]
    pub frame: Option<FrameArg>,
    /// Use this configuration file for every file, instead of the nearest medlint.toml above
    /// each one.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub isolated: bool,
    /// Apply the configuration's `exclude` to files named on the command line too (for
    /// pre-commit hooks and editors, which name every changed file).
    #[arg(long)]
    pub force_exclude: bool,
    /// Print the settings the first path is linted under (the configuration file they come
    /// from, the market, frame, selection and every rule that is on for it) and exit.
    #[arg(long)]
    pub show_settings: bool,
    /// Also load the rule files in this folder (repeatable); its `classes` folder adds word
    /// classes, and a rule with a built-in rule's code or name replaces it.
    #[arg(long = "rule-dir", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Say why each finding matched: the pattern, and what each of its items matched.
    #[arg(long)]
    pub explain: bool,
    /// The path standard input stands for (format and reporting use it); with no paths given,
    /// standard input is read.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print findings only: no summary, no notes.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to use colour (NO_COLOR is honoured under `auto`).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (the run then exits with 0: writing a
    /// baseline is not a gate).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// List every suppressed finding with its directive's reason.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Count findings per rule, per category and per file.
    #[arg(long)]
    pub statistics: bool,
    /// Print the statistics tables alone, without the findings (a text report; implies
    /// `--statistics`). The exit code still follows `--fail-on`.
    #[arg(long, conflicts_with_all = ["explain", "show_suppressed"])]
    pub statistics_only: bool,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The file to write.
    #[arg(default_value = "medlint.toml")]
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// `text` (a table) or `json` (an array of objects).
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Print the phrases and regular expressions the rules search for instead, one regular
    /// expression per line (for `rg -i -f`, to compare search speed).
    #[arg(long)]
    pub patterns: bool,
    /// Also include the rule files in this folder (repeatable).
    #[arg(long = "rule-dir", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A rule code (`MED101`) or name (`uncited-statistic`).
    pub rule: String,
    /// Also include the rule files in this folder (repeatable).
    #[arg(long = "rule-dir", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TestRulesArgs {
    /// Rule folders to test (default: the built-in rules).
    pub dirs: Vec<PathBuf>,
}

/// The standard streams that were closed when medlint started.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClosedStreams {
    pub stdin: bool,
    pub stdout: bool,
}

/// Parses the command line and runs it.
pub fn run(closed: ClosedStreams) -> ExitCode {
    let cli = Cli::parse();
    let needs_stdout = match &cli.command {
        Command::Check(args) => args.output.is_none(),
        Command::Init(_) | Command::Lsp => false,
        Command::Completions { .. } => true,
        Command::Rules(_) | Command::Rule(_) | Command::TestRules(_) => true,
    };
    if closed.stdout && needs_stdout {
        let hint = match cli.command {
            Command::Check(_) => " (use --output FILE)",
            _ => "",
        };
        eprintln!("error: standard output is closed: there is nowhere to write to{hint}");
        return ExitCode::from(2);
    }
    if matches!(cli.command, Command::Lsp) {
        // The server writes standard output from a thread of its own: nothing here may hold it.
        return ExitCode::from(crate::lsp::run());
    }
    let mut out = Stdout::new();
    let code = match cli.command {
        Command::Check(args) => Ok(check::run(*args, closed.stdin)),
        Command::Rules(args) => rules_cmd::list(args, &mut out),
        Command::Rule(args) => rules_cmd::explain(args, &mut out),
        Command::TestRules(args) => test_rules::run(args, &mut out),
        Command::Init(args) => Ok(init::run(args)),
        Command::Lsp => unreachable!("run above"),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "medlint", &mut out);
            Ok(0)
        }
    };
    match code.and_then(|code| std::io::Write::flush(&mut out).map(|()| code)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            ExitCode::from(2)
        }
    }
}

/// Standard output for the commands that print: buffered, and once its reader has gone (a
/// broken pipe, as in `medlint rules | head`) what is written is dropped, so that the command
/// still ends with its own exit code. Other write errors are errors.
pub(crate) struct Stdout {
    inner: std::io::BufWriter<std::io::StdoutLock<'static>>,
    gone: bool,
}

impl Stdout {
    fn new() -> Stdout {
        Stdout {
            inner: std::io::BufWriter::new(std::io::stdout().lock()),
            gone: false,
        }
    }

    fn gone(&mut self, r: std::io::Result<()>) -> std::io::Result<()> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            r => r,
        }
    }
}

impl std::io::Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.gone {
            let r = self.inner.write_all(buf);
            self.gone(r)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.gone {
            return Ok(());
        }
        let r = self.inner.flush();
        self.gone(r)
    }
}

/// Prints a miette report to stderr.
pub(crate) fn print_error(err: &dyn miette::Diagnostic) {
    let color = std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, err).is_ok() {
        eprint!("{out}");
    } else {
        eprintln!("error: {err}");
    }
}

/// The `rule-dirs` of the nearest configuration file above the current folder, then `extra`.
/// A broken configuration is printed; `None` means exit 2.
pub(crate) fn with_config_rule_dirs(extra: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut dirs = match crate::config::discover(&cwd) {
        None => Vec::new(),
        Some(path) => match crate::config::LoadedConfig::read(&path) {
            Ok(c) => c.rule_dirs(),
            Err(e) => {
                print_error(&e);
                return None;
            }
        },
    };
    dirs.extend(extra.iter().cloned());
    Some(dirs)
}

/// Loads the built-in rules plus the rules and classes in `dirs`. Errors are printed; `None`
/// means exit 2.
pub(crate) fn load_rules(dirs: &[PathBuf], examples: bool) -> Option<crate::rules::RuleSet> {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut classes: Vec<(String, String)> = Vec::new();
    for dir in dirs {
        let read = crate::rules::read_rule_dir(dir).and_then(|f| {
            files.extend(f);
            crate::rules::read_class_dir(dir)
        });
        match read {
            Ok(c) => classes.extend(c),
            Err(e) => {
                eprintln!("error: cannot read rule folder {}: {e}", dir.display());
                return None;
            }
        }
    }
    match crate::rules::load_rule_set(true, &files, &classes, examples) {
        Ok(set) => Some(set),
        Err(e) => {
            print_error(&e);
            None
        }
    }
}
