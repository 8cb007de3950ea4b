//! Byte offset → 1-based line and character column.

/// The start offset of every line of a text. Lines end at `\n`; a `\r` before it belongs to
/// the line it ends.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(offset, characters before it)` about every [`CHECKPOINT`] bytes, so that a column on
    /// a very long line is found without counting the line from its start.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while text.len() - at > CHECKPOINT {
            let mut next = at + CHECKPOINT;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(o, _)| o <= offset) - 1;
        let (at, chars) = self.checkpoints[i];
        chars + text[at..offset].chars().count()
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }

    /// 1-based (line, column) of a byte offset; the column counts characters, not counting
    /// a byte-order mark at the start of the file. `offset` must be on a character boundary
    /// of `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let mut start = self.starts[line - 1];
        if start == 0 && offset >= 3 && text.starts_with('\u{FEFF}') {
            start = 3;
        }
        let column = if offset - start <= CHECKPOINT {
            text[start..offset].chars().count() + 1
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start) + 1
        };
        (line, column)
    }

    /// Offset of the `\n` that ends the line holding byte `offset`, or `len` (the length of
    /// the text) on the last line.
    pub fn line_end(&self, offset: usize, len: usize) -> usize {
        self.starts
            .get(self.line(offset))
            .map_or(len, |&next| next - 1)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// The offset of every `\n` in `bytes`.
pub(crate) fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\ncafé x\r\n\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 2), (1, 3));
        assert_eq!(idx.position(text, 3), (2, 1));
        // 'x' comes after the two-byte 'é': byte 9, character column 6.
        assert_eq!(&text[9..10], "x");
        assert_eq!(idx.position(text, 9), (2, 6));
        assert_eq!(idx.position(text, 12), (3, 1));
        assert_eq!(idx.position(text, 13), (4, 1));
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_end(0, text.len()), 2);
        assert_eq!(idx.line_end(2, text.len()), 2);
        assert_eq!(idx.line_end(3, text.len()), 11);
        assert_eq!(idx.line_end(12, text.len()), 12);
        assert_eq!(idx.line_end(13, text.len()), 14);
    }

    #[test]
    fn columns_on_a_long_line() {
        let text = format!("\u{FEFF}{}\n{}", "é".repeat(10_000), "aé".repeat(5_000));
        let idx = LineIndex::new(&text);
        assert_eq!(idx.position(&text, 3 + 2 * 9_999), (1, 10_000));
        assert_eq!(idx.position(&text, 3 + 2 * 10_000), (1, 10_001));
        let line2 = 3 + 2 * 10_000 + 1;
        assert_eq!(idx.position(&text, line2), (2, 1));
        assert_eq!(
            idx.position(&text, line2 + 3 * 4_321 + 1),
            (2, 2 * 4_321 + 2)
        );
        assert_eq!(idx.position(&text, text.len()), (2, 10_001));
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{FEFF}Cures\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (1, 1));
        assert_eq!(idx.position(text, 8), (1, 6));
        assert_eq!(idx.position(text, 9), (2, 1));
    }
}
