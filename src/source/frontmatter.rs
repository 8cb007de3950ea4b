//! YAML (`---`) and TOML (`+++`) front matter: where it ends, and the exact source ranges of
//! the values of its copy fields.
//!
//! Only top-level scalar fields are read. The YAML reader is deliberately small — plain,
//! single-quoted, double-quoted and block (`|`, `>`) scalars — because all it must do is find
//! the value of a handful of copy fields; everything else is skipped, never linted.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterKind {
    Yaml,
    Toml,
}

/// One piece of a field value: either a verbatim source range or a decoded escape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Source(Range<usize>),
    /// Decoded text standing for a source range (an escape such as `\"` or `''`).
    Decoded(String, Range<usize>),
    /// A line break inside the value (folded to a space).
    Break(usize),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    /// The range of the whole value in the source (inside quotes where there are quotes).
    pub value: Range<usize>,
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub kind: FrontMatterKind,
    /// The whole block, fences included.
    pub range: Range<usize>,
    /// Every top-level scalar field, copy field or not.
    pub fields: Vec<Field>,
}

impl FrontMatter {
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Finds front matter at the top of `text` (after an optional BOM).
pub fn parse(text: &str) -> Option<FrontMatter> {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let fence = text[start..first_line_end].trim_end();
    let kind = match fence {
        "---" => FrontMatterKind::Yaml,
        "+++" => FrontMatterKind::Toml,
        _ => return None,
    };
    if first_line_end >= text.len() {
        return None;
    }
    let body_start = first_line_end + 1;
    // Find the closing fence line.
    let mut pos = body_start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end();
        let closes = match kind {
            FrontMatterKind::Yaml => line == "---" || line == "...",
            FrontMatterKind::Toml => line == "+++",
        };
        if closes {
            let end = (line_end + 1).min(text.len());
            let body = body_start..pos;
            let fields = match kind {
                FrontMatterKind::Yaml => yaml_fields(text, body),
                FrontMatterKind::Toml => toml_fields(text, body),
            };
            return Some(FrontMatter {
                kind,
                range: start..end,
                fields,
            });
        }
        pos = line_end + 1;
    }
    None
}

/// Lines of `range` as (start, end-without-newline) pairs.
fn lines(text: &str, range: Range<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = range.start;
    while pos < range.end {
        let end = text[pos..range.end]
            .find('\n')
            .map_or(range.end, |i| pos + i);
        let trimmed_end = if end > pos && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        out.push((pos, trimmed_end));
        pos = end + 1;
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

fn yaml_fields(text: &str, body: Range<usize>) -> Vec<Field> {
    let lines = lines(text, body);
    let mut fields = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (ls, le) = lines[i];
        let line = &text[ls..le];
        i += 1;
        if line.is_empty() || indent_of(line) > 0 || line.starts_with('#') || line.starts_with('-')
        {
            continue;
        }
        let Some((key, after_colon)) = yaml_key(line) else {
            continue;
        };
        let value_start = ls + after_colon;
        let rest = &text[value_start..le];
        let lead = rest.len() - rest.trim_start().len();
        let vstart = value_start + lead;
        let v = &text[vstart..le];
        // Continuation lines: everything indented until the next top-level line.
        let mut cont_end = i;
        while cont_end < lines.len() {
            let (cs, ce) = lines[cont_end];
            let l = &text[cs..ce];
            if !l.trim().is_empty() && indent_of(l) == 0 {
                break;
            }
            cont_end += 1;
        }
        let continuation = &lines[i..cont_end];
        let parsed = if v.starts_with('"') {
            double_quoted(text, vstart, &lines[i - 1..cont_end], le)
        } else if v.starts_with('\'') {
            single_quoted(text, vstart, &lines[i - 1..cont_end], le)
        } else if v.starts_with('|') || v.starts_with('>') {
            block_scalar(text, continuation)
        } else if v.starts_with('[')
            || v.starts_with('{')
            || v.starts_with('&')
            || v.starts_with('*')
            || v.starts_with('!')
        {
            None
        } else if v.trim().is_empty() || v.starts_with('#') {
            // A nested map, a list, or an empty value: not a copy scalar.
            None
        } else {
            plain_scalar(text, vstart, le, continuation)
        };
        i = cont_end;
        if let Some((value, pieces)) = parsed {
            fields.push(Field {
                key: key.to_string(),
                value,
                pieces,
            });
        }
    }
    fields
}

/// `key: rest` → (key, offset of the byte after the colon).
fn yaml_key(line: &str) -> Option<(&str, usize)> {
    if let Some(q) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = line[1..].find(q)? + 1;
        let after = &line[close + 1..];
        if !after.starts_with(':') {
            return None;
        }
        return Some((&line[1..close], close + 2));
    }
    let colon = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(|l| l.len()))?;
    let key = &line[..colon];
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return None;
    }
    Some((key, colon + 1))
}

type Parsed = Option<(Range<usize>, Vec<Piece>)>;

fn plain_scalar(text: &str, vstart: usize, le: usize, continuation: &[(usize, usize)]) -> Parsed {
    let mut pieces = Vec::new();
    let first = strip_comment(&text[vstart..le]).trim_end();
    pieces.push(Piece::Source(vstart..vstart + first.len()));
    let mut end = vstart + first.len();
    for &(cs, ce) in continuation {
        let l = &text[cs..ce];
        if l.trim().is_empty() {
            continue;
        }
        let content = strip_comment(l.trim_start()).trim_end();
        let s = cs + indent_of(l);
        pieces.push(Piece::Break(end));
        pieces.push(Piece::Source(s..s + content.len()));
        end = s + content.len();
    }
    Some((vstart..end, pieces))
}

fn strip_comment(s: &str) -> &str {
    match s.find(" #") {
        Some(i) => &s[..i],
        None => s,
    }
}

/// A double-quoted scalar starting at `vstart` (the quote), possibly spanning lines.
fn double_quoted(text: &str, vstart: usize, lines: &[(usize, usize)], _le: usize) -> Parsed {
    let limit = lines.last().map_or(text.len(), |l| l.1);
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut i = vstart + 1;
    let mut run_start = i;
    while i < limit {
        match bytes[i] {
            b'"' => {
                if run_start < i {
                    push_lines(text, run_start..i, &mut pieces);
                }
                return Some((vstart + 1..i, pieces));
            }
            b'\\' if i + 1 < limit => {
                if run_start < i {
                    push_lines(text, run_start..i, &mut pieces);
                }
                let esc = bytes[i + 1];
                let (decoded, len) = match esc {
                    b'n' | b't' | b'r' | b' ' => (" ".to_string(), 2),
                    b'"' => ("\"".to_string(), 2),
                    b'\\' => ("\\".to_string(), 2),
                    b'/' => ("/".to_string(), 2),
                    b'u' if i + 6 <= limit => {
                        let hex = &text[i + 2..i + 6];
                        let c = u32::from_str_radix(hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{FFFD}');
                        (c.to_string(), 6)
                    }
                    _ => {
                        let c = text[i + 1..].chars().next().unwrap_or(' ');
                        (c.to_string(), 1 + c.len_utf8())
                    }
                };
                pieces.push(Piece::Decoded(decoded, i..i + len));
                i += len;
                run_start = i;
            }
            _ => i += 1,
        }
    }
    None
}

/// A single-quoted scalar starting at `vstart`; `''` stands for one quote.
fn single_quoted(text: &str, vstart: usize, lines: &[(usize, usize)], _le: usize) -> Parsed {
    let limit = lines.last().map_or(text.len(), |l| l.1);
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut i = vstart + 1;
    let mut run_start = i;
    while i < limit {
        if bytes[i] == b'\'' {
            if i + 1 < limit && bytes[i + 1] == b'\'' {
                if run_start < i {
                    push_lines(text, run_start..i, &mut pieces);
                }
                pieces.push(Piece::Decoded("'".into(), i..i + 2));
                i += 2;
                run_start = i;
                continue;
            }
            if run_start < i {
                push_lines(text, run_start..i, &mut pieces);
            }
            return Some((vstart + 1..i, pieces));
        }
        i += 1;
    }
    None
}

/// Pushes a range that may contain line breaks: indentation is dropped, breaks fold.
fn push_lines(text: &str, range: Range<usize>, pieces: &mut Vec<Piece>) {
    let mut pos = range.start;
    for (n, part) in text[range.clone()].split('\n').enumerate() {
        if n > 0 {
            pieces.push(Piece::Break(pos - 1));
        }
        // A continuation line's indentation folds away; spaces within a line are copy.
        let trimmed = if n > 0 {
            part.trim_start_matches([' ', '\t'])
        } else {
            part
        };
        let s = pos + (part.len() - trimmed.len());
        let content = trimmed.trim_end_matches('\r');
        if !content.is_empty() {
            pieces.push(Piece::Source(s..s + content.len()));
        }
        pos += part.len() + 1;
    }
}

fn block_scalar(text: &str, continuation: &[(usize, usize)]) -> Parsed {
    let mut pieces = Vec::new();
    let mut first = None;
    let mut end = 0;
    for &(cs, ce) in continuation {
        let l = &text[cs..ce];
        if l.trim().is_empty() {
            continue;
        }
        let s = cs + indent_of(l);
        let e = cs + l.trim_end().len();
        if first.is_some() {
            pieces.push(Piece::Break(end));
        }
        first.get_or_insert(s);
        pieces.push(Piece::Source(s..e));
        end = e;
    }
    first.map(|f| (f..end, pieces))
}

fn toml_fields(text: &str, body: Range<usize>) -> Vec<Field> {
    let src = &text[body.clone()];
    let Ok(table) = toml::de::DeTable::parse(src) else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    for (key, value) in table.get_ref().iter() {
        let Some(_) = value.get_ref().as_str() else {
            continue;
        };
        let span = value.span();
        let raw = &src[span.clone()];
        let abs = body.start + span.start;
        let (open, basic) = if raw.starts_with("\"\"\"") {
            (3, true)
        } else if raw.starts_with("'''") {
            (3, false)
        } else if raw.starts_with('"') {
            (1, true)
        } else if raw.starts_with('\'') {
            (1, false)
        } else {
            continue;
        };
        if raw.len() < 2 * open {
            continue;
        }
        let mut inner = abs + open..abs + raw.len() - open;
        if open == 3 && text[inner.clone()].starts_with('\n') {
            inner.start += 1;
        } else if open == 3 && text[inner.clone()].starts_with("\r\n") {
            inner.start += 2;
        }
        let mut pieces = Vec::new();
        if basic {
            toml_basic_pieces(text, inner.clone(), &mut pieces);
        } else {
            push_lines(text, inner.clone(), &mut pieces);
        }
        fields.push(Field {
            key: key.get_ref().to_string(),
            value: inner,
            pieces,
        });
    }
    fields.sort_by_key(|f| f.value.start);
    fields
}

fn toml_basic_pieces(text: &str, range: Range<usize>, pieces: &mut Vec<Piece>) {
    let bytes = text.as_bytes();
    let mut i = range.start;
    let mut run = i;
    while i < range.end {
        if bytes[i] == b'\\' && i + 1 < range.end {
            if run < i {
                push_lines(text, run..i, pieces);
            }
            let (decoded, len) = match bytes[i + 1] {
                b'"' => ("\"".to_string(), 2),
                b'\\' => ("\\".to_string(), 2),
                b'n' | b't' | b'r' => (" ".to_string(), 2),
                b'u' if i + 6 <= range.end => (
                    u32::from_str_radix(&text[i + 2..i + 6], 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{FFFD}')
                        .to_string(),
                    6,
                ),
                _ => (" ".to_string(), 2),
            };
            pieces.push(Piece::Decoded(decoded, i..i + len));
            i += len;
            run = i;
        } else {
            i += 1;
        }
    }
    if run < range.end {
        push_lines(text, run..range.end, pieces);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(text: &'a str, fm: &FrontMatter, key: &str) -> &'a str {
        &text[fm.field(key).unwrap().value.clone()]
    }

    #[test]
    fn yaml_scalars() {
        let text = "---\ntitle: \"Quoted \\\"title\\\"\"\nexcerpt: Plain value # comment\nsummary: 'it''s'\nwordCount: 2800\nschema:\n  type: \"Article\"\ndescription: >\n  Folded line one\n  and two\ntags: [\"a\", \"b\"]\n---\n# Body\n";
        let fm = parse(text).unwrap();
        assert_eq!(fm.kind, FrontMatterKind::Yaml);
        assert_eq!(value(text, &fm, "title"), "Quoted \\\"title\\\"");
        assert_eq!(value(text, &fm, "excerpt"), "Plain value");
        assert_eq!(value(text, &fm, "summary"), "it''s");
        assert_eq!(value(text, &fm, "wordCount"), "2800");
        assert_eq!(
            value(text, &fm, "description"),
            "Folded line one\n  and two"
        );
        assert!(fm.field("type").is_none());
        assert!(fm.field("tags").is_none());
        assert!(fm.field("schema").is_none());
        assert_eq!(&text[fm.range.end..], "# Body\n");
    }

    #[test]
    fn yaml_double_quoted_pieces_decode_escapes() {
        let text = "---\ntitle: \"A \\\"B\\\"\"\n---\n";
        let fm = parse(text).unwrap();
        let f = fm.field("title").unwrap();
        assert_eq!(
            f.pieces,
            vec![
                Piece::Source(12..14),
                Piece::Decoded("\"".into(), 14..16),
                Piece::Source(16..17),
                Piece::Decoded("\"".into(), 17..19),
            ]
        );
    }

    #[test]
    fn a_space_after_an_escape_is_kept() {
        let text = "---\ntitle: \"Calm \\\"care\\\" at home\"\n---\n";
        let fm = parse(text).unwrap();
        let f = fm.field("title").unwrap();
        let joined: String = f
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Source(r) => &text[r.clone()],
                Piece::Decoded(d, _) => d.as_str(),
                Piece::Break(_) => " ",
            })
            .collect();
        assert_eq!(joined, "Calm \"care\" at home");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Sleep \\\"better\\\"\"\nprice = 39\ndescription = '''\nTwo lines\nof copy'''\n+++\nBody";
        let fm = parse(text).unwrap();
        assert_eq!(fm.kind, FrontMatterKind::Toml);
        assert_eq!(value(text, &fm, "title"), "Sleep \\\"better\\\"");
        assert_eq!(value(text, &fm, "description"), "Two lines\nof copy");
        assert!(fm.field("price").is_none());
        assert_eq!(&text[fm.range.end..], "Body");
    }

    #[test]
    fn no_front_matter_without_closing_fence() {
        assert!(parse("---\ntitle: x\n").is_none());
        assert!(parse("Hello\n---\n").is_none());
    }

    #[test]
    fn bom_and_crlf() {
        let text = "\u{FEFF}---\r\ntitle: Hi there\r\n---\r\nBody";
        let fm = parse(text).unwrap();
        assert_eq!(value(text, &fm, "title"), "Hi there");
    }
}
