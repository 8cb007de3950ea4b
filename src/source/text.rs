//! Plain text → prose blocks.
//!
//! Blank lines separate paragraphs. Inside a paragraph two layouts are common and are told apart
//! by line length: hard-wrapped prose (every line short, breaks are soft) and copy pasted from
//! the web with one paragraph, heading or bullet per line (some lines long). List markers and
//! `#` heading markers are not prose; short unpunctuated lines are headings.

use super::prose::{BlockKind, ProseBuilder};
use super::{Facts, push_text};
use std::ops::Range;

/// Lines longer than this (in characters) mean the paragraph is not hard-wrapped.
const WRAP_WIDTH: usize = 100;
/// A line shorter than this never wrapped on its own.
const MIN_WRAPPED: usize = 50;
/// A heading-like line is at most this long.
const HEADING_MAX: usize = 90;

struct Line {
    /// Content range, without the list or heading marker and surrounding whitespace.
    content: Range<usize>,
    chars: usize,
    list: Option<Option<u64>>,
    heading: Option<u8>,
}

pub fn read(src: &str, body: Range<usize>, b: &mut ProseBuilder, facts: &mut Facts) {
    let mut paragraph: Vec<Line> = Vec::new();
    let mut pos = body.start;
    while pos < body.end {
        let end = src[pos..body.end].find('\n').map_or(body.end, |i| pos + i);
        let raw = &src[pos..end];
        if raw.trim().is_empty() {
            flush(src, &mut paragraph, b, facts);
        } else if is_directive_line(raw) {
            // `medlint-disable-next-line MED101 -- reason` on a line of its own: not prose.
            flush(src, &mut paragraph, b, facts);
            facts.directives.push(pos..end);
        } else {
            paragraph.push(analyse(src, pos..end));
        }
        pos = end + 1;
    }
    flush(src, &mut paragraph, b, facts);
}

/// A line holding only a medlint directive, bare or in a comment (`<!-- -->`, `#`, `//`).
fn is_directive_line(raw: &str) -> bool {
    let t = raw
        .trim_start()
        .trim_start_matches("<!--")
        .trim_start_matches('#')
        .trim_start_matches("//")
        .trim_start();
    t.starts_with("medlint-disable") || t.starts_with("medlint-enable")
}

fn analyse(src: &str, range: Range<usize>) -> Line {
    let raw = &src[range.clone()];
    let trimmed = raw.trim_start();
    let mut start = range.start + (raw.len() - trimmed.len());
    let mut list = None;
    let mut heading = None;
    if let Some((marker_len, number)) = list_marker(trimmed) {
        list = Some(number);
        start += marker_len;
    } else if let Some(level) = atx_heading(trimmed) {
        heading = Some(level);
        start += level as usize;
        start += src[start..range.end].len() - src[start..range.end].trim_start().len();
    }
    let content_text = src[start..range.end].trim_end();
    let content = start..start + content_text.len();
    Line {
        chars: content_text.chars().count(),
        content,
        list,
        heading,
    }
}

/// `- `, `* `, `• `, `1. `, `2) ` and similar; returns (marker length with spaces, number).
fn list_marker(line: &str) -> Option<(usize, Option<u64>)> {
    let first = line.chars().next()?;
    let (len, number) = if matches!(
        first,
        '-' | '*'
            | '+'
            | '•'
            | '·'
            | '▪'
            | '◦'
            | '‣'
            | '●'
            | '○'
            | '■'
            | '□'
            | '➢'
            | '➤'
            | '✓'
            | '✔'
    ) {
        (first.len_utf8(), None)
    } else {
        let inner = line.strip_prefix('(').unwrap_or(line);
        let paren = line.len() - inner.len();
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        let after = inner.as_bytes().get(digits)?;
        if *after != b'.' && *after != b')' {
            return None;
        }
        (paren + digits + 1, inner[..digits].parse().ok())
    };
    let rest = &line[len..];
    let ws = rest.len() - rest.trim_start().len();
    if ws == 0 || rest.trim().is_empty() {
        return None;
    }
    Some((len + ws, number))
}

fn atx_heading(line: &str) -> Option<u8> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
        Some(hashes as u8)
    } else {
        None
    }
}

/// "Total THC: 0.21%", "Moisture: 6.2%": a short label, a colon and a value.
fn is_label_line(src: &str, line: &Line) -> bool {
    let text = &src[line.content.clone()];
    text.split_once(": ").is_some_and(|(label, value)| {
        !label.is_empty()
            && label.split_whitespace().count() <= 4
            && label.chars().next().is_some_and(char::is_uppercase)
            && value.split_whitespace().count() <= 8
    })
}

fn heading_like(src: &str, line: &Line) -> bool {
    let text = &src[line.content.clone()];
    let Some(last) = text.chars().last() else {
        return false;
    };
    line.list.is_none()
        && line.chars <= HEADING_MAX
        && !matches!(
            last,
            '.' | '!' | ',' | ';' | ':' | '…' | '"' | '\'' | '”' | '’' | ')'
        )
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn flush(src: &str, paragraph: &mut Vec<Line>, b: &mut ProseBuilder, facts: &mut Facts) {
    if paragraph.is_empty() {
        return;
    }
    let hard_wrapped = paragraph.len() > 1
        && paragraph
            .iter()
            .all(|l| l.chars <= WRAP_WIDTH && l.heading.is_none());
    let max = paragraph.iter().map(|l| l.chars).max().unwrap_or(0);
    let mut current: Option<BlockKind> = None;
    let count = paragraph.len();
    for (i, line) in paragraph.iter().enumerate() {
        let next_is_item = paragraph.get(i + 1).is_some_and(|n| n.list.is_some());
        // In hard-wrapped text a line much shorter than the others, or one before a list
        // item, ends its block.
        // A line that did not reach the wrap width, or reads as "Label: value", was broken on
        // purpose.
        let wrapped = line.chars >= MIN_WRAPPED && line.chars * 10 >= max * 6;
        let ends_block =
            !hard_wrapped || i + 1 == count || next_is_item || !wrapped || is_label_line(src, line);
        let starts_block = current.is_none() || !hard_wrapped || line.list.is_some();
        if starts_block {
            if let Some(kind) = current.take() {
                b.end_block(kind, false);
            }
            current = Some(if let Some(number) = line.list {
                BlockKind::ListItem { number }
            } else if let Some(level) = line.heading {
                BlockKind::Heading { level }
            } else if ends_block && heading_like(src, line) {
                BlockKind::Heading { level: 2 }
            } else {
                BlockKind::Paragraph
            });
        } else {
            b.push_space(line.content.start);
        }
        push_text(src, line.content.clone(), b, facts);
        if ends_block && let Some(kind) = current.take() {
            b.end_block(kind, false);
        }
    }
    if let Some(kind) = current.take() {
        b.end_block(kind, false);
    }
    paragraph.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::prose::ProseBuilder;

    fn blocks(src: &str) -> Vec<(String, BlockKind)> {
        let mut b = ProseBuilder::new(src);
        let mut facts = Facts::default();
        read(src, 0..src.len(), &mut b, &mut facts);
        let p = b.finish();
        p.blocks
            .iter()
            .map(|bl| (p.text[bl.range.clone()].to_string(), bl.kind.clone()))
            .collect()
    }

    #[test]
    fn one_paragraph_per_line() {
        let long = "x".repeat(120);
        let src = format!("Intro heading\n{long}\nShort answer here.\n- bullet one\n2. second\n");
        let got = blocks(&src);
        assert_eq!(got.len(), 5);
        assert_eq!(
            got[0],
            ("Intro heading".into(), BlockKind::Heading { level: 2 })
        );
        assert_eq!(got[1].1, BlockKind::Paragraph);
        assert_eq!(got[2], ("Short answer here.".into(), BlockKind::Paragraph));
        assert_eq!(
            got[3],
            ("bullet one".into(), BlockKind::ListItem { number: None })
        );
        assert_eq!(
            got[4],
            ("second".into(), BlockKind::ListItem { number: Some(2) })
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_join() {
        let src = "Ketamine is an anesthetic that some clinics now offer for\ndepression, which is an off-label use of the drug in the US.\n\nNext paragraph.";
        let got = blocks(src);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].0,
            "Ketamine is an anesthetic that some clinics now offer for depression, which is an off-label use of the drug in the US."
        );
    }

    #[test]
    fn short_line_in_wrapped_text_is_a_heading() {
        let src = "Side effects\nKetamine can cause dissociation, nausea and a rise in blood\npressure, which staff monitor during each session today.";
        let got = blocks(src);
        assert_eq!(
            got[0],
            ("Side effects".into(), BlockKind::Heading { level: 2 })
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn label_lines_are_blocks_of_their_own() {
        let got = blocks(
            "Total CBD: 1,512 mg per 30 mL bottle (50.4 mg/mL)\nTotal THC: 0.21% (below the 0.3% federal limit)\nCBG: 1.1%\nMoisture: 6.2%",
        );
        assert_eq!(got.len(), 4);
        assert_eq!(got[2].0, "CBG: 1.1%");
    }

    #[test]
    fn atx_markers_and_bullets_are_not_prose() {
        let got = blocks("## Pricing\n\n  •\tFirst infusion\n");
        assert_eq!(got[0], ("Pricing".into(), BlockKind::Heading { level: 2 }));
        assert_eq!(
            got[1],
            (
                "First infusion".into(),
                BlockKind::ListItem { number: None }
            )
        );
    }

    #[test]
    fn urls_are_not_prose() {
        let got = blocks("See https://example.com/a?b=1. for more.");
        assert_eq!(got[0].0, "See . for more.");
    }
}
