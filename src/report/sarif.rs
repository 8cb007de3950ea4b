//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

use super::Report;
use crate::diagnostic::{Finding, RuleInfo, Severity};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first sentence of a description's "What it does" section, for `shortDescription`.
fn short_description(rule: &RuleInfo) -> String {
    let body = rule
        .description
        .split("## What it does")
        .nth(1)
        .unwrap_or(&rule.description);
    let body = body.split("\n## ").next().unwrap_or(body);
    let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = text
        .find(". ")
        .map_or(text.as_str(), |i| &text[..=i])
        .to_string();
    if first.is_empty() {
        rule.name.clone()
    } else {
        first
    }
}

fn rule_descriptor(rule: &RuleInfo) -> Value {
    let mut help_md = rule.help.clone();
    if !rule.references.is_empty() {
        help_md.push_str("\n\nReferences:\n");
        for r in &rule.references {
            help_md.push_str(&format!("- {r}\n"));
        }
    }
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": short_description(rule) },
        "fullDescription": { "text": rule.description, "markdown": rule.description },
        "help": { "text": help_md, "markdown": help_md },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "category": rule.category.as_str(),
            "references": rule.references,
            "markets": rule.markets.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
            "tags": [rule.category.as_str()],
        },
    })
}

/// A path as a URI reference: its bytes, percent-encoding all but unreserved characters and
/// `/` (a `:` too, which would make a relative path's first segment a scheme), with `file://`
/// before an absolute path.
fn uri(path: &str) -> String {
    let bytes = crate::paths::raw(path);
    let drive = matches!(&bytes[..], [d, b':', b'/', ..] if d.is_ascii_alphabetic());
    let mut out = String::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if drive && i == 1 => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if bytes.starts_with(b"/") {
        format!("file://{out}")
    } else if drive {
        format!("file:///{out}")
    } else {
        out
    }
}

fn result(f: &Finding, index: usize) -> Value {
    let region = match f.span {
        Some(s) => json!({
            "startLine": s.line,
            "startColumn": s.column,
            "endLine": s.end_line,
            "endColumn": s.end_column,
            "byteOffset": s.start,
            "byteLength": s.end - s.start,
            "snippet": { "text": f.text },
        }),
        // Document-level findings are placed at the top of the file.
        None => json!({ "startLine": 1 }),
    };
    json!({
        "ruleId": f.rule.code,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": { "text": format!("{} {}", f.message, f.help()) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&f.path) },
                "region": region,
            }
        }],
        "partialFingerprints": { "medlintFingerprint/v1": f.fingerprint.to_string() },
        "properties": { "category": f.rule.category.as_str() },
    })
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    // Every rule that fired, in code order; results point at them by index.
    let mut rules: BTreeMap<&str, &RuleInfo> = BTreeMap::new();
    for f in report.findings {
        rules.entry(&f.rule.code).or_insert(&f.rule);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, index[f.rule.code.as_str()]))
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "medlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.values().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if !report.encodings.is_empty() {
        // Byte offsets of files in another encoding count bytes of that encoding.
        run["artifacts"] = report
            .encodings
            .iter()
            .map(|(path, encoding)| {
                json!({ "location": { "uri": uri(path) }, "encoding": encoding.as_str() })
            })
            .collect();
    }
    if let Some(stats) = &report.statistics {
        run["properties"] = json!({ "statistics": stats });
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
