//! The literals a regular expression's matches must contain, read from its syntax: the engine
//! searches them all at once and runs a pattern only where they occur. Pure functions of the
//! pattern text, shared with the build script (which precomputes them for the built-in rules).

use super::expand::marker_index;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// The literal sets of a pattern (see [`required_factors`]) and which of them every match
/// starts with, from the text to parse (the pattern, or its skeleton with the names of each
/// marker's lexicon).
#[allow(clippy::type_complexity)]
pub fn analyse(
    parsed: &str,
    lexicons: &[Vec<String>],
) -> Result<(Vec<Vec<String>>, Option<usize>), Box<regex_syntax::Error>> {
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(parsed)
        .map_err(Box::new)?;
    Ok(required_factors(&hir, &Lexicons::new(lexicons)))
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
        let k = marker_index(chars.next()?)?;
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
        .find_map(|(i, c)| marker_index(c).map(|k| (i, c.len_utf8(), k)))
}

/// The last marker in a literal.
fn last_marker_in(lit: &[u8]) -> Option<(usize, usize, usize)> {
    let s = match std::str::from_utf8(lit) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&lit[..e.valid_up_to()]).ok()?,
    };
    s.char_indices()
        .rev()
        .find_map(|(i, c)| marker_index(c).map(|k| (i, c.len_utf8(), k)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
