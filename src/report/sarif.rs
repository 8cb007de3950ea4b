//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

use super::Report;
use crate::diagnostic::{Finding, RuleInfo, Severity};
use crate::engine::Suppression;
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

/// One sentence for `shortDescription`: the first of the description's "What it does"
/// section, without its lists of examples (quoted phrases in parentheses, between dashes or
/// after a colon), and past a document-level rule's opening "A document-level requirement".
pub(crate) fn short_description(rule: &RuleInfo) -> String {
    let body = rule
        .description
        .split("## What it does")
        .nth(1)
        .unwrap_or(&rule.description);
    let body = body.split("\n## ").next().unwrap_or(body);
    let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut rest = text.as_str();
    if rest.starts_with("A document-level requirement") {
        rest = rest.find(". ").map_or("", |i| &rest[i + 2..]);
    }
    let text = without_examples(rest);
    // The first sentence ends at ". " (or the text's end) or where a list of examples begins.
    let cut = [". ", ": ", " — "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min()
        .unwrap_or(text.len());
    let first = text[..cut].trim_end_matches(['.', ',', ' ']).trim();
    if first.split_whitespace().count() < 3 {
        rule.name.clone()
    } else {
        format!("{first}.")
    }
}

/// `text` without the asides that hold quoted examples: “(… “x” …)” and “ — … “x” … —”.
fn without_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let paren = rest.find(" (").map(|i| (i, " (", ")"));
        let dash = rest.find(" — ").map(|i| (i, " — ", " — "));
        let next = match (paren, dash) {
            (Some(p), Some(d)) => Some(if p.0 < d.0 { p } else { d }),
            (p, d) => p.or(d),
        };
        let Some((at, open, close)) = next else {
            out.push_str(rest);
            return out;
        };
        let inner_start = at + open.len();
        match rest[inner_start..].find(close) {
            Some(len) if rest[inner_start..inner_start + len].contains('“') => {
                out.push_str(&rest[..at]);
                let after = inner_start + len + close.len();
                // A closing dash stood for a pause: keep a space.
                if close == " — " {
                    out.push(' ');
                }
                rest = &rest[after..];
            }
            _ => {
                out.push_str(&rest[..inner_start]);
                rest = &rest[inner_start..];
            }
        }
    }
}

fn rule_descriptor(rule: &RuleInfo) -> Value {
    let mut help_md = rule.generic_help();
    if !rule.references.is_empty() {
        help_md.push_str("\n\nReferences:\n");
        for r in &rule.references {
            help_md.push_str(&format!("- {r}\n"));
        }
    }
    let mut descriptor = json!({
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
    });
    if let Some(url) = rule.help_uri() {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
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

/// A finding a directive suppressed: a result with an in-source suppression carrying the
/// directive's reason, so viewers show it as dismissed with its justification.
fn suppressed_result(s: &Suppression, index: usize) -> Value {
    let mut r = result(&s.finding, index);
    let mut suppression = json!({
        "kind": "inSource",
        "status": "accepted",
        "location": {
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&s.finding.path) },
                "region": { "startLine": s.directive_line },
            }
        },
    });
    if let Some(reason) = &s.reason {
        suppression["justification"] = json!(reason);
    }
    r["suppressions"] = json!([suppression]);
    r
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    // Every rule that fired, in code order; results point at them by index.
    let mut rules: BTreeMap<&str, &RuleInfo> = BTreeMap::new();
    let suppressed = report.suppressed.iter().map(|s| &s.finding);
    for f in report.findings.iter().chain(suppressed) {
        rules.entry(&f.rule.code).or_insert(&f.rule);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, index[f.rule.code.as_str()]))
        .collect();
    // The audit trail: suppressed findings always travel with their reasons.
    results.extend(
        report
            .suppressed
            .iter()
            .map(|s| suppressed_result(s, index[s.finding.rule.code.as_str()])),
    );
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
