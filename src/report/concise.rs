//! `path:line:col: severity[CODE] message`, one finding per line.

use super::Report;
use crate::diagnostic::Finding;
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    write_findings(out, report.findings)
}

pub fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let (line, col) = f.span.map_or((1, 1), |s| (s.line, s.column));
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.path, line, col, f.severity, f.rule.code, f.message
        )?;
        if let Some(why) = &f.explain {
            writeln!(out, "    why: {why}")?;
        }
    }
    Ok(())
}
