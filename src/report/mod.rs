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
/// rename, so a reader never sees a half-written file. The temporary file has a name no one
/// can guess and is created only if nothing has that name (`O_EXCL`), so a file or link
/// planted beside `path` is never followed or overwritten. Nothing is left behind on failure.
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
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // As `File::create` would: what the umask leaves of read and write for all.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(&dir)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
    write(&mut out)?;
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
/// The ANSI style of a severity in coloured text output.
pub(crate) fn severity_style(sev: crate::diagnostic::Severity) -> &'static str {
    use crate::diagnostic::Severity;
    match sev {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

/// A linted file as reporters that show it need it: its text and its title.
#[derive(Debug, Clone)]
pub struct Page {
    pub text: Arc<str>,
    /// What the page calls itself (front matter title, top heading), if anything.
    pub title: Option<Arc<str>>,
}

pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub summary: &'a Summary,
    /// The text of each file, by path, for formats that show snippets.
    pub sources: &'a [(Arc<str>, Page)],
    /// The findings directives suppressed, sorted. SARIF and the HTML report always carry
    /// them (the audit trail); text and JSON formats list them with `--show-suppressed`.
    pub suppressed: &'a [Suppression],
    /// `--show-suppressed`.
    pub show_suppressed: bool,
    /// Every file linted, sorted (reports that list files without findings need them).
    pub files: &'a [Arc<str>],
    /// The files read in another encoding than UTF-8, sorted.
    pub encodings: &'a [(Arc<str>, Encoding)],
    /// Each page's frame, by path, sorted.
    pub frames: &'a [(Arc<str>, crate::engine::frame::PageFrame)],
    /// Whether `--explain` asks why: the frames are shown then.
    pub explain: bool,
    /// Counts by rule and category, when asked for (`--statistics`).
    pub statistics: Option<stats::Statistics>,
}

/// `--explain` in text formats: who is speaking on a page, and why medlint thinks so.
pub fn write_frame(
    out: &mut dyn Write,
    path: &str,
    frame: &crate::engine::frame::PageFrame,
) -> std::io::Result<()> {
    writeln!(out, "{path}: frame {}", frame.describe())
}

/// The audit trail of `--show-suppressed`: every suppressed finding with its reason.
pub fn write_suppressions(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    if !report.show_suppressed {
        return Ok(());
    }
    let list = report.suppressed;
    if list.is_empty() {
        return writeln!(out, "No suppressed findings.");
    }
    writeln!(out, "Suppressed findings ({}):", list.len())?;
    for s in list {
        let line = s.line().map_or_else(|| "-".to_string(), |l| l.to_string());
        let reason = s.reason.as_deref().unwrap_or("(no reason given)");
        let f = &s.finding;
        writeln!(
            out,
            "  {}:{}: {} {} — {} (directive at line {})",
            f.path, line, f.rule.code, f.rule.name, reason, s.directive_line
        )?;
    }
    Ok(())
}

impl Report<'_> {
    pub fn source_of(&self, path: &str) -> Option<&Page> {
        self.sources
            .binary_search_by(|(p, _)| p.as_ref().cmp(path))
            .ok()
            .map(|i| &self.sources[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_temporary_file_has_a_name_no_one_can_guess() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        let names = |d: &Path| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        let mut during = Vec::new();
        write_atomically_with(&path, |out| {
            during = names(dir.path());
            out.write_all(b"{}")
        })
        .unwrap();
        assert_eq!(during.len(), 1);
        let tmp = &during[0];
        assert!(
            tmp.starts_with(".report.json.") && tmp.ends_with(".tmp"),
            "{tmp}"
        );
        assert!(!tmp.contains(&std::process::id().to_string()), "{tmp}");
        assert_eq!(names(dir.path()), ["report.json"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
        // A failed write leaves nothing behind and the old file as it was.
        let failed = write_atomically_with(&path, |out| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("disk on fire"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "disk on fire");
        assert_eq!(names(dir.path()), ["report.json"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
    }
}
