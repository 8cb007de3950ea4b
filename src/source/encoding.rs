//! Files in UTF-16 or UTF-32 with a byte-order mark: decoded to UTF-8 for reading, with a map
//! from every offset of the decoded text back to the byte offset of the file, so that spans
//! are still offsets of the file.

use std::ops::Range;

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with any invalid bytes replaced one for one.
    Utf8,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Encoding {
    /// The name SARIF and IANA use.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf32Le => "UTF-32LE",
            Encoding::Utf32Be => "UTF-32BE",
        }
    }

    /// The wide encoding a byte-order mark at the start of `bytes` declares.
    pub fn from_bom(bytes: &[u8]) -> Option<Encoding> {
        // UTF-32LE's mark starts like UTF-16LE's, so it is tested first.
        match bytes {
            [0xFF, 0xFE, 0, 0, ..] => Some(Encoding::Utf32Le),
            [0, 0, 0xFE, 0xFF, ..] => Some(Encoding::Utf32Be),
            [0xFF, 0xFE, ..] => Some(Encoding::Utf16Le),
            [0xFE, 0xFF, ..] => Some(Encoding::Utf16Be),
            _ => None,
        }
    }
}

/// A run of characters that take the same number of bytes in the text and in the file.
#[derive(Debug, Clone, Copy)]
struct Run {
    text: usize,
    file: usize,
    /// Bytes per character in the text and in the file.
    text_width: u8,
    file_width: u8,
}

/// Offsets of a decoded text → byte offsets of the file it was decoded from.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
    text_len: usize,
    file_len: usize,
}

impl OffsetMap {
    fn push(&mut self, text_width: usize, file_width: usize) {
        let (tw, fw) = (text_width as u8, file_width as u8);
        match self.runs.last() {
            Some(r) if r.text_width == tw && r.file_width == fw => {}
            _ => self.runs.push(Run {
                text: self.text_len,
                file: self.file_len,
                text_width: tw,
                file_width: fw,
            }),
        }
        self.text_len += text_width;
        self.file_len += file_width;
    }

    /// The file offset of text offset `offset` (a character boundary of the text; the end of
    /// the text maps to the end of the file).
    pub fn to_file(&self, offset: usize) -> usize {
        if offset >= self.text_len {
            return self.file_len;
        }
        let i = self.runs.partition_point(|r| r.text <= offset) - 1;
        let r = self.runs[i];
        let chars = (offset - r.text) / usize::from(r.text_width);
        r.file + chars * usize::from(r.file_width)
    }

    pub fn range_to_file(&self, range: Range<usize>) -> Range<usize> {
        self.to_file(range.start)..self.to_file(range.end)
    }
}

/// A file decoded from UTF-16 or UTF-32.
#[derive(Debug, Clone)]
pub struct WideText {
    /// The text, starting with U+FEFF for the byte-order mark.
    pub text: String,
    pub encoding: Encoding,
    pub map: OffsetMap,
}

/// Decodes `bytes` in a wide `encoding`. Unpaired surrogates, invalid code points and a
/// trailing partial code unit each become U+FFFD.
pub fn decode_wide(bytes: &[u8], encoding: Encoding) -> WideText {
    let mut text = String::with_capacity(bytes.len());
    let mut map = OffsetMap::default();
    let mut emit = |c: char, file_width: usize, text: &mut String| {
        text.push(c);
        map.push(c.len_utf8(), file_width);
    };
    match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let le = encoding == Encoding::Utf16Le;
            let units = bytes.chunks_exact(2).map(|b| {
                if le {
                    u16::from_le_bytes([b[0], b[1]])
                } else {
                    u16::from_be_bytes([b[0], b[1]])
                }
            });
            for r in char::decode_utf16(units) {
                match r {
                    Ok(c) => emit(c, 2 * c.len_utf16(), &mut text),
                    Err(_) => emit('\u{FFFD}', 2, &mut text),
                }
            }
            if bytes.len() % 2 == 1 {
                emit('\u{FFFD}', 1, &mut text);
            }
        }
        Encoding::Utf32Le | Encoding::Utf32Be => {
            let le = encoding == Encoding::Utf32Le;
            for b in bytes.chunks_exact(4) {
                let b = [b[0], b[1], b[2], b[3]];
                let v = if le {
                    u32::from_le_bytes(b)
                } else {
                    u32::from_be_bytes(b)
                };
                emit(char::from_u32(v).unwrap_or('\u{FFFD}'), 4, &mut text);
            }
            let rest = bytes.len() % 4;
            if rest > 0 {
                emit('\u{FFFD}', rest, &mut text);
            }
        }
        Encoding::Utf8 => unreachable!("UTF-8 is not decoded here"),
    }
    WideText {
        text,
        encoding,
        map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn utf16_offsets_map_back_to_the_file() {
        // ASCII (1 → 2 bytes), a curly quote (3 → 2), an emoji (4 → 4).
        let s = "\u{FEFF}a “b” 😀 c";
        let bytes = utf16le(&s[3..]);
        let w = decode_wide(&bytes, Encoding::from_bom(&bytes).unwrap());
        assert_eq!(w.encoding, Encoding::Utf16Le);
        assert_eq!(w.text, s);
        for (i, c) in w.text.char_indices() {
            let units_before = w.text[..i].encode_utf16().count();
            assert_eq!(w.map.to_file(i), 2 * units_before, "offset of {c:?}");
        }
        assert_eq!(w.map.to_file(w.text.len()), bytes.len());
    }

    #[test]
    fn broken_wide_text_becomes_replacement_characters() {
        // A lone high surrogate, then "A", then an odd trailing byte.
        let bytes = [0xFE, 0xFF, 0xD8, 0x00, 0x00, 0x41, 0x42];
        let w = decode_wide(&bytes, Encoding::Utf16Be);
        assert_eq!(w.text, "\u{FEFF}\u{FFFD}A\u{FFFD}");
        assert_eq!(w.map.to_file(w.text.len()), bytes.len());
        let a = w.text.find('A').unwrap();
        assert_eq!(w.map.range_to_file(a..a + 1), 4..6);
        let bytes = [0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 9];
        let w = decode_wide(&bytes, Encoding::from_bom(&bytes).unwrap());
        assert_eq!(w.encoding, Encoding::Utf32Le);
        assert_eq!(w.text, "\u{FEFF}A\u{FFFD}\u{FFFD}");
        assert_eq!(w.map.to_file(w.text.len()), bytes.len());
    }
}
