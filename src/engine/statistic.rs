//! The statistic detector: figures about efficacy, safety, prevalence, satisfaction or outcomes.
//!
//! It recognises forms, not numbers: percentages, "X out of Y", "X in Y", fractions of a
//! population, multipliers, ratings and "reduces … by N%". A bare number — a date, a dose, a
//! duration, a price, a phone number — is never a statistic. Each figure's span grows to take
//! in its qualifier ("about 35%") and what it counts ("of treatment sessions", "reduction").
//! Figures that measure business rather than health ("41% lift in bookings", "50% off",
//! "0.3% THC") are left out.
//!
//! The forms are token patterns (`[forms]` of `rules/data/statistics.toml`, over the word
//! classes of the same file, which are built-in classes), compiled with the rules' patterns into
//! one language, so that the document's tokens serve both. A pattern finds where a form may be; what tokens do not tell is checked here on each candidate: how
//! its tokens are spaced ("20-30%" and "20 to 30%", not "20 30%"), the shape of its numbers
//! ("4.7/5", not "14.7/5"), what comes right after it ("4.7/5." at the end of a sentence, not
//! "4.7/5.5"), and for a change, the words between the verb and "by 50%". The word lists of the
//! same file do the rest.

use super::products::starts_with_word;
use crate::engine::context::is_word_bounded;
use crate::lang::annotate::TokenDoc;
use crate::lang::classes::parse_entry;
#[cfg(test)]
use crate::lang::morph::Morphology;
#[cfg(test)]
use crate::lang::pattern::Pattern;
use crate::lang::program::{Found, Program};
use crate::lang::token::TokenKind;
#[cfg(test)]
use crate::lang::{CandidateScratch, LangBuilder};
use crate::lang::{Lang, PatternId};
use crate::rules::schema::StatForm;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// By form, in the order of [`StatForm::ALL`]: the ids of its patterns in a language.
pub type FormIds = [Vec<PatternId>; 8];

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
    forms: FormPatterns,
    classes: BTreeMap<String, ClassSpec>,
}

/// The token patterns of each form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FormPatterns {
    percentage: Vec<String>,
    out_of: Vec<String>,
    in_every: Vec<String>,
    fraction: Vec<String>,
    multiplier: Vec<String>,
    rating: Vec<String>,
    change: Vec<String>,
    count: Vec<String>,
}

/// A word class of the forms' patterns (written as in `rules/classes/`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassSpec {
    /// Read by the build, which makes these built-in classes.
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    words: Vec<String>,
}

const BUILTIN_LISTS: &str = include_str!("../../rules/data/statistics.toml");
const ORIGIN: &str = "rules/data/statistics.toml";

/// What the detector needs to know of each form ([`StatForm::ALL`] is the order in which
/// figures are collected).
impl StatForm {
    /// The cue words (one of which a block must contain) of the form.
    fn cues(self) -> u8 {
        match self {
            StatForm::Percentage => PCT,
            StatForm::OutOf => OUT_OF,
            StatForm::InEvery => IN,
            StatForm::Fraction => FRACTION,
            StatForm::Multiplier => MULTIPLIER,
            StatForm::Rating => RATING,
            StatForm::Change => PCT | PART,
            StatForm::Count => COUNT,
        }
    }
}

pub struct StatisticDetector {
    /// By form ([`StatForm`]): the sources of its patterns.
    form_sources: [Vec<String>; 8],
    /// Lowercase, longest first.
    qualifiers: Vec<String>,
    /// What "by" may take before a change's figure ("up to", "an average of"): the entries of
    /// `@change-qualifier`, lowercase.
    change_qualifiers: Vec<String>,
    population: HashSet<String>,
    quantities: Vec<String>,
    outcomes: HashSet<String>,
    not_after: Vec<String>,
    /// Business cues (`not-outcome-near`), searched all at once.
    not_near: aho_corasick::AhoCorasick,
}

/// The words one of which each form of statistic contains (ASCII case aside), by form.
const PCT: u8 = 1;
const OUT_OF: u8 = 2;
const IN: u8 = 4;
const FRACTION: u8 = 8;
const MULTIPLIER: u8 = 16;
const RATING: u8 = 32;
/// "in half", "by a third": a change without a percentage.
const PART: u8 = 64;
/// "50 million people", "1,200 procedures".
const COUNT: u8 = 128;
const ALL_CUES: u8 = 255;

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
    ("½", FRACTION),
    ("⅓", FRACTION),
    ("⅔", FRACTION),
    ("¼", FRACTION),
    ("¾", FRACTION),
    ("million", COUNT),
    ("billion", COUNT),
    (",", COUNT),
];

static CUE_SEARCH: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
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

/// A candidate its checks accepted: the figure, and the text the form's match takes up (with a
/// delimiter before or after it, for some forms), where no next figure of the form can start.
#[derive(Debug, Clone)]
struct Hit {
    figure: Range<usize>,
    taken: Range<usize>,
}

impl Hit {
    fn at(r: Range<usize>) -> Hit {
        Hit {
            figure: r.clone(),
            taken: r,
        }
    }
}

/// The candidates of one pattern, found as a search from a token on finds them (leftmost,
/// longest, not overlapping), and searched again only when a question needs it.
struct Candidates<'a> {
    program: &'a Program,
    /// The token the last search started at, and what it found.
    from: u32,
    found: Vec<Found>,
    /// The first found that may still be asked for.
    next: usize,
    searched: bool,
}

impl<'a> Candidates<'a> {
    fn new(program: &'a Program) -> Self {
        Candidates {
            program,
            from: 0,
            found: Vec::new(),
            next: 0,
            searched: false,
        }
    }

    /// The tokens of the first candidate a search from token `t` finds.
    fn first_from(&mut self, b: &Block, t: u32) -> Option<Range<u32>> {
        if self.searched && t >= self.from {
            // Each found is the first one after the end of the one before it; from any token
            // between that end and its start, it is still the first.
            while self.found.get(self.next).is_some_and(|f| f.tokens.end <= t) {
                self.next += 1;
            }
            match self.found.get(self.next) {
                None => return None,
                Some(f) if f.tokens.start >= t => return Some(f.tokens.clone()),
                Some(_) => {}
            }
        }
        self.found.clear();
        let end = b.doc.tokens.len() as u32;
        self.program
            .find_in(b.doc, b.text, t..end, false, &mut self.found);
        self.from = t;
        self.next = 0;
        self.searched = true;
        self.found.first().map(|f| f.tokens.clone())
    }
}

/// One block of prose and its tokens, for checking candidates.
struct Block<'a> {
    text: &'a str,
    doc: &'a TokenDoc,
    lang: &'a Lang,
    /// The patterns whose words, classes and kinds of token the block has, sorted.
    may: Vec<PatternId>,
}

impl Block<'_> {
    /// The text of token `i` ("" past the end).
    fn tok(&self, i: u32) -> &str {
        self.doc
            .tokens
            .get(i as usize)
            .map_or("", |t| &self.text[t.range()])
    }

    /// Whether token `i` is `word`, ASCII case aside.
    fn is(&self, i: u32, word: &str) -> bool {
        self.tok(i).eq_ignore_ascii_case(word)
    }

    /// Whether token `i` is a number written as a word ("twenty").
    fn number_word(&self, i: u32) -> bool {
        self.doc
            .tokens
            .get(i as usize)
            .is_some_and(|t| t.has(crate::lang::token::NUMBER_WORD))
    }

    fn is_number(&self, i: u32) -> bool {
        self.doc
            .tokens
            .get(i as usize)
            .is_some_and(|t| t.kind == TokenKind::Number)
    }

    /// Whether token `i` is a number written as the forms count: [`is_plain_number`].
    fn number(&self, i: u32) -> bool {
        self.is_number(i) && is_plain_number(self.tok(i))
    }

    fn start(&self, i: u32) -> usize {
        self.doc.tokens[i as usize].start as usize
    }

    fn end(&self, i: u32) -> usize {
        self.doc.tokens[i as usize].end as usize
    }

    /// The text between token `i - 1` and token `i` ("" where either is missing).
    fn gap(&self, i: u32) -> &str {
        let i = i as usize;
        match (
            i.checked_sub(1).and_then(|p| self.doc.tokens.get(p)),
            self.doc.tokens.get(i),
        ) {
            (Some(a), Some(b)) => &self.text[a.end as usize..b.start as usize],
            _ => "",
        }
    }

    /// Whether every token of `r` after the first follows one space.
    fn spaced(&self, r: Range<u32>) -> bool {
        (r.start + 1..r.end).all(|i| self.gap(i) == " ")
    }

    /// The index of the first token that starts at `pos` or later.
    fn token_from(&self, pos: usize) -> u32 {
        self.doc
            .tokens
            .partition_point(|t| (t.start as usize) < pos) as u32
    }
}

/// A word character as the forms count them (ASCII letters, digits and `_`): a figure does not
/// start or end inside a word.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// White space (ASCII).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C')
}

/// Whether no word character is right before `at`.
fn bounded_before(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(is_word_char)
}

/// Whether no word character is right after `at`.
fn bounded_after(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(is_word_char)
}

/// Nothing, or one white-space character.
fn at_most_one_space(gap: &str) -> bool {
    gap.is_empty() || (gap.len() == 1 && gap.chars().all(is_space))
}

/// One white-space character or more.
fn spaces(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(is_space)
}

/// Whether `s` starts with `prefix`, ASCII case aside.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// How many bytes from `at` on are characters that pass `f` (ASCII ones).
fn run(text: &str, at: usize, f: impl Fn(char) -> bool) -> usize {
    text[at..].find(|c: char| !f(c)).unwrap_or(text.len() - at)
}

/// A number as the forms count them: digits, thousands groups after one to three digits, a
/// decimal part ("1,200", "4.7"; not "1234,567", "2nd" or "⅔").
fn is_plain_number(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (whole, decimals) = s.split_once('.').unwrap_or((s, "0"));
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let mut rest = groups.peekable();
    let grouped = rest.peek().is_some();
    digits(decimals)
        && digits(first)
        && (!grouped || (first.len() <= 3 && rest.all(|g| g.len() == 3 && digits(g))))
}

/// One digit, a point and one or two digits: "4.7", "4.75".
fn is_rating_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 3 || b.len() == 4)
        && b[0].is_ascii_digit()
        && b[1] == b'.'
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// One digit, or a rating decimal: "5", "4.9".
fn is_rating_value(s: &str) -> bool {
    (s.len() == 1 && s.as_bytes()[0].is_ascii_digit()) || is_rating_decimal(s)
}

/// The end of the number at `at` (digits, thousands groups, decimals), if one starts there.
fn number_end(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |i: usize| {
        b.get(i..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let n = digits(at);
    if n == 0 {
        return None;
    }
    let mut end = at + n;
    if n <= 3 {
        while b.get(end) == Some(&b',') && digits(end + 1) >= 3 {
            end += 4;
        }
    }
    if b.get(end) == Some(&b'.') && digits(end + 1) > 0 {
        end += 1 + digits(end + 1);
    }
    Some(end)
}

/// The end of a percent sign or word at `at`, after at most one space: "%", " percent",
/// "per cent", "pct".
fn percent_end(text: &str, at: usize) -> Option<usize> {
    let p = if text[at..].starts_with(is_space) {
        at + 1
    } else {
        at
    };
    let rest = &text[p..];
    if rest.starts_with('%') {
        return Some(p + 1);
    }
    ["percent", "per cent", "pct"]
        .iter()
        .find(|w| starts_with_ci(rest, w) && bounded_after(text, p + w.len()))
        .map(|w| p + w.len())
}

/// Whether what follows a period ends the sentence there: nothing, a space, a closing quote or
/// bracket.
fn ends_sentence(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']'))
}

/// What a whole-number rating ("9/10 stars") may be of; the figure ends with the word's start
/// ("4/5 ratings" gives "4/5 rating").
const RATING_NOUNS: &[&str] = &[
    "stars", "star", "rating", "average", "reviews", "review", "score",
];

impl StatisticDetector {
    /// The detector of the built-in lists, made once.
    pub fn builtin() -> &'static StatisticDetector {
        static BUILTIN: LazyLock<StatisticDetector> = LazyLock::new(StatisticDetector::new);
        &BUILTIN
    }

    pub fn new() -> StatisticDetector {
        let lists: Lists =
            toml::from_str(BUILTIN_LISTS).expect("rules/data/statistics.toml is valid");
        // The entries of `@change-qualifier`, as text.
        let change_qualifiers = lists
            .classes
            .get("change-qualifier")
            .map(|spec| {
                spec.words
                    .iter()
                    .flat_map(|w| {
                        parse_entry(w).unwrap_or_else(|e| {
                            panic!("{ORIGIN}: class `change-qualifier`: `{w}`: {e}")
                        })
                    })
                    .map(|e| {
                        e.iter()
                            .map(|w| w.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .unwrap_or_default();
        let f = &lists.forms;
        let form_sources = [
            &f.percentage,
            &f.out_of,
            &f.in_every,
            &f.fraction,
            &f.multiplier,
            &f.rating,
            &f.change,
            &f.count,
        ]
        .map(|list| list.clone());
        let mut qualifiers: Vec<String> =
            lists.qualifiers.iter().map(|q| q.to_lowercase()).collect();
        qualifiers.sort_by_key(|q| std::cmp::Reverse(q.len()));
        StatisticDetector {
            form_sources,
            qualifiers,
            change_qualifiers,
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
                .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
                .build(&lists.not_outcome_near)
                .expect("business cues build"),
        }
    }

    /// By form, in the order of [`StatForm::ALL`]: the sources of its patterns, which a
    /// language compiles for [`StatisticDetector::detect`].
    pub fn form_sources(&self) -> impl Iterator<Item = (StatForm, &str)> {
        StatForm::ALL
            .into_iter()
            .zip(&self.form_sources)
            .flat_map(|(form, list)| list.iter().map(move |s| (form, s.as_str())))
    }

    /// Finds the statistics in one block of normalized prose. `lang` has the forms' patterns
    /// (their ids in `forms`); `tokens` gives the block's tokens in `lang` (ranges into `text`)
    /// and the patterns that may match in them, sorted. It is called only when the block may
    /// hold a figure.
    pub fn detect(
        &self,
        lang: &Lang,
        forms: &FormIds,
        text: &str,
        tokens: impl FnOnce() -> (TokenDoc, Vec<PatternId>),
    ) -> Vec<Statistic> {
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
        if cues & PCT != 0
            && let Some(label) = bare_value_label(text.trim())
        {
            // A table cell or a spec line ("Moisture: 6.2%") is a value, not a claim, unless
            // its label names an outcome.
            let label = label.to_lowercase();
            if !label
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| self.outcomes.contains(w))
            {
                return Vec::new();
            }
        }
        // The patterns whose words, classes and kinds of token the block has.
        let (doc, may) = tokens();
        let block = Block {
            text,
            doc: &doc,
            lang,
            may,
        };
        let hits = |shape: StatForm| {
            if cues & shape.cues() != 0 {
                self.hits(&block, shape, &forms[shape as usize])
            } else {
                Vec::new()
            }
        };
        let mut found: Vec<Statistic> = Vec::new();
        for h in hits(StatForm::Percentage) {
            let m = h.figure;
            if self.percentage_is_not_a_statistic(text, m.clone()) {
                continue;
            }
            let end = self.extend_tail(text, m.end, true);
            found.push(Statistic {
                range: m.start..end,
                form: StatForm::Percentage,
            });
        }
        for h in hits(StatForm::OutOf) {
            let m = h.figure;
            let figure = &text[m.clone()];
            let tail = &text[m.end..];
            let is_rating = tail.trim_start().to_lowercase().starts_with("star")
                || (figure.contains('.') && (figure.ends_with(" 5") || figure.ends_with(" 10")));
            let end = if is_rating {
                m.end
            } else {
                self.extend_tail(text, m.end, false)
            };
            found.push(Statistic {
                range: m.start..end,
                form: if is_rating {
                    StatForm::Rating
                } else {
                    StatForm::OutOf
                },
            });
        }
        for h in hits(StatForm::InEvery) {
            let m = h.figure;
            if !self.plausible_in_every(text, m.clone()) {
                continue;
            }
            let end = self.extend_tail(text, m.end, false);
            found.push(Statistic {
                range: m.start..end,
                form: StatForm::InEvery,
            });
        }
        for h in hits(StatForm::Fraction) {
            // A fraction needs a population ("half of adults"); "majority of" is no number and
            // is not a form.
            if let Some(end) = self.population_after(text, h.figure.end) {
                found.push(Statistic {
                    range: h.figure.start..end,
                    form: StatForm::Fraction,
                });
            }
        }
        for h in hits(StatForm::Multiplier) {
            found.push(Statistic {
                range: h.figure,
                form: StatForm::Multiplier,
            });
        }
        for h in hits(StatForm::Rating) {
            let s = &text[h.taken.clone()];
            let trimmed =
                s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '★' && c != '⭐');
            found.push(Statistic {
                range: h.taken.start..h.taken.start + trimmed.len(),
                form: StatForm::Rating,
            });
        }
        for h in hits(StatForm::Change) {
            found.push(Statistic {
                range: h.figure,
                form: StatForm::Change,
            });
        }
        for h in hits(StatForm::Count) {
            // A count is of people or of procedures ("50 million adults", "1,200 procedures").
            let era = ["bc", "bce", "ad"]
                .iter()
                .any(|e| starts_with_word(&text[h.figure.end..].trim_start().to_lowercase(), e));
            let big = text[..h.figure.end].ends_with("illion");
            if let Some(end) = self.population_after(text, h.figure.end).filter(|&end| {
                let harm = ["death", "hospitali", "cases", "overdoses", "diagnoses"]
                    .iter()
                    .any(|w| text[h.figure.end..end].to_lowercase().contains(w));
                !era && (big || harm || prevalence_follows(&text[end..]))
            }) {
                found.push(Statistic {
                    range: h.figure.start..end,
                    form: StatForm::Count,
                });
            }
        }

        // Qualifiers before a figure belong to it.
        for s in &mut found {
            if let Some(start) = self.qualifier_start(&text[..s.range.start]) {
                s.range.start = start;
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

    /// The figures of one form in the block, in order, none overlapping another's match: the
    /// leftmost (and longest) accepted candidate of any of the form's patterns, then the next
    /// after it, as one search through the block.
    fn hits(&self, b: &Block, shape: StatForm, ids: &[PatternId]) -> Vec<Hit> {
        let mut streams: Vec<Candidates> = ids
            .iter()
            .filter(|id| b.may.binary_search(id).is_ok())
            .map(|&id| Candidates::new(b.lang.program(id)))
            .collect();
        let mut pos = 0;
        let mut out: Vec<Hit> = Vec::new();
        loop {
            let mut best: Option<Hit> = None;
            for s in &mut streams {
                let Some(h) = self.next_hit(s, b, shape, pos) else {
                    continue;
                };
                let key = |h: &Hit| (h.taken.start, std::cmp::Reverse(h.taken.end));
                if best.as_ref().is_none_or(|x| key(&h) < key(x)) {
                    best = Some(h);
                }
            }
            let Some(h) = best else {
                break;
            };
            pos = h.taken.end.max(h.taken.start + 1);
            out.push(h);
        }
        out
    }

    /// The first candidate of a pattern that its form's checks accept, starting at `pos` or
    /// later.
    fn next_hit(&self, c: &mut Candidates, b: &Block, shape: StatForm, pos: usize) -> Option<Hit> {
        let mut t = b.token_from(pos);
        loop {
            let r = c.first_from(b, t)?;
            if let Some(h) = self.check(shape, b, r.clone(), pos) {
                return Some(h);
            }
            t = r.start + 1;
        }
    }

    /// Whether the candidate `r` of a form's pattern is one: what the tokens do not say.
    fn check(&self, shape: StatForm, b: &Block, r: Range<u32>, pos: usize) -> Option<Hit> {
        // Every form starts a word ("X in Y" checks what comes before it itself).
        if r.is_empty() || (shape != StatForm::InEvery && !bounded_before(b.text, b.start(r.start)))
        {
            return None;
        }
        match shape {
            StatForm::Percentage => percentage(b, r),
            StatForm::OutOf => out_of(b, r),
            StatForm::InEvery => in_every(b, r, pos),
            StatForm::Fraction => fraction(b, r),
            StatForm::Multiplier => multiplier(b, r),
            StatForm::Rating => rating(b, r),
            StatForm::Change => self.change(b.text, b.start(r.start)),
            StatForm::Count => count(b, r),
        }
    }

    /// "reduces symptoms by 50%" from its verb at `at`: the verb, up to five words (runs of
    /// letters, digits, apostrophes and hyphens, each followed by a space), and the nearest
    /// "by N%", "in half", "by half" or "by a third".
    fn change(&self, text: &str, at: usize) -> Option<Hit> {
        // The verb runs to the end of its word, and a space follows it.
        let mut p = at + run(text, at, is_word_char);
        let sp = run(text, p, is_space);
        if sp == 0 {
            return None;
        }
        p += sp;
        for words in 0..=5 {
            if let Some(end) = self.change_tail(text, p) {
                return Some(Hit::at(at..end));
            }
            if words == 5 {
                break;
            }
            let w = run(text, p, |c| is_word_char(c) || c == '\'' || c == '-');
            let sp = run(text, p + w, is_space);
            if w == 0 || sp == 0 {
                return None;
            }
            p += w + sp;
        }
        None
    }

    /// The end of what a change is by, at `p`: "by (up to) 50%", "in half", "by half",
    /// "by a third".
    fn change_tail(&self, text: &str, p: usize) -> Option<usize> {
        let rest = &text[p..];
        if starts_with_ci(rest, "by") {
            let sp = run(text, p + 2, is_space);
            if sp > 0 {
                let q = p + 2 + sp;
                for qual in &self.change_qualifiers {
                    if starts_with_ci(&text[q..], qual) {
                        let sp = run(text, q + qual.len(), is_space);
                        if sp > 0
                            && let Some(end) = number_end(text, q + qual.len() + sp)
                                .and_then(|e| percent_end(text, e))
                        {
                            return Some(end);
                        }
                    }
                }
                if let Some(end) = number_end(text, q).and_then(|e| percent_end(text, e)) {
                    return Some(end);
                }
            }
        }
        if starts_with_ci(rest, "in half") || starts_with_ci(rest, "by half") {
            return Some(p + "in half".len());
        }
        if starts_with_ci(rest, "by ") {
            let q = p + 3;
            for n in ["a", "one", "two"] {
                if starts_with_ci(&text[q..], n)
                    && matches!(text.as_bytes().get(q + n.len()), Some(b'-' | b' '))
                {
                    let f = q + n.len() + 1;
                    for part in ["third", "quarter", "half"] {
                        if starts_with_ci(&text[f..], part) {
                            let end = f + part.len();
                            let plural = matches!(text.as_bytes().get(end), Some(b's' | b'S'));
                            return Some(end + usize::from(plural));
                        }
                    }
                }
            }
        }
        None
    }

    /// Where the qualifier right before a figure starts ("about ", "up to "), if one is there.
    fn qualifier_start(&self, before: &str) -> Option<usize> {
        let body = before.trim_end_matches(is_space);
        if body.len() == before.len() {
            return None;
        }
        // Longest first: the qualifier that starts first.
        self.qualifiers.iter().find_map(|q| {
            let start = body.len().checked_sub(q.len())?;
            (body.is_char_boundary(start)
                && body[start..].eq_ignore_ascii_case(q)
                && (start == 0 || body[..start].ends_with(is_space)))
            .then_some(start)
        })
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
        // The end of the last sentence break before the figure, found walking back from it.
        let head = &text.as_bytes()[..r.start];
        let mut sentence_start = (0..=r.start)
            .rev()
            .find(|&e| {
                [". ", "! ", "? ", "; ", "\n", "—"]
                    .iter()
                    .any(|t| head[..e].ends_with(t.as_bytes()))
            })
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

/// "71%", "20-30%", "20 to 30 percent": numbers, the range's "-" or "to" and the percent sign
/// at most one space apart (a hyphen that joins "20-30" is no token), "per cent" one apart.
fn percentage(b: &Block, r: Range<u32>) -> Option<Hit> {
    let first = r.start;
    if !b.number(first) {
        return words_percentage(b, r);
    }
    let mut i = first + 1;
    if !b.is_number(i) && (b.is(i, "-") || b.is(i, "to")) {
        if !(at_most_one_space(b.gap(i)) && at_most_one_space(b.gap(i + 1)) && b.number(i + 1)) {
            return None;
        }
        i += 2;
    } else if b.is_number(i) {
        if b.gap(i) != "-" || !b.number(i) {
            return None;
        }
        i += 1;
    }
    if !at_most_one_space(b.gap(i)) {
        return None;
    }
    if b.is(i, "per") {
        if b.gap(i + 1) != " " {
            return None;
        }
        i += 1;
    }
    if i + 1 != r.end {
        return None;
    }
    let end = b.end(i);
    (b.is(i, "%") || bounded_after(b.text, end)).then(|| Hit::at(b.start(first)..end))
}

/// "twenty percent", "forty-five per cent": number words, a space or a joining hyphen between
/// them, one space, then "percent" or "per cent".
fn words_percentage(b: &Block, r: Range<u32>) -> Option<Hit> {
    let mut i = r.start;
    while i < r.end && b.number_word(i) {
        if i > r.start && !matches!(b.gap(i), " " | "-") {
            return None;
        }
        i += 1;
    }
    if i == r.start || b.gap(i) != " " || b.is(i, "%") {
        return None;
    }
    if b.is(i, "per") {
        if b.gap(i + 1) != " " {
            return None;
        }
        i += 1;
    }
    (i + 1 == r.end && bounded_after(b.text, b.end(i))).then(|| Hit::at(b.start(r.start)..b.end(i)))
}

/// "over 50 million", "half a million", "1,200": a number and "million" or "billion" one space
/// apart, or a number of a thousand or more written with a group separator (which no year,
/// dose or price in figures is, after "$"). What it counts is checked by the caller.
fn count(b: &Block, r: Range<u32>) -> Option<Hit> {
    let s = r.start;
    let last = r.end - 1;
    if !b.spaced(r.clone()) || !bounded_after(b.text, b.end(last)) {
        return None;
    }
    if s > 0 && matches!(b.tok(s - 1), "$" | "£" | "€") {
        return None;
    }
    let big = b.is(last, "million") || b.is(last, "billion");
    let separated = r.len() == 1 && b.number(s) && b.tok(s).contains(',');
    if !big && !separated {
        return None;
    }
    Some(Hit::at(b.start(s)..b.end(last)))
}

/// Whether a count of people in thousands is of people who have a condition ("2,400 adults
/// die of it each year", "12,000 children are diagnosed"): a figure of how many a clinic has
/// treated ("over 4,000 procedures performed") is its own record, not a statistic.
fn prevalence_follows(rest: &str) -> bool {
    const VERBS: &[&str] = &[
        "suffer",
        "have",
        "has",
        "live",
        "lives",
        "die",
        "dies",
        "died",
        "are",
        "were",
        "develop",
        "experience",
        "struggle",
        "get",
        "battle",
        "deal",
    ];
    let clause = rest.split(['.', ';', '!', '?', ',']).next().unwrap_or("");
    let words: Vec<String> = clause
        .split_whitespace()
        .take(4)
        .map(str::to_lowercase)
        .collect();
    words.iter().enumerate().take(3).any(|(i, w)| {
        // "have visited", "have been treated", "has chosen": what they did, not what they have.
        let next = words.get(i + 1).map_or("", String::as_str);
        let perfect = (matches!(w.as_str(), "have" | "has")
            && (next.ends_with("ed") || matches!(next, "been" | "chosen" | "seen" | "found")))
            || (matches!(w.as_str(), "are" | "were")
                && matches!(next, "treated" | "seen" | "helped" | "served" | "cured"));
        VERBS.contains(&w.as_str()) && !perfect
    })
}

/// "9 out of 10": one space between the words, numbers plain, no word right after.
fn out_of(b: &Block, r: Range<u32>) -> Option<Hit> {
    let end = b.end(r.end - 1);
    (b.spaced(r.clone())
        && r.clone().all(|i| !b.is_number(i) || b.number(i))
        && bounded_after(b.text, end))
    .then(|| Hit::at(b.start(r.start)..end))
}

/// "1 in 5": one space between the words, numbers plain, and neither a word nor a hyphen on
/// either side ("2-in-1" is none). The characters on either side are part of the match: one
/// figure's cannot be the next one's.
fn in_every(b: &Block, r: Range<u32>, pos: usize) -> Option<Hit> {
    let (start, end) = (b.start(r.start), b.end(r.end - 1));
    if !b.spaced(r.clone()) || r.clone().any(|i| b.is_number(i) && !b.number(i)) {
        return None;
    }
    let delimiter = |c: Option<char>| match c {
        None => Some(0),
        Some(c) if !is_word_char(c) && c != '-' => Some(c.len_utf8()),
        _ => None,
    };
    let lead = delimiter(b.text[..start].chars().next_back())?;
    let trail = delimiter(b.text[end..].chars().next())?;
    (start - lead >= pos).then(|| Hit {
        figure: start..end,
        taken: start - lead..end + trail,
    })
}

/// "one-third of ", "half of the ", "2/3 of ": the fraction's words one space or a hyphen
/// apart, "2/3" one digit over one or two (with "th", "rd" or "nd") without spaces, then one
/// space, "of", one space and maybe a determiner and one space. The match ends after that
/// space; what follows is the population.
fn fraction(b: &Block, r: Range<u32>) -> Option<Hit> {
    let s = r.start;
    let of = if b.is_number(s) && b.tok(s).chars().count() == 1 && !b.number(s) {
        // A fraction sign: "¾ of users".
        s + 1
    } else if b.is_number(s) {
        let over = b.tok(s + 2);
        let digits = over.bytes().take_while(u8::is_ascii_digit).count();
        let suffix = &over[digits..];
        let ok = b.tok(s).len() == 1
            && b.tok(s).as_bytes()[0].is_ascii_digit()
            && b.is(s + 1, "/")
            && b.gap(s + 1).is_empty()
            && b.gap(s + 2).is_empty()
            && (1..=2).contains(&digits)
            && ["", "th", "rd", "nd"]
                .iter()
                .any(|x| suffix.eq_ignore_ascii_case(x));
        if !ok {
            return None;
        }
        s + 3
    } else if b.is(s, "half") {
        s + 1
    } else {
        if !matches!(b.gap(s + 1), "-" | " ") {
            return None;
        }
        s + 2
    };
    if !b.is(of, "of") || b.gap(of) != " " || !b.text[b.end(of)..].starts_with(' ') {
        return None;
    }
    let mut end = b.end(of) + 1;
    if of + 1 < r.end {
        let det_end = b.end(r.end - 1);
        if b.gap(of + 1) == " " && b.spaced(of + 1..r.end) && b.text[det_end..].starts_with(' ') {
            end = det_end + 1;
        }
    }
    Some(Hit::at(b.start(s)..end))
}

/// "3x faster", "three times more likely", "2-fold increase", "twice as effective": "3x" at
/// most one space apart, "three times" one space, a hyphen or nothing, "2-fold" a hyphen or
/// nothing, then white space and what it multiplies. After "as", "more", "less" or "the" that
/// is a word starting with a letter, taken to the end of its hyphenated run ("as well-known").
fn multiplier(b: &Block, r: Range<u32>) -> Option<Hit> {
    let (s, e) = (r.start, r.end);
    let pair = e >= s + 3 && ["as", "more", "less", "the"].iter().any(|w| b.is(e - 2, w));
    let tail = if pair { e - 2 } else { e - 1 };
    if tail <= s || !spaces(b.gap(tail)) {
        return None;
    }
    let end = if pair {
        let word = b.start(e - 1);
        if !spaces(b.gap(e - 1)) || !b.text[word..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let len = run(b.text, word, |c| is_word_char(c) || c == '-');
        word + b.text[word..word + len].trim_end_matches('-').len()
    } else {
        let end = b.end(tail);
        if !bounded_after(b.text, end) {
            return None;
        }
        end
    };
    let last = tail - 1;
    let head_ok = if b.is(last, "x") || b.is(last, "×") {
        last == s + 1 && b.number(s) && at_most_one_space(b.gap(last))
    } else if b.is(last, "times") || b.is(last, "fold") {
        let joint = b.gap(last);
        let joint_ok =
            joint == "-" || (b.is(last, "times") && at_most_one_space(joint)) || joint.is_empty();
        let count_ok = if b.is_number(s) {
            last == s + 1 && b.number(s)
        } else {
            b.spaced(s..last)
        };
        joint_ok && count_ok
    } else {
        b.spaced(s..tail)
    };
    head_ok.then(|| Hit::at(b.start(s)..end))
}

/// "4.7/5", "9/10 stars", "4.9★", "5-star", "4.9 out of 5 stars", "rated 4.8", each maybe after
/// "rated" or "average rating of" and white space.
fn rating(b: &Block, r: Range<u32>) -> Option<Hit> {
    let s = r.start;
    let text = b.text;
    let start = b.start(s);
    let n = (s..r.end).find(|&i| b.is_number(i))?;
    if !b.spaced(s..n) || (n > s && !spaces(b.gap(n))) {
        return None;
    }
    let value = b.tok(n);
    let after = n + 1;
    if after == r.end {
        // "rated 4.8": one digit, maybe a point and one or two, then no word character (so
        // "rated 5,000 times" gives "rated 5").
        if n == s {
            return None;
        }
        let end = rating_value_end(text, b.start(n))?;
        return Some(Hit::at(start..end));
    }
    if b.is(after, "/") {
        let d = after + 1;
        let scale = b.tok(d);
        if !(at_most_one_space(b.gap(after)) && at_most_one_space(b.gap(d))) {
            return None;
        }
        if d + 1 == r.end {
            // "4.7/5": a decimal out of 5 or 10 ("5.0", "10.0"), then no word, slash or point:
            // not "4.7/50" or "4.7/5.5", but "4.7/5." where the point ends the sentence (and
            // "4.7/5" in "4.7/5,000"). The character after it is part of the match.
            let lead = ["5", "10"].into_iter().find(|x| scale.starts_with(x));
            let (true, Some(lead)) = (is_rating_decimal(value), lead) else {
                return None;
            };
            let mut end = b.start(d) + lead.len();
            if text[end..].starts_with(".0") {
                end += 2;
            }
            let taken = match text[end..].chars().next() {
                None => end,
                Some('.') if ends_sentence(&text[end + 1..]) => end + 1,
                Some(c) if !(is_word_char(c) || c == '/' || c == '.') => end + c.len_utf8(),
                _ => return None,
            };
            return Some(Hit {
                figure: start..end,
                taken: start..taken,
            });
        }
        // "9/10 stars": whole numbers out of 5 or 10, white space, and the start of a word.
        let w = d + 1;
        let noun = b.tok(w).to_ascii_lowercase();
        let noun = RATING_NOUNS.iter().find(|x| noun.starts_with(**x))?;
        let whole = (1..=2).contains(&value.len()) && value.bytes().all(|c| c.is_ascii_digit());
        return (whole && matches!(scale, "5" | "10") && spaces(b.gap(w)) && w + 1 == r.end)
            .then(|| Hit::at(start..b.start(w) + noun.len()));
    }
    if b.is(after, "out") {
        // "4.9 out of 5 (stars)": a decimal out of 5 or 10 ("out of 5.0" gives "out of 5").
        let d = after + 2;
        if !is_rating_decimal(value)
            || !spaces(b.gap(after))
            || b.gap(after + 1) != " "
            || !spaces(b.gap(d))
        {
            return None;
        }
        let scale = b.tok(d);
        let lead = ["5", "10"].into_iter().find(|x| scale.starts_with(x))?;
        let scale_end = b.start(d) + lead.len();
        if !bounded_after(text, scale_end) {
            return None;
        }
        let stars = d + 1 < r.end
            && scale.len() == lead.len()
            && spaces(b.gap(d + 1))
            && bounded_after(text, b.end(d + 1));
        let end = if stars { b.end(d + 1) } else { scale_end };
        return Some(Hit::at(start..end));
    }
    // "4.9★", "4.9 ★", "5 stars", "5-star" (not "5-stars").
    let sign = b.tok(after);
    let gap = b.gap(after);
    let ok = if sign == "★" || sign == "⭐" {
        at_most_one_space(gap)
    } else if gap == "-" {
        sign.eq_ignore_ascii_case("star") && bounded_after(text, b.end(after))
    } else {
        gap.len() <= 2 && gap.chars().all(is_space) && bounded_after(text, b.end(after))
    };
    (ok && is_rating_value(value) && after + 1 == r.end).then(|| Hit::at(start..b.end(after)))
}

/// The end of a rating value at `at`: one digit, maybe a point and one or two digits, and no
/// word character after it (the longest that has none).
fn rating_value_end(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !digit(at) {
        return None;
    }
    let point = b.get(at + 1) == Some(&b'.');
    [
        (point && digit(at + 2) && digit(at + 3), at + 4),
        (point && digit(at + 2), at + 3),
        (true, at + 1),
    ]
    .into_iter()
    .find(|&(ok, end)| ok && bounded_after(text, end))
    .map(|(_, end)| end)
}

/// Whether `between` (the text between two figures) joins the second to the first as its
/// control: "compared to", "vs.", "and only", maybe after commas and spaces and before "just"
/// or "only".
fn is_comparator(between: &str) -> bool {
    let s = between.trim_start_matches(|c: char| is_space(c) || c == ',');
    // White space, maybe "just" or "only" and white space, and nothing else.
    let ends = |rest: &str| {
        let t = rest.trim_start_matches(is_space);
        t.len() < rest.len()
            && (t.is_empty()
                || ["just", "only"]
                    .iter()
                    .any(|w| starts_with_ci(t, w) && spaces(&t[w.len()..])))
    };
    for lead in ["compared", "relative"] {
        if starts_with_ci(s, lead) {
            let r = &s[lead.len()..];
            let t = r.trim_start_matches(is_space);
            if t.len() < r.len()
                && ["to", "with"]
                    .iter()
                    .any(|w| starts_with_ci(t, w) && ends(&t[w.len()..]))
            {
                return true;
            }
        }
    }
    [
        "vs.",
        "vs",
        "versus",
        "against",
        "and only",
        "but only",
        "while only",
        "whereas only",
    ]
    .iter()
    .any(|p| starts_with_ci(s, p) && ends(&s[p.len()..]))
}

fn ends_with_comparator(between: &str) -> bool {
    is_comparator(between) || {
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

/// A table cell or a spec line that is only a value ("29%", "~6.2 %", "Moisture: 6.2%"): its
/// label ("" without one).
fn bare_value_label(s: &str) -> Option<&str> {
    if let Some(colon) = s.find(':') {
        let label = &s[..colon];
        let mut chars = label.chars();
        let is_label = label.len() <= 41
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| is_word_char(c) || " /().,&'-".contains(c));
        if is_label && is_bare_value(s[colon + 1..].trim_start_matches(is_space)) {
            return Some(label);
        }
    }
    is_bare_value(s).then_some("")
}

/// "~29%", "about 5-10 %", "6.2%**": a percentage (maybe a range, maybe after "~", "≈", "<",
/// ">", "about" or "approx."), then only spaces and asterisks.
fn is_bare_value(v: &str) -> bool {
    let mut values = vec![v];
    for sign in ["~", "≈", "<", ">"] {
        if let Some(rest) = v.strip_prefix(sign) {
            values.insert(0, rest);
        }
    }
    for word in ["about", "approx.", "approx"] {
        if starts_with_ci(v, word) {
            let rest = &v[word.len()..];
            let t = rest.trim_start_matches(is_space);
            if t.len() < rest.len() {
                values.insert(0, t);
            }
        }
    }
    values.into_iter().any(|v| {
        let Some(mut end) = number_end(v, 0) else {
            return false;
        };
        // "5-10", "5 - 10".
        let one_space = |at: usize| at + usize::from(v[at..].starts_with(is_space));
        let dash = one_space(end);
        if v[dash..].starts_with('-')
            && let Some(e) = number_end(v, one_space(dash + 1))
        {
            end = e;
        }
        let sign = one_space(end);
        v[sign..].starts_with('%')
            && v[sign + 1..]
                .trim_start_matches(is_space)
                .trim_start_matches('*')
                .is_empty()
    })
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
impl StatisticDetector {
    /// [`StatisticDetector::detect`] over `text` as one block, with a language of the forms'
    /// patterns and the built-in classes.
    pub(crate) fn detect_text(&self, text: &str) -> Vec<Statistic> {
        static LANG: LazyLock<(Lang, FormIds)> = LazyLock::new(|| {
            let mut builder =
                LangBuilder::new(Morphology::builtin(), crate::rules::builtin_classes());
            let mut forms = FormIds::default();
            for (form, source) in StatisticDetector::builtin().form_sources() {
                let p = Pattern::parse(source).unwrap_or_else(|e| panic!("{source}: {e:?}"));
                assert!(
                    !p.has_mark(),
                    "{ORIGIN}: `{source}`: a form is never marked"
                );
                let id = builder
                    .add(&p)
                    .unwrap_or_else(|e| panic!("{source}: {}", e.message));
                forms[form as usize].push(id);
            }
            (builder.finish(), forms)
        });
        let (lang, forms) = &*LANG;
        self.detect(lang, forms, text, || {
            let doc = lang.annotate(text, std::iter::once(0..text.len()));
            let mut ids = Vec::new();
            lang.candidates(
                &doc,
                0..doc.tokens.len() as u32,
                &mut CandidateScratch::default(),
                &mut ids,
            );
            ids.sort_unstable();
            (doc, ids)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(text: &str) -> Vec<&str> {
        let d = StatisticDetector::new();
        d.detect_text(text)
            .into_iter()
            .map(|s| &text[s.range])
            .collect()
    }

    fn forms(text: &str) -> Vec<StatForm> {
        StatisticDetector::new()
            .detect_text(text)
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
    fn figures_in_words_signs_and_counts() {
        assert_eq!(
            stats("Twenty percent of adults and forty-five per cent of teens agree."),
            vec!["Twenty percent of adults", "forty-five per cent of teens"]
        );
        assert_eq!(stats("¾ of users slept longer."), vec!["¾ of users"]);
        assert_eq!(
            stats("Over 50 million people and half a million clients use it."),
            vec!["Over 50 million people", "half a million clients"]
        );
        assert_eq!(
            stats("Over 60,000 deaths; about 1,200 children are diagnosed each year."),
            vec!["Over 60,000 deaths", "about 1,200 children"]
        );
        // A clinic's record, a price, a dose, a year and a size are not statistics.
        for text in [
            "Over 4,000 procedures performed since 2016.",
            "More than 6,000 patients have visited us.",
            "A session is $1,200 and a dose is 1,000 mg.",
            "In 2,000 BC people chewed willow bark.",
            "Our 1,500 square foot clinic.",
            "Twenty patients enrolled.",
        ] {
            assert!(stats(text).is_empty(), "{text}");
        }
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

    #[test]
    fn a_rating_may_end_the_sentence() {
        assert_eq!(stats("Patients rate our drips 4.9/5."), vec!["4.9/5"]);
        assert_eq!(
            forms("Patients rate our drips 4.9/5."),
            vec![StatForm::Rating]
        );
        assert_eq!(stats("\"Our patients love us: 4.8/5.\""), vec!["4.8/5"]);
        assert_eq!(
            stats("We are rated 4.7/5.0. Book today."),
            vec!["rated 4.7/5.0"]
        );
        // A point that starts decimals, or a word, is no end of a sentence.
        assert!(stats("A 4.9/5.5 score is impossible.").is_empty());
        assert_eq!(stats("It scored 4.7/5.Great"), vec!["scored 4.7"]);
    }

    #[test]
    fn tokens_are_spaced_as_each_form_has_them() {
        assert_eq!(
            stats("It helped 20-30% of adults."),
            vec!["20-30% of adults"]
        );
        assert_eq!(
            stats("It helped 20 to 30 percent of adults."),
            vec!["20 to 30 percent of adults"]
        );
        assert_eq!(
            stats("It helped 20 - 30 per cent of adults."),
            vec!["20 - 30 per cent of adults"]
        );
        // Two numbers are a range only with a hyphen or "to" between them.
        assert_eq!(stats("It helped 20 30% of adults."), vec!["30% of adults"]);
        assert_eq!(stats("a 5-star review"), vec!["5-star"]);
        assert!(stats("a 5-stars review").is_empty());
        assert_eq!(
            stats("It works 3x faster, in 3xl sizes."),
            vec!["3x faster"]
        );
        assert_eq!(stats("a ten-fold increase"), vec!["ten-fold increase"]);
        assert!(stats("a three fold increase").is_empty());
        assert_eq!(
            stats("It is twice as well-known as therapy."),
            vec!["twice as well-known"]
        );
        assert!(stats("A one-in-five chance, 9-out-of-10 dentists.").is_empty());
    }

    #[test]
    fn numbers_are_read_whole() {
        // Not "7/5 average" in "14.7/5", nor "0 stars" in "5.0 stars".
        assert!(stats("A 14.7/5 average.").is_empty());
        assert_eq!(
            stats("Rated 4.9 out of 5.0 stars"),
            vec!["Rated 4.9 out of 5"]
        );
        assert_eq!(stats("Our 9/10 ratings speak."), vec!["9/10 rating"]);
        assert_eq!(stats("2/3rd of people"), vec!["2/3rd of people"]);
    }

    #[test]
    fn a_change_is_at_most_five_words_from_its_verb() {
        assert_eq!(
            stats("It reduces the pain in your back by 50%."),
            vec!["reduces the pain in your back by 50%"]
        );
        // Six words between the verb and "by": only the percentage is left.
        assert_eq!(
            stats("It reduces the pain in my aching back by 50%."),
            vec!["50%"]
        );
        // A comma ends the run of words.
        assert_eq!(
            stats("It reduces pain, stress and fatigue by 50%."),
            vec!["50%"]
        );
        assert_eq!(
            stats("It reduces symptoms by up to 50 percent."),
            vec!["reduces symptoms by up to 50 percent"]
        );
        assert_eq!(
            stats("It cuts cravings by a third."),
            vec!["cuts cravings by a third"]
        );
    }

    #[test]
    fn qualifiers_and_comparators() {
        assert_eq!(
            stats("Well over 50% of adults are affected."),
            vec!["Well over 50% of adults"]
        );
        assert_eq!(
            stats("71% of patients, compared with just 20% on placebo."),
            vec!["71% of patients, compared with just 20%"]
        );
        assert_eq!(
            stats("71% of patients versus only 20% on placebo."),
            vec!["71% of patients versus only 20%"]
        );
        assert!(stats("~29%").is_empty());
        assert!(stats("Moisture: 6.2 % **").is_empty());
        assert_eq!(stats("Efficacy: 71%"), vec!["71%"]);
    }
}
