//! JSON Lines: one finding object per line, the same objects as in `json`.

use super::Report;
use super::json::JsonFinding;
use crate::diagnostic::Finding;
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    write_findings(out, report.findings)
}

pub fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &JsonFinding::from(f))?;
        writeln!(out)?;
    }
    Ok(())
}
