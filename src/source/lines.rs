//! Byte offset → 1-based line and character column.

/// The start offset of every line of a text. Lines end at `\n`; a `\r` before it belongs to
/// the line it ends.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    /// `offset` must be on a character boundary of `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
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
    }
}
