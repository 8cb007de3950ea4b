//! Pattern text: lexicon placeholders (`{{name}}`) and ASCII classes. Pure functions of their
//! input, shared with the build script (which precomputes the built-in patterns' literals).

/// A placeholder `{{ name }}` in a pattern: its byte range and the lexicon's name.
pub fn placeholders(pattern: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = pattern[i..].find("{{") {
        let start = i + found;
        let rest = &pattern[start + 2..];
        let body = rest.trim_start();
        let name_len = body
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(body.len());
        let after = body[name_len..].trim_start();
        if name_len > 0 && after.starts_with("}}") {
            let end = pattern.len() - after.len() + 2;
            out.push((start..end, &body[..name_len]));
            i = end;
        } else {
            i = start + 1;
        }
    }
    out
}

/// Replaces every placeholder with the alternation of its lexicon's names. `Err` names the
/// first unknown lexicon.
pub fn expand(
    pattern: &str,
    lexicon: impl Fn(&str) -> Option<Vec<String>>,
) -> Result<String, &str> {
    let mut out = String::with_capacity(pattern.len());
    let mut last = 0;
    for (range, name) in placeholders(pattern) {
        let words = lexicon(name).ok_or(name)?;
        out.push_str(&pattern[last..range.start]);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        out.push_str(&alternation(&refs));
        last = range.end;
    }
    out.push_str(&pattern[last..]);
    Ok(out)
}

/// The pattern with each placeholder replaced by a marker in a group of its own, and the names
/// of each marker's lexicon: a small regex whose literals stand for the expanded one's. `None`
/// when the pattern has no placeholder, too many, or an unknown one.
pub fn skeleton(
    pattern: &str,
    lexicon: impl Fn(&str) -> Option<Vec<String>>,
) -> Option<(String, Vec<Vec<String>>)> {
    let found = placeholders(pattern);
    if found.is_empty() || found.len() > MAX_MARKERS {
        return None;
    }
    let mut out = String::with_capacity(pattern.len());
    let mut lexicons = Vec::new();
    let mut last = 0;
    for (range, name) in found {
        out.push_str(&pattern[last..range.start]);
        out.push('(');
        out.push(marker(lexicons.len()));
        out.push(')');
        lexicons.push(lexicon(name)?);
        last = range.end;
    }
    out.push_str(&pattern[last..]);
    Some((out, lexicons))
}

/// The most placeholders a skeleton holds.
pub const MAX_MARKERS: usize = 250;

/// The marker of a skeleton's `k`th lexicon: a private-use character no copy contains.
pub fn marker(k: usize) -> char {
    char::from_u32(0x10_FF00 + k as u32).expect("a private-use character")
}

/// The lexicon a marker stands for.
pub fn marker_index(c: char) -> Option<usize> {
    let k = (c as u32).checked_sub(0x10_FF00)? as usize;
    (k < MAX_MARKERS).then_some(k)
}

/// Rewrites the shorthand classes as their ASCII forms: `\b`/`\B` as ASCII word boundaries,
/// `\w`, `\d` and `\s` as ASCII ranges. Unicode word boundaries make the regex crate's
/// lazy DFA give up on any non-ASCII byte (curly quotes, dashes: all over marketing copy), and
/// Unicode `\w` inside repetitions makes patterns slow to compile; English prose rules lose
/// nothing by ASCII classes. `\W`, `\D`, `\S` and `.` keep their Unicode meaning.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    const WORD: &str = "0-9A-Za-z_";
    const DIGIT: &str = "0-9";
    const SPACE: &str = " \\t\\n\\r\\x0B\\x0C";
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // Depth of character classes, and whether the last thing emitted opened one (so that a
    // `]` right after `[` or `[^` is a literal).
    let mut depth = 0usize;
    let mut just_opened = false;
    while let Some(c) = chars.next() {
        let opened = just_opened;
        just_opened = false;
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let class = match next {
                    'w' => Some(WORD),
                    'd' => Some(DIGIT),
                    's' => Some(SPACE),
                    _ => None,
                };
                match (next, class) {
                    ('b', _) if depth == 0 => out.push_str("(?-u:\\b)"),
                    ('B', _) if depth == 0 => out.push_str("(?-u:\\B)"),
                    (_, Some(body)) if depth == 0 => {
                        out.push('[');
                        out.push_str(body);
                        out.push(']');
                    }
                    (_, Some(body)) => out.push_str(body),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' => {
                depth += 1;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap());
                }
                just_opened = true;
            }
            ']' if depth > 0 && !opened => {
                depth -= 1;
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a name is matched case-sensitively: all capitals (an acronym such as "TMS", "ADD").
pub fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// `(?:longest|…|short)` with each word escaped; acronyms keep their case; apostrophes match
/// straight or curly.
fn alternation(words: &[&str]) -> String {
    let mut sorted: Vec<&str> = words.to_vec();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted.dedup();
    let parts: Vec<String> = sorted
        .iter()
        .map(|w| {
            let escaped = regex_syntax::escape(w)
                .replace('\'', "['’]")
                .replace(' ', r"\s+");
            if is_acronym(w) {
                format!("(?-i:{escaped})")
            } else {
                escaped
            }
        })
        .collect();
    format!("(?:{})", parts.join("|"))
}

/// A stable 64-bit FNV-1a hash of a pattern's text: the key of the precomputed literals.
pub fn source_hash(source: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_like_the_documented_syntax() {
        let found: Vec<&str> = placeholders("a {{x}} b {{ y-z }} {{{w}} {{ }} {{v}")
            .iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(found, ["x", "y-z", "w"]);
        let lex = |n: &str| (n == "x").then(|| vec!["AB".to_string(), "it's".to_string()]);
        assert_eq!(expand("{{x}}!", lex).unwrap(), "(?:it['’]s|(?-i:AB))!");
        assert_eq!(expand("{{nope}}", lex), Err("nope"));
        let (sk, lexs) = skeleton(r"\b{{x}}\s+y", lex).unwrap();
        assert_eq!(sk, format!(r"\b({})\s+y", marker(0)));
        assert_eq!(lexs.len(), 1);
    }
}
