//! Tokens: the words, numbers, signs and punctuation of a piece of normalized prose, each with
//! its byte range.
//!
//! - A word is a run of letters and digits that starts with a letter ("B12", "HbA1c" are one
//!   word). Abbreviations of single letters with periods ("U.S.", "e.g.") are one word.
//! - A number is a run of digits with thousands groups and decimals ("1,200", "4.7"), an ordinal
//!   suffix ("2nd") or a vulgar fraction ("⅔"). Letters glued after it are a word of their own
//!   ("40lbs" is "40" and "lbs", "3x" is "3" and "x").
//! - A hyphen between two letters or digits ("worn-out", "COVID-19") joins words: it is not a
//!   token, and the word after it is marked [`HYPHENATED`]; "worn-out" and "worn out" are the
//!   same two words to a pattern.
//! - Clitics are words of their own, as in spaCy: "body's" is "body" and "'s", "doesn't" is
//!   "does" and "n't", "can't" is "can" and "n't".
//! - Every other character that is not a space is a one-character token (punctuation, `%`, `$`,
//!   `★`); "..." is one "…" token. Trademark signs are not tokens.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// Punctuation and signs.
    Symbol,
}

/// The word follows a joining hyphen ("out" in "worn-out").
pub const HYPHENATED: u8 = 1;
/// A number written as a word ("ten", "hundred").
pub const NUMBER_WORD: u8 = 2;
/// The first letter is upper case.
pub const CAPITALIZED: u8 = 4;
/// Every letter is upper case, and there are two or more.
pub const ALL_CAPS: u8 = 8;
/// The token follows white space (or starts the text).
pub const SPACE_BEFORE: u8 = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
    pub flags: u8,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// A word or a number: what a gap (`_`) may skip.
    pub fn is_wordlike(&self) -> bool {
        self.kind != TokenKind::Symbol
    }
}

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
];

/// Whether a lowercase word is a number word.
pub fn is_number_word(lower: &str) -> bool {
    // The same words as NUMBER_WORDS, as a match the compiler dispatches by length.
    let found = matches!(
        lower,
        "zero"
            | "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "fifteen"
            | "sixteen"
            | "seventeen"
            | "eighteen"
            | "nineteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "hundred"
            | "thousand"
            | "million"
            | "billion"
            | "dozen"
            | "dozens"
            | "hundreds"
            | "thousands"
            | "millions"
    );
    debug_assert_eq!(found, NUMBER_WORDS.contains(&lower));
    found
}

fn is_fraction_char(c: char) -> bool {
    matches!(
        c,
        '½' | '⅓'
            | '⅔'
            | '¼'
            | '¾'
            | '⅕'
            | '⅖'
            | '⅗'
            | '⅘'
            | '⅙'
            | '⅚'
            | '⅛'
            | '⅜'
            | '⅝'
            | '⅞'
            | '⅒'
    )
}

/// Characters that are not tokens and do not separate words' tokens from each other.
fn is_ignored(c: char) -> bool {
    matches!(c, '®' | '™' | '©' | '℠' | '\u{00AD}')
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{0300}'..='\u{036F}')
}

/// Clitics split off the end of a word, lowercase, longest first.
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

/// Splits `text` into tokens, with ranges offset by `base`.
pub fn tokenize(text: &str, base: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space_before = true;
    let mut hyphen_pending = false;
    let push = |out: &mut Vec<Token>, s: usize, e: usize, kind: TokenKind, flags: u8| {
        out.push(Token {
            start: (base + s) as u32,
            end: (base + e) as u32,
            kind,
            flags,
        });
    };
    while i < text.len() {
        if bytes[i] == b' ' {
            space_before = true;
            hyphen_pending = false;
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        let len = c.len_utf8();
        if c.is_whitespace() {
            space_before = true;
            hyphen_pending = false;
            i += len;
            continue;
        }
        if is_ignored(c) {
            i += len;
            continue;
        }
        if c == '[' || c == '(' {
            // "[sic]" is an editor's note, not the copy's words.
            if let Some(n) = sic_at(&text[i..]) {
                i += n;
                continue;
            }
        }
        let mut flags = if space_before { SPACE_BEFORE } else { 0 };
        if hyphen_pending {
            flags |= HYPHENATED;
            hyphen_pending = false;
        }
        space_before = false;
        if c.is_ascii_digit() {
            let e = scan_number(text, i);
            push(out, i, e, TokenKind::Number, flags);
            i = e;
            if i < text.len() && bytes[i] == b'-' && joins(text, i) {
                hyphen_pending = true;
                i += 1;
            }
            continue;
        }
        if is_fraction_char(c) {
            push(out, i, i + len, TokenKind::Number, flags);
            i += len;
            continue;
        }
        if c == '['
            && let Some(e) = editorial_word(text, i)
        {
            // A quoted claim's editorial capital ("[P]rotects", "[A] potent formula") is the
            // word it stands for.
            let word = word_text(&text[i..e]);
            push(out, i, e, TokenKind::Word, flags | word_flags(&word));
            i = e;
            if i < text.len() && bytes[i] == b'-' && joins(text, i) {
                hyphen_pending = true;
                i += 1;
            }
            continue;
        }
        if is_letter(c) {
            // An abbreviation of single letters has a period after its first letter.
            if text[i + len..].starts_with('.')
                && let Some(e) = scan_abbreviation(text, i)
            {
                push(
                    out,
                    i,
                    e,
                    TokenKind::Word,
                    flags | letter_flags(&text[i..e]),
                );
                i = e;
                continue;
            }
            let mut e = i;
            while e < text.len() {
                if bytes[e].is_ascii_alphanumeric() {
                    e += 1;
                    continue;
                }
                let ch = text[e..].chars().next().expect("in bounds");
                if is_word_char(ch) {
                    e += ch.len_utf8();
                } else if is_ignored(ch)
                    && text[e + ch.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char)
                {
                    // A soft hyphen inside a word.
                    e += ch.len_utf8();
                } else {
                    break;
                }
            }
            let mut word_end = e;
            let mut clitic: Option<usize> = None;
            if e < text.len() && bytes[e] == b'\'' {
                let rest = &text[e..];
                let word_after = |k: usize| {
                    rest.get(k..)
                        .is_some_and(|r| r.chars().next().is_some_and(is_word_char))
                };
                let word = &text[i..e];
                if rest.len() >= 2
                    && rest.as_bytes()[1].eq_ignore_ascii_case(&b't')
                    && !word_after(2)
                    && word.len() >= 2
                    && (word.ends_with('n') || word.ends_with('N'))
                {
                    // "doesn't", "can't": "does" + "n't".
                    let stem_end = e - 1;
                    let stem = &text[i..stem_end];
                    push(out, i, stem_end, TokenKind::Word, flags | word_flags(stem));
                    push(out, stem_end, e + 2, TokenKind::Word, 0);
                    i = e + 2;
                    continue;
                }
                clitic = clitic_at(rest);
                if clitic.is_none() && word_after(1) {
                    // "O'Brien", "rock'n'roll": one word.
                    let mut k = e + 1;
                    while k < text.len() {
                        let ch = text[k..].chars().next().expect("in bounds");
                        if is_word_char(ch)
                            || (ch == '\''
                                && text[k + 1..].chars().next().is_some_and(is_word_char)
                                && clitic_at(&text[k..]).is_none())
                        {
                            k += ch.len_utf8();
                        } else {
                            break;
                        }
                    }
                    word_end = k;
                    // A clitic after the joined word: "O'Brien's".
                    clitic = clitic_at(&text[k..]);
                }
            }
            let word = &text[i..word_end];
            push(out, i, word_end, TokenKind::Word, flags | word_flags(word));
            i = word_end;
            if let Some(n) = clitic {
                push(out, i, i + n, TokenKind::Word, 0);
                i += n;
            }
            if i < text.len() && bytes[i] == b'-' && joins(text, i) {
                hyphen_pending = true;
                i += 1;
            }
            continue;
        }
        // "..." and ". . ." are one token.
        if c == '.' && text[i..].starts_with("...") {
            push(out, i, i + 3, TokenKind::Symbol, flags);
            i += 3;
            continue;
        }
        if c == '.' && text[i..].starts_with(". . .") {
            push(out, i, i + 5, TokenKind::Symbol, flags);
            i += 5;
            continue;
        }
        push(out, i, i + len, TokenKind::Symbol, flags);
        i += len;
    }
}

/// The length of an editor's "[sic]" or "(sic)" at the start of `rest`, with the space before
/// the next word.
fn sic_at(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let close = if b[0] == b'[' { b']' } else { b')' };
    (b.len() >= 5 && b[1..4].eq_ignore_ascii_case(b"sic") && b[4] == close).then_some(5)
}

/// The end of a word that starts with an editor's bracketed letters: glued to the rest of the
/// word ("[P]rotects", "[I]nfluences"), or a bracketed capitalized word opening the text ("[A]
/// potent formula", "[The] drops"). Citation markers ("[3]", "[a]") are not words.
fn editorial_word(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + 1..];
    let close = rest.find(']')?;
    let inner = &rest[..close];
    if inner.is_empty() || inner.len() > 12 || !inner.chars().all(is_letter) {
        return None;
    }
    let after = i + 1 + close + 1;
    let next = text[after..].chars().next();
    if next.is_some_and(is_letter) {
        let mut e = after;
        while let Some(ch) = text[e..].chars().next().filter(|&c| is_word_char(c)) {
            e += ch.len_utf8();
        }
        return Some(e);
    }
    let opens_text = text[..i].trim().is_empty();
    let capitalized = inner.chars().next().is_some_and(char::is_uppercase);
    (opens_text && capitalized && next.is_none_or(char::is_whitespace)).then_some(after)
}

/// A word token's text without an editor's brackets: "[P]rotects" is "Protects".
pub fn word_text(original: &str) -> std::borrow::Cow<'_, str> {
    if original.starts_with('[') && original.len() > 2 {
        original.replace(['[', ']'], "").into()
    } else {
        original.into()
    }
}

/// The length of a clitic ("'s", "'re", …) at the start of `rest`, ending a word.
fn clitic_at(rest: &str) -> Option<usize> {
    CLITICS[1..]
        .iter()
        .find(|cl| {
            rest.len() >= cl.len()
                && rest.is_char_boundary(cl.len())
                && rest[..cl.len()].eq_ignore_ascii_case(cl)
                && !rest[cl.len()..].chars().next().is_some_and(is_word_char)
        })
        .map(|cl| cl.len())
}

/// Whether the hyphen at `i` joins two words ("worn-out", "COVID-19").
fn joins(text: &str, i: usize) -> bool {
    text[i + 1..].chars().next().is_some_and(is_word_char)
        && text[..i].chars().next_back().is_some_and(is_word_char)
}

fn scan_number(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut e = start;
    while e < b.len() && b[e].is_ascii_digit() {
        e += 1;
    }
    // "1,200": a comma followed by exactly three digits.
    while b.get(e) == Some(&b',')
        && b.get(e + 1..e + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !b.get(e + 4).is_some_and(u8::is_ascii_digit)
    {
        e += 4;
    }
    if e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit() {
        e += 1;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
    }
    // Ordinals: "1st", "22nd", "3rd", "4th".
    for suffix in ["st", "nd", "rd", "th"] {
        if text
            .get(e..e + 2)
            .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
            && !text[e + 2..].chars().next().is_some_and(is_word_char)
        {
            return e + 2;
        }
    }
    e
}

/// "U.S.", "e.g.", "U.K.": single letters each followed by a period, two or more.
fn scan_abbreviation(text: &str, start: usize) -> Option<usize> {
    let mut e = start;
    let mut count = 0;
    loop {
        let mut chars = text[e..].chars();
        let c = chars.next()?;
        if !is_letter(c) {
            break;
        }
        let after = e + c.len_utf8();
        if !text[after..].starts_with('.') {
            break;
        }
        e = after + 1;
        count += 1;
        if !text[e..].chars().next().is_some_and(is_letter) {
            break;
        }
        // The next letter must itself be followed by a period.
        let n = text[e..].chars().next()?;
        if !text[e + n.len_utf8()..].starts_with('.') {
            // "U.Sx": not an abbreviation of single letters.
            return None;
        }
    }
    (count >= 2 && !text[e..].chars().next().is_some_and(is_word_char)).then_some(e)
}

fn letter_flags(word: &str) -> u8 {
    // Most words start with a lowercase letter: neither capitalized nor all capitals.
    if word.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return 0;
    }
    if word.is_ascii() {
        let b = word.as_bytes();
        let mut flags = 0;
        if b.first().is_some_and(u8::is_ascii_uppercase) {
            flags |= CAPITALIZED;
        }
        let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
        if letters >= 2 && !b.iter().any(u8::is_ascii_lowercase) {
            flags |= ALL_CAPS;
        }
        return flags;
    }
    let mut flags = 0;
    if word.chars().next().is_some_and(char::is_uppercase) {
        flags |= CAPITALIZED;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !word.chars().any(char::is_lowercase) {
        flags |= ALL_CAPS;
    }
    flags
}

fn word_flags(word: &str) -> u8 {
    let mut flags = letter_flags(word);
    // Number words are short and ASCII: compared as integers, their letters packed.
    if (3..=9).contains(&word.len()) && is_number_key(pack_lower(word.as_bytes())) {
        flags |= NUMBER_WORD;
    }
    flags
}

/// Up to 16 bytes as an integer, ASCII capitals lowered (no other byte becomes a lowercase
/// letter, so two words have the same key exactly when their lowercase forms are equal).
const fn pack_lower(b: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < b.len() && i < 16 {
        let c = if b[i].is_ascii_uppercase() {
            b[i] | 0x20
        } else {
            b[i]
        };
        key |= (c as u128) << (8 * i);
        i += 1;
    }
    key
}

/// The keys of [`NUMBER_WORDS`], sorted.
static NUMBER_KEYS: [u128; NUMBER_WORDS.len()] = {
    let mut keys = [0u128; NUMBER_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = pack_lower(NUMBER_WORDS[i].as_bytes());
        i += 1;
    }
    // Insertion sort, at compile time.
    let mut j = 1;
    while j < keys.len() {
        let mut k = j;
        while k > 0 && keys[k - 1] > keys[k] {
            let t = keys[k];
            keys[k] = keys[k - 1];
            keys[k - 1] = t;
            k -= 1;
        }
        j += 1;
    }
    keys
};

fn is_number_key(key: u128) -> bool {
    NUMBER_KEYS.binary_search(&key).is_ok()
}

/// The lowercase form of a token's text, the key its forms are looked up by. "..." is "…".
pub fn normal_form(text: &str) -> std::borrow::Cow<'_, str> {
    if text == "..." || text == ". . ." {
        return "…".into();
    }
    if text.starts_with('[') && text.len() > 2 {
        return word_text(text).to_lowercase().into();
    }
    if text
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && b.is_ascii())
    {
        return text.into();
    }
    if text.is_ascii() {
        return text.to_ascii_lowercase().into();
    }
    text.to_lowercase().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(s, 0, &mut out);
        out.iter().map(|t| &s[t.range()]).collect()
    }

    #[test]
    fn an_editors_brackets_and_sic_are_read_as_the_copy() {
        assert_eq!(
            texts("[P]rotects against clots [sic] and [3] more"),
            vec![
                "[P]rotects",
                "against",
                "clots",
                "and",
                "[",
                "3",
                "]",
                "more"
            ]
        );
        assert_eq!(normal_form("[P]rotects"), "protects");
        assert_eq!(texts("[A] potent blend"), vec!["[A]", "potent", "blend"]);
        // Only at the start of the text: a letter in brackets later is a note marker.
        assert_eq!(texts("see [a] here"), vec!["see", "[", "a", "]", "here"]);
        assert_eq!(
            texts("helps . . . reduce"),
            vec!["helps", ". . .", "reduce"]
        );
        assert_eq!(normal_form(". . ."), "…");
    }

    #[test]
    fn number_words_are_found_by_their_packed_letters_in_any_case() {
        for w in NUMBER_WORDS {
            assert!(word_flags(w) & NUMBER_WORD != 0, "{w}");
            assert!(word_flags(&w.to_uppercase()) & NUMBER_WORD != 0, "{w}");
            let mut cap = w.to_string();
            cap[..1].make_ascii_uppercase();
            assert_ne!(word_flags(&cap) & NUMBER_WORD, 0, "{cap}");
        }
        for w in [
            "tens",
            "twentys",
            "on",
            "Onee",
            "nin",
            "seventeens",
            "tw0",
            "fiv\u{e9}",
            "t\u{e9}n",
            "hundred-",
            "ONE1",
            "zer0",
            "thousandss",
        ] {
            assert_eq!(word_flags(w) & NUMBER_WORD, 0, "{w}");
        }
        assert_eq!(word_flags("Twenty"), CAPITALIZED | NUMBER_WORD);
        assert_eq!(word_flags("TWENTY"), CAPITALIZED | ALL_CAPS | NUMBER_WORD);
        assert_eq!(word_flags("twenty"), NUMBER_WORD);
        assert_eq!(word_flags("relief"), 0);
        assert_eq!(word_flags("ßtrasse"), 0);
        assert_eq!(word_flags("Élan"), CAPITALIZED);
        assert_eq!(word_flags("ÉLAN"), CAPITALIZED | ALL_CAPS);
    }

    #[test]
    fn words_numbers_and_signs() {
        assert_eq!(
            texts("Ketamine repairs 71% of brains, fast!"),
            vec![
                "Ketamine", "repairs", "71", "%", "of", "brains", ",", "fast", "!"
            ]
        );
        assert_eq!(
            texts("$1,200.50 or 4.7/5"),
            vec!["$", "1,200.50", "or", "4.7", "/", "5"]
        );
        assert_eq!(texts("40lbs in 3x"), vec!["40", "lbs", "in", "3", "x"]);
        assert_eq!(
            texts("the 2nd ⅔ of B12"),
            vec!["the", "2nd", "⅔", "of", "B12"]
        );
        assert_eq!(
            texts("NAD+ and Ozempic®."),
            vec!["NAD", "+", "and", "Ozempic", "."]
        );
        assert_eq!(texts("Wait..."), vec!["Wait", "..."]);
    }

    #[test]
    fn hyphens_join_words() {
        let mut out = Vec::new();
        let s = "worn-out COVID-19 - not — this";
        tokenize(s, 0, &mut out);
        let t: Vec<&str> = out.iter().map(|t| &s[t.range()]).collect();
        assert_eq!(
            t,
            vec!["worn", "out", "COVID", "19", "-", "not", "—", "this"]
        );
        assert!(out[1].has(HYPHENATED));
        assert!(out[3].has(HYPHENATED));
        assert!(!out[4].has(HYPHENATED));
    }

    #[test]
    fn clitics_are_tokens() {
        assert_eq!(texts("the body's own"), vec!["the", "body", "'s", "own"]);
        assert_eq!(
            texts("It doesn't, can't"),
            vec!["It", "does", "n't", ",", "ca", "n't"]
        );
        assert_eq!(texts("patients' results"), vec!["patients", "'", "results"]);
        assert_eq!(texts("O'Brien's"), vec!["O'Brien", "'s"]);
        assert_eq!(texts("'quoted'"), vec!["'", "quoted", "'"]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            texts("the U.S. FDA, e.g. this"),
            vec!["the", "U.S.", "FDA", ",", "e.g.", "this"]
        );
        assert_eq!(texts("Dr. Lee"), vec!["Dr", ".", "Lee"]);
    }

    #[test]
    fn flags() {
        let mut out = Vec::new();
        let s = "Ten FDA cells";
        tokenize(s, 0, &mut out);
        assert!(out[0].has(NUMBER_WORD) && out[0].has(CAPITALIZED));
        assert!(out[1].has(ALL_CAPS));
        assert!(!out[2].has(CAPITALIZED));
    }

    #[test]
    fn ranges_are_offset() {
        let mut out = Vec::new();
        tokenize("a b", 10, &mut out);
        assert_eq!(out[1].range(), 12..13);
    }
}
