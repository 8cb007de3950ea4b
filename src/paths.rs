//! How a file's path is shown in reports: one name per file, on one line of its own, and never
//! one name for two files.
//!
//! A path is shown as it is, `/`-separated, unless it holds a control character (a newline),
//! a line or paragraph separator, a double quote, a backslash (on Unix, where it is not a
//! separator) or bytes that are not UTF-8. Such a path is shown quoted, C-style, as Git
//! shows it: `"new\nline.md"`, `"caf\xE9.md"`, `"back\\slash.md"`. A plain name never holds a
//! `"`, so the quoted forms cannot be mistaken for one, and [`raw`] gives the bytes back.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The bytes of a path (on Windows, its UTF-8 form with `/` separators).
fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Cow::Borrowed(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        Cow::Owned(path.to_string_lossy().replace('\\', "/").into_bytes())
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '"' | '\\' | '\u{2028}' | '\u{2029}')
}

/// How `path` is shown in reports.
pub fn display(path: &Path) -> String {
    let bytes = path_bytes(path);
    let plain = bytes
        .utf8_chunks()
        .all(|chunk| chunk.invalid().is_empty() && !chunk.valid().chars().any(needs_escape));
    if plain {
        return String::from_utf8(bytes.into_owned()).expect("checked to be UTF-8");
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii() && needs_escape(c) => {
                    let _ = write!(out, "\\x{:02X}", c as u32);
                }
                c if needs_escape(c) => {
                    let _ = write!(out, "\\u{{{:X}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        // Bytes that are not UTF-8 are all 0x80 or above: `\xNN` cannot be an ASCII escape.
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out.push('"');
    out
}

/// The bytes of the path that `shown` (a result of [`display`]) stands for.
pub fn raw(shown: &str) -> Cow<'_, [u8]> {
    unquote(shown).map_or(Cow::Borrowed(shown.as_bytes()), Cow::Owned)
}

/// The path that `shown` (a result of [`display`]) stands for.
pub fn to_path(shown: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(&raw(shown)))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&raw(shown)).into_owned())
    }
}

fn unquote(shown: &str) -> Option<Vec<u8>> {
    let inner = shown.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = Vec::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next()? {
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(u8::from_str_radix(&hex, 16).ok()?);
            }
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let close = rest.find('}')?;
                let c = char::from_u32(u32::from_str_radix(&rest[..close], 16).ok()?)?;
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                chars = rest[close + 1..].chars();
            }
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_shown_as_they_are() {
        for p in ["a.md", "sub/a b.md", "co:lon#?%41.md", "/abs/é.md"] {
            assert_eq!(display(Path::new(p)), p);
            assert_eq!(raw(p), p.as_bytes());
        }
    }

    #[cfg(unix)]
    #[test]
    fn odd_paths_are_quoted_and_come_back() {
        use std::os::unix::ffi::OsStrExt;
        let cases: [(&[u8], &str); 6] = [
            (b"new\nline.md", r#""new\nline.md""#),
            (b"back\\slash.md", r#""back\\slash.md""#),
            (b"say \"hi\".md", r#""say \"hi\".md""#),
            (b"bad\xff.md", r#""bad\xFF.md""#),
            (b"esc\x1b[31m.md", r#""esc\x1B[31m.md""#),
            (
                "nel\u{85}sep\u{2028}.md".as_bytes(),
                r#""nel\u{85}sep\u{2028}.md""#,
            ),
        ];
        for (bytes, shown) in cases {
            let path = Path::new(std::ffi::OsStr::from_bytes(bytes));
            assert_eq!(display(path), shown);
            assert_eq!(raw(shown), bytes);
            assert_eq!(to_path(shown), path);
            assert!(!shown.contains('\n'));
        }
        // Two names that differ in one byte that is not UTF-8 are two names.
        let a = display(Path::new(std::ffi::OsStr::from_bytes(b"x\xfe.md")));
        let b = display(Path::new(std::ffi::OsStr::from_bytes(b"x\xff.md")));
        assert_ne!(a, b);
    }
}
