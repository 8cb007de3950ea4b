//! Context cues shared by every rule: negation, hedges, and the disclaimer and regulator
//! regions inside which nothing fires. The cue lists are data (`rules/data/context.toml`).

use crate::rules::pattern::Pattern;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LexiconFile {
    negations: Vec<String>,
    negation_window: usize,
    pseudo_negations: Vec<String>,
    negated_predicates: Vec<String>,
    clause_breakers: Vec<String>,
    hedges: Vec<String>,
    disclaimers: Vec<String>,
    mention_cues: Vec<String>,
}

const BUILTIN_CONTEXT: &str = include_str!("../../rules/data/context.toml");

/// Compiled context cues.
pub struct Lexicon {
    negations: HashSet<String>,
    window: usize,
    pseudo: Vec<Vec<String>>,
    predicates: Vec<Regex>,
    breakers: HashSet<String>,
    hedges: AhoCorasick,
    disclaimers: Vec<Pattern>,
    mention_cues: Vec<String>,
}

static CONTRAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s*(?:but|however|although|though|while|whereas|yet)\b|\s(?:but|however|yet)\s|\s-\s|\s—\s|—").unwrap()
});

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::builtin()
    }
}

impl Lexicon {
    pub fn builtin() -> Lexicon {
        Lexicon::from_toml(BUILTIN_CONTEXT, &[]).expect("rules/data/context.toml is valid")
    }

    /// The built-in cues plus extra hedge words (from configuration).
    pub fn with_hedges(extra: &[String]) -> Lexicon {
        Lexicon::from_toml(BUILTIN_CONTEXT, extra).expect("rules/data/context.toml is valid")
    }

    /// Builds the lexicon from its TOML, with extra hedge words (from configuration).
    pub fn from_toml(src: &str, extra_hedges: &[String]) -> Result<Lexicon, String> {
        let f: LexiconFile = toml::from_str(src).map_err(|e| e.to_string())?;
        let compile = |p: &String| {
            RegexBuilder::new(&crate::rules::ascii_word_boundaries(p))
                .case_insensitive(true)
                .build()
                .map_err(|e| format!("{p}: {e}"))
        };
        let mut hedges = f.hedges.clone();
        hedges.extend(extra_hedges.iter().cloned());
        Ok(Lexicon {
            negations: f.negations.iter().map(|s| s.to_lowercase()).collect(),
            window: f.negation_window,
            pseudo: f
                .pseudo_negations
                .iter()
                .map(|p| {
                    p.to_lowercase()
                        .split_whitespace()
                        .map(String::from)
                        .collect()
                })
                .collect(),
            predicates: f
                .negated_predicates
                .iter()
                .map(compile)
                .collect::<Result<_, _>>()?,
            breakers: f.clause_breakers.iter().map(|s| s.to_lowercase()).collect(),
            hedges: AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&hedges)
                .map_err(|e| e.to_string())?,
            disclaimers: f
                .disclaimers
                .iter()
                .map(|p| {
                    Pattern::new(&crate::rules::ascii_word_boundaries(p), true)
                        .map_err(|e| format!("{p}: {e}"))
                })
                .collect::<Result<_, _>>()?,
            mention_cues: f.mention_cues.iter().map(|c| c.to_lowercase()).collect(),
        })
    }

    /// Whether the match at `m` (relative to `sentence`) is negated: a negation cue in the
    /// words before it in the same clause, or a negated predicate right after it.
    pub fn is_negated(&self, sentence: &str, m: Range<usize>) -> bool {
        let after = &sentence[m.end..];
        if self.predicates.iter().any(|p| p.is_match(after)) {
            return true;
        }
        let before = &sentence[..m.start];
        let tokens = tokens_before(before);
        let mut seen = 0;
        for (i, tok) in tokens.iter().enumerate().rev() {
            match tok {
                Token::Break => return false,
                Token::Word(w) => {
                    let lower = w.to_lowercase();
                    if self.breakers.contains(&lower) {
                        return false;
                    }
                    let is_neg = self.negations.contains(&lower)
                        || (lower.ends_with("n't") && lower.len() > 3);
                    if is_neg && !self.is_pseudo(&tokens, i) {
                        return true;
                    }
                    seen += 1;
                    if seen >= self.window {
                        return false;
                    }
                }
            }
        }
        false
    }

    fn is_pseudo(&self, tokens: &[Token], i: usize) -> bool {
        self.pseudo.iter().any(|p| {
            p.iter()
                .enumerate()
                .all(|(k, word)| match tokens.get(i + k) {
                    Some(Token::Word(w)) => w.eq_ignore_ascii_case(word),
                    _ => false,
                })
        })
    }

    /// Whether the match at `m` (relative to `sentence`) sits in a short double-quoted phrase
    /// introduced by a mention cue: the copy talks about the words rather than using them.
    pub fn is_mention(&self, sentence: &str, m: Range<usize>) -> bool {
        let before = &sentence[..m.start];
        if before.matches('"').count().is_multiple_of(2) {
            return false;
        }
        let Some(open) = before.rfind('"') else {
            return false;
        };
        let Some(close_rel) = sentence[m.end..].find('"') else {
            return false;
        };
        let quoted = &sentence[open + 1..m.end + close_rel];
        if quoted.split_whitespace().count() > 10 {
            return false;
        }
        let lead_start = before[..open]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        let lead = before[lead_start..open].to_lowercase();
        self.mention_cues.iter().any(|cue| {
            lead.match_indices(cue.as_str())
                .any(|(i, _)| is_word_bounded(&lead, i, i + cue.len()))
        })
    }

    /// Whether a hedge appears in `text`.
    pub fn has_hedge(&self, text: &str) -> bool {
        self.hedges
            .find_iter(text)
            .any(|m| is_word_bounded(text, m.start(), m.end()))
    }

    /// Regions of `text` that are disclaimers or regulator statements.
    pub fn disclaimer_regions(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for re in &self.disclaimers {
            for m in re.find_iter(text) {
                out.push(Self::disclaimer_region(text, m));
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    /// The disclaimer and regulator-statement patterns.
    pub fn disclaimers(&self) -> &[Pattern] {
        &self.disclaimers
    }

    /// The patterns of the lexicon, to be numbered by an engine's prefilter.
    pub(crate) fn patterns_mut(&mut self) -> impl Iterator<Item = &mut Pattern> {
        self.disclaimers.iter_mut()
    }

    /// The region a disclaimer match `m` of `text` covers: up to a contrast ("…, but 80% of
    /// patients respond") if there is one.
    pub fn disclaimer_region(text: &str, m: Range<usize>) -> Range<usize> {
        let mut end = m.end;
        if let Some(c) = CONTRAST.find(&text[m.clone()])
            && c.start() > 0
        {
            end = m.start + c.start();
        }
        m.start..end
    }
}

enum Token<'a> {
    Word(&'a str),
    Break,
}

/// Words and clause breaks (punctuation) of `text`, in order.
fn tokens_before(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || c == '\'' || c == '-';
        if word_char {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Token::Word(text[s..i].trim_matches(['\'', '-'])));
        }
        if matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '"' | '!' | '?' | '.') {
            out.push(Token::Break);
        }
    }
    if let Some(s) = start {
        out.push(Token::Word(text[s..].trim_matches(['\'', '-'])));
    }
    out
}

/// Whether `text[start..end]` is a whole word or phrase: no word character touches it.
pub fn is_word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let inner_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let touches = |outer: Option<char>, inner: Option<char>| {
        inner_word(inner) && outer.is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    !touches(before, first) && !touches(after, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negated(sentence: &str, word: &str) -> bool {
        let lex = Lexicon::builtin();
        let i = sentence.find(word).unwrap();
        lex.is_negated(sentence, i..i + word.len())
    }

    #[test]
    fn negation_before_the_match() {
        assert!(negated("Ketamine is not a cure for depression.", "cure"));
        assert!(negated("No treatment is guaranteed to work.", "guaranteed"));
        assert!(negated("There is no cure for depression.", "cure"));
        assert!(negated("We can't promise a cure.", "cure"));
        assert!(negated("It doesn't cure anything.", "cure"));
        assert!(!negated("Ketamine cures depression.", "cures"));
        assert!(!negated(
            "Not only does it cure depression, it works fast.",
            "cure"
        ));
        assert!(!negated("If nothing else worked, our cure will.", "cure"));
        assert!(!negated("Don't wait, ketamine is a cure.", "cure"));
    }

    #[test]
    fn negated_predicate_after_the_match() {
        assert!(negated("A cure is not guaranteed.", "cure"));
        assert!(negated(
            "Permanent results aren't realistic.",
            "Permanent results"
        ));
        assert!(!negated(
            "Ketamine cures depression and is not addictive.",
            "cures"
        ));
    }

    #[test]
    fn hedges_are_whole_words() {
        let lex = Lexicon::builtin();
        assert!(lex.has_hedge("It may help some patients."));
        assert!(!lex.has_hedge("Mayday: results in maybe-land."));
        assert!(lex.has_hedge("Research suggests it works."));
    }

    #[test]
    fn lexicon_patterns_compile() {
        for p in Lexicon::builtin().disclaimers() {
            assert!(p.try_compile().is_ok(), "{}", p.as_str());
        }
    }

    #[test]
    fn disclaimer_regions() {
        let lex = Lexicon::builtin();
        let t = "This product is not intended to diagnose, treat, cure, or prevent any disease.";
        let r = lex.disclaimer_regions(t);
        assert!(r.iter().any(|r| t[r.clone()].contains("cure")));
        let t = "The FDA has not approved ketamine for depression, but 80% of patients respond.";
        let r = lex.disclaimer_regions(t);
        assert_eq!(r.len(), 1);
        assert_eq!(
            &t[r[0].clone()],
            "The FDA has not approved ketamine for depression"
        );
        let t = "Results may vary, but 87% of our patients improve.";
        let r = lex.disclaimer_regions(t);
        assert_eq!(&t[r[0].clone()], "Results may vary");
    }

    #[test]
    fn quoted_mentions_are_not_claims() {
        let lex = Lexicon::builtin();
        let s = "A seller who advertises \"generic Wegovy\" is not describing an approved drug.";
        let i = s.find("generic Wegovy").unwrap();
        assert!(lex.is_mention(s, i..i + 14));
        let s = "\"I lost 40 lbs and my pain is gone,\" says Dana.";
        let i = s.find("I lost 40 lbs").unwrap();
        assert!(!lex.is_mention(s, i..i + 13));
        let s = "Our \"miracle\" drip works.";
        let i = s.find("miracle").unwrap();
        assert!(!lex.is_mention(s, i..i + 7));
    }

    #[test]
    fn word_bounds() {
        assert!(is_word_bounded("a cure.", 2, 6));
        assert!(!is_word_bounded("secure", 2, 6));
        assert!(!is_word_bounded("cures", 0, 4));
        assert!(is_word_bounded("#1 clinic", 0, 2));
    }
}
