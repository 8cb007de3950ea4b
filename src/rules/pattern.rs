//! Regular expressions compiled on first use, with the literals every match must contain.
//!
//! Compiling hundreds of large, case-insensitive patterns costs far more than linting one
//! article, so a rule's patterns are only parsed (to validate them and extract their literals)
//! when rules load. The engine searches all literals at once with one aho-corasick automaton
//! and compiles and runs a pattern only when one of its literals occurs in the document.

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};
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
        Pattern::analysed(source, case_insensitive, source, &Lexicons::default())
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
        Pattern::analysed(source, case_insensitive, skeleton, &Lexicons::new(lexicons))
    }

    fn analysed(
        source: &str,
        case_insensitive: bool,
        parsed: &str,
        lex: &Lexicons,
    ) -> Result<Pattern, regex::Error> {
        let hir = regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(parsed)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        let (factors, anchor) = required_factors(&hir, lex);
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

/// Literal sets one member of each of which every match must contain, lowercased (ASCII),
/// best first: at most [`MAX_FACTORS`] sets, each as rare as possible in prose. A literal may
/// come from anywhere in the pattern, not only its prefix or suffix, so
/// `our\s+(?:patients|clients)\s+report` filters on `patients`/`clients` and `report` rather than
/// on the common word `our`. Empty when no set filters usefully (a match may consist of classes
/// and short common words only).
fn required_factors(hir: &Hir, lex: &Lexicons) -> (Vec<Vec<String>>, Option<usize>) {
    let mut sets: Vec<Factor> = Vec::new();
    // Prefix and suffix sets cross the boundaries between the parts of a concatenation
    // (`clinically[- ]proven` gives `clinically proven`, `clinically-proven`).
    let mut prefixes = None;
    for prefix in [true, false] {
        let mut ex = Extractor::new();
        ex.kind(if prefix {
            ExtractKind::Prefix
        } else {
            ExtractKind::Suffix
        })
        .limit_total(600)
        .limit_class(8)
        .limit_repeat(4)
        .limit_literal_len(24);
        let seq = ex.extract(hir);
        if let Some(lits) = seq.literals()
            && let Some(lits) = lex.resolve(lits.iter().map(|l| l.as_bytes()), prefix)
            && let Some(set) = Factor::from_bytes(lits.iter().map(Vec::as_slice))
        {
            if prefix {
                prefixes = Some(minimal(set.literals.clone()));
            }
            sets.push(set);
        }
    }
    // Each part of a top-level concatenation is required on its own.
    let mut top = hir;
    loop {
        match top.kind() {
            HirKind::Capture(c) => top = &c.sub,
            HirKind::Repetition(r) if r.min >= 1 => top = &r.sub,
            _ => break,
        }
    }
    match top.kind() {
        HirKind::Concat(parts) => {
            sets.extend(parts.iter().filter_map(|p| factor(p, 1, lex)));
            // Runs of parts read together: "before and after" is rare where "before" and
            // "after" are not.
            for i in 0..parts.len() {
                if !matches!(parts[i].kind(), HirKind::Literal(_)) {
                    continue;
                }
                let window = Hir::concat(parts[i..parts.len().min(i + 6)].to_vec());
                let mut ex = Extractor::new();
                ex.kind(ExtractKind::Prefix)
                    .limit_total(200)
                    .limit_class(8)
                    .limit_repeat(4)
                    .limit_literal_len(32);
                if let Some(lits) = ex.extract(&window).literals()
                    && let Some(lits) = lex.resolve(lits.iter().map(|l| l.as_bytes()), true)
                    && let Some(set) = Factor::from_bytes(lits.iter().map(Vec::as_slice))
                {
                    sets.push(set);
                }
            }
        }
        _ => sets.extend(factor(top, 1, lex)),
    }
    sets.sort_by_key(|f| std::cmp::Reverse(f.score));
    // Weak sets are used only when there is nothing better, and then only together.
    let strong = sets.iter().any(|f| f.score >= MIN_SCORE);
    let (min, max) = if strong {
        (MIN_SCORE, MAX_FACTORS)
    } else {
        (1, 2)
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    for set in sets.into_iter().filter(|f| f.score >= min) {
        let lits = minimal(set.literals);
        if !out.contains(&lits) && out.len() < max {
            out.push(lits);
        }
    }
    // Every match starts with a prefix literal: matches are then searched for only where one
    // occurs. Single characters would occur everywhere.
    let anchor = prefixes
        .filter(|p| p.iter().all(|l| l.len() >= 2))
        .map(|p| match out.iter().position(|f| *f == p) {
            Some(i) => i,
            None => {
                out.push(p);
                out.len() - 1
            }
        });
    (out, anchor)
}

/// The most literal sets a pattern is filtered on.
const MAX_FACTORS: usize = 3;

/// Sorted (shortest first), deduplicated, and without literals that start with another (the
/// shorter one already covers them).
fn minimal(mut lits: Vec<String>) -> Vec<String> {
    // In lexicographic order a literal's prefixes come right before it: a literal is covered
    // when it starts with the last one kept.
    lits.sort_unstable();
    lits.dedup();
    let mut out: Vec<String> = Vec::with_capacity(lits.len());
    for l in lits {
        if out.last().is_some_and(|k| l.starts_with(k.as_str())) {
            continue;
        }
        out.push(l);
    }
    out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    out
}

/// A set of literals one of which every match contains, and how well it filters.
struct Factor {
    literals: Vec<String>,
    /// The weight of its most common member: higher filters better.
    score: u32,
}

/// Sets scoring below this filter too little to be worth it.
const MIN_SCORE: u32 = 3;

/// The largest literal set worth keeping for one pattern.
const MAX_LITERALS: usize = 2000;

/// Words so common in prose that a literal made of them filters almost nothing (sorted).
const COMMON: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "had", "has",
    "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "like",
    "may", "more", "most", "my", "no", "not", "now", "of", "on", "one", "only", "or", "our", "out",
    "over", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who", "will",
    "with", "would", "you", "your",
];

impl Factor {
    /// A set from literal bytes; `None` when one is empty, not UTF-8 up to a useful length, or
    /// holds non-ASCII letters (which an ASCII case-insensitive search would miss).
    fn from_bytes<'a>(lits: impl Iterator<Item = &'a [u8]>) -> Option<Factor> {
        let mut literals = Vec::new();
        let mut score = u32::MAX;
        for bytes in lits {
            let valid = match std::str::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
            };
            if valid.is_empty() || valid.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
                return None;
            }
            let lower = valid.to_ascii_lowercase();
            score = score.min(weight(&lower));
            literals.push(lower);
            if literals.len() > MAX_LITERALS {
                return None;
            }
        }
        (!literals.is_empty()).then_some(Factor { literals, score })
    }

    fn union(mut self, other: Factor) -> Option<Factor> {
        if self.literals.len() + other.literals.len() > MAX_LITERALS {
            return None;
        }
        self.literals.extend(other.literals);
        self.score = self.score.min(other.score);
        Some(self)
    }
}

/// How rare a literal is likely to be in prose: the length of its words, with common words
/// counting for little, and symbols such as `$` or `%` counting as rare.
fn weight(lit: &str) -> u32 {
    let symbols = lit.chars().filter(|c| RARE_SYMBOLS.contains(c)).count() as u32;
    let (mut common, mut uncommon) = (0u32, 0u32);
    for w in lit
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if COMMON.binary_search(&w).is_ok() {
            common += 1;
        } else {
            uncommon += w.len() as u32;
        }
    }
    let words_weight = if uncommon > 0 {
        // Common words still narrow a phrase down a little ("in a study" is rarer than "study").
        uncommon + common
    } else {
        // "do not" is rarer than "not", but both are everywhere.
        common.saturating_sub(1).min(2)
    };
    (words_weight + 3 * symbols).min(16)
}

/// Characters rare enough in prose to filter on.
const RARE_SYMBOLS: &[char] = &[
    '$', '%', '£', '€', '★', '⭐', '×', '#', '@', '+', '=', '|', '~', '?',
];

/// The best required-literal set of `hir`, looking inside concatenations and alternations.
fn factor(hir: &Hir, depth: usize, lex: &Lexicons) -> Option<Factor> {
    if depth > 32 {
        return None;
    }
    match hir.kind() {
        HirKind::Literal(lit) => {
            if marker_in(&lit.0).is_some() {
                // A marker merged into a longer literal: not a skeleton this code wrote.
                return None;
            }
            Factor::from_bytes(std::iter::once(&lit.0[..]))
        }
        HirKind::Capture(c) => match lex.marker(&c.sub) {
            Some(k) => Factor::from_bytes(lex.words[k].iter().map(|w| w.as_bytes())),
            None => factor(&c.sub, depth + 1, lex),
        },
        HirKind::Repetition(r) if r.min >= 1 => factor(&r.sub, depth + 1, lex),
        HirKind::Alternation(alts) => {
            let mut acc: Option<Factor> = None;
            for a in alts {
                let f = factor(a, depth + 1, lex)?;
                acc = Some(match acc {
                    None => f,
                    Some(acc) => acc.union(f)?,
                });
            }
            acc
        }
        HirKind::Concat(parts) => {
            let mut best: Option<Factor> = None;
            for p in parts {
                if let Some(f) = factor(p, depth + 1, lex)
                    && best.as_ref().is_none_or(|b| f.score > b.score)
                {
                    best = Some(f);
                }
            }
            best
        }
        _ => None,
    }
}

/// The literals that stand for each lexicon of a skeleton: for each name, its longest piece
/// (every match of the name contains it), its first piece (every match starts with it) and its
/// last (every match ends with it). A name's pieces are split where its expansion is not
/// literal: at spaces (`\s+`) and apostrophes (`['’]`).
#[derive(Default)]
struct Lexicons {
    words: Vec<Vec<String>>,
    firsts: Vec<Vec<String>>,
    lasts: Vec<Vec<String>>,
}

impl Lexicons {
    fn new(lexicons: &[Vec<String>]) -> Lexicons {
        let mut lex = Lexicons::default();
        for names in lexicons {
            let (mut words, mut firsts, mut lasts) = (Vec::new(), Vec::new(), Vec::new());
            for name in names {
                let pieces: Vec<&str> = name
                    .split([' ', '\'', '\u{2019}'])
                    .filter(|p| !p.is_empty())
                    .collect();
                let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
                    continue;
                };
                let longest = pieces.iter().max_by_key(|p| p.len()).unwrap_or(first);
                words.push(longest.to_string());
                // A name starting or ending with an apostrophe has no literal end.
                if !name.starts_with(['\'', '\u{2019}', ' ']) {
                    firsts.push(first.to_string());
                } else {
                    firsts.push(String::new());
                }
                if !name.ends_with(['\'', '\u{2019}', ' ']) {
                    lasts.push(last.to_string());
                } else {
                    lasts.push(String::new());
                }
            }
            lex.words.push(words);
            lex.firsts.push(firsts);
            lex.lasts.push(lasts);
        }
        lex
    }

    /// The lexicon a group of the skeleton stands for.
    fn marker(&self, hir: &Hir) -> Option<usize> {
        let HirKind::Literal(lit) = hir.kind() else {
            return None;
        };
        let s = std::str::from_utf8(&lit.0).ok()?;
        let mut chars = s.chars();
        let k = crate::rules::data::marker_index(chars.next()?)?;
        (chars.next().is_none() && k < self.words.len()).then_some(k)
    }

    /// Prefix (or suffix) literals of the skeleton as literals of the expansion: a literal
    /// that runs into a marker is cut there; one that starts (ends) with a marker becomes the
    /// first (last) pieces of that lexicon's names. `None` if a cut leaves nothing.
    fn resolve<'a>(
        &self,
        lits: impl Iterator<Item = &'a [u8]>,
        prefix: bool,
    ) -> Option<Vec<Vec<u8>>> {
        let mut out = Vec::new();
        for lit in lits {
            let Some((at, _, k)) = marker_in(lit) else {
                out.push(lit.to_vec());
                continue;
            };
            let (cut, edge) = if prefix {
                (&lit[..at], at == 0)
            } else {
                let last = last_marker_in(lit)?;
                (&lit[last.0 + last.1..], last.0 + last.1 == lit.len())
            };
            let k = if prefix { k } else { last_marker_in(lit)?.2 };
            if !edge {
                out.push(cut.to_vec());
                continue;
            }
            let names = if prefix { &self.firsts } else { &self.lasts };
            for piece in names.get(k)? {
                if piece.is_empty() {
                    return None;
                }
                out.push(piece.as_bytes().to_vec());
            }
        }
        Some(out)
    }
}

/// The first marker in a literal: its byte offset, length and lexicon.
fn marker_in(lit: &[u8]) -> Option<(usize, usize, usize)> {
    let s = match std::str::from_utf8(lit) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&lit[..e.valid_up_to()]).ok()?,
    };
    s.char_indices()
        .find_map(|(i, c)| crate::rules::data::marker_index(c).map(|k| (i, c.len_utf8(), k)))
}

/// The last marker in a literal.
fn last_marker_in(lit: &[u8]) -> Option<(usize, usize, usize)> {
    let s = match std::str::from_utf8(lit) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&lit[..e.valid_up_to()]).ok()?,
    };
    s.char_indices()
        .rev()
        .find_map(|(i, c)| crate::rules::data::marker_index(c).map(|k| (i, c.len_utf8(), k)))
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
        let m = crate::rules::data::marker(0);
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
    fn common_words_are_sorted() {
        assert!(COMMON.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn minimal_keeps_the_shortest_prefixes() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            minimal(v(&[
                "cures", "cure", "cured", "healing", "heal", "relief", "cure"
            ])),
            v(&["cure", "heal", "relief"])
        );
        assert_eq!(minimal(v(&["ab", "abc", "b", "ba"])), v(&["b", "ab"]));
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
