//! Documents: reading a file into prose blocks with exact spans, sentences and evidence.

pub mod citations;
pub mod encoding;
pub mod frontmatter;
pub mod html;
pub mod lines;
pub mod markdown;
pub mod prose;
pub mod sentences;
pub mod text;

use crate::diagnostic::{Frame, Market, Span};
use citations::{CitationSettings, EvidenceIndex};
pub use encoding::{Encoding, OffsetMap, WideText};
use frontmatter::{FrontMatter, Piece};
use lines::LineIndex;
use prose::{BlockKind, Prose, ProseBuilder};
use regex::Regex;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Html,
}

impl Format {
    /// The format for a file extension, if medlint knows it.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "md" | "markdown" | "mdx" | "mdown" | "mkd" | "mkdn" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "markdown" | "md" => Some(Format::Markdown),
            "text" | "txt" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Html => "html",
        }
    }
}

/// A link and its target, in source coordinates (the whole link, or the bare URL).
#[derive(Debug, Clone)]
pub struct Link {
    pub range: Range<usize>,
    pub url: String,
}

/// A footnote or superscript marker found by a reader (`[^1]`, `<sup>2</sup>`).
#[derive(Debug, Clone)]
pub struct FootnoteRef {
    pub range: Range<usize>,
    pub label: String,
}

/// A footnote definition (`[^1]: …`).
#[derive(Debug, Clone)]
pub struct FootnoteDef {
    pub label: String,
    pub range: Range<usize>,
}

/// What the readers saw besides prose: evidence facts.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub links: Vec<Link>,
    pub footnote_refs: Vec<FootnoteRef>,
    pub footnote_defs: Vec<FootnoteDef>,
    /// Source ranges that may hold `medlint-…` directives: HTML comments in Markdown, lines
    /// of their own in plain text.
    pub directives: Vec<Range<usize>>,
    /// `<cite>` elements (HTML): citations.
    pub cites: Vec<Range<usize>>,
}

/// A sentence: a range of the prose text inside one block.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub range: Range<usize>,
    pub block: usize,
}

/// Options for reading documents.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Front-matter fields that are copy, compared case-insensitively, ignoring `_` and `-`.
    pub front_matter_fields: Vec<String>,
    pub citations: CitationSettings,
}

pub const DEFAULT_FRONT_MATTER_FIELDS: &[&str] = &[
    "title",
    "description",
    "excerpt",
    "summary",
    "subtitle",
    "metaTitle",
    "metaDescription",
    "ogTitle",
    "ogDescription",
    "twitterTitle",
    "twitterDescription",
];

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            front_matter_fields: DEFAULT_FRONT_MATTER_FIELDS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            citations: CitationSettings::builtin(),
        }
    }
}

fn field_key(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A file read into prose, sentences and evidence. Every range in it is either a prose range
/// (into `prose.text`) or a source range (into `text`), as each field says.
#[derive(Debug)]
pub struct Document {
    pub path: Arc<str>,
    pub format: Format,
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub front_matter: Option<FrontMatter>,
    pub prose: Prose,
    pub sentences: Vec<Sentence>,
    pub facts: Facts,
    pub evidence: EvidenceIndex,
    /// The market named in front matter (`market: uk`), if any.
    pub market: Option<Market>,
    /// The frame named in front matter (`medlint: {frame: promotional}`), if any.
    pub frame: Option<Frame>,
    /// A front matter frame value that names no frame, to warn about.
    pub frame_problem: Option<String>,
    /// How the file's bytes were decoded into `text`.
    pub encoding: Encoding,
    /// Offsets of `text` → byte offsets of the file, when they differ (UTF-16 and UTF-32).
    pub file_offsets: Option<OffsetMap>,
}

/// The result of decoding a file's bytes.
pub enum Decoded {
    Text(String),
    /// UTF-16 or UTF-32, declared by a byte-order mark.
    Wide(WideText),
    /// NUL bytes in the first 8 KiB.
    Binary,
}

/// Bytes at the start of a file in which a NUL byte (a NUL character in UTF-16 or UTF-32)
/// makes it binary.
const BINARY_HEAD: usize = 8192;

/// Decodes a file's bytes. A byte-order mark of UTF-16 or UTF-32 decodes the file in that
/// encoding (see [`encoding`]); anything else is UTF-8, invalid bytes replaced one for one by
/// `?` so that every byte offset still points at the same place in the original file.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if let Some(wide) = Encoding::from_bom(&bytes) {
        let wide = encoding::decode_wide(&bytes, wide);
        let nul = wide.text.char_indices().find(|&(_, c)| c == '\0');
        if nul.is_some_and(|(i, _)| wide.map.to_file(i) < BINARY_HEAD) {
            return Decoded::Binary;
        }
        return Decoded::Wide(wide);
    }
    let head = &bytes[..bytes.len().min(BINARY_HEAD)];
    if head.contains(&0) {
        return Decoded::Binary;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Decoded::Text(s),
        Err(e) => {
            let mut bytes = e.into_bytes();
            let mut pos = 0;
            while pos < bytes.len() {
                match std::str::from_utf8(&bytes[pos..]) {
                    Ok(_) => break,
                    Err(err) => {
                        let bad_at = pos + err.valid_up_to();
                        let bad_len = err.error_len().unwrap_or(bytes.len() - bad_at);
                        for b in &mut bytes[bad_at..bad_at + bad_len] {
                            *b = b'?';
                        }
                        pos = bad_at + bad_len;
                    }
                }
            }
            Decoded::Text(String::from_utf8(bytes).expect("invalid bytes were replaced"))
        }
    }
}

/// A `.txt` file that is an HTML document.
fn looks_like_html(text: &str) -> bool {
    let head = text
        .trim_start()
        .get(..15)
        .unwrap_or("")
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Strong Markdown signals in a `.txt` file: headings, links, fences.
fn looks_like_markdown(text: &str) -> bool {
    static SIGNAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^#{1,6} \S|\]\([^)\s]+\)|^```|^\*\*[^*\n]+\*\*").unwrap()
    });
    SIGNAL.find_iter(text).take(3).count() >= 3
}

impl Document {
    /// Reads `text` as `format`. A `.txt` file with strong Markdown signals (headings, links,
    /// fences) is read as Markdown.
    pub fn parse(path: &str, text: String, format: Format, opts: &LoadOptions) -> Document {
        let front_matter = frontmatter::parse(&text);
        let body_start = front_matter.as_ref().map_or_else(
            || if text.starts_with('\u{FEFF}') { 3 } else { 0 },
            |f| f.range.end,
        );
        let body = body_start..text.len();
        let format = if format == Format::Text && looks_like_html(&text[body.clone()]) {
            Format::Html
        } else if format == Format::Text && looks_like_markdown(&text[body.clone()]) {
            Format::Markdown
        } else {
            format
        };
        let mut facts = Facts::default();
        let mut b = ProseBuilder::new(&text);
        let mut market = None;
        if let Some(fm) = &front_matter {
            let wanted: Vec<String> = opts
                .front_matter_fields
                .iter()
                .map(|f| field_key(f))
                .collect();
            for field in &fm.fields {
                let key = field_key(&field.key);
                if key == "market" {
                    market = Market::parse(&text[field.value.clone()]);
                }
                if !wanted.contains(&key) {
                    continue;
                }
                for piece in &field.pieces {
                    match piece {
                        Piece::Source(r) => push_text(&text, r.clone(), &mut b, &mut facts),
                        Piece::Decoded(s, r) => b.push_decoded(s, r.clone()),
                        Piece::Break(at) => b.push_space(*at),
                    }
                }
                b.end_block(
                    BlockKind::FrontMatter {
                        field: field.key.clone(),
                    },
                    false,
                );
            }
        }
        match format {
            Format::Markdown => markdown::read(&text, body, &mut b, &mut facts),
            Format::Text => text::read(&text, body, &mut b, &mut facts),
            Format::Html => html::read(&text, body, &mut b, &mut facts),
        }
        let prose = b.finish();
        let mut sentences = Vec::new();
        for (i, block) in prose.blocks.iter().enumerate() {
            let base = block.range.start;
            for r in sentences::split(&prose.text[block.range.clone()]) {
                sentences.push(Sentence {
                    range: base + r.start..base + r.end,
                    block: i,
                });
            }
        }
        let evidence = EvidenceIndex::build(&text, &prose, &facts, &opts.citations);
        let (frame, frame_problem) = match front_matter
            .as_ref()
            .and_then(|fm| crate::engine::frame::front_matter_frame(&text, fm.range.clone()))
        {
            Some(Ok(f)) => (Some(f), None),
            Some(Err(v)) => (None, Some(v)),
            None => (None, None),
        };
        Document {
            path: Arc::from(path),
            format,
            lines: LineIndex::new(&text),
            text: Arc::from(text),
            front_matter,
            prose,
            sentences,
            facts,
            evidence,
            market,
            frame,
            frame_problem,
            encoding: Encoding::Utf8,
            file_offsets: None,
        }
    }

    /// Reads a file decoded from UTF-16 or UTF-32: spans are still byte offsets of the file.
    pub fn parse_wide(path: &str, wide: WideText, format: Format, opts: &LoadOptions) -> Document {
        let mut doc = Document::parse(path, wide.text, format, opts);
        doc.encoding = wide.encoding;
        doc.file_offsets = Some(wide.map);
        doc
    }

    /// Line and column information for a source range; its byte offsets in the file.
    pub fn span(&self, range: Range<usize>) -> Span {
        let (line, column) = self.lines.position(&self.text, range.start);
        let (end_line, end_column) = self.lines.position(&self.text, range.end);
        let file = match &self.file_offsets {
            Some(map) => map.range_to_file(range.clone()),
            None => range.clone(),
        };
        Span {
            start: file.start,
            end: file.end,
            line,
            column,
            end_line,
            end_column,
            text_start: range.start,
            text_end: range.end,
        }
    }

    /// The page's title, as a reader would name the page: the front matter `title`, else the
    /// first top-level heading (an HTML page's `<title>` counts as one), else the first heading
    /// of three words or more. `None` when the page has none of them.
    pub fn title(&self) -> Option<String> {
        let clean = |s: &str| -> Option<String> {
            let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
            (!t.is_empty()).then_some(t)
        };
        if let Some(field) = self.front_matter.as_ref().and_then(|fm| {
            fm.fields
                .iter()
                .find(|f| f.key.eq_ignore_ascii_case("title"))
        }) {
            let mut s = String::new();
            for piece in &field.pieces {
                match piece {
                    Piece::Source(r) => s.push_str(&self.text[r.clone()]),
                    Piece::Decoded(d, _) => s.push_str(d),
                    Piece::Break(_) => s.push(' '),
                }
            }
            if let Some(t) = clean(&s) {
                return Some(t);
            }
        }
        let headings = || {
            self.prose.blocks.iter().filter_map(|b| match b.kind {
                BlockKind::Heading { level } => {
                    clean(&self.prose.text[b.range.clone()]).map(|t| (level, t))
                }
                _ => None,
            })
        };
        headings()
            .find(|(level, _)| *level == 1)
            .or_else(|| headings().find(|(_, t)| t.split(' ').count() >= 3))
            .map(|(_, t)| t)
    }

    /// Index of the sentence containing prose offset `p` (or the last one before it).
    pub fn sentence_at(&self, p: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.range.start <= p);
        (i > 0).then(|| i - 1)
    }

    /// The source range in which citations count for a sentence: the sentence itself, the gap
    /// up to the next sentence of its block (where markers after the period sit), and a
    /// following parenthetical source note such as "(Source: …)".
    pub fn sentence_evidence_range(&self, index: usize) -> Range<usize> {
        let s = &self.sentences[index];
        let start = self.prose.to_source(s.range.clone()).start;
        let block = &self.prose.blocks[s.block];
        let mut end_index = index + 1;
        if let Some(next) = self.sentences.get(index + 1)
            && next.block == s.block
        {
            let t = &self.prose.text[next.range.clone()];
            if (t.starts_with('(') || t.starts_with('[')) && t.len() < 300 {
                end_index += 1;
            }
        }
        let end = match self.sentences.get(end_index) {
            Some(next) if next.block == s.block => self.prose.to_source(next.range.clone()).start,
            _ => {
                // The last sentence of the block: up to the start of the next block's text, so
                // markers trailing the block are included.
                // Stop at the first line break: the next line is another block.
                let line_end = self.lines.line_end(block.source.end, self.text.len());
                match self.prose.blocks.get(s.block + 1) {
                    Some(nb) if nb.source.start > block.source.end => line_end.min(nb.source.start),
                    _ => line_end,
                }
            }
        };
        start..end.max(start)
    }
}

/// Pushes a range of source text as prose, leaving bare URLs out (recorded as links).
pub(crate) fn push_text(src: &str, range: Range<usize>, b: &mut ProseBuilder, facts: &mut Facts) {
    static URL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?i)(?:https?://|www\.)[^\s<>"'\]\[{}|\\^`]+"#).unwrap());
    let text = &src[range.clone()];
    if !text.contains("http") && !text.contains("www.") && !text.contains("WWW.") {
        b.push_source(range);
        return;
    }
    let mut pos = 0;
    for m in URL.find_iter(text) {
        let url = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
        let end = m.start() + url.len();
        if m.start() > pos {
            b.push_source(range.start + pos..range.start + m.start());
        }
        b.push_space(range.start + m.start());
        facts.links.push(Link {
            range: range.start + m.start()..range.start + end,
            url: url.to_string(),
        });
        pos = end;
    }
    if pos < text.len() {
        b.push_source(range.start + pos..range.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, format: Format) -> Document {
        Document::parse("t", text.to_string(), format, &LoadOptions::default())
    }

    #[test]
    fn decode_keeps_offsets_for_invalid_utf8() {
        let bytes = b"caf\xe9 cures \xff\xfe all".to_vec();
        let Decoded::Text(s) = decode(bytes.clone()) else {
            panic!()
        };
        assert_eq!(s.len(), bytes.len());
        assert_eq!(s, "caf? cures ?? all");
        assert!(matches!(decode(b"ab\0cd".to_vec()), Decoded::Binary));
    }

    #[test]
    fn front_matter_copy_fields_only() {
        let text = "---\ntitle: Fast relief\nwordCount: 2800\nreadingTime: \"12 min read\"\nmetaDescription: \"71% of patients improve\"\ncanonicalUrl: https://x.org/a\n---\nBody text.\n";
        let d = doc(text, Format::Markdown);
        let blocks: Vec<&str> = (0..d.prose.blocks.len())
            .map(|i| d.prose.block_text(i))
            .collect();
        assert_eq!(
            blocks,
            vec!["Fast relief", "71% of patients improve", "Body text."]
        );
        let b = &d.prose.blocks[1];
        assert_eq!(&d.text[b.source.clone()], "71% of patients improve");
        assert_eq!(
            b.kind,
            BlockKind::FrontMatter {
                field: "metaDescription".into()
            }
        );
    }

    #[test]
    fn markdown_code_is_never_prose() {
        let text = "Intro.\n\n```\n71% of patients\n```\n\n    indented 50% code\n\nUse `99% sure` here.\n";
        let d = doc(text, Format::Markdown);
        assert_eq!(d.prose.text, "Intro.\nUse here.");
        for s in &d.prose.segments {
            assert!(!d.text[s.range.clone()].contains('%'));
        }
    }

    #[test]
    fn markdown_links_and_footnotes_are_facts() {
        let text = "It helped 71% of patients ([Smith 2020](https://doi.org/10.1/x)).[^1]\n\n[^1]: Source.\n";
        let d = doc(text, Format::Markdown);
        assert_eq!(d.facts.links.len(), 1);
        assert_eq!(d.facts.links[0].url, "https://doi.org/10.1/x");
        assert_eq!(d.facts.footnote_refs.len(), 1);
        assert_eq!(d.facts.footnote_defs.len(), 1);
        assert!(
            d.prose
                .text
                .starts_with("It helped 71% of patients (Smith 2020).")
        );
    }

    #[test]
    fn txt_with_markdown_signals_is_read_as_markdown() {
        let text = "# Title\n\n## Section\n\nSee [this](https://a.b/c) now.\n";
        let d = doc(text, Format::Text);
        assert_eq!(d.format, Format::Markdown);
        assert_eq!(d.prose.text, "Title\nSection\nSee this now.");
    }

    #[test]
    fn sentences_are_found_per_block() {
        let d = doc(
            "# Is it safe?\n\nYes. Dr. Lee agrees. Call now",
            Format::Markdown,
        );
        let s: Vec<&str> = d
            .sentences
            .iter()
            .map(|s| &d.prose.text[s.range.clone()])
            .collect();
        assert_eq!(
            s,
            vec!["Is it safe?", "Yes.", "Dr. Lee agrees.", "Call now"]
        );
    }
}
