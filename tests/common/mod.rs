//! Shared helpers for the integration tests.

#![allow(dead_code)]

pub mod invariants;
pub mod option_files;

use medlint::diagnostic::{Finding, Market, sort_findings};
use medlint::engine::Engine;
use medlint::engine::context::Lexicon;
use medlint::rules::builtin_rules;
use medlint::source::{Decoded, Document, Format, LoadOptions, decode};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    Engine::new(
        builtin_rules().expect("built-in rules load"),
        Lexicon::builtin(),
    )
});

/// The medlint binary, run in `dir`, without colour.
pub fn medlint_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("medlint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Runs a command: (exit code, stdout, stderr).
pub fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture files, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && Format::from_path(p).is_some())
        .collect();
    out.sort();
    out
}

/// The reference articles beside the repository, when they are there.
pub fn seeds() -> Vec<PathBuf> {
    let dir = root().join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// Reads and lints one file with the built-in rules, as `medlint check` would.
pub fn lint_path(path: &Path) -> (Document, Vec<Finding>) {
    let bytes = std::fs::read(path).expect("readable");
    let Decoded::Text(text) = decode(bytes) else {
        panic!("{} is binary", path.display())
    };
    let format = Format::from_path(path).unwrap_or(Format::Text);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let doc = Document::parse(&name, text, format, &LoadOptions::default());
    let mut findings = ENGINE.lint(&doc, Market::Us);
    sort_findings(&mut findings);
    (doc, findings)
}

/// Lints a string as `name` (its extension picks the format).
pub fn lint_str(name: &str, text: &str) -> Vec<Finding> {
    let format = Format::from_path(Path::new(name)).unwrap_or(Format::Text);
    let doc = Document::parse(name, text.to_string(), format, &LoadOptions::default());
    let mut findings = ENGINE.lint(&doc, Market::Us);
    sort_findings(&mut findings);
    findings
}

/// One line per finding: `LINE:COL CODE name severity "text"`, or `- CODE …` without a span.
pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        match f.span {
            Some(s) => out.push_str(&format!(
                "{}:{} {} {} {} {:?}\n",
                s.line, s.column, f.rule.code, f.rule.name, f.severity, f.text
            )),
            None => out.push_str(&format!(
                "- {} {} {} (document)\n",
                f.rule.code, f.rule.name, f.severity
            )),
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}
