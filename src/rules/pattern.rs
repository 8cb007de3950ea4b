//! Regular expressions compiled on first use, with the literals every match must contain.
//!
//! Compiling hundreds of large, case-insensitive patterns costs far more than linting one
//! article, so a rule's patterns are only parsed (to validate them and extract their literals)
//! when rules load. The engine searches all literals at once with one aho-corasick automaton
//! and compiles and runs a pattern only when one of its literals occurs in the document.

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::ops::Range;
use std::sync::OnceLock;

/// Compiled regular expressions may not grow past this (a rule file is untrusted input).
pub const REGEX_SIZE_LIMIT: usize = 1 << 21;

/// Literals shorter than this filter too little to be worth it.
const MIN_LITERAL: usize = 3;

#[derive(Debug)]
pub struct Pattern {
    source: String,
    case_insensitive: bool,
    /// One of these occurs (ASCII case aside) in every match; `None`: no usable filter.
    literals: Option<Vec<String>>,
    compiled: OnceLock<Regex>,
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        let compiled = OnceLock::new();
        if let Some(r) = self.compiled.get() {
            let _ = compiled.set(r.clone());
        }
        Pattern {
            source: self.source.clone(),
            case_insensitive: self.case_insensitive,
            literals: self.literals.clone(),
            compiled,
        }
    }
}

/// Whether a pattern can only ever match ASCII text, so that it can be compiled without Unicode
/// (ASCII case folding only, a much smaller automaton).
fn ascii_only(source: &str) -> bool {
    source.is_ascii()
        && !source.contains('.')
        && !source.contains("[^")
        && !["\\W", "\\S", "\\D", "\\p", "\\P", "\\x{", "\\u"]
            .iter()
            .any(|s| source.contains(s))
}

/// Compiles a pattern. The engine's own literal prefilter is off: medlint already searches
/// every pattern's literals at once before running it, and extracting them again for each
/// case-insensitive pattern is most of the cost of compiling it.
fn build(source: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    meta::Builder::new()
        .syntax(
            syntax::Config::new()
                .case_insensitive(case_insensitive)
                .unicode(!ascii_only(source))
                .nest_limit(64),
        )
        .configure(
            meta::Config::new()
                .auto_prefilter(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(8 << 20),
        )
        .build(source)
        .map_err(|e| match e.size_limit() {
            Some(limit) => regex::Error::CompiledTooBig(limit),
            None => regex::Error::Syntax(e.to_string()),
        })
}

impl Pattern {
    /// Parses `source` (already expanded and with ASCII word boundaries). Errors are syntax
    /// errors, as the regex crate words them.
    pub fn new(source: &str, case_insensitive: bool) -> Result<Pattern, regex::Error> {
        let hir = regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(source)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        Ok(Pattern {
            source: source.to_string(),
            case_insensitive,
            literals: required_literals(&hir),
            compiled: OnceLock::new(),
        })
    }

    /// Parses and compiles now: for rule files from users, whose patterns must be checked
    /// against the size limits before anything is linted.
    pub fn new_compiled(source: &str, case_insensitive: bool) -> Result<Pattern, regex::Error> {
        let p = Pattern::new(source, case_insensitive)?;
        let r = build(source, case_insensitive)?;
        let _ = p.compiled.set(r);
        Ok(p)
    }

    /// Compiles the pattern now, reporting an error instead of panicking.
    pub fn try_compile(&self) -> Result<&Regex, regex::Error> {
        if let Some(r) = self.compiled.get() {
            return Ok(r);
        }
        let r = build(&self.source, self.case_insensitive)?;
        Ok(self.compiled.get_or_init(|| r))
    }

    /// Whether the pattern has been compiled (it was needed, or eagerly compiled).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    pub fn literals(&self) -> Option<&[String]> {
        self.literals.as_deref()
    }

    /// The compiled regex, compiled now if it was not yet.
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            build(&self.source, self.case_insensitive).unwrap_or_else(|e| {
                panic!(
                    "pattern {:?} was validated but does not compile: {e}",
                    self.source
                )
            })
        })
    }

    /// Whether `text` may match: one of the literals occurs in it.
    pub fn may_match(&self, text: &str) -> bool {
        match &self.literals {
            None => true,
            Some(_) => self.may_match_lower(&text.to_ascii_lowercase()),
        }
    }

    /// [`Pattern::may_match`] for a text already lowercased (ASCII).
    pub fn may_match_lower(&self, lower: &str) -> bool {
        match &self.literals {
            None => true,
            Some(lits) => lits.iter().any(|l| lower.contains(l.as_str())),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.regex().is_match(text)
    }

    /// The ranges of the matches in `text`, leftmost-first, not overlapping.
    pub fn find_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Range<usize>> + use<'_, 't> {
        self.may_match(text)
            .then(|| self.regex().find_iter(text).map(|m| m.range()))
            .into_iter()
            .flatten()
    }

    /// The matches in `text` without the literal check (the caller made it).
    pub fn find_iter_unchecked<'t>(
        &self,
        text: &'t str,
    ) -> impl Iterator<Item = Range<usize>> + use<'_, 't> {
        self.regex().find_iter(text).map(|m| m.range())
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        if self.may_match(text) {
            self.regex().find(text).map(|m| m.range())
        } else {
            None
        }
    }
}

/// The literals one of which every match must contain: the better of the prefix and suffix
/// sets, lowercased. `None` when neither is finite, has an empty member, is too short to
/// filter, or holds non-ASCII letters (which ASCII case-insensitive search would miss).
fn required_literals(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    let mut best: Option<Vec<String>> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let mut ex = Extractor::new();
        ex.kind(kind)
            .limit_total(4000)
            .limit_class(16)
            .limit_repeat(8)
            .limit_literal_len(24);
        let seq = ex.extract(hir);
        let Some(lits) = seq.literals() else { continue };
        let mut out = Vec::with_capacity(lits.len());
        let mut usable = !lits.is_empty();
        for lit in lits {
            let bytes = lit.as_bytes();
            let valid = match std::str::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
            };
            if valid.len() < MIN_LITERAL
                || valid.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
            {
                usable = false;
                break;
            }
            out.push(valid.to_ascii_lowercase());
        }
        if !usable {
            continue;
        }
        out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        out.dedup();
        // Drop literals that start with another (the shorter one already covers them); a full
        // containment check would be quadratic in the size of large word lists.
        let mut minimal: Vec<String> = Vec::with_capacity(out.len());
        let mut seen = std::collections::HashSet::new();
        for l in out {
            let covered = (MIN_LITERAL..l.len())
                .filter(|&n| l.is_char_boundary(n))
                .any(|n| seen.contains(&l[..n]));
            if !covered {
                seen.insert(l.clone());
                minimal.push(l);
            }
        }
        let score = |v: &Vec<String>| v.iter().map(String::len).min().unwrap_or(0);
        if best.as_ref().is_none_or(|b| score(&minimal) > score(b)) {
            best = Some(minimal);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(p: &str) -> Option<Vec<String>> {
        Pattern::new(p, true)
            .unwrap()
            .literals()
            .map(<[String]>::to_vec)
    }

    #[test]
    fn literals_of_prefixes_and_suffixes() {
        assert_eq!(
            lits(r"(?-u:\b)(?:clinically|scientifically)[- ]proven"),
            Some(vec![
                "clinically proven".into(),
                "clinically-proven".into(),
                "scientifically proven".into(),
                "scientifically-proven".into()
            ])
        );
        // The suffix set is better than a prefix of short common words.
        let l = lits(r"(?:a|the)\s+\w+\s+study\s+(?:found|showed)").unwrap();
        assert!(
            l.contains(&"found".to_string()) && l.contains(&"showed".to_string()),
            "{l:?}"
        );
        assert_eq!(lits(r"\w+\s+\w+"), None);
    }

    #[test]
    fn may_match_is_a_necessary_condition() {
        let p = Pattern::new(r"(?-u:\b)cures?(?-u:\b)", true).unwrap();
        assert!(!p.may_match("Our clinic opens at nine."));
        assert!(p.is_match("Ketamine CURES depression."));
        assert_eq!(p.find_iter("no match here").count(), 0);
    }

    #[test]
    fn compile_errors_surface_when_asked() {
        assert!(Pattern::new("bad(", true).is_err());
        assert!(Pattern::new_compiled(r"\p{L}{1000}\p{L}{1000}\p{L}{1000}", true).is_err());
        assert!(Pattern::new(r"\p{L}{1000}\p{L}{1000}\p{L}{1000}", true).is_ok());
    }
}
