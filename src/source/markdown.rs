//! Markdown → prose blocks, through pulldown-cmark's offset iterator.
//!
//! Prose: paragraphs, headings, list items, block quotes, table cells, link text, image alt text
//! and footnote definitions. Never prose: code blocks, inline code, HTML, link targets, URLs.
//! Link targets, footnote references and `<sup>` markers are recorded as evidence facts.

use super::prose::{BlockKind, ProseBuilder};
use super::{Facts, FootnoteDef, FootnoteRef, Link, push_text};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
enum Container {
    Heading(u8),
    Item(Option<u64>),
    TableCell,
    Quote,
    Footnote(String),
    Other,
}

struct State {
    stack: Vec<Container>,
    /// Next number of each open list (`None` for bullet lists).
    lists: Vec<Option<u64>>,
    in_code: usize,
    in_image: bool,
    /// Inside an autolink, whose text is the URL itself.
    skip_text: usize,
    /// Inside `<sup>…</sup>`: the text is a citation marker, not prose.
    sup_start: Option<usize>,
    footnote_start: Option<(String, usize)>,
}

impl State {
    fn kind(&self) -> (BlockKind, bool) {
        let quoted = self.stack.iter().any(|c| matches!(c, Container::Quote));
        if self.in_image {
            return (BlockKind::ImageAlt, quoted);
        }
        for c in self.stack.iter().rev() {
            match c {
                Container::Heading(level) => return (BlockKind::Heading { level: *level }, quoted),
                Container::TableCell => return (BlockKind::TableCell, quoted),
                Container::Item(n) => return (BlockKind::ListItem { number: *n }, quoted),
                Container::Footnote(label) => {
                    return (
                        BlockKind::FootnoteDefinition {
                            label: label.clone(),
                        },
                        quoted,
                    );
                }
                Container::Quote | Container::Other => {}
            }
        }
        (BlockKind::Paragraph, quoted)
    }
}

fn end_block(b: &mut ProseBuilder, st: &State) {
    let (kind, quoted) = st.kind();
    b.end_block(kind, quoted);
}

/// The MDX comments (`{/* … */}`) in `md`.
fn mdx_comments(md: &str) -> Vec<Range<usize>> {
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{[ \t]*/\*(?s:.*?)\*/[ \t]*\}").unwrap());
    if !md.contains("/*") {
        return Vec::new();
    }
    COMMENT.find_iter(md).map(|m| m.range()).collect()
}

/// `md` with each of `ranges` written as spaces (line breaks kept), so offsets do not move.
fn blank<'a>(md: &'a str, ranges: &[Range<usize>]) -> std::borrow::Cow<'a, str> {
    if ranges.is_empty() {
        return std::borrow::Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&md[at..r.start]);
        out.extend(md[r.clone()].chars().flat_map(|c| {
            let keep = if c == '\n' { '\n' } else { ' ' };
            std::iter::repeat_n(keep, if c == '\n' { 1 } else { c.len_utf8() })
        }));
        at = r.end;
    }
    out.push_str(&md[at..]);
    std::borrow::Cow::Owned(out)
}

/// Reads the Markdown in `src[body]` (the file minus any front matter).
pub fn read(src: &str, body: Range<usize>, b: &mut ProseBuilder, facts: &mut Facts) {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let base = body.start;
    let source = &src[body];
    // MDX comments (`{/* … */}`) are not rendered: they are read as blanks, and those that
    // hold a `medlint-…` directive are directives, as HTML comments are.
    let mut comments = mdx_comments(source);
    if !comments.is_empty() {
        // Code shows comments, it does not hold them.
        let code: Vec<Range<usize>> = Parser::new_ext(source, opts)
            .into_offset_iter()
            .filter_map(|(e, r)| match e {
                Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(r),
                _ => None,
            })
            .collect();
        comments.retain(|c| !code.iter().any(|k| k.start < c.end && c.start < k.end));
    }
    for c in &comments {
        if source[c.clone()].contains("medlint-") {
            facts.directives.push(c.start + base..c.end + base);
        }
    }
    let blanked = blank(source, &comments);
    let md: &str = &blanked;
    let mut st = State {
        stack: Vec::new(),
        lists: Vec::new(),
        in_code: 0,
        in_image: false,
        skip_text: 0,
        sup_start: None,
        footnote_start: None,
    };
    for (event, r) in Parser::new_ext(md, opts).into_offset_iter() {
        let range = r.start + base..r.end + base;
        match event {
            Event::Start(tag) => start_tag(tag, range, b, &mut st, facts),
            Event::End(tag) => end_tag(tag, range, b, &mut st, facts),
            Event::Text(t) => {
                if st.in_code > 0 || st.skip_text > 0 {
                    continue;
                }
                if st.sup_start.is_some() {
                    continue;
                }
                if &md[r.clone()] == t.as_ref() {
                    // The source's own text, around any comment blanked in it.
                    let mut at = range.start;
                    for c in comments
                        .iter()
                        .filter(|c| c.start < r.end && c.end > r.start)
                    {
                        let (start, end) = (c.start.max(r.start) + base, c.end.min(r.end) + base);
                        if start > at {
                            push_text(src, at..start, b, facts);
                        }
                        b.push_space(start);
                        at = end;
                    }
                    if at < range.end {
                        push_text(src, at..range.end, b, facts);
                    }
                } else {
                    b.push_decoded(&t, range);
                }
            }
            Event::Code(_) => b.push_space(range.start),
            Event::InlineHtml(html) => inline_html(&html, range, b, &mut st, facts),
            Event::Html(html) => {
                if st.in_code == 0 && html.contains("medlint-") {
                    facts.directives.push(range);
                }
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => {}
            Event::SoftBreak | Event::HardBreak => b.push_space(range.start),
            Event::FootnoteReference(label) => facts.footnote_refs.push(FootnoteRef {
                range,
                label: label.to_string(),
            }),
            Event::Rule => end_block(b, &st),
            Event::TaskListMarker(_) => {}
        }
    }
    end_block(b, &st);
}

fn start_tag(
    tag: Tag,
    range: Range<usize>,
    b: &mut ProseBuilder,
    st: &mut State,
    facts: &mut Facts,
) {
    match tag {
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
        Tag::Link {
            link_type,
            dest_url,
            ..
        } => {
            facts.links.push(Link {
                range,
                url: dest_url.to_string(),
            });
            if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                st.skip_text += 1;
            }
        }
        Tag::Image { .. } => {
            end_block(b, st);
            st.in_image = true;
        }
        Tag::CodeBlock(_) => {
            end_block(b, st);
            st.in_code += 1;
        }
        Tag::Heading { level, .. } => {
            end_block(b, st);
            st.stack.push(Container::Heading(level as u8));
        }
        Tag::Item => {
            end_block(b, st);
            let number = st.lists.last_mut().and_then(|n| {
                let current = *n;
                if let Some(v) = n.as_mut() {
                    *v += 1;
                }
                current
            });
            st.stack.push(Container::Item(number));
        }
        Tag::List(start) => {
            end_block(b, st);
            st.lists.push(start);
            st.stack.push(Container::Other);
        }
        Tag::TableCell => {
            end_block(b, st);
            st.stack.push(Container::TableCell);
        }
        Tag::BlockQuote(_) => {
            end_block(b, st);
            st.stack.push(Container::Quote);
        }
        Tag::FootnoteDefinition(label) => {
            end_block(b, st);
            st.footnote_start = Some((label.to_string(), range.start));
            st.stack.push(Container::Footnote(label.to_string()));
        }
        _ => {
            end_block(b, st);
            st.stack.push(Container::Other);
        }
    }
}

fn end_tag(
    tag: TagEnd,
    range: Range<usize>,
    b: &mut ProseBuilder,
    st: &mut State,
    facts: &mut Facts,
) {
    match tag {
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Superscript
        | TagEnd::Subscript => {}
        TagEnd::Link => {
            if st.skip_text > 0 && facts.links.last().is_some_and(|l| l.range == range) {
                st.skip_text -= 1;
            }
        }
        TagEnd::Image => {
            end_block(b, st);
            st.in_image = false;
        }
        TagEnd::CodeBlock => {
            st.in_code = st.in_code.saturating_sub(1);
        }
        TagEnd::List(_) => {
            end_block(b, st);
            st.lists.pop();
            st.stack.pop();
        }
        TagEnd::FootnoteDefinition => {
            end_block(b, st);
            if let Some((label, start)) = st.footnote_start.take() {
                facts.footnote_defs.push(FootnoteDef {
                    label,
                    range: start..range.end,
                });
            }
            st.stack.pop();
        }
        _ => {
            end_block(b, st);
            st.stack.pop();
        }
    }
}

fn inline_html(
    html: &str,
    range: Range<usize>,
    b: &mut ProseBuilder,
    st: &mut State,
    facts: &mut Facts,
) {
    if html.contains("medlint-") && html.trim_start().starts_with("<!--") {
        facts.directives.push(range.clone());
    }
    let tag = html.trim().to_ascii_lowercase();
    if tag.starts_with("<sup") {
        st.sup_start = Some(range.end);
    } else if tag.starts_with("</sup") {
        if let Some(start) = st.sup_start.take() {
            let label = facts_text(b, start..range.start);
            if !label.is_empty() {
                facts.footnote_refs.push(FootnoteRef {
                    range: start..range.start,
                    label,
                });
            }
        }
    } else if tag.starts_with("<br") || tag.starts_with("<p") || tag.starts_with("</p") {
        b.push_space(range.start);
    }
}

/// The marker text between `<sup>` and `</sup>`, trimmed.
fn facts_text(b: &ProseBuilder, range: Range<usize>) -> String {
    b.source()[range]
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string()
}
