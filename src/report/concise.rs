//! `path:line:col: severity[CODE] message`, one finding per line.

use super::Report;
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    for f in report.findings {
        let (line, col) = f.span.map_or((1, 1), |s| (s.line, s.column));
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.path, line, col, f.severity, f.rule.code, f.message
        )?;
    }
    Ok(())
}
