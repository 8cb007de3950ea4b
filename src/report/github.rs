//! GitHub Actions workflow commands: one annotation per finding.
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`

use super::Report;
use crate::diagnostic::{Finding, Severity};
use std::io::{self, Write};

/// Escapes a message (the command's data).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: data escapes plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    write_findings(out, report.findings)
}

pub fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let title = escape_property(&format!("{} {}", f.rule.code, f.rule.name));
        // The file's own name when it is UTF-8 (a newline in it is escaped like any other).
        let raw = crate::paths::raw(&f.path);
        let file = escape_property(std::str::from_utf8(&raw).unwrap_or(&f.path));
        let location = match f.span {
            Some(s) => format!(
                "file={file},line={},col={},endLine={},endColumn={}",
                s.line, s.column, s.end_line, s.end_column
            ),
            None => format!("file={file},line=1"),
        };
        let message = format!("{} — {}", f.message, f.help());
        writeln!(
            out,
            "::{level} {location},title={title}::{}",
            escape_data(&message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
