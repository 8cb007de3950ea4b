//! Regular expressions compiled on first use, with the literals every match must contain.
//!
//! Compiling hundreds of large, case-insensitive patterns costs far more than linting one
//! article, so a rule's patterns are only parsed (to validate them and extract their literals)
//! when rules load. The engine searches all literals at once with one aho-corasick automaton
//! and compiles and runs a pattern only when one of its literals occurs in the document.

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use std::ops::Range;
use std::sync::OnceLock;

/// Compiled regular expressions may not grow past this (a rule file is untrusted input).
pub const REGEX_SIZE_LIMIT: usize = 1 << 21;

#[derive(Debug)]
pub struct Pattern {
    source: String,
    case_insensitive: bool,
    /// Literal sets every match contains one member of (ASCII case aside), best first; empty
    /// when no set filters usefully.
    factors: Vec<Vec<String>>,
    /// The factor every match starts with a member of, if there is one.
    anchor: Option<usize>,
    compiled: OnceLock<Regex>,
    /// The pattern's number in its engine's prefilter ([`Pattern::NO_ID`] outside one).
    id: u32,
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
            factors: self.factors.clone(),
            anchor: self.anchor,
            compiled,
            id: self.id,
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
                .hybrid_cache_capacity(1 << 20),
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
        Pattern::analysed(source, case_insensitive, source, &[])
    }

    /// A pattern whose literals are read from its skeleton: the same pattern with each lexicon
    /// (a long alternation of names) left as a marker ([`crate::rules::data::Skeleton`]).
    /// Parsing the skeleton instead of the expansion is most of the cost of loading the rules.
    pub fn with_skeleton(
        source: &str,
        case_insensitive: bool,
        skeleton: &str,
        lexicons: &[Vec<String>],
    ) -> Result<Pattern, regex::Error> {
        Pattern::analysed(source, case_insensitive, skeleton, lexicons)
    }

    fn analysed(
        source: &str,
        case_insensitive: bool,
        parsed: &str,
        lexicons: &[Vec<String>],
    ) -> Result<Pattern, regex::Error> {
        let (factors, anchor) = super::literals::analyse(parsed, lexicons)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        Ok(Pattern {
            source: source.to_string(),
            case_insensitive,
            factors,
            anchor,
            compiled: OnceLock::new(),
            id: Pattern::NO_ID,
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

    /// The best literal set: one of these occurs in every match. `None`: no usable filter.
    pub fn literals(&self) -> Option<&[String]> {
        self.factors.first().map(Vec::as_slice)
    }

    /// Every literal set the pattern requires (a match contains a member of each).
    pub fn factors(&self) -> &[Vec<String>] {
        &self.factors
    }

    /// The factor every match starts with a member of (an index into [`Pattern::factors`]).
    pub fn anchor(&self) -> Option<usize> {
        self.anchor
    }

    /// The match starting exactly at `at`, if there is one (the one a search from `at`
    /// would report there).
    pub fn match_at(&self, text: &str, at: usize) -> Option<Range<usize>> {
        let input = regex_automata::Input::new(text)
            .range(at..)
            .anchored(regex_automata::Anchored::Yes);
        self.regex().search(&input).map(|m| m.range())
    }

    /// An id no engine gives out.
    pub const NO_ID: u32 = u32::MAX;

    /// The pattern's number in its engine's prefilter, if an engine numbered it.
    pub fn id(&self) -> Option<usize> {
        (self.id != Pattern::NO_ID).then_some(self.id as usize)
    }

    pub(crate) fn set_id(&mut self, id: u32) {
        self.id = id;
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
        self.factors.is_empty() || self.may_match_lower(&text.to_ascii_lowercase())
    }

    /// [`Pattern::may_match`] for a text already lowercased (ASCII).
    pub fn may_match_lower(&self, lower: &str) -> bool {
        self.factors
            .iter()
            .all(|f| f.iter().any(|l| lower.contains(l.as_str())))
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
    fn skeleton_literals_stand_for_the_lexicon() {
        let names = vec![
            "post-traumatic stress disorder".to_string(),
            "Crohn's disease".to_string(),
            "ADHD".to_string(),
        ];
        let m = crate::rules::expand::marker(0);
        let expanded = r"(?:post\-traumatic\s+stress\s+disorder|Crohn['’]s\s+disease|(?-i:ADHD))\s+(?:clinic|care)";
        let skeleton = format!(r"({m})\s+(?:clinic|care)");
        let p = Pattern::with_skeleton(expanded, true, &skeleton, &[names]).unwrap();
        // Every match starts with a name's first piece.
        let anchor = &p.factors()[p.anchor().unwrap()];
        assert_eq!(anchor, &["adhd", "crohn", "post-traumatic"]);
        // The names' longest pieces and the suffix words are required too.
        assert!(
            p.factors().iter().any(|f| f == &["care", "clinic"]),
            "{:?}",
            p.factors()
        );
        assert!(p.is_match("Our Crohn’s disease clinic"));
        assert!(!p.may_match("a disease clinic"));
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
