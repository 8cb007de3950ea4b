//! Sentence boundaries inside a block of normalized prose.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (plus any closing quotes, brackets and citation
//! markers right after it) when whitespace and a plausible sentence start follow. Abbreviations
//! ("Dr.", "et al.", "e.g.", "vs.", "U.S."), initials, decimals ("79.3%") and "No. 1" do not end
//! a sentence. Blocks (headings, list items, paragraphs) are split separately, so a heading or a
//! list item is always a sentence of its own.

use std::ops::Range;

/// Abbreviations after which a period never ends a sentence (compared lowercase, without the
/// final period).
const NEVER_FINAL: &[&str] = &[
    "dr", "mr", "mrs", "ms", "mx", "prof", "sr", "jr", "st", "vs", "v", "al", "e.g", "i.e", "eg",
    "ie", "cf", "approx", "fig", "figs", "vol", "pp", "p", "ed", "eds", "ref", "refs", "gen",
    "rev", "hon", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "mt", "ft", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.u", "u.s.a",
    "est", "dept", "univ", "assn", "inst", "incl", "min", "max", "avg", "ca", "c", "viz", "resp",
];

/// Abbreviations that often end a sentence too: a period after them ends one only when the next
/// word is a common sentence opener.
const MAYBE_FINAL: &[&str] = &[
    "inc", "ltd", "co", "corp", "llc", "etc", "a.m", "p.m", "am", "pm", "m.d", "ph.d", "d.o",
    "r.n", "n.p", "pa-c", "b.s", "m.s", "psy.d", "ed.d", "pharm.d", "md", "phd", "do", "rn", "np",
];

/// Words that commonly open a sentence, used after a `MAYBE_FINAL` abbreviation.
const OPENERS: &[&str] = &[
    "the", "this", "that", "these", "those", "it", "its", "we", "you", "your", "i", "our", "they",
    "he", "she", "but", "and", "so", "if", "in", "for", "a", "an", "as", "at", "after", "before",
    "when", "while", "however", "there", "what", "why", "how", "who", "call", "contact", "learn",
    "book", "schedule", "all", "most", "many", "some", "each", "every", "no", "not", "please",
];

const ELLIPSIS: &[u8] = "…".as_bytes();

/// Splits one block into sentence ranges relative to `text`.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = skip_ws(text, 0);
    let mut i = start;
    while i < bytes.len() {
        let c = bytes[i];
        let is_term = matches!(c, b'.' | b'!' | b'?') || bytes[i..].starts_with(ELLIPSIS);
        if !is_term {
            i += 1;
            continue;
        }
        // The run of terminators ("?!", "...", "…").
        let mut j = i;
        while j < bytes.len() {
            if matches!(bytes[j], b'.' | b'!' | b'?') {
                j += 1;
            } else if j > i && bytes[j - 1] == b'.' && bytes[j..].starts_with(b" .") {
                // A spaced ellipsis: ". . ."
                j += 2;
            } else if bytes[j..].starts_with(ELLIPSIS) {
                j += ELLIPSIS.len();
            } else {
                break;
            }
        }
        let end = skip_closers(text, j);
        let at_end = end >= bytes.len();
        let ws_follows = at_end || bytes[end] == b' ';
        if !ws_follows || !ends_sentence(text, i, j, end) {
            i = j.max(i + 1);
            continue;
        }
        out.push(start..end);
        start = skip_ws(text, end);
        i = start;
    }
    if start < bytes.len() {
        let end = text.trim_end().len();
        if end > start {
            out.push(start..end);
        }
    }
    out
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

/// Skips closing quotes and brackets and trailing citation markers (`[3]`, `[^2]`, `¹²`).
fn skip_closers(text: &str, mut i: usize) -> usize {
    loop {
        let rest = &text[i..];
        if let Some(c) = rest.chars().next() {
            if matches!(c, '"' | '\'' | ')' | ']' | '»' | '*' | '_') || is_superscript_digit(c) {
                i += c.len_utf8();
                continue;
            }
            if c == '['
                && let Some(close) = rest.find(']')
            {
                let inner = &rest[1..close];
                if !inner.is_empty()
                    && inner.len() <= 12
                    && inner
                        .trim_start_matches('^')
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | '-' | ' ' | '_'))
                {
                    i += close + 1;
                    continue;
                }
            }
        }
        return i;
    }
}

pub fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰')
}

/// Decides whether the terminator run `text[term..term_end]` ends a sentence; `next` is the
/// offset after the closers that follow it.
fn ends_sentence(text: &str, term: usize, term_end: usize, next: usize) -> bool {
    let following = next_word(text, next);
    let first = following.chars().next();
    if text.as_bytes()[term] != b'.' || term_end - term > 1 {
        // "!", "?", "...", "…": a boundary unless the next word is lowercase.
        return !first.is_some_and(char::is_lowercase);
    }
    let Some(first) = first else { return true };
    if first.is_lowercase() {
        return false;
    }
    let word = word_before(text, term);
    let lower = word.to_lowercase();
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    // "No. 1", "no. 3"
    if lower == "no" || lower == "nos" {
        return !first.is_ascii_digit();
    }
    if MAYBE_FINAL.contains(&lower.as_str()) {
        let next_lower = following
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        return OPENERS.contains(&next_lower.as_str());
    }
    // An initial: "John F. Kennedy", "J. Smith".
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false;
    }
    // Dotted acronyms not listed above ("F.D.A.").
    if word.len() >= 3 && word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.')
    {
        let next_lower = following.to_lowercase();
        return OPENERS.contains(&next_lower.trim_end_matches(|c: char| !c.is_alphanumeric()));
    }
    true
}

/// The word right before `at` (letters, digits, internal periods and hyphens).
fn word_before(text: &str, at: usize) -> &str {
    let before = &text[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    before[start..].trim_start_matches('.')
}

/// The next word after whitespace from `at`, skipping opening quotes and brackets.
fn next_word(text: &str, at: usize) -> &str {
    let rest = text[at..].trim_start_matches([' ', '"', '\'', '(', '[', '¿', '¡']);
    let end = rest
        .char_indices()
        .find(|&(_, c)| c == ' ')
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            sentences("It works. Does it? Yes! Call now"),
            vec!["It works.", "Does it?", "Yes!", "Call now"]
        );
    }

    #[test]
    fn a_spaced_ellipsis_before_a_lowercase_word_is_an_elision() {
        assert_eq!(
            sentences("It helps . . . reduce pain. . . . Then it stops."),
            vec!["It helps . . . reduce pain. . . .", "Then it stops."]
        );
    }

    #[test]
    fn titles_do_not_end_sentences() {
        assert_eq!(
            sentences("Dr. Zarate and Mrs. Lee met Prof. Ng. They agreed."),
            vec!["Dr. Zarate and Mrs. Lee met Prof. Ng.", "They agreed."]
        );
    }

    #[test]
    fn et_al_does_not_end_sentences() {
        assert_eq!(
            sentences("Zarate et al. (2006) found a response. It was rapid."),
            vec!["Zarate et al. (2006) found a response.", "It was rapid."]
        );
        assert_eq!(
            sentences("As Berman et al. Reported in 2000, it helped."),
            vec!["As Berman et al. Reported in 2000, it helped."]
        );
    }

    #[test]
    fn eg_and_ie_do_not_end_sentences() {
        assert_eq!(
            sentences("Some drugs, e.g. SSRIs, are slow. Others, i.e. ketamine, are not."),
            vec![
                "Some drugs, e.g. SSRIs, are slow.",
                "Others, i.e. ketamine, are not."
            ]
        );
        assert_eq!(
            sentences("Try one (e.g. Ketamine) first."),
            vec!["Try one (e.g. Ketamine) first."]
        );
    }

    #[test]
    fn vs_does_not_end_sentences() {
        assert_eq!(
            sentences("Ketamine vs. Placebo was tested. It won."),
            vec!["Ketamine vs. Placebo was tested.", "It won."]
        );
    }

    #[test]
    fn us_does_not_end_sentences() {
        assert_eq!(
            sentences("The U.S. Food and Drug Administration approved it. Not for this."),
            vec![
                "The U.S. Food and Drug Administration approved it.",
                "Not for this."
            ]
        );
    }

    #[test]
    fn decimals_do_not_end_sentences() {
        assert_eq!(
            sentences("A study found 79.3% improvement. Only 0.5% stopped."),
            vec!["A study found 79.3% improvement.", "Only 0.5% stopped."]
        );
    }

    #[test]
    fn number_one_does_not_end_sentences() {
        assert_eq!(
            sentences("We are the No. 1 clinic. No. It is not true."),
            vec!["We are the No. 1 clinic.", "No.", "It is not true."]
        );
    }

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(
            sentences("John F. Kennedy spoke. Then J. Smith did."),
            vec!["John F. Kennedy spoke.", "Then J. Smith did."]
        );
    }

    #[test]
    fn markers_and_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("71% responded.[3] \"It works.\" Next one.¹ Done."),
            vec!["71% responded.[3]", "\"It works.\"", "Next one.¹", "Done."]
        );
    }

    #[test]
    fn lowercase_after_period_is_not_a_boundary() {
        assert_eq!(
            sentences("Visit innerwell.com today. it continues. Done"),
            vec!["Visit innerwell.com today. it continues.", "Done"]
        );
    }

    #[test]
    fn company_suffix_before_opener() {
        assert_eq!(
            sentences("Made by Acme Inc. The best. Sold by Acme Inc. Solutions group."),
            vec![
                "Made by Acme Inc.",
                "The best.",
                "Sold by Acme Inc. Solutions group."
            ]
        );
    }

    #[test]
    fn ellipsis_and_question_runs() {
        assert_eq!(
            sentences("Wait... What?! Really… Yes"),
            vec!["Wait...", "What?!", "Really…", "Yes"]
        );
    }
}
