//! Output formats. Reporters receive the sorted findings and never compute anything again.

pub mod concise;
pub mod full;
pub mod json;

use crate::diagnostic::{Finding, Severity};
use serde::Serialize;
use std::sync::Arc;

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
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        Summary {
            files,
            findings: findings.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            suppressed,
        }
    }

    /// "3 errors, 1 warning and 2 infos in 4 files".
    pub fn describe(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if self.findings == 0 {
            return format!("No findings in {}.", plural(self.files, "file", "files"));
        }
        format!(
            "Found {} ({}, {}, {}) in {}.",
            plural(self.findings, "finding", "findings"),
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
            plural(self.files, "file", "files"),
        )
    }
}

/// Everything a reporter may show.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub summary: &'a Summary,
    /// The text of each file, by path, for formats that show snippets.
    pub sources: &'a [(Arc<str>, Arc<str>)],
}

impl Report<'_> {
    pub fn source_of(&self, path: &str) -> Option<&Arc<str>> {
        self.sources
            .binary_search_by(|(p, _)| p.as_ref().cmp(path))
            .ok()
            .map(|i| &self.sources[i].1)
    }
}
