//! The statistic detector: figures about efficacy, safety, prevalence, satisfaction or outcomes.
//!
//! It recognises forms, not numbers: percentages, "X out of Y", "X in Y", fractions of a
//! population, multipliers, ratings and "reduces … by N%". A bare number — a date, a dose, a
//! duration, a price, a phone number — is never a statistic. Each figure's span grows to take
//! in its qualifier ("about 35%") and what it counts ("of treatment sessions", "reduction").
//! Figures that measure business rather than health ("41% lift in bookings", "50% off",
//! "0.3% THC") are left out; the word lists are in `rules/data/statistics.toml`.

use super::products::starts_with_word;
use crate::engine::context::is_word_bounded;
use crate::rules::schema::StatForm;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistic {
    /// Range in the text given to [`StatisticDetector::detect`].
    pub range: Range<usize>,
    pub form: StatForm,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Lists {
    qualifiers: Vec<String>,
    population: Vec<String>,
    quantities: Vec<String>,
    outcomes: Vec<String>,
    not_outcome_after: Vec<String>,
    not_outcome_near: Vec<String>,
}

const BUILTIN_LISTS: &str = include_str!("../../rules/data/statistics.toml");

pub struct StatisticDetector {
    qualifier: Regex,
    population: HashSet<String>,
    quantities: Vec<String>,
    outcomes: HashSet<String>,
    not_after: Vec<String>,
    /// Business cues (`not-outcome-near`), searched all at once.
    not_near: aho_corasick::AhoCorasick,
}

const NUM: &str = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";
const WORDNUM: &str = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|(?:a |one )?hundred|(?:a |one )?thousand)";

struct Patterns {
    percentage: Regex,
    out_of: Regex,
    in_every: Regex,
    fraction: Regex,
    multiplier: Regex,
    rating: Regex,
    change: Regex,
    comparator: Regex,
    bare_value: Regex,
}

/// A regex with ASCII word boundaries and classes (prose text is normalized; Unicode classes
/// would make these several times slower to build).
fn ascii_regex(pattern: &str) -> Regex {
    Regex::new(&crate::rules::ascii_word_boundaries(pattern)).expect("statistic pattern builds")
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let b = r"(?-u:\b)";
    let pct = r"\s?(?:%|percent\b|per cent\b|pct\b)";
    Patterns {
        percentage: ascii_regex(&format!(r"(?i){b}{NUM}(?:\s?(?:-|to)\s?{NUM})?{pct}")),
        out_of: ascii_regex(&format!(
            r"(?i){b}(?:{NUM}|{WORDNUM}) out of (?:every )?(?:{NUM}|{WORDNUM}){b}"
        )),
        in_every: ascii_regex(&format!(
            r"(?i)(?:^|[^\w-])((?:{NUM}|{WORDNUM}) in (?:every )?(?:{NUM}|{WORDNUM}))(?:$|[^\w-])"
        )),
        fraction: ascii_regex(&format!(
            r"(?i){b}(?:(?:one|two|three|four|a)[- ](?:half|third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)|half|\d/\d{{1,2}}(?:th|rd|nd)?|majority) of (?:all |the |our |those |these |its |their |american |u\.s\. |us |uk |british )?"
        )),
        multiplier: ascii_regex(&format!(
            r"(?i){b}(?:{NUM}\s?[x×]|(?:{NUM}|{WORDNUM})(?:\s|-)?times|(?:{NUM}|{WORDNUM})-?fold|twice|thrice|double|triple|quadruple)\s+(?:as\s+[a-z][\w-]*|more\s+[a-z][\w-]*|less\s+[a-z][\w-]*|the\s+[a-z][\w-]*|faster|better|higher|lower|greater|stronger|quicker|longer|bigger|likelier|(?:increase|decrease|reduction|improvement|rise|boost|drop)s?){b}"
        )),
        rating: ascii_regex(&format!(
            r"(?i){b}(?:(?:rated|rating of|average rating of|average of|scored?|score of)\s+)?(?:\d\.\d{{1,2}}\s?/\s?(?:5|10)(?:\.0)?(?:[^\w/.]|$)|\d{{1,2}}\s?/\s?(?:5|10)\s+(?:stars?|rating|average|reviews?|score)|\d(?:\.\d{{1,2}})?\s?(?:★|⭐|-star\b|\s?stars?\b)|\d\.\d{{1,2}}\s+out of\s+(?:5|10)(?:\s+stars?)?{b}|(?:rated|rating of|average rating of|scored?)\s+\d(?:\.\d{{1,2}})?{b})"
        )),
        change: ascii_regex(&format!(
            r"(?i){b}(?:reduc|cut|lower|decreas|improv|increas|boost|rais|drop|lessen|slash|declin|fell|fall|shrink|shrank|doubl|tripl|enhanc)\w*\s+(?:[\w'-]+\s+){{0,5}}?(?:by\s+(?:(?:up to|as much as|over|more than|nearly|about|around|roughly|almost|an average of|on average)\s+)?{NUM}{pct}|in half|by half|by (?:a|one|two)[- ](?:third|quarter|half)s?)"
        )),
        bare_value: ascii_regex(&format!(
            r"(?i)^(?:([a-z][\w /().,&'-]{{0,40}}):\s*)?(?:~|≈|<|>|about\s+|approx\.?\s+)?{NUM}(?:\s?-\s?{NUM})?\s?%\s*\**$"
        )),
        comparator: ascii_regex(
            r"(?i)^[\s,]*(?:(?:compared|relative)\s+(?:to|with)|vs\.?|versus|against|and only|but only|while only|whereas only)\s+(?:just\s+|only\s+)?$",
        ),
    }
});

/// The words one of which each form of statistic contains (ASCII case aside), by form.
const PCT: u8 = 1;
const OUT_OF: u8 = 2;
const IN: u8 = 4;
const FRACTION: u8 = 8;
const MULTIPLIER: u8 = 16;
const RATING: u8 = 32;
/// "in half", "by a third": a change without a percentage.
const PART: u8 = 64;
const ALL_CUES: u8 = 127;

const CUES: &[(&str, u8)] = &[
    ("%", PCT),
    ("percent", PCT),
    ("per cent", PCT),
    ("pct", PCT),
    ("out of", OUT_OF | RATING),
    (" in ", IN),
    ("half", FRACTION | PART),
    ("third", FRACTION | PART),
    ("quarter", FRACTION | PART),
    ("fifth", FRACTION),
    ("tenth", FRACTION),
    ("majority", FRACTION),
    ("/", FRACTION | RATING),
    ("x", MULTIPLIER),
    ("×", MULTIPLIER),
    ("times", MULTIPLIER),
    ("fold", MULTIPLIER),
    ("twice", MULTIPLIER),
    ("thrice", MULTIPLIER),
    ("double", MULTIPLIER),
    ("triple", MULTIPLIER),
    ("quadruple", MULTIPLIER),
    ("★", RATING),
    ("⭐", RATING),
    ("star", RATING),
    ("rated", RATING),
    ("rating", RATING),
    ("score", RATING),
];

static CUE_SEARCH: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(CUES.iter().map(|(c, _)| c))
        .expect("statistic cues build")
});

fn word_set(list: &[String]) -> HashSet<String> {
    list.iter().map(|s| s.to_lowercase()).collect()
}

impl Default for StatisticDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl StatisticDetector {
    pub fn new() -> StatisticDetector {
        let lists: Lists =
            toml::from_str(BUILTIN_LISTS).expect("rules/data/statistics.toml is valid");
        let mut quals: Vec<String> = lists.qualifiers.iter().map(|q| regex::escape(q)).collect();
        quals.sort_by_key(|q| std::cmp::Reverse(q.len()));
        let qualifier = ascii_regex(&format!(r"(?i)(?:^|\s)((?:{})\s+)$", quals.join("|")));
        StatisticDetector {
            qualifier,
            population: word_set(&lists.population),
            quantities: lists.quantities.iter().map(|q| q.to_lowercase()).collect(),
            outcomes: word_set(&lists.outcomes),
            not_after: lists
                .not_outcome_after
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            not_near: aho_corasick::AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&lists.not_outcome_near)
                .expect("business cues build"),
        }
    }

    /// Finds the statistics in one block of normalized prose.
    pub fn detect(&self, text: &str) -> Vec<Statistic> {
        // Each form needs one of its cue words; a form none of whose cues occur is not tried.
        let mut cues = 0u8;
        for m in CUE_SEARCH.find_overlapping_iter(text) {
            cues |= CUES[m.pattern().as_usize()].1;
            if cues == ALL_CUES {
                break;
            }
        }
        if cues == 0 {
            return Vec::new();
        }
        let p = &*PATTERNS;
        if cues & PCT != 0
            && let Some(c) = p.bare_value.captures(text.trim())
        {
            // A table cell or a spec line ("Moisture: 6.2%") is a value, not a claim, unless
            // its label names an outcome.
            let label = c.get(1).map_or("", |m| m.as_str()).to_lowercase();
            if !label
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| self.outcomes.contains(w))
            {
                return Vec::new();
            }
        }
        let mut found: Vec<Statistic> = Vec::new();
        let when = |cue: u8, re: &'static Regex| (cues & cue != 0).then_some(re).into_iter();
        for m in when(PCT, &p.percentage).flat_map(|re| re.find_iter(text)) {
            if self.percentage_is_not_a_statistic(text, m.range()) {
                continue;
            }
            let end = self.extend_tail(text, m.end(), true);
            found.push(Statistic {
                range: m.start()..end,
                form: StatForm::Percentage,
            });
        }
        for m in when(OUT_OF, &p.out_of).flat_map(|re| re.find_iter(text)) {
            let tail = &text[m.end()..];
            let is_rating = tail.trim_start().to_lowercase().starts_with("star")
                || (m.as_str().contains('.')
                    && (m.as_str().ends_with(" 5") || m.as_str().ends_with(" 10")));
            let end = if is_rating {
                m.end()
            } else {
                self.extend_tail(text, m.end(), false)
            };
            found.push(Statistic {
                range: m.start()..end,
                form: if is_rating {
                    StatForm::Rating
                } else {
                    StatForm::OutOf
                },
            });
        }
        for c in when(IN, &p.in_every).flat_map(|re| re.captures_iter(text)) {
            let m = c.get(1).unwrap();
            if !self.plausible_in_every(text, m.range()) {
                continue;
            }
            let end = self.extend_tail(text, m.end(), false);
            found.push(Statistic {
                range: m.start()..end,
                form: StatForm::InEvery,
            });
        }
        for m in when(FRACTION, &p.fraction).flat_map(|re| re.find_iter(text)) {
            if let Some(end) = self.population_after(text, m.end()) {
                // "majority of" is not a number on its own; a fraction needs a population.
                if m.as_str().to_lowercase().starts_with("majority") {
                    continue;
                }
                found.push(Statistic {
                    range: m.start()..end,
                    form: StatForm::Fraction,
                });
            }
        }
        for m in when(MULTIPLIER, &p.multiplier).flat_map(|re| re.find_iter(text)) {
            found.push(Statistic {
                range: m.start()..m.end(),
                form: StatForm::Multiplier,
            });
        }
        for m in when(RATING, &p.rating).flat_map(|re| re.find_iter(text)) {
            let s = m.as_str();
            let trimmed =
                s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '★' && c != '⭐');
            found.push(Statistic {
                range: m.start()..m.start() + trimmed.len(),
                form: StatForm::Rating,
            });
        }
        for m in when(PCT | PART, &p.change).flat_map(|re| re.find_iter(text)) {
            found.push(Statistic {
                range: m.start()..m.end(),
                form: StatForm::Change,
            });
        }

        // Qualifiers before a figure belong to it.
        for s in &mut found {
            if let Some(c) = self.qualifier.captures(&text[..s.range.start]) {
                s.range.start = c.get(1).unwrap().start();
            }
        }
        found.retain(|s| !self.measures_business(text, s.range.clone()));

        // Keep the longest of overlapping figures.
        found.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        let mut kept: Vec<Statistic> = Vec::new();
        for s in found {
            if let Some(last) = kept.last_mut()
                && s.range.start < last.range.end
            {
                if s.range.end > last.range.end && s.range.len() > last.range.len() {
                    *last = s;
                }
                continue;
            }
            kept.push(s);
        }

        // "71% of patients … compared to 0%": the control figure is part of the same statistic.
        let mut merged: Vec<Statistic> = Vec::new();
        for s in kept {
            if let Some(last) = merged.last_mut() {
                let between = &text[last.range.end..s.range.start];
                if between.len() < 80
                    && !between.contains(['.', ';', '!', '?'])
                    && ends_with_comparator(between)
                {
                    last.range.end = s.range.end;
                    continue;
                }
            }
            merged.push(s);
        }
        merged
    }

    fn percentage_is_not_a_statistic(&self, text: &str, m: Range<usize>) -> bool {
        let after = text[m.end..].trim_start().to_lowercase();
        let figure = &text[m.clone()];
        // "100% safe", "100% natural": an intensifier (absolute language), not a statistic.
        if figure.starts_with("100") && !figure.contains('.') && !after.starts_with("of ") {
            return true;
        }
        self.not_after.iter().any(|w| starts_with_word(&after, w))
    }

    fn measures_business(&self, text: &str, r: Range<usize>) -> bool {
        let mut sentence_start = [". ", "! ", "? ", "; ", "\n", "—"]
            .iter()
            .filter_map(|t| text[..r.start].rfind(t).map(|i| i + t.len()))
            .max()
            .unwrap_or(0);
        // A colon after a long lead-in ends the clause; after a short label ("Total THC:") the
        // label is the context.
        if let Some(colon) = text[sentence_start..r.start].rfind(": ") {
            let lead = &text[sentence_start..sentence_start + colon];
            if lead.split_whitespace().count() > 4 {
                sentence_start += colon + 2;
            }
        }
        let before_words: Vec<&str> = text[sentence_start..r.start].split_whitespace().collect();
        let before = before_words[before_words.len().saturating_sub(10)..]
            .join(" ")
            .to_lowercase();
        let after_text = &text[r.end..];
        let after_end = after_text
            .find(['.', '!', '?', ';'])
            .unwrap_or(after_text.len());
        let after_words: Vec<&str> = after_text[..after_end].split_whitespace().take(3).collect();
        let after = after_words.join(" ").to_lowercase();
        let inside = &text[r];
        [before.as_str(), after.as_str(), inside]
            .into_iter()
            .any(|t| {
                self.not_near
                    .find_overlapping_iter(t)
                    .any(|m| is_word_bounded(t, m.start(), m.end()))
            })
    }

    /// "X in Y": X smaller than Y, Y not a year, not a time ("1 in 30 minutes").
    fn plausible_in_every(&self, text: &str, r: Range<usize>) -> bool {
        let s = text[r.clone()].to_lowercase();
        let Some((x, y)) = s.split_once(" in ") else {
            return false;
        };
        let y = y.trim_start_matches("every ").trim();
        let (Some(xv), Some(yv)) = (number_value(x.trim()), number_value(y)) else {
            return false;
        };
        if xv >= yv || (1900.0..=2100.0).contains(&yv) && !y.contains(',') {
            return false;
        }
        let after = text[r.end..].trim_start().to_lowercase();
        const TIME: &[&str] = &[
            "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
            "months", "year", "years", "second", "seconds", "min", "mins", "hrs", "steps", "easy",
            "simple",
        ];
        !TIME.iter().any(|t| starts_with_word(&after, t))
    }

    /// After "of": an optional determiner was consumed by the pattern; up to two adjectives and
    /// a population noun must follow, or a quantity ("your body weight"). Returns its end.
    fn population_after(&self, text: &str, at: usize) -> Option<usize> {
        let rest = text[at..].trim_start().to_lowercase();
        let rest = ["your ", "their ", "his ", "her ", "the ", "excess "]
            .iter()
            .find_map(|d| rest.strip_prefix(d).map(|r| (d.len(), r)))
            .unwrap_or((0, rest.as_str()));
        let lead = text[at..].len() - text[at..].trim_start().len();
        for q in &self.quantities {
            if starts_with_word(rest.1, q) {
                return Some(at + lead + rest.0 + q.len());
            }
        }
        let mut pos = at;
        for _ in 0..3 {
            let rest = &text[pos..];
            let lead = rest.len() - rest.trim_start().len();
            let word_start = pos + lead;
            let word_len = text[word_start..]
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
                .unwrap_or(text.len() - word_start);
            if word_len == 0 {
                return None;
            }
            let word = text[word_start..word_start + word_len].to_lowercase();
            let end = word_start + word_len;
            if self.population.contains(&word) {
                return Some(end);
            }
            if STOP_WORDS.contains(&word.as_str()) {
                return None;
            }
            pos = end;
        }
        None
    }

    /// Extends a figure over what it counts: "of [det] up to three words", or an outcome word.
    fn extend_tail(&self, text: &str, at: usize, percentage: bool) -> usize {
        let rest = &text[at..];
        let lower = rest.to_lowercase();
        if let Some(after_of) = lower.strip_prefix(" of ") {
            let mut pos = at + 4;
            let mut words = 0;
            let mut end = None;
            let det = [
                "the ",
                "all ",
                "our ",
                "their ",
                "these ",
                "those ",
                "its ",
                "your ",
                "his ",
                "her ",
                "a ",
                "an ",
                "my ",
                "us ",
                "u.s. ",
                "american ",
            ];
            if let Some(d) = det.iter().find(|d| after_of.starts_with(**d)) {
                pos += d.len();
            }
            let mut prev_possessive = false;
            while words < 3 {
                let word_len = text[pos..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
                    .unwrap_or(text.len() - pos);
                if word_len == 0 {
                    break;
                }
                let word = text[pos..pos + word_len].to_lowercase();
                let after_possessive = prev_possessive;
                if STOP_WORDS.contains(&word.as_str())
                    || word.chars().next().is_some_and(|c| c.is_ascii_digit())
                    || (!after_possessive
                        && word.len() > 4
                        && (word.ends_with("ing") || word.ends_with("ed")))
                {
                    break;
                }
                prev_possessive = word.ends_with("'s") || word.ends_with("s'");
                words += 1;
                end = Some(pos + word_len);
                let is_noun_end = self.population.contains(&word);
                pos += word_len;
                if is_noun_end || !text[pos..].starts_with(' ') {
                    break;
                }
                pos += 1;
            }
            return end.unwrap_or(at);
        }
        if percentage || rest.starts_with(' ') {
            let trimmed = rest.trim_start();
            let lead = rest.len() - trimmed.len();
            let word_len = trimmed
                .find(|c: char| !(c.is_alphanumeric() || c == '-'))
                .unwrap_or(trimmed.len());
            let word = trimmed[..word_len].to_lowercase();
            if word_len > 0 && (self.outcomes.contains(&word) || self.population.contains(&word)) {
                let mut end = at + lead + word_len;
                // "satisfaction rate", "response rate", "lower risk", "more likely"
                let next = text[end..].trim_start_matches(' ');
                let next_len = next
                    .find(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .unwrap_or(next.len());
                let next_word = next[..next_len].to_lowercase();
                if matches!(
                    next_word.as_str(),
                    "rate" | "rates" | "risk" | "likely" | "chance" | "loss" | "weight"
                ) {
                    end = end + (text[end..].len() - next.len()) + next_len;
                }
                return end;
            }
        }
        at
    }
}

const STOP_WORDS: &[&str] = &[
    "of",
    "who",
    "that",
    "which",
    "with",
    "in",
    "on",
    "at",
    "for",
    "to",
    "from",
    "by",
    "and",
    "or",
    "but",
    "after",
    "within",
    "compared",
    "vs",
    "versus",
    "than",
    "as",
    "when",
    "while",
    "were",
    "was",
    "are",
    "is",
    "had",
    "have",
    "has",
    "report",
    "reports",
    "see",
    "saw",
    "sees",
    "experience",
    "achieve",
    "reach",
    "feel",
    "felt",
    "notice",
    "show",
    "shows",
    "respond",
    "responds",
    "say",
    "says",
    "said",
    "would",
    "will",
    "can",
    "could",
    "may",
    "might",
    "did",
    "do",
    "does",
    "get",
    "got",
    "gets",
    "lose",
    "lost",
    "loses",
    "become",
    "became",
    "stay",
    "stayed",
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "it",
    "they",
    "them",
    "their",
    "there",
    "if",
    "into",
    "over",
    "under",
    "about",
    "after",
    "before",
    "during",
    "across",
    "among",
    "per",
    "improve",
    "improves",
    "need",
    "needs",
    "experienced",
    "return",
    "returns",
    "report",
];

fn ends_with_comparator(between: &str) -> bool {
    PATTERNS.comparator.is_match(between) || {
        // "71% of patients responding to ketamine compared to 0%": a comparator at the end
        // of a short clause.
        let lower = between.to_lowercase();
        let trimmed = lower.trim_end();
        between.split_whitespace().count() <= 8
            && (trimmed.ends_with("compared to")
                || trimmed.ends_with("compared with")
                || trimmed.ends_with(" vs")
                || trimmed.ends_with(" vs.")
                || trimmed.ends_with("versus"))
    }
}

fn number_value(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(v) = s.replace(',', "").parse::<f64>() {
        return Some(v);
    }
    Some(match s {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" | "a hundred" | "one hundred" => 100.0,
        "thousand" | "a thousand" | "one thousand" => 1000.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(text: &str) -> Vec<&str> {
        let d = StatisticDetector::new();
        d.detect(text).into_iter().map(|s| &text[s.range]).collect()
    }

    fn forms(text: &str) -> Vec<StatForm> {
        StatisticDetector::new()
            .detect(text)
            .into_iter()
            .map(|s| s.form)
            .collect()
    }

    #[test]
    fn percentages_take_their_population() {
        assert_eq!(
            stats("Dissociation occurs in approximately 41% of treatment sessions."),
            vec!["approximately 41% of treatment sessions"]
        );
        assert_eq!(
            stats("Sedation occurs in about 35% of sessions."),
            vec!["about 35% of sessions"]
        );
        assert_eq!(
            stats("Patients report a 69% reduction in symptoms."),
            vec!["69% reduction"]
        );
        assert_eq!(
            stats("We saw 98% satisfaction rate overall"),
            vec!["98% satisfaction rate"]
        );
        assert_eq!(
            stats("It helps 60 percent of adults."),
            vec!["60 percent of adults"]
        );
        assert_eq!(
            stats("It handles about 40% of your brain's signaling."),
            vec!["about 40% of your brain's signaling"]
        );
    }

    #[test]
    fn control_arm_merges_with_the_figure() {
        assert_eq!(
            stats("with 71% of patients responding to ketamine compared to 0% receiving placebo"),
            vec!["71% of patients responding to ketamine compared to 0%"]
        );
    }

    #[test]
    fn the_other_forms() {
        assert_eq!(
            stats("9 out of 10 patients agree"),
            vec!["9 out of 10 patients"]
        );
        assert_eq!(
            stats("About one in five adults has it."),
            vec!["About one in five adults"]
        );
        assert_eq!(
            stats("About one-third of people with TRD relapse."),
            vec!["About one-third of people"]
        );
        assert_eq!(
            stats("Nearly half of all adults"),
            vec!["Nearly half of all adults"]
        );
        assert_eq!(stats("It works 3x faster than SSRIs"), vec!["3x faster"]);
        assert_eq!(
            stats("twice as effective as therapy"),
            vec!["twice as effective"]
        );
        assert_eq!(
            stats("three times more likely to respond"),
            vec!["three times more likely"]
        );
        assert_eq!(stats("with a 4.7/5 average patient rating"), vec!["4.7/5"]);
        assert_eq!(
            stats("rated 4.9 out of 5 stars"),
            vec!["rated 4.9 out of 5 stars"]
        );
        assert_eq!(stats("4.9★ from 2,000 patients"), vec!["4.9★"]);
        assert_eq!(
            stats("It reduces symptoms by 50% in a week"),
            vec!["reduces symptoms by 50%"]
        );
        assert_eq!(
            stats("It cuts anxiety in half."),
            vec!["cuts anxiety in half"]
        );
        assert_eq!(forms("1 in 4 Americans"), vec![StatForm::InEvery]);
    }

    #[test]
    fn numbers_that_are_not_statistics() {
        for text in [
            "Effects last about 30-45 minutes after the session.",
            "Do not drive for at least 24 hours after treatment.",
            "The dose is 0.5 mg/kg over 40 minutes.",
            "Call 555-123-4567 or visit us at 120 Main St.",
            "Published 2026-01-08, 12 min read.",
            "Sessions cost $450 each, twice weekly for 3 weeks.",
            "Save 20% off your first month with code NEW.",
            "Our gummies contain less than 0.3% THC.",
            "It is 100% safe and 100% natural.",
            "Open 24/7, two in the morning is fine.",
            "A 2-in-1 formula with 3 in 1 packs.",
            "Take it three times a day, twice weekly.",
            "Our bookings rose 41% after the redesign.",
            "The conversion rate went from 3.1% to 4.4% in March.",
            "Step 1 of 3.",
            "Sessions run 1 in 30 minutes slots.",
        ] {
            assert_eq!(stats(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn bare_values_and_spec_lines_are_not_claims() {
        assert!(stats("29%").is_empty());
        assert!(stats("Moisture: 6.2%").is_empty());
        assert_eq!(stats("Response rate: 71%"), vec!["71%"]);
        assert_eq!(
            stats("Lose up to a fifth of your body weight."),
            vec!["up to a fifth of your body weight"]
        );
        assert_eq!(
            stats(
                "She puts this atop every dashboard review: roughly half of adults go untreated."
            ),
            vec!["roughly half of adults"]
        );
    }

    #[test]
    fn years_and_reversed_ratios_are_not_in_every() {
        assert!(stats("launched 1 in 2019").is_empty());
        assert!(stats("2 in 1").is_empty());
    }
}
