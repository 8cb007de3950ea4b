//! `path:line:col: severity[CODE] message`, one finding per line.

use super::Report;
use crate::diagnostic::Finding;
use std::borrow::Cow;
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, report: &Report, color: bool) -> io::Result<()> {
    write_findings(out, report.findings, color)
}

/// One line per finding; with `color`, the path in bold and the severity in its colour (as on a
/// terminal).
pub fn write_findings(out: &mut dyn Write, findings: &[Finding], color: bool) -> io::Result<()> {
    let paint = |code: &str, s: &str| -> String {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    for f in findings {
        let (line, col) = f.span.map_or((1, 1), |s| (s.line, s.column));
        let sev = super::severity_style(f.severity);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            paint("1", &one_line(&f.path)),
            line,
            col,
            paint(sev, f.severity.as_str()),
            paint("1", &f.rule.code),
            one_line(&f.message)
        )?;
        if let Some(why) = &f.explain {
            writeln!(out, "    {} {}", paint("2", "why:"), one_line(why))?;
        }
    }
    Ok(())
}

/// `s` on one line: line breaks (a message may quote text that spans lines) become spaces,
/// and other control characters, which could drive a terminal, become U+FFFD.
pub fn one_line(s: &str) -> Cow<'_, str> {
    let odd = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if !s.contains(odd) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if c.is_whitespace() && odd(c) => out.push(' '),
            c if odd(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("plain “text”"), "plain “text”");
        assert_eq!(
            one_line("“100%\r\nsafe” and\u{2028}more"),
            "“100% safe” and more"
        );
        assert_eq!(one_line("tab\tesc\u{1b}[2J"), "tab esc\u{FFFD}[2J");
    }
}
