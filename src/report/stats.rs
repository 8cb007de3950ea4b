//! `--statistics`: how many findings each rule, each category and each file produced.

use crate::diagnostic::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    pub code: String,
    pub name: String,
    pub category: String,
    pub severity: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CategoryCount {
    pub category: String,
    pub count: usize,
}

/// One file's findings, by severity.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FileCount {
    pub path: String,
    pub count: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Statistics {
    pub rules: Vec<RuleCount>,
    pub categories: Vec<CategoryCount>,
    /// The files with findings, most findings first (ties by path).
    pub files: Vec<FileCount>,
}

/// The files the text table lists; the rest are counted in one line (JSON lists them all).
const FILES_SHOWN: usize = 20;

/// Counts findings as they come, for [`Statistics`].
#[derive(Debug, Default)]
pub struct Tally {
    rules: BTreeMap<String, RuleCount>,
    categories: BTreeMap<&'static str, usize>,
    files: BTreeMap<String, FileCount>,
}

impl Tally {
    pub fn add(&mut self, f: &Finding) {
        match self.rules.get_mut(f.rule.code.as_str()) {
            Some(r) => r.count += 1,
            None => {
                self.rules.insert(
                    f.rule.code.clone(),
                    RuleCount {
                        code: f.rule.code.clone(),
                        name: f.rule.name.clone(),
                        category: f.rule.category.to_string(),
                        severity: f.rule.severity.to_string(),
                        count: 1,
                    },
                );
            }
        }
        *self.categories.entry(f.rule.category.as_str()).or_insert(0) += 1;
        if !self.files.contains_key(f.path.as_ref()) {
            let path = f.path.to_string();
            self.files.insert(
                path.clone(),
                FileCount {
                    path,
                    ..FileCount::default()
                },
            );
        }
        let file = self.files.get_mut(f.path.as_ref()).expect("inserted above");
        file.count += 1;
        match f.severity {
            Severity::Error => file.errors += 1,
            Severity::Warning => file.warnings += 1,
            Severity::Info => file.infos += 1,
        }
    }

    pub fn finish(self) -> Statistics {
        Statistics::from_counts(self.rules, self.categories, self.files)
    }
}

impl Statistics {
    /// Counts by rule and by category, most frequent first (ties by code or name).
    pub fn of(findings: &[Finding]) -> Statistics {
        let mut tally = Tally::default();
        findings.iter().for_each(|f| tally.add(f));
        tally.finish()
    }

    fn from_counts(
        rules: BTreeMap<String, RuleCount>,
        categories: BTreeMap<&'static str, usize>,
        files: BTreeMap<String, FileCount>,
    ) -> Statistics {
        let mut rules: Vec<RuleCount> = rules.into_values().collect();
        rules.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        let mut categories: Vec<CategoryCount> = categories
            .into_iter()
            .map(|(c, n)| CategoryCount {
                category: c.to_string(),
                count: n,
            })
            .collect();
        categories.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.category.cmp(&b.category))
        });
        let mut files: Vec<FileCount> = files.into_values().collect();
        files.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        Statistics {
            rules,
            categories,
            files,
        }
    }

    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.rules.is_empty() {
            return writeln!(out, "No findings.");
        }
        let w_name = self
            .rules
            .iter()
            .map(|r| r.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let w_cat = self
            .rules
            .iter()
            .map(|r| r.category.len())
            .max()
            .unwrap_or(8)
            .max(8);
        writeln!(
            out,
            "{:>6}  {:<8} {:<w_name$} {:<w_cat$} SEVERITY",
            "COUNT", "CODE", "NAME", "CATEGORY"
        )?;
        for r in &self.rules {
            writeln!(
                out,
                "{:>6}  {:<8} {:<w_name$} {:<w_cat$} {}",
                r.count, r.code, r.name, r.category, r.severity
            )?;
        }
        writeln!(out)?;
        writeln!(out, "{:>6}  CATEGORY", "COUNT")?;
        for c in &self.categories {
            writeln!(out, "{:>6}  {}", c.count, c.category)?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{:>6}  {:>6}  {:>8}  {:>5}  FILE",
            "COUNT", "ERRORS", "WARNINGS", "INFOS"
        )?;
        for f in self.files.iter().take(FILES_SHOWN) {
            writeln!(
                out,
                "{:>6}  {:>6}  {:>8}  {:>5}  {}",
                f.count, f.errors, f.warnings, f.infos, f.path
            )?;
        }
        if self.files.len() > FILES_SHOWN {
            let rest = &self.files[FILES_SHOWN..];
            let n: usize = rest.iter().map(|f| f.count).sum();
            writeln!(
                out,
                "{n:>6}  in {} more file{} (--format json lists every file)",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}
