//! Output formats. Reporters receive the sorted findings and never compute anything again.

pub mod concise;
pub mod full;
pub mod github;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod sarif;
pub mod stats;

use crate::diagnostic::{Finding, Severity};
use crate::engine::Suppression;
use crate::source::Encoding;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// Writes what `write` produces to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees a half-written file. Nothing is left behind on failure.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let f = std::fs::File::create(&tmp)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut out)?;
        let f = out.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Counts of a run, as in the JSON `summary`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
}

impl Summary {
    pub fn new(files: usize, findings: &[Finding], suppressed: usize) -> Summary {
        let mut s = Summary {
            files,
            suppressed,
            ..Summary::default()
        };
        findings.iter().for_each(|f| s.add(f));
        s
    }

    /// Counts one more finding.
    pub fn add(&mut self, f: &Finding) {
        self.findings += 1;
        match f.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// "3 errors, 1 warning and 2 infos in 4 files".
    pub fn describe(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if self.findings == 0 {
            let mut out = format!("No findings in {}.", plural(self.files, "file", "files"));
            if self.suppressed > 0 {
                out.push_str(&format!(
                    " {} suppressed by directives.",
                    plural(self.suppressed, "finding", "findings")
                ));
            }
            return out;
        }
        let mut out = format!(
            "Found {} ({}, {}, {}) in {}.",
            plural(self.findings, "finding", "findings"),
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
            plural(self.files, "file", "files"),
        );
        if self.suppressed > 0 {
            out.push_str(&format!(
                " {} suppressed by directives.",
                plural(self.suppressed, "finding", "findings")
            ));
        }
        out
    }
}

/// Everything a reporter may show.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub summary: &'a Summary,
    /// The text of each file, by path, for formats that show snippets.
    pub sources: &'a [(Arc<str>, Arc<str>)],
    /// The suppressed findings, when asked for (`--show-suppressed`).
    pub suppressions: Option<&'a [Suppression]>,
    /// Every file linted, sorted (reports that list files without findings need them).
    pub files: &'a [Arc<str>],
    /// The files read in another encoding than UTF-8, sorted.
    pub encodings: &'a [(Arc<str>, Encoding)],
    /// Counts by rule and category, when asked for (`--statistics`).
    pub statistics: Option<stats::Statistics>,
}

/// The audit trail of `--show-suppressed`: every suppressed finding with its reason.
pub fn write_suppressions(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let Some(list) = report.suppressions else {
        return Ok(());
    };
    if list.is_empty() {
        return writeln!(out, "No suppressed findings.");
    }
    writeln!(out, "Suppressed findings ({}):", list.len())?;
    for s in list {
        let line = s.line.map_or_else(|| "-".to_string(), |l| l.to_string());
        let reason = s.reason.as_deref().unwrap_or("(no reason given)");
        writeln!(
            out,
            "  {}:{}: {} {} — {} (directive at line {})",
            s.path, line, s.code, s.name, reason, s.directive_line
        )?;
    }
    Ok(())
}

impl Report<'_> {
    pub fn source_of(&self, path: &str) -> Option<&Arc<str>> {
        self.sources
            .binary_search_by(|(p, _)| p.as_ref().cmp(path))
            .ok()
            .map(|i| &self.sources[i].1)
    }
}
