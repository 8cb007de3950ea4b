//! What must hold whatever bytes a file holds: reading and linting never panic, and every
//! finding points at real text of the file. Shared by the property tests and the fuzz target
//! (`fuzz/fuzz_targets/lint.rs` includes this file).

use medlint::diagnostic::{Finding, Market};
use medlint::engine::Engine;
use medlint::source::encoding::decode_wide;
use medlint::source::{Decoded, Document, Encoding, Format, LoadOptions, decode};

/// Decodes `bytes` as `medlint check` does, reads them as `format`, lints them for `market`
/// and checks every invariant, panicking on the first broken one. Binary input (NUL bytes in
/// the first 8 KiB) is skipped by `medlint check`; it is read here all the same (invalid
/// UTF-8 replaced byte for byte), so the readers see NUL bytes too.
pub fn lint_and_check(engine: &Engine, bytes: &[u8], format: Format, market: Market) {
    let text = match decode(bytes.to_vec()) {
        Decoded::Text(text) => text,
        Decoded::Wide(wide) => {
            let encoding = wide.encoding;
            let doc = Document::parse_wide("input", wide, format, &LoadOptions::default());
            check_document(&doc);
            let findings = engine.lint(&doc, market);
            check_wide_findings(bytes, encoding, &doc.text, &findings);
            return;
        }
        Decoded::Binary => {
            assert!(
                bytes[..bytes.len().min(8192)].contains(&0),
                "binary without a NUL byte in the first 8 KiB"
            );
            replace_invalid(bytes)
        }
    };
    check_decoded(bytes, &text);
    let doc = Document::parse("input", text, format, &LoadOptions::default());
    check_document(&doc);
    let findings = engine.lint(&doc, market);
    check_findings(bytes, &doc.text, &findings);
}

/// Decoding keeps every byte offset: valid UTF-8 is kept as it is, each invalid byte becomes
/// one `?`.
pub fn check_decoded(bytes: &[u8], text: &str) {
    assert_eq!(text.len(), bytes.len(), "decoding changed the length");
    for (i, (&a, &b)) in bytes.iter().zip(text.as_bytes()).enumerate() {
        assert!(
            a == b || b == b'?',
            "byte {i} decoded as {b:#x}, was {a:#x}"
        );
    }
}

/// Invalid UTF-8 replaced by `?` byte for byte, as [`decode`] does for text.
fn replace_invalid(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    out
}

/// The document's prose maps back into the source on character boundaries.
pub fn check_document(doc: &Document) {
    let text = &*doc.text;
    let prose = &doc.prose.text;
    let source_ok = |r: &std::ops::Range<usize>, what: &str| {
        assert!(
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end),
            "{what} {r:?} is not a range of the source (length {})",
            text.len()
        );
    };
    for block in &doc.prose.blocks {
        assert!(block.range.start <= block.range.end && block.range.end <= prose.len());
        assert!(
            prose.is_char_boundary(block.range.start) && prose.is_char_boundary(block.range.end)
        );
        source_ok(&block.source, "block source");
    }
    for segment in &doc.prose.segments {
        source_ok(&segment.range, "segment");
    }
    for s in &doc.sentences {
        assert!(s.range.start <= s.range.end && s.range.end <= prose.len());
        assert!(prose.is_char_boundary(s.range.start) && prose.is_char_boundary(s.range.end));
        source_ok(&doc.prose.to_source(s.range.clone()), "sentence source");
    }
}

/// Every span lies inside the file, on character boundaries, with the line and column of its
/// ends, and the finding's text is the file's text there.
pub fn check_findings(bytes: &[u8], text: &str, findings: &[Finding]) {
    assert_eq!(bytes.len(), text.len());
    for f in findings {
        let Some(s) = &f.span else {
            assert!(
                f.text.is_empty(),
                "{}: a document finding with text",
                f.rule.code
            );
            continue;
        };
        let code = &f.rule.code;
        assert!(
            s.start <= s.end && s.end <= bytes.len(),
            "{code}: span {}..{} outside the file (length {})",
            s.start,
            s.end,
            bytes.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{code}: span {}..{} not on character boundaries",
            s.start,
            s.end
        );
        assert!(s.line >= 1 && s.column >= 1 && s.end_line >= 1 && s.end_column >= 1);
        assert_eq!(
            (s.line, s.column),
            position(text, s.start),
            "{code}: start position of {}..{}",
            s.start,
            s.end
        );
        assert_eq!(
            (s.end_line, s.end_column),
            position(text, s.end),
            "{code}: end position of {}..{}",
            s.start,
            s.end
        );
        assert_eq!(f.text, text[s.start..s.end], "{code}: finding text");
    }
}

/// The same for a file decoded from UTF-16 or UTF-32: lines, columns and text are those of
/// the decoded text, and the byte offsets of the span are those of the same text in the file.
pub fn check_wide_findings(bytes: &[u8], encoding: Encoding, text: &str, findings: &[Finding]) {
    for f in findings {
        let Some(s) = &f.span else {
            assert!(f.text.is_empty());
            continue;
        };
        let code = &f.rule.code;
        let r = s.text_range();
        assert!(
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end),
            "{code}: text range {r:?} is not a range of the text"
        );
        assert_eq!((s.line, s.column), position(text, r.start), "{code}: start");
        assert_eq!(
            (s.end_line, s.end_column),
            position(text, r.end),
            "{code}: end"
        );
        assert_eq!(f.text, text[r.clone()], "{code}: finding text");
        assert!(
            s.start <= s.end && s.end <= bytes.len(),
            "{code}: file span"
        );
        assert_eq!(
            decode_wide(&bytes[s.start..s.end], encoding).text,
            f.text,
            "{code}: the file's bytes at {}..{}",
            s.start,
            s.end
        );
    }
}

/// 1-based line and character column of a byte offset, computed the slow way: lines end at
/// `\n`, and a byte-order mark at the start of the file is not a column.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut column = text[line_start..offset].chars().count() + 1;
    if line_start == 0 && text.starts_with('\u{FEFF}') && offset > 0 {
        column -= 1;
    }
    (line, column)
}
