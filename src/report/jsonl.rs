//! JSON Lines: one finding object per line, the same objects as in `json`.

use super::Report;
use super::json::JsonFinding;
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    for f in report.findings {
        serde_json::to_writer(&mut *out, &JsonFinding::from(f))?;
        writeln!(out)?;
    }
    Ok(())
}
