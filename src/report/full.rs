//! miette's graphical diagnostics: the source snippet with the finding labelled, then the help
//! and the regulation behind it.

use super::Report;
use crate::diagnostic::{Finding, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<NamedSource<Arc<str>>>,
    help: String,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}({})",
            self.finding.rule.code, self.finding.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match (&self.source, self.finding.span) {
            (Some(s), Some(_)) => Some(s as &dyn SourceCode),
            _ => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.span?;
        self.source.as_ref()?;
        let label = LabeledSpan::new_primary_with_span(
            Some(self.finding.rule.category.to_string()),
            (span.text_start, span.text_end - span.text_start),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// Writes every finding as a miette report; `color` picks the themed or the plain handler.
pub fn write(out: &mut dyn Write, report: &Report, color: bool, width: usize) -> io::Result<()> {
    write_findings(out, report.findings, |p| report.source_of(p), color, width)
}

/// Writes `findings` as miette reports, with the source text `source_of` gives for a path.
pub fn write_findings<'s>(
    out: &mut dyn Write,
    findings: &[Finding],
    source_of: impl Fn(&str) -> Option<&'s Arc<str>>,
    color: bool,
    width: usize,
) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    for f in findings {
        let source = source_of(&f.path).map(|text| NamedSource::new(f.path.as_ref(), text.clone()));
        let mut help = f.help().to_string();
        if f.span.is_none() {
            help = format!("{}: {help}", f.path);
        }
        if !f.rule.references.is_empty() {
            help.push_str("\nsee: ");
            help.push_str(&f.rule.references.join("; "));
        }
        if let Some(why) = &f.explain {
            help.push_str("\nwhy: ");
            help.push_str(why);
        }
        let diag = FindingDiagnostic {
            finding: f,
            source,
            help,
        };
        let mut rendered = String::new();
        handler
            .render_report(&mut rendered, &diag)
            .map_err(io::Error::other)?;
        writeln!(out, "{rendered}")?;
    }
    Ok(())
}
