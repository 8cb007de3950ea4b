//! The prose of a document as one normalized string with an exact map back to the source.
//!
//! Readers push the byte ranges of the source that are prose (text nodes, front-matter values,
//! alt text). The builder copies them into one string, normalizing as it goes — whitespace runs
//! become one space, curly quotes become straight ones, en dashes become hyphens, zero-width
//! characters vanish, entities are decoded — and records, run by run, where every byte came
//! from. A match in the prose maps back to the exact source span that produced it, so spans are
//! real spans of the original file even when markup or entities sit inside the matched text.
//! Blocks (paragraphs, headings, list items, cells, front-matter fields) are separated by `\n`,
//! which never occurs inside a block.

use std::ops::Range;

/// What kind of prose a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading { level: u8 },
    Paragraph,
    ListItem { number: Option<u64> },
    TableCell,
    ImageAlt,
    FootnoteDefinition { label: String },
    FrontMatter { field: String },
}

/// A unit of prose that sentences never cross.
#[derive(Debug, Clone)]
pub struct Block {
    /// Range in the prose text.
    pub range: Range<usize>,
    /// Range in the source, from the first to the last prose character of the block.
    pub source: Range<usize>,
    pub kind: BlockKind,
    /// Inside a block quote.
    pub quoted: bool,
}

/// A byte range of the source that is prose, and the block it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub range: Range<usize>,
    pub block: usize,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    /// Prose offset where the run starts; it ends where the next run starts.
    prose: u32,
    /// Source offset of the first byte (copy runs) or of the unit replaced (replace runs).
    src: u32,
    /// End of the unit replaced (replace runs only).
    src_end: u32,
    /// Copy runs map byte for byte; replace runs map every byte to `src..src_end`.
    copy: bool,
}

/// Normalized prose with its source map.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub text: String,
    pub blocks: Vec<Block>,
    pub segments: Vec<Segment>,
    runs: Vec<Run>,
}

impl Prose {
    /// The source range that produced `range` of the prose text.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        if self.runs.is_empty() {
            return 0..0;
        }
        let start = self.source_start(range.start);
        if range.end <= range.start {
            return start..start;
        }
        let end = self.source_end(range.end);
        start..end.max(start)
    }

    fn run_index(&self, p: usize) -> usize {
        self.runs
            .partition_point(|r| r.prose as usize <= p)
            .saturating_sub(1)
    }

    fn source_start(&self, p: usize) -> usize {
        let r = self.runs[self.run_index(p)];
        if r.copy {
            r.src as usize + (p - r.prose as usize)
        } else {
            r.src as usize
        }
    }

    fn source_end(&self, p_end: usize) -> usize {
        let r = self.runs[self.run_index(p_end - 1)];
        if r.copy {
            r.src as usize + (p_end - r.prose as usize)
        } else {
            r.src_end as usize
        }
    }

    /// Index of the block containing prose offset `p` (or the nearest one before it).
    pub fn block_at(&self, p: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.range.start <= p);
        (i > 0).then(|| i - 1)
    }

    pub fn block_text(&self, block: usize) -> &str {
        &self.text[self.blocks[block].range.clone()]
    }
}

/// Builds a [`Prose`] from pushed source ranges. See the module documentation.
pub struct ProseBuilder<'s> {
    src: &'s str,
    prose: Prose,
    block_start: usize,
    block_segments: usize,
    block_src_start: Option<usize>,
    block_src_end: usize,
    /// Whitespace seen since the last character, to be emitted as one space before the next.
    pending_space: Option<Range<usize>>,
}

impl<'s> ProseBuilder<'s> {
    pub fn new(src: &'s str) -> ProseBuilder<'s> {
        assert!(
            src.len() < u32::MAX as usize,
            "files of 4 GiB or more are not supported"
        );
        ProseBuilder {
            src,
            prose: Prose::default(),
            block_start: 0,
            block_segments: 0,
            block_src_start: None,
            block_src_end: 0,
            pending_space: None,
        }
    }

    /// The source text being read.
    pub fn source(&self) -> &'s str {
        self.src
    }

    /// Whether the current block has any text yet.
    pub fn block_is_empty(&self) -> bool {
        self.prose.text.len() == self.block_start
    }

    /// Copies a range of the source, normalizing it.
    pub fn push_source(&mut self, range: Range<usize>) {
        let src = self.src;
        let text = &src[range.clone()];
        self.note_segment(range.clone());
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let at = range.start + i;
            if b.is_ascii() {
                if b == 0 {
                    // Browsers drop NUL characters from text, so they cannot hide a claim.
                    i += 1;
                    continue;
                }
                if b.is_ascii_whitespace() || b == 0x0b || b == 0x0c {
                    self.space(at..at + 1);
                    i += 1;
                } else {
                    // A run of ASCII that is neither white space nor NUL is copied at once.
                    let run = bytes[i..]
                        .iter()
                        .position(|&c| {
                            !c.is_ascii() || c.is_ascii_whitespace() || c == 0x0b || c == 0
                        })
                        .map_or(bytes.len(), |n| i + n);
                    self.copy_ascii_run(&text[i..run], at);
                    i = run;
                }
                continue;
            }
            let c = text[i..].chars().next().expect("char boundary");
            let len = c.len_utf8();
            self.push_char(c, at..at + len);
            i += len;
        }
    }

    /// Pushes text that replaces a source range (a decoded entity or escape): every byte of
    /// `decoded` maps to the whole of `range`.
    pub fn push_decoded(&mut self, decoded: &str, range: Range<usize>) {
        self.note_segment(range.clone());
        for c in decoded.chars() {
            if c.is_whitespace() {
                self.space(range.clone());
                continue;
            }
            let Some(c) = normalize_char(c) else { continue };
            self.flush_space();
            self.emit_replace(c, range.clone());
        }
    }

    /// A word break that has no source text of its own (a soft break, an inline code span).
    pub fn push_space(&mut self, at: usize) {
        self.space(at..at);
    }

    /// Ends the current block. Returns its index if it had any text.
    pub fn end_block(&mut self, kind: BlockKind, quoted: bool) -> Option<usize> {
        self.pending_space = None;
        if self.block_is_empty() {
            self.prose.segments.truncate(self.block_segments);
            self.block_src_start = None;
            return None;
        }
        let range = self.block_start..self.prose.text.len();
        let source = self.prose.to_source(range.clone());
        let index = self.prose.blocks.len();
        self.prose.blocks.push(Block {
            range,
            source,
            kind,
            quoted,
        });
        let end = self.block_src_end;
        self.emit_replace('\n', end..end);
        self.block_start = self.prose.text.len();
        self.block_segments = self.prose.segments.len();
        self.block_src_start = None;
        Some(index)
    }

    pub fn finish(mut self) -> Prose {
        // Drop the trailing block separator so the text ends with the last block.
        if self.prose.text.ends_with('\n') {
            self.prose.text.pop();
            if let Some(last) = self.prose.runs.last()
                && last.prose as usize == self.prose.text.len()
            {
                self.prose.runs.pop();
            }
        }
        self.prose.segments.truncate(self.block_segments);
        self.prose
    }

    fn note_segment(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let block = self.prose.blocks.len();
        if let Some(last) = self.prose.segments.last_mut()
            && last.block == block
            && last.range.end == range.start
        {
            last.range.end = range.end;
            return;
        }
        self.prose.segments.push(Segment { range, block });
    }

    fn space(&mut self, range: Range<usize>) {
        match &mut self.pending_space {
            Some(p) if p.end == range.start || p.start == p.end => {
                if p.start == p.end {
                    *p = range;
                } else {
                    p.end = range.end;
                }
            }
            Some(_) => {}
            None => self.pending_space = Some(range),
        }
    }

    fn flush_space(&mut self) {
        if let Some(range) = self.pending_space.take()
            && !self.block_is_empty()
            && !self.prose.text.ends_with(' ')
        {
            self.emit_replace(' ', range);
        }
    }

    fn push_char(&mut self, c: char, range: Range<usize>) {
        if c.is_whitespace() {
            self.space(range);
            return;
        }
        match normalize_char(c) {
            None => {}
            Some(n) if n == c => {
                self.flush_space();
                self.emit_copy(c, range.start);
            }
            Some(n) => {
                self.flush_space();
                self.emit_replace(n, range);
            }
        }
    }

    /// Copies ASCII text with no white space in it, from source offset `at`.
    fn copy_ascii_run(&mut self, run: &str, at: usize) {
        self.flush_space();
        self.start_copy_run(at);
        self.prose.text.push_str(run);
        self.track_block(at, at + run.len());
    }

    fn emit_copy(&mut self, c: char, at: usize) {
        self.start_copy_run(at);
        self.prose.text.push(c);
        self.track_block(at, at + c.len_utf8());
    }

    fn start_copy_run(&mut self, at: usize) {
        let here = self.prose.text.len();
        if let Some(last) = self.prose.runs.last()
            && last.copy
            && last.src as usize + (here - last.prose as usize) == at
        {
            return;
        }
        self.prose.runs.push(Run {
            prose: here as u32,
            src: at as u32,
            src_end: 0,
            copy: true,
        });
    }

    fn emit_replace(&mut self, c: char, range: Range<usize>) {
        let here = self.prose.text.len();
        let same = self.prose.runs.last().is_some_and(|last| {
            !last.copy && last.src as usize == range.start && last.src_end as usize == range.end
        });
        if !same {
            self.prose.runs.push(Run {
                prose: here as u32,
                src: range.start as u32,
                src_end: range.end as u32,
                copy: false,
            });
        }
        self.prose.text.push(c);
        if c != '\n' && c != ' ' {
            self.track_block(range.start, range.end);
        }
    }

    fn track_block(&mut self, start: usize, end: usize) {
        if self.block_src_start.is_none() {
            self.block_src_start = Some(start);
        }
        self.block_src_end = end;
    }
}

/// The normalized form of a prose character; `None` drops it.
fn normalize_char(c: char) -> Option<char> {
    Some(match c {
        '\0' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
            return None;
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => '-',
        c => c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(src: &str, pieces: &[Range<usize>]) -> Prose {
        let mut b = ProseBuilder::new(src);
        for p in pieces {
            b.push_source(p.clone());
        }
        b.end_block(BlockKind::Paragraph, false);
        b.finish()
    }

    #[test]
    fn whitespace_collapses_and_maps_back() {
        let src = "  clinically \n  proven  cure ";
        let whole = 0..src.len();
        let p = build(src, std::slice::from_ref(&whole));
        assert_eq!(p.text, "clinically proven cure");
        let i = p.text.find("proven cure").unwrap();
        let r = p.to_source(i..i + "proven cure".len());
        assert_eq!(&src[r], "proven  cure");
        assert_eq!(p.blocks.len(), 1);
        assert_eq!(
            &src[p.blocks[0].source.clone()],
            "clinically \n  proven  cure"
        );
    }

    #[test]
    fn markup_between_pieces_is_kept_in_the_source_span() {
        // "clinically **proven**": the builder receives the two text pieces only.
        let src = "clinically **proven** now";
        let p = build(src, &[0..11, 13..19, 21..25]);
        assert_eq!(p.text, "clinically proven now");
        let r = p.to_source(0.."clinically proven".len());
        assert_eq!(&src[r], "clinically **proven");
    }

    #[test]
    fn curly_quotes_and_dashes_normalize() {
        let src = "don\u{2019}t \u{201C}cure\u{201D} 30\u{2013}45";
        let whole = 0..src.len();
        let p = build(src, std::slice::from_ref(&whole));
        assert_eq!(p.text, "don't \"cure\" 30-45");
        let r = p.to_source(0..5);
        assert_eq!(&src[r], "don\u{2019}t");
        let i = p.text.find("30-45").unwrap();
        assert_eq!(&src[p.to_source(i..i + 5)], "30\u{2013}45");
    }

    #[test]
    fn decoded_entities_map_to_the_whole_entity() {
        let src = "Tom &amp; Jerry";
        let mut b = ProseBuilder::new(src);
        b.push_source(0..4);
        b.push_decoded("&", 4..9);
        b.push_source(9..15);
        b.end_block(BlockKind::Paragraph, false);
        let p = b.finish();
        assert_eq!(p.text, "Tom & Jerry");
        assert_eq!(&src[p.to_source(0..p.text.len())], src);
        assert_eq!(&src[p.to_source(4..5)], "&amp;");
    }

    #[test]
    fn blocks_are_separated_and_empty_blocks_dropped() {
        let src = "one\n\n   \n\ntwo";
        let mut b = ProseBuilder::new(src);
        b.push_source(0..3);
        assert_eq!(b.end_block(BlockKind::Paragraph, false), Some(0));
        b.push_source(5..8);
        assert_eq!(b.end_block(BlockKind::Paragraph, false), None);
        b.push_source(10..13);
        assert_eq!(
            b.end_block(BlockKind::ListItem { number: None }, true),
            Some(1)
        );
        let p = b.finish();
        assert_eq!(p.text, "one\ntwo");
        assert_eq!(p.blocks[1].range, 4..7);
        assert!(p.blocks[1].quoted);
        assert_eq!(&src[p.blocks[1].source.clone()], "two");
        assert_eq!(p.segments.len(), 2);
        assert_eq!(p.block_at(5), Some(1));
    }
}
