//! Baselines: today's findings recorded by fingerprint, so a legacy site can turn the gate on
//! and only new findings fail it.
//!
//! Paths are stored relative to the baseline file's folder, so the baseline works from any
//! working directory. Each entry matches at most one finding; entries that match nothing are
//! stale (the claim was fixed) and are counted so teams can ratchet the baseline down.

use crate::diagnostic::Finding;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
    /// For people reading the file; not used for matching.
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    text: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

type Key = (String, String, String);

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    remaining: HashMap<Key, usize>,
    /// Paths (as stored) of the files linted in this run.
    linted: HashSet<String>,
}

fn folder_of(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    abs.parent().map_or_else(PathBuf::new, Path::to_path_buf)
}

/// `finding_path` as stored in a baseline kept in `dir`.
fn stored_path(dir: &Path, finding_path: &str) -> String {
    let p = crate::paths::to_path(finding_path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match abs.strip_prefix(&dir) {
        Ok(rel) => crate::paths::display(rel),
        Err(_) => finding_path.to_string(),
    }
}

/// Writes the baseline of `findings` to `path`, atomically.
pub fn write(path: &Path, findings: &[Finding]) -> std::io::Result<()> {
    let dir = folder_of(path);
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            path: stored_path(&dir, &f.path),
            rule: f.rule.code.clone(),
            fingerprint: f.fingerprint.to_string(),
            line: f.span.map(|s| s.line),
            text: f.text.clone(),
        })
        .collect();
    entries.sort_by(|a, b| (&a.path, a.line, &a.rule).cmp(&(&b.path, b.line, &b.rule)));
    let file = BaselineFile {
        version: 1,
        findings: entries,
    };
    let json = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    crate::report::write_atomically(path, format!("{json}\n").as_bytes())
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = crate::files::read_text(path, crate::files::BASELINE_LIMIT)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        Baseline::parse(path, &text)
    }

    /// Reads the text of the baseline kept at `path` (its paths are relative to its folder).
    pub fn parse(path: &Path, text: &str) -> Result<Baseline, String> {
        let file: BaselineFile = serde_json::from_str(text)
            .map_err(|e| format!("{} is not a medlint baseline: {e}", path.display()))?;
        let mut remaining = HashMap::new();
        for e in file.findings {
            *remaining
                .entry((e.path, e.rule, e.fingerprint))
                .or_insert(0) += 1;
        }
        Ok(Baseline {
            dir: folder_of(path),
            remaining,
            linted: HashSet::new(),
        })
    }

    /// Removes the findings the baseline holds; returns how many were removed. `linted` are
    /// the paths of every file of the run, with or without findings.
    pub fn filter<'a>(
        &mut self,
        findings: &mut Vec<Finding>,
        linted: impl IntoIterator<Item = &'a str>,
    ) -> usize {
        for p in linted {
            self.linted.insert(stored_path(&self.dir, p));
        }
        let before = findings.len();
        findings.retain(|f| {
            let key = (
                stored_path(&self.dir, &f.path),
                f.rule.code.clone(),
                f.fingerprint.to_string(),
            );
            match self.remaining.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }

    /// Entries for the files of this run that matched no finding: fixed since the baseline
    /// was written.
    pub fn stale(&self) -> usize {
        self.remaining
            .iter()
            .filter(|((path, _, _), _)| self.linted.contains(path))
            .map(|(_, n)| n)
            .sum()
    }
}
