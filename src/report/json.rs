//! The JSON document of PRODUCT.md §7.

use super::{Report, Summary};
use crate::diagnostic::{Finding, Span};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// One finding as serialized in `json` and `jsonl`.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    name: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    span: Option<Span>,
    text: &'a str,
    help: &'a str,
    references: &'a [String],
    fingerprint: crate::diagnostic::Fingerprint,
    /// Why it matched; only with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a str>,
    /// The frame of the page or section it was found in; only with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    frame: Option<crate::diagnostic::Frame>,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            path: &f.path,
            rule: &f.rule.code,
            name: &f.rule.name,
            category: f.rule.category.as_str(),
            severity: f.severity.as_str(),
            message: &f.message,
            span: f.span,
            text: &f.text,
            help: f.help(),
            references: &f.rule.references,
            fingerprint: f.fingerprint,
            explain: f.explain.as_deref(),
            frame: f.explain.as_ref().and(f.frame),
        }
    }
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    /// The finding as it would have been reported.
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    line: Option<usize>,
    reason: Option<&'a str>,
    directive_line: usize,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(flatten)]
    counts: &'a Summary,
    /// Only with `--statistics`.
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<&'a super::stats::Statistics>,
}

/// The findings, serialized one by one as they are written (a site's report can hold
/// hundreds of thousands).
struct Findings<'a>(&'a [Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(JsonFinding::from))
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    summary: JsonSummary<'a>,
    findings: Findings<'a>,
    /// Only with `--show-suppressed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<Vec<JsonSuppression<'a>>>,
    /// Who is speaking on each page, and why; only with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    frames: Option<Vec<JsonFrame<'a>>>,
}

#[derive(Serialize)]
struct JsonFrame<'a> {
    path: &'a str,
    #[serde(flatten)]
    frame: &'a crate::engine::frame::PageFrame,
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let doc = JsonReport {
        version: 1,
        tool: Tool {
            name: "medlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: JsonSummary {
            counts: report.summary,
            statistics: report.statistics.as_ref(),
        },
        findings: Findings(report.findings),
        suppressions: report.show_suppressed.then(|| {
            report
                .suppressed
                .iter()
                .map(|s| JsonSuppression {
                    finding: JsonFinding::from(&s.finding),
                    line: s.line(),
                    reason: s.reason.as_deref(),
                    directive_line: s.directive_line,
                })
                .collect()
        }),
        frames: report.explain.then(|| {
            report
                .frames
                .iter()
                .map(|(path, frame)| JsonFrame { path, frame })
                .collect()
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
