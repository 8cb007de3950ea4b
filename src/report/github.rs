//! GitHub Actions workflow commands: an annotation per finding up to GitHub's limits, the
//! rest as log lines, and a job summary with the totals (`$GITHUB_STEP_SUMMARY`).
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`

use super::Report;
use crate::diagnostic::{Finding, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

/// Escapes a message (the command's data).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: data escapes plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Annotations GitHub shows per step, of each kind (error, warning, notice). Past that it drops
/// them silently, so medlint stops there, lists the rest as plain log lines and says so.
pub const PER_KIND: usize = 10;

/// Rows of each table in the step summary.
const SUMMARY_ROWS: usize = 50;

/// The whole report at once (non-streamed runs).
pub fn write(out: &mut dyn Write, report: &Report, step_summary: Option<&Path>) -> io::Result<()> {
    let mut annotations = Annotations::default();
    annotations.write_findings(out, report.findings)?;
    annotations.finish(out, report, step_summary)
}

/// The annotations of a run, written file by file as it goes: at most [`PER_KIND`] of a kind
/// (one notice kept back for the note on what was left out), the rest as log lines.
#[derive(Default)]
pub struct Annotations {
    shown: [usize; 3],
    held: usize,
    rules: BTreeMap<String, (String, usize)>,
    files: BTreeMap<Arc<str>, usize>,
}

fn kind(s: Severity) -> (usize, &'static str) {
    match s {
        Severity::Error => (0, "error"),
        Severity::Warning => (1, "warning"),
        Severity::Info => (2, "notice"),
    }
}

impl Annotations {
    pub fn write_findings(&mut self, out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            let (k, level) = kind(f.severity);
            let rule = self
                .rules
                .entry(f.rule.code.clone())
                .or_insert_with(|| (f.rule.name.clone(), 0));
            rule.1 += 1;
            *self.files.entry(f.path.clone()).or_default() += 1;
            // The last notice is kept for the note on what was left out.
            let cap = if k == 2 { PER_KIND - 1 } else { PER_KIND };
            let message = format!("{} — {}", f.message, f.help());
            if self.shown[k] < cap {
                self.shown[k] += 1;
                write_annotation(out, level, f, &message)?;
            } else {
                self.held += 1;
                let at = f
                    .span
                    .map_or_else(|| "1".to_string(), |s| format!("{}:{}", s.line, s.column));
                // A log line, never a command: its name's line breaks escaped, and never
                // starting with `::`.
                let path = escape_data(&f.path);
                let path = if path.starts_with(':') {
                    format!("./{path}")
                } else {
                    path
                };
                writeln!(
                    out,
                    "{path}:{at}: {} {} {}: {}",
                    f.severity.as_str(),
                    f.rule.code,
                    f.rule.name,
                    message.replace(['\r', '\n'], " ")
                )?;
            }
        }
        Ok(())
    }

    /// The note on findings past GitHub's limits, and the step summary when GitHub gave a file
    /// for it (`$GITHUB_STEP_SUMMARY`). A summary that cannot be written is a warning only.
    pub fn finish(
        &self,
        out: &mut dyn Write,
        report: &Report,
        step_summary: Option<&Path>,
    ) -> io::Result<()> {
        if self.held > 0 {
            writeln!(
                out,
                "::notice title=medlint::{}",
                escape_data(&format!(
                    "{} more finding{} are in the log above but not annotated: GitHub shows {PER_KIND} annotations of each kind per step.{}",
                    self.held,
                    if self.held == 1 { "" } else { "s" },
                    if step_summary.is_some() {
                        " The job summary counts them all."
                    } else {
                        ""
                    }
                ))
            )?;
        }
        if let Some(path) = step_summary {
            let text = self.summary_markdown(report);
            let appended = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(path)
                .and_then(|mut f| f.write_all(text.as_bytes()));
            if let Err(e) = appended {
                eprintln!(
                    "warning: cannot write the step summary {}: {e}",
                    path.display()
                );
            }
        }
        Ok(())
    }

    /// The job summary: totals, findings by rule, the files with most findings, and the
    /// suppressed findings with their reasons.
    fn summary_markdown(&self, report: &Report) -> String {
        let cell = |s: &str| s.replace('|', "\\|").replace(['\r', '\n'], " ");
        let mut md = String::from("## medlint\n\n");
        md.push_str(&report.summary.describe());
        md.push_str("\n\n");
        if self.held > 0 {
            md.push_str(&format!(
                "GitHub shows {PER_KIND} annotations of each kind per step; {} finding{} are listed only in the step's log.\n\n",
                self.held,
                if self.held == 1 { "" } else { "s" }
            ));
        }
        let s = report.summary;
        md.push_str(
            "| Errors | Warnings | Infos | Files | Suppressed |\n|---:|---:|---:|---:|---:|\n",
        );
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n\n",
            s.errors, s.warnings, s.infos, s.files, s.suppressed
        ));
        if !self.rules.is_empty() {
            let mut rules: Vec<_> = self.rules.iter().collect();
            rules.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
            md.push_str("| Rule | Name | Findings |\n|---|---|---:|\n");
            for (code, (name, n)) in rules.iter().take(SUMMARY_ROWS) {
                md.push_str(&format!("| {} | {} | {n} |\n", cell(code), cell(name)));
            }
            if rules.len() > SUMMARY_ROWS {
                md.push_str(&format!(
                    "\n… and {} more rules.\n",
                    rules.len() - SUMMARY_ROWS
                ));
            }
            md.push('\n');
            let mut files: Vec<_> = self.files.iter().collect();
            files.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            md.push_str("| File | Findings |\n|---|---:|\n");
            for (path, n) in files.iter().take(SUMMARY_ROWS) {
                md.push_str(&format!("| `{}` | {n} |\n", cell(path).replace('`', "'")));
            }
            if files.len() > SUMMARY_ROWS {
                md.push_str(&format!(
                    "\n… and {} more files.\n",
                    files.len() - SUMMARY_ROWS
                ));
            }
            md.push('\n');
        }
        if !report.suppressed.is_empty() {
            md.push_str("### Suppressed by directives\n\n| File | Line | Rule | Reason |\n|---|---:|---|---|\n");
            for sup in report.suppressed.iter().take(SUMMARY_ROWS) {
                let f = &sup.finding;
                md.push_str(&format!(
                    "| `{}` | {} | {} {} | {} |\n",
                    cell(&f.path).replace('`', "'"),
                    sup.line()
                        .map_or_else(|| "—".to_string(), |l| l.to_string()),
                    cell(&f.rule.code),
                    cell(&f.rule.name),
                    cell(sup.reason.as_deref().unwrap_or("(no reason given)")),
                ));
            }
            if report.suppressed.len() > SUMMARY_ROWS {
                md.push_str(&format!(
                    "\n… and {} more.\n",
                    report.suppressed.len() - SUMMARY_ROWS
                ));
            }
            md.push('\n');
        }
        md
    }
}

fn write_annotation(
    out: &mut dyn Write,
    level: &str,
    f: &Finding,
    message: &str,
) -> io::Result<()> {
    let title = escape_property(&format!("{} {}", f.rule.code, f.rule.name));
    // The file's own name when it is UTF-8 (a newline in it is escaped like any other).
    let raw = crate::paths::raw(&f.path);
    let file = escape_property(std::str::from_utf8(&raw).unwrap_or(&f.path));
    let location = match f.span {
        Some(s) => format!(
            "file={file},line={},col={},endLine={},endColumn={}",
            s.line, s.column, s.end_line, s.end_column
        ),
        None => format!("file={file},line=1"),
    };
    writeln!(
        out,
        "::{level} {location},title={title}::{}",
        escape_data(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
