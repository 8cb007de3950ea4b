//! Where a byte of a TOML string's value is in the file: the value of `"a\tb"` is three bytes
//! long, the literal is six. Errors inside a pattern point at the exact column this way.

/// The offset in `raw` (the string literal as written, quotes included) of byte `pos` of its
/// value. Positions past the end map to the closing quote.
pub fn value_to_raw(raw: &str, pos: usize) -> usize {
    let (open, basic, multiline) = if raw.starts_with("'''") {
        (3, false, true)
    } else if raw.starts_with("\"\"\"") {
        (3, true, true)
    } else if raw.starts_with('\'') {
        (1, false, false)
    } else if raw.starts_with('"') {
        (1, true, false)
    } else {
        return pos.min(raw.len());
    };
    let mut i = open;
    // A newline right after the opening quotes of a multi-line string is not part of it.
    if multiline {
        if raw[i..].starts_with("\r\n") {
            i += 2;
        } else if raw[i..].starts_with('\n') {
            i += 1;
        }
    }
    let close = raw.len().saturating_sub(open).max(i);
    let mut value = 0usize;
    let bytes = raw.as_bytes();
    while i < close {
        if value >= pos {
            return i;
        }
        if basic && bytes[i] == b'\\' && i + 1 < close {
            let c = bytes[i + 1];
            let (raw_len, value_len) = match c {
                b'u' => (6, char_len_of_escape(&raw[i + 2..(i + 6).min(close)])),
                b'U' => (10, char_len_of_escape(&raw[i + 2..(i + 10).min(close)])),
                b'\n' | b'\r' | b' ' | b'\t' if multiline => {
                    // A line-ending backslash: the white space after it is dropped.
                    let mut j = i + 1;
                    while j < close && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    (j - i, 0)
                }
                _ => (2, 1),
            };
            if value + value_len > pos {
                return i;
            }
            value += value_len;
            i += raw_len;
            continue;
        }
        let ch = raw[i..].chars().next().map_or(1, char::len_utf8);
        value += ch;
        i += ch;
    }
    i.min(raw.len())
}

fn char_len_of_escape(hex: &str) -> usize {
    u32::from_str_radix(hex, 16)
        .ok()
        .and_then(char::from_u32)
        .map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_basic_strings() {
        assert_eq!(value_to_raw("'abc'", 1), 2);
        assert_eq!(value_to_raw("\"a\\tb\"", 2), 4);
        assert_eq!(value_to_raw("\"a\\\"b\"", 2), 4);
        assert_eq!(value_to_raw("'''\nab'''", 1), 5);
        assert_eq!(value_to_raw("\"é\\u00e9x\"", 4), 9);
    }
}
