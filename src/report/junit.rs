//! JUnit XML: one test suite for the run, one test case per file, one failure per finding.

use super::Report;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Escapes text for XML content and attributes, dropping characters XML cannot hold.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for file in report.files {
        by_file.entry(file.as_ref()).or_default();
    }
    for (i, f) in report.findings.iter().enumerate() {
        by_file.entry(f.path.as_ref()).or_default().push(i);
    }
    let failures = report.findings.len();
    let failing = by_file.values().filter(|v| !v.is_empty()).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="medlint" tests="{}" failures="{failures}" errors="0">"#,
        by_file.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="medlint" tests="{}" failures="{failing}" errors="0" skipped="0">"#,
        by_file.len()
    )?;
    for (path, findings) in &by_file {
        let name = escape_xml(path);
        if findings.is_empty() {
            writeln!(out, r#"    <testcase name="{name}" classname="medlint"/>"#)?;
            continue;
        }
        writeln!(out, r#"    <testcase name="{name}" classname="medlint">"#)?;
        for &i in findings {
            let f = &report.findings[i];
            let (line, col) = f.span.map_or((1, 1), |s| (s.line, s.column));
            let body = format!(
                "{}:{line}:{col}: {}[{}] {}\n{}",
                f.path,
                f.severity,
                f.rule.code,
                f.message,
                f.help()
            );
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                escape_xml(&format!("{} {}", f.rule.code, f.rule.name)),
                escape_xml(&f.message),
                escape_xml(&body)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
