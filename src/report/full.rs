//! The full text format: each finding with its code, message, the copy around it with the claim
//! underlined, then the help and the regulation behind it.
//!
//! Marketing copy is written in long lines (a Markdown paragraph is one line), so the copy is
//! wrapped to the width, and a line longer than a few rows is shown as a window around the
//! claim. A document-level finding names the page by its title. Every character of the copy is
//! shown as it is except control characters, which could drive the terminal.

use super::Page;
use crate::diagnostic::{Finding, Severity};
use std::io::{self, Write};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// A wrapped copy line of at most this many rows is shown whole; a longer one as the rows
/// around the claim.
const WHOLE_ROWS: usize = 3;

/// How far (in lines) to look for a non-blank line to show before and after the claim.
const CONTEXT_REACH: usize = 2;

/// Writes every finding of the report.
pub fn write(
    out: &mut dyn Write,
    report: &super::Report,
    color: bool,
    width: usize,
) -> io::Result<()> {
    write_findings(out, report.findings, |p| report.source_of(p), color, width)
}

/// Writes `findings`, with the page `page_of` gives for a path (none: no snippet).
pub fn write_findings<'s>(
    out: &mut dyn Write,
    findings: &[Finding],
    page_of: impl Fn(&str) -> Option<&'s Page>,
    color: bool,
    width: usize,
) -> io::Result<()> {
    let paint = Paint(color);
    let width = width.max(40);
    for f in findings {
        let mut s = String::new();
        render(&mut s, f, page_of(&f.path), paint, width);
        out.write_all(s.as_bytes())?;
    }
    Ok(())
}

#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.0 && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(self, sev: Severity, s: &str) -> String {
        self.wrap(super::severity_style(sev), s)
    }
}

fn render(s: &mut String, f: &Finding, page: Option<&Page>, paint: Paint, width: usize) {
    let sev = f.severity;
    let code = format!("{}({})", f.rule.code, f.rule.name);
    s.push_str(&paint.severity(sev, &code));
    s.push_str("\n\n");
    let mark = match sev {
        Severity::Error => "×",
        Severity::Warning => "⚠",
        Severity::Info => "☞",
    };
    let first = format!("  {} ", paint.severity(sev, mark));
    let rest = format!("  {} ", paint.severity(sev, "│"));
    push_wrapped(s, &clean(&f.message), width - 4, &first, &rest);

    match (f.span, page) {
        (Some(span), Some(page)) => {
            let label = f.rule.category.to_string();
            snippet(s, f, &page.text, span.text_range(), &label, paint, width);
        }
        (Some(_), None) => {}
        (None, page) => {
            let gutter = "   ";
            s.push_str(&format!(
                "{gutter}{}\n",
                paint.wrap("36", &format!("╭─[{}]", clean(&f.path)))
            ));
            let what = match page.and_then(|p| p.title.as_deref()) {
                Some(title) => {
                    let room = width.saturating_sub(gutter.len() + 20);
                    format!("the whole page: “{}”", truncate(&clean(title), room))
                }
                None => "the whole page".to_string(),
            };
            s.push_str(&format!("{gutter}│ {}\n", paint.wrap("1;35", &what)));
            s.push_str(&format!("{gutter}╰────\n"));
        }
    }

    let mut help = f.help().to_string();
    if !f.rule.references.is_empty() {
        help.push_str("\nsee: ");
        help.push_str(&f.rule.references.join("; "));
    }
    if let Some(why) = &f.explain {
        help.push_str("\nwhy: ");
        help.push_str(why);
    }
    let indent = "        ";
    for (i, para) in help.lines().enumerate() {
        let first = if i == 0 {
            format!("  {} ", paint.wrap("36", "help:"))
        } else {
            indent.to_string()
        };
        push_wrapped(s, &clean(para), width - indent.len(), &first, indent);
    }
    s.push('\n');
}

/// The copy around `range` of `text`: the lines it covers, wrapped and windowed, with the claim
/// underlined and labelled, and the nearest non-blank line before and after.
fn snippet(
    s: &mut String,
    f: &Finding,
    text: &str,
    range: Range<usize>,
    label: &str,
    paint: Paint,
    width: usize,
) {
    let start = floor_char(text, range.start.min(text.len()));
    let end = floor_char(text, range.end.clamp(start, text.len()));
    let lines = line_ranges(text);
    let line_of = |p: usize| lines.partition_point(|l| l.end < p).min(lines.len() - 1);
    let first = line_of(start);
    let last = line_of(if end > start { end - 1 } else { start }).max(first);
    let before = (first.saturating_sub(CONTEXT_REACH)..first)
        .rev()
        .find(|&i| !text[lines[i].clone()].trim().is_empty());
    let after = (last + 1..(last + 1 + CONTEXT_REACH).min(lines.len()))
        .find(|&i| !text[lines[i].clone()].trim().is_empty());
    let top = after.unwrap_or(last) + 1;
    let w = top.to_string().len();
    let room = width.saturating_sub(w + 4 + 2).max(20);
    let blank = " ".repeat(w);
    let number = |n: usize| paint.wrap("2", &format!("{:>w$}", n + 1));
    let bar = "│";
    let dot = paint.wrap("2", "·");

    let span = f.span.expect("a snippet is for a finding with a span");
    s.push_str(&format!(
        "{blank}  {}\n",
        paint.wrap(
            "36",
            &format!("╭─[{}:{}:{}]", clean(&f.path), span.line, span.column)
        )
    ));
    if let Some(i) = before {
        let line = &text[lines[i].clone()];
        let from = tail_start(line, room);
        let lead = if from > 0 { "… " } else { "" };
        s.push_str(&format!(
            " {} {bar} {lead}{}\n",
            number(i),
            shown(&line[from..])
        ));
    }
    for (li, line_range) in lines.iter().enumerate().take(last + 1).skip(first) {
        let line = &text[line_range.clone()];
        let base = line_range.start;
        let local = start.max(base) - base..end.min(line_range.end).max(start.max(base)) - base;
        let rows = wrap_ranges(line, room);
        let touched: Vec<usize> = (0..rows.len())
            .filter(|&r| {
                let row = &rows[r];
                row.start < local.end && row.end > local.start
                    || local.is_empty() && row.start <= local.start && local.start <= row.end
            })
            .collect();
        let (t0, t1) = match (touched.first(), touched.last()) {
            (Some(&a), Some(&b)) => (a, b),
            _ => {
                let r = rows
                    .iter()
                    .position(|row| row.end >= local.start)
                    .unwrap_or(rows.len() - 1);
                (r, r)
            }
        };
        let (a, b) = if rows.len() <= WHOLE_ROWS {
            (0, rows.len() - 1)
        } else {
            (t0.saturating_sub(1), (t1 + 1).min(rows.len() - 1))
        };
        for r in a..=b {
            let row = rows[r].clone();
            let lead = if r == a && a > 0 { "… " } else { "" };
            let tail = if r == b && b + 1 < rows.len() {
                " …"
            } else {
                ""
            };
            let gutter = if r == a { number(li) } else { blank.clone() };
            s.push_str(&format!(
                " {gutter} {bar} {lead}{}{tail}\n",
                shown(&line[row.clone()])
            ));
            if r < t0 || r > t1 {
                continue;
            }
            // The part of the claim on this row.
            let from = local.start.clamp(row.start, row.end);
            let to = local.end.clamp(from, row.end);
            let col = width_of(lead) + width_of(&line[row.start..from]);
            let len = width_of(&line[from..to]).max(1);
            let labelled = r == t1 && li == last;
            let mut underline: String = "─".repeat(len);
            let mid = len / 2;
            if labelled {
                underline = (0..len).map(|i| if i == mid { '┬' } else { '─' }).collect();
            }
            s.push_str(&format!(
                " {blank} {dot} {}{}\n",
                " ".repeat(col),
                paint.wrap("1;35", &underline)
            ));
            if labelled {
                s.push_str(&format!(
                    " {blank} {dot} {}{}\n",
                    " ".repeat(col + mid),
                    paint.wrap("1;35", &format!("╰── {label}"))
                ));
            }
        }
    }
    if let Some(i) = after {
        let line = &text[lines[i].clone()];
        let rows = wrap_ranges(line, room);
        let r = rows.first().cloned().unwrap_or(0..0);
        let tail = if rows.len() > 1 { " …" } else { "" };
        s.push_str(&format!(" {} {bar} {}{tail}\n", number(i), shown(&line[r])));
    }
    s.push_str(&format!("{blank}  ╰────\n"));
}

/// The byte ranges of `text`'s lines, without their line breaks (`\n` or `\r\n`). Never empty.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n').trim_end_matches('\r');
        out.push(at..at + body.len());
        at += line.len();
    }
    if out.is_empty() || text.ends_with('\n') {
        out.push(text.len()..text.len());
    }
    out
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How a character of the copy is shown: tabs as a space, other control characters as U+FFFD.
fn shown_char(c: char) -> char {
    match c {
        '\t' => ' ',
        c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => '\u{FFFD}',
        c => c,
    }
}

fn shown(s: &str) -> String {
    s.chars().map(shown_char).collect()
}

fn char_width(c: char) -> usize {
    shown_char(c).width().unwrap_or(0)
}

fn width_of(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// `s` on one line and safe to print (see [`shown`]).
fn clean(s: &str) -> String {
    shown(&super::concise::one_line(s))
}

/// Where the end of `line` that fits in `room` columns (with an ellipsis before it) starts: 0
/// when the whole line fits, else the start of a word.
fn tail_start(line: &str, room: usize) -> usize {
    let line_end = line.trim_end().len();
    if width_of(&line[..line_end]) <= room {
        return 0;
    }
    let room = room.saturating_sub(2);
    let mut cols = 0;
    let mut start = line_end;
    for (i, c) in line[..line_end].char_indices().rev() {
        if c == ' ' && cols <= room {
            start = i + 1;
        }
        cols += char_width(c);
        if cols > room {
            break;
        }
    }
    if start == line_end {
        // One word longer than the room: its end.
        start = line_end;
        let mut cols = 0;
        for (i, c) in line[..line_end].char_indices().rev() {
            cols += char_width(c);
            if cols > room {
                break;
            }
            start = i;
        }
    }
    start
}

/// `s` cut to `room` columns, with an ellipsis when it was cut.
fn truncate(s: &str, room: usize) -> String {
    if width_of(s) <= room {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        w += char_width(c);
        if w + 1 > room {
            break;
        }
        out.push(c);
    }
    // Cut at a word when there is one to cut at.
    if let Some(space) = out.rfind(' ')
        && s[out.len()..].starts_with(|c: char| c != ' ')
    {
        out.truncate(space);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Splits `s` into rows of at most `width` columns, breaking at spaces; a word wider than a
/// row is broken where it must be. Returns byte ranges of `s`: the first row keeps the line's
/// indentation, the spaces at a break belong to no row. Never empty.
fn wrap_ranges(s: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row: Option<(usize, usize, usize)> = None; // start, end, columns
    let mut words = Vec::new();
    let mut word_start = None;
    for (i, c) in s.char_indices() {
        let space = c == ' ' || c == '\t';
        match (space, word_start) {
            (true, Some(ws)) => {
                words.push(ws..i);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(ws) = word_start {
        words.push(ws..s.len());
    }
    for (n, word) in words.into_iter().enumerate() {
        // The first word carries the indentation before it.
        let mut ws = if n == 0 { 0 } else { word.start };
        let we = word.end;
        if let Some((start, end, cols)) = row {
            let added = width_of(&s[end..we]);
            if cols + added <= width {
                row = Some((start, we, cols + added));
                continue;
            }
            rows.push(start..end);
        }
        let mut cols = width_of(&s[ws..we]);
        while cols > width {
            let mut w = 0;
            let mut split = ws;
            for (i, c) in s[ws..we].char_indices() {
                if w + char_width(c) > width && i > 0 {
                    break;
                }
                w += char_width(c);
                split = ws + i + c.len_utf8();
            }
            rows.push(ws..split);
            ws = split;
            cols = width_of(&s[ws..we]);
        }
        row = Some((ws, we, cols));
    }
    if let Some((start, end, _)) = row {
        rows.push(start..end);
    }
    if rows.is_empty() {
        rows.push(0..s.len());
    }
    rows
}

/// Appends `text` wrapped to `width` columns, the first row after `first`, the others after
/// `rest`.
fn push_wrapped(s: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    for (i, r) in wrap_ranges(text, width).into_iter().enumerate() {
        s.push_str(if i == 0 { first } else { rest });
        s.push_str(&text[r]);
        s.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(s: &str, width: usize) -> Vec<&str> {
        wrap_ranges(s, width).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn rows_break_at_spaces_and_keep_the_indentation() {
        assert_eq!(
            rows("  - one two three four", 10),
            ["  - one", "two three", "four"]
        );
        assert_eq!(rows("abcdefghij klm", 4), ["abcd", "efgh", "ij", "klm"]);
        assert_eq!(rows("", 10), [""]);
        // Wide characters take two columns.
        assert_eq!(rows("日本語 日本語", 7), ["日本語", "日本語"]);
    }

    #[test]
    fn the_tail_of_a_line_starts_at_a_word() {
        let line = "one two three four";
        assert_eq!(tail_start(line, 30), 0);
        assert_eq!(&line[tail_start(line, 12)..], "three four");
        let word = "abcdefghijkl";
        assert_eq!(&word[tail_start(word, 6)..], "ijkl");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a title that goes on", 10), "a title…");
    }

    #[test]
    fn lines_without_their_breaks() {
        assert_eq!(line_ranges("a\r\nbc\n"), [0..1, 3..5, 6..6]);
        assert_eq!(line_ranges("a"), vec![(0..1)]);
    }
}
