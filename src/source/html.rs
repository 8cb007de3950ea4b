//! HTML → prose blocks, with exact spans into the original bytes.
//!
//! html5gum tokenizes the file and reports the source span of every token; this reader keeps
//! text nodes and `alt`/`title` attributes (and the page title and meta descriptions) as prose,
//! decodes entities itself so that each decoded character maps back to its entity, and skips
//! `script`, `style`, `code`, `pre`, `noscript`, `template` and comments (which may still carry
//! medlint directives). Block elements separate sentences. `<a href>`, `<sup>`, `<cite>` and
//! reference lists feed the evidence index.

use super::prose::{BlockKind, ProseBuilder};
use super::{Facts, FootnoteRef, Link, push_text};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::ops::Range;

/// Elements whose content is never prose.
const SKIP: &[&str] = &[
    "script", "style", "code", "pre", "noscript", "template", "svg", "math", "textarea", "select",
    "iframe", "object", "kbd", "samp", "var",
];

/// Elements that start and end a block of prose.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "address",
    "details",
    "summary",
    "hr",
    "body",
    "html",
    "head",
    "title",
    "label",
    "button",
    "option",
    "center",
    "hgroup",
    "dialog",
    "menu",
];

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Looks up an attribute of the current tag: its decoded value and the source range of the
/// raw value.
type AttributeLookup<'a> = dyn Fn(&str) -> Option<(String, Range<usize>)> + 'a;

struct Open {
    name: String,
    /// Where the element starts (its start tag).
    start: usize,
    href: Option<String>,
}

struct State<'s> {
    src: &'s str,
    stack: Vec<Open>,
    /// Next number of each open `<ol>` (`None` for `<ul>`).
    lists: Vec<Option<u64>>,
    current_item: Option<u64>,
    skip_depth: usize,
    sup_start: Option<usize>,
    /// The text inside `<sup>`: a citation marker, and where it is.
    sup_text: String,
    sup_text_range: Option<Range<usize>>,
    cite_start: Option<usize>,
}

impl State<'_> {
    fn open(&self, name: &str) -> bool {
        self.stack.iter().any(|o| o.name == name)
    }

    fn kind(&self) -> (BlockKind, bool) {
        let quoted = self.open("blockquote");
        for o in self.stack.iter().rev() {
            match o.name.as_str() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let level = o.name[1..].parse().unwrap_or(2);
                    return (BlockKind::Heading { level }, quoted);
                }
                "title" => return (BlockKind::Heading { level: 1 }, quoted),
                "td" | "th" => return (BlockKind::TableCell, quoted),
                "li" => {
                    return (
                        BlockKind::ListItem {
                            number: self.current_item,
                        },
                        quoted,
                    );
                }
                _ => {}
            }
        }
        (BlockKind::Paragraph, quoted)
    }
}

fn end_block(b: &mut ProseBuilder, st: &State) {
    let (kind, quoted) = st.kind();
    b.end_block(kind, quoted);
}

/// Reads the HTML in `src[body]`.
pub fn read(src: &str, body: Range<usize>, b: &mut ProseBuilder, facts: &mut Facts) {
    let base = body.start;
    let html = &src[body];
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut st = State {
        src,
        stack: Vec::new(),
        lists: Vec::new(),
        current_item: None,
        skip_depth: 0,
        sup_start: None,
        sup_text: String::new(),
        sup_text_range: None,
        cite_start: None,
    };
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let span = tag.span.start + base..tag.span.end + base;
                let attr = |key: &str| -> Option<(String, Range<usize>)> {
                    let v = tag.attributes.get(key.as_bytes())?;
                    let range =
                        attribute_value_range(src, key, v.span.start + base..v.span.end + base)?;
                    Some((String::from_utf8_lossy(&v.value).into_owned(), range))
                };
                start_tag(&name, span, tag.self_closing, &attr, b, &mut st, facts);
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                end_tag(
                    &name,
                    tag.span.start + base..tag.span.end + base,
                    b,
                    &mut st,
                    facts,
                );
            }
            Token::String(text) => {
                if st.skip_depth > 0 {
                    continue;
                }
                if st.sup_start.is_some() {
                    st.sup_text.push_str(&String::from_utf8_lossy(&text.value));
                    let r = text.span.start + base..text.span.end + base;
                    st.sup_text_range = Some(match st.sup_text_range.take() {
                        Some(prev) => prev.start..r.end,
                        None => r,
                    });
                    continue;
                }
                let range = text.span.start + base..text.span.end + base;
                push_html_text(src, range, b, facts);
            }
            Token::Comment(c) => {
                let range = c.span.start + base..c.span.end + base;
                if src[range.clone()].contains("medlint-") {
                    facts.directives.push(range);
                }
            }
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    end_block(b, &st);
}

fn start_tag(
    name: &str,
    span: Range<usize>,
    self_closing: bool,
    attr: &AttributeLookup,
    b: &mut ProseBuilder,
    st: &mut State,
    facts: &mut Facts,
) {
    if st.skip_depth > 0 {
        if SKIP.contains(&name) && !self_closing {
            st.skip_depth += 1;
            st.stack.push(Open {
                name: name.to_string(),
                start: span.start,
                href: None,
            });
        }
        return;
    }
    let block = BLOCK.contains(&name) || name.contains('-');
    if block || SKIP.contains(&name) {
        end_block(b, st);
    }
    match name {
        "br" | "wbr" => b.push_space(span.start),
        "img" | "area" | "input" => {
            // Alt text and titles are prose of their own.
            for key in ["alt", "title"] {
                if let Some((_, range)) = attr(key) {
                    end_block(b, st);
                    push_html_text(st.src, range, b, facts);
                    b.end_block(BlockKind::ImageAlt, st.open("blockquote"));
                }
            }
        }
        "meta" => {
            let name_attr = attr("name")
                .or_else(|| attr("property"))
                .map(|(v, _)| v.to_ascii_lowercase());
            if let Some(n) = name_attr
                && matches!(
                    n.as_str(),
                    "description"
                        | "og:description"
                        | "twitter:description"
                        | "og:title"
                        | "twitter:title"
                )
                && let Some((_, range)) = attr("content")
            {
                push_html_text(st.src, range, b, facts);
                b.end_block(BlockKind::FrontMatter { field: n }, false);
            }
        }
        _ => {}
    }
    if let Some((_, range)) = attr("title")
        && !matches!(name, "img" | "area" | "input")
    {
        // A tooltip is copy too, but not part of the surrounding sentence.
        let (kind, quoted) = st.kind();
        let had_text = !b.block_is_empty();
        if !had_text {
            push_html_text(st.src, range, b, facts);
            b.end_block(BlockKind::ImageAlt, quoted);
        } else {
            b.end_block(kind, quoted);
            push_html_text(st.src, range, b, facts);
            b.end_block(BlockKind::ImageAlt, quoted);
        }
    }
    if VOID.contains(&name) || self_closing {
        return;
    }
    match name {
        "ol" => {
            let start = attr("start")
                .and_then(|(v, _)| v.trim().parse().ok())
                .unwrap_or(1);
            st.lists.push(Some(start));
        }
        "ul" | "menu" => st.lists.push(None),
        "li" => {
            st.current_item = st.lists.last_mut().and_then(|n| {
                let current = *n;
                if let Some(v) = n.as_mut() {
                    *v += 1;
                }
                current
            });
            if let Some((v, _)) = attr("value")
                && let Ok(n) = v.trim().parse()
            {
                st.current_item = Some(n);
            }
        }
        "sup" => {
            st.sup_start = Some(span.end);
            st.sup_text.clear();
            st.sup_text_range = None;
        }
        "cite" => st.cite_start = Some(span.end),
        _ => {}
    }
    if SKIP.contains(&name) {
        st.skip_depth += 1;
    }
    st.stack.push(Open {
        name: name.to_string(),
        start: span.start,
        href: attr("href").map(|(v, _)| v),
    });
}

fn end_tag(
    name: &str,
    span: Range<usize>,
    b: &mut ProseBuilder,
    st: &mut State,
    facts: &mut Facts,
) {
    // Close the innermost open element of that name, and anything left open inside it.
    let Some(pos) = st.stack.iter().rposition(|o| o.name == name) else {
        return;
    };
    if st.skip_depth > 0 && !SKIP.contains(&name) {
        return;
    }
    let block = BLOCK.contains(&name) || name.contains('-');
    if block && st.skip_depth == 0 {
        end_block(b, st);
    }
    while st.stack.len() > pos {
        let o = st.stack.pop().expect("non-empty");
        if SKIP.contains(&o.name.as_str()) {
            st.skip_depth = st.skip_depth.saturating_sub(1);
        }
        match o.name.as_str() {
            "a" => {
                if let Some(url) = o.href {
                    facts.links.push(Link {
                        range: o.start..span.end,
                        url,
                    });
                }
            }
            "ol" | "ul" | "menu" => {
                st.lists.pop();
            }
            "sup" => {
                if let Some(start) = st.sup_start.take() {
                    let label: String = st
                        .sup_text
                        .trim()
                        .trim_matches(['[', ']', '(', ')'])
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    // A marker is a number or a list of numbers, not an exponent ("m²").
                    let numeric = !label.is_empty()
                        && label
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == ',' || c == '-');
                    let before = st.src[..o.start].trim_end();
                    let unit = before
                        .rsplit(|c: char| !c.is_alphanumeric())
                        .next()
                        .is_some_and(|w| matches!(w, "m" | "cm" | "mm" | "km" | "ft" | "in" | "x"))
                        || before.ends_with(|c: char| c.is_ascii_digit());
                    if numeric && !unit {
                        let range = st.sup_text_range.take().unwrap_or(start..span.start);
                        let trimmed = st.src[range.clone()].trim();
                        let lead =
                            st.src[range.clone()].len() - st.src[range.clone()].trim_start().len();
                        facts.footnote_refs.push(FootnoteRef {
                            range: range.start + lead..range.start + lead + trimmed.len(),
                            label,
                        });
                    }
                }
            }
            "cite" => {
                if let Some(start) = st.cite_start.take() {
                    facts.cites.push(start..span.start);
                }
            }
            _ => {}
        }
    }
}

/// The range of an attribute's value inside `attr` (which spans `name=value`).
fn attribute_value_range(src: &str, key: &str, attr: Range<usize>) -> Option<Range<usize>> {
    let end = attr.end.min(src.len());
    let raw = src.get(attr.start..end)?;
    let after_name = raw.get(key.len()..)?.trim_start();
    let after_eq = after_name.strip_prefix('=')?.trim_start();
    let offset = attr.start + (raw.len() - after_eq.len());
    let quote = after_eq.chars().next()?;
    if quote == '"' || quote == '\'' {
        let close = after_eq[1..].find(quote)?;
        Some(offset + 1..offset + 1 + close)
    } else {
        let len = after_eq
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap_or(after_eq.len());
        Some(offset..offset + len)
    }
}

/// Pushes raw HTML text, decoding entities so each decoded character maps to its entity.
fn push_html_text(src: &str, range: Range<usize>, b: &mut ProseBuilder, facts: &mut Facts) {
    let text = &src[range.clone()];
    let mut pos = 0;
    let mut run = 0;
    while let Some(amp) = text[pos..].find('&') {
        let at = pos + amp;
        match decode_entity(&text[at..]) {
            Some((decoded, len)) => {
                if run < at {
                    push_text(src, range.start + run..range.start + at, b, facts);
                }
                b.push_decoded(&decoded, range.start + at..range.start + at + len);
                pos = at + len;
                run = pos;
            }
            None => pos = at + 1,
        }
    }
    if run < text.len() {
        push_text(src, range.start + run..range.end, b, facts);
    }
}

/// Decodes the entity at the start of `s` (`&amp;`, `&#8217;`, `&#x2019;`): (text, length).
pub fn decode_entity(s: &str) -> Option<(String, usize)> {
    let semi = s.bytes().take(40).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        match value {
            0 => '\u{FFFD}',
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        }
        .to_string()
    } else {
        named_entity(body)?.to_string()
    };
    Some((c, semi + 1))
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "shy" | "zwnj" | "zwj" | "lrm" | "rlm" => "",
        "rsquo" | "lsquo" | "sbquo" | "prime" => "'",
        "rdquo" | "ldquo" | "bdquo" | "Prime" => "\"",
        "laquo" => "«",
        "raquo" => "»",
        "ndash" => "–",
        "mdash" => "—",
        "minus" => "−",
        "hellip" => "…",
        "bull" => "•",
        "middot" => "·",
        "trade" => "™",
        "reg" => "®",
        "copy" => "©",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup1" => "¹",
        "sup2" => "²",
        "sup3" => "³",
        "micro" => "µ",
        "para" => "¶",
        "sect" => "§",
        "dagger" => "†",
        "Dagger" => "‡",
        "euro" => "€",
        "pound" => "£",
        "cent" => "¢",
        "yen" => "¥",
        "le" => "≤",
        "ge" => "≥",
        "ne" => "≠",
        "asymp" => "≈",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "hearts" => "♥",
        "star" => "☆",
        "check" => "✓",
        "aacute" => "á",
        "eacute" => "é",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "agrave" => "à",
        "egrave" => "è",
        "ograve" => "ò",
        "auml" => "ä",
        "euml" => "ë",
        "iuml" => "ï",
        "ouml" => "ö",
        "uuml" => "ü",
        "ntilde" => "ñ",
        "ccedil" => "ç",
        "szlig" => "ß",
        "Eacute" => "É",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::source::{Document, Format, LoadOptions};

    fn doc(html: &str) -> Document {
        Document::parse(
            "t.html",
            html.to_string(),
            Format::Html,
            &LoadOptions::default(),
        )
    }

    fn blocks(d: &Document) -> Vec<&str> {
        (0..d.prose.blocks.len())
            .map(|i| d.prose.block_text(i))
            .collect()
    }

    #[test]
    fn text_nodes_and_attributes_are_prose_with_exact_spans() {
        let html = r#"<html><head><title>Clinic &amp; Spa</title><meta name="description" content="Fast relief."><style>p{}</style></head>
<body><h1>Ketamine &#8220;cures&#8221;</h1><p>Tom &amp; Jerry<br>say <b>hi</b>.<img alt="A &quot;hero&quot; shot" src="x.png"></p>
<script>var x = "71% of patients";</script><pre>50% code</pre><!-- a comment --></body></html>"#;
        let d = doc(html);
        assert_eq!(
            blocks(&d),
            vec![
                "Clinic & Spa",
                "Fast relief.",
                "Ketamine \"cures\"",
                "Tom & Jerry say hi.",
                "A \"hero\" shot"
            ]
        );
        let i = d.prose.text.find("cures").unwrap();
        let r = d.prose.to_source(i..i + 5);
        assert_eq!(&html[r], "cures");
        let i = d.prose.text.find("\"cures\"").unwrap();
        assert_eq!(&html[d.prose.to_source(i..i + 7)], "&#8220;cures&#8221;");
    }

    #[test]
    fn malformed_html_still_reads() {
        let html = "<div><p>Unclosed paragraph with 5 < 6 <b>bold<p>Next <i>one</div> tail";
        let d = doc(html);
        let all = d.prose.text.clone();
        assert!(all.contains("Unclosed paragraph with 5 < 6 bold"), "{all}");
        assert!(all.contains("tail"), "{all}");
    }

    #[test]
    fn links_sup_and_lists_feed_the_evidence_index() {
        let html = r##"<p>It helped 71% of people.<sup><a href="#r1">1</a></sup> See <a href="https://doi.org/10.1/x">the trial</a>.</p>
<h2>References</h2><ol><li id="r1">Smith J. A trial. 2019.</li></ol>"##;
        let d = doc(html);
        assert_eq!(d.facts.links.len(), 2);
        assert_eq!(d.facts.footnote_refs.len(), 1);
        assert!(d.evidence.unresolved.is_empty());
        assert!(
            d.prose
                .text
                .starts_with("It helped 71% of people. See the trial.")
        );
    }

    #[test]
    fn an_ampersand_far_from_any_semicolon_before_a_multibyte_character() {
        // The entity search looks 40 bytes ahead; here byte 40 falls inside "é".
        let html = format!("<p>&{}é cures;</p>", "x".repeat(38));
        let d = doc(&html);
        assert_eq!(blocks(&d), vec![format!("&{}é cures;", "x".repeat(38))]);
        assert_eq!(super::decode_entity("&x\u{2019};"), None);
        assert_eq!(super::decode_entity("&amp;é"), Some(("&".into(), 5)));
    }
}
