//! Context cues shared by every rule: negation, hedges, reported speech, denials, quoted
//! mentions, and the disclaimer and regulator regions inside which nothing fires. The cues are
//! data: token patterns in `rules/data/context.toml` and word classes in
//! `rules/classes/context.toml`. The engine computes them once per sentence.

use crate::lang::pattern::{Pattern, SyntaxError};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LexiconFile {
    negation_window: usize,
    negated_predicates: Vec<String>,
    disclaimers: Vec<String>,
    mention_cues: Vec<String>,
    reported_speech: Vec<String>,
    denials: Vec<String>,
}

const BUILTIN_CONTEXT: &str = include_str!("../../rules/data/context.toml");

/// The context cues, parsed.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub window: usize,
    /// Patterns that, right after a match, negate it.
    pub predicates: Vec<Pattern>,
    pub disclaimers: Vec<Pattern>,
    pub reported: Vec<Pattern>,
    pub denials: Vec<Pattern>,
    mention_cues: Vec<String>,
    /// Hedge words from the configuration, added to `@hedge`.
    pub extra_hedges: Vec<String>,
    /// The cues of the document frame (`rules/data/frames.toml`).
    pub frames: super::frame::FrameCues,
}

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
        let parse = |list: &[String]| -> Result<Vec<Pattern>, String> {
            list.iter()
                .map(|p| Pattern::parse(p).map_err(|e: SyntaxError| format!("{p}: {}", e.message)))
                .collect()
        };
        Ok(Lexicon {
            window: f.negation_window,
            predicates: parse(&f.negated_predicates)?,
            disclaimers: parse(&f.disclaimers)?,
            reported: parse(&f.reported_speech)?,
            denials: parse(&f.denials)?,
            mention_cues: f.mention_cues.iter().map(|c| c.to_lowercase()).collect(),
            extra_hedges: extra_hedges.to_vec(),
            frames: super::frame::FrameCues::builtin(),
        })
    }

    /// Whether the match at `m` (relative to `sentence`) sits in a short double-quoted phrase
    /// introduced by a mention cue: the copy talks about the words rather than using them.
    pub fn is_mention(&self, sentence: &str, m: std::ops::Range<usize>) -> bool {
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

    #[test]
    fn builtin_cues_parse() {
        let lex = Lexicon::builtin();
        assert!(!lex.disclaimers.is_empty() && !lex.reported.is_empty() && !lex.denials.is_empty());
        for p in lex
            .disclaimers
            .iter()
            .chain(&lex.reported)
            .chain(&lex.denials)
            .chain(&lex.predicates)
        {
            assert!(p.source.len() < 200, "{}", p.source);
        }
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
