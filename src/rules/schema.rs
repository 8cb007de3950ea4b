//! The rule file format, as written (serde). Every table denies unknown keys so that a typo is
//! an error that points at the key, never a rule that silently does something else.

use crate::diagnostic::{Category, Frame, Market, Severity};
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// Stable code, e.g. `MED101`.
    pub code: Spanned<String>,
    /// Kebab-case name, e.g. `uncited-statistic`.
    pub name: Spanned<String>,
    pub category: Spanned<Category>,
    pub severity: Spanned<Severity>,
    /// Markets the rule applies to; all of them when absent.
    #[serde(default)]
    pub markets: Option<Spanned<Vec<Market>>>,
    /// Frames (who is speaking) the rule applies to; all of them when absent.
    #[serde(default)]
    pub frames: Option<Spanned<Vec<Frame>>>,
    /// May interpolate `{text}`, the matched text.
    pub message: Spanned<String>,
    /// Generic: may use `{substance}` and `{condition}`, filled from the page.
    pub help: Spanned<String>,
    /// Help for a page about one substance (a `rules/data/` substance id) or in one market
    /// (`us`, `uk`, `eu`), used instead of `help` there.
    #[serde(default)]
    pub help_for: std::collections::BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub references: Vec<String>,
    /// Markdown, printed by `medlint rule CODE`.
    pub description: Spanned<String>,
    #[serde(rename = "match")]
    pub matcher: Spanned<MatchSpec>,
    #[serde(default)]
    pub context: ContextSpec,
    #[serde(default)]
    pub examples: Vec<Spanned<ExampleSpec>>,
    /// Suggested rewrites, offered by the editor's quick fix: the matched text (compared
    /// case-insensitively) and what to write instead.
    #[serde(default)]
    pub rewrites: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// Literal phrases, case-insensitive, whole words.
    Phrase,
    /// Token patterns (`src/lang/pattern.rs`): words, word classes, gaps and marks.
    Tokens,
    /// Regular expressions (Rust `regex` syntax), case-insensitive unless `case-sensitive`.
    /// The rule's context patterns are regular expressions too.
    Regex,
    /// The built-in statistic detector.
    Statistic,
    /// Citation markers that resolve to no reference entry.
    UnresolvedReference,
    /// A document-level requirement: when the page matches a trigger, it must contain one of
    /// the disclosures.
    Requirement,
    /// A product promoted for a condition it is not approved for (`rules/data/`).
    OffLabel,
    /// Any mention of a listed product (e.g. prescription-only medicines, in the UK and EU).
    ProductMention,
    /// A problem with a `medlint-disable…` directive.
    Directive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectiveProblem {
    /// A directive that gives no reason after `--`.
    MissingReason,
    /// A directive that suppresses nothing.
    Unused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatForm {
    /// "71%", "60 percent", "20–30%".
    Percentage,
    /// "9 out of 10".
    OutOf,
    /// "1 in 5".
    InEvery,
    /// "one-third of people", "half of patients".
    Fraction,
    /// "3x faster", "twice as likely", "2-fold".
    Multiplier,
    /// "4.7/5", "4.9★", "4.8 stars".
    Rating,
    /// "reduces symptoms by 50%", "cuts anxiety in half".
    Change,
    /// "over 50 million people", "about 1,200 procedures".
    Count,
}

impl StatForm {
    pub const ALL: [StatForm; 8] = [
        StatForm::Percentage,
        StatForm::OutOf,
        StatForm::InEvery,
        StatForm::Fraction,
        StatForm::Multiplier,
        StatForm::Rating,
        StatForm::Change,
        StatForm::Count,
    ];
}

/// How a rule's condition, trigger and disclosure patterns are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// Token patterns (the default for every kind but `regex`).
    Tokens,
    /// Regular expressions (the default for `regex` rules).
    Regex,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchSpec {
    pub kind: Spanned<MatchKind>,
    /// How the rule's other patterns (context, triggers, disclosures) are written.
    pub syntax: Option<Spanned<Syntax>>,
    /// For `phrase`.
    pub phrases: Option<Spanned<Vec<Spanned<String>>>>,
    /// For `tokens` and `regex`.
    pub patterns: Option<Spanned<Vec<Spanned<String>>>>,
    /// For `statistic`: which forms count (all when absent).
    pub forms: Option<Spanned<Vec<StatForm>>>,
    /// For `regex`.
    pub case_sensitive: Option<Spanned<bool>>,
    /// For `requirement`: patterns that make the requirement apply.
    pub triggers: Option<Spanned<Vec<Spanned<String>>>>,
    /// For `requirement`: findings of these categories on the page also make it apply.
    pub trigger_categories: Option<Spanned<Vec<crate::diagnostic::Category>>>,
    /// For `requirement`: how many distinct trigger texts are needed (default 1).
    pub min_triggers: Option<Spanned<usize>>,
    /// For `requirement`: any of these on the page satisfies the requirement.
    pub disclosures: Option<Spanned<Vec<Spanned<String>>>>,
    /// For `requirement`: statements that look like a disclosure but are not enough alone.
    pub weak_disclosures: Option<Spanned<Vec<Spanned<String>>>>,
    /// For `requirement`: a disclosure match overlapping one of these does not count
    /// ("side effects are mild and temporary" is not risk information).
    pub not_disclosures: Option<Spanned<Vec<Spanned<String>>>>,
    /// For `requirement`: the message when only a weak disclosure is present.
    pub weak_message: Option<Spanned<String>>,
    /// For `off-label` and `product-mention`: substance ids from `rules/data/substances.toml`
    /// (all of them when absent).
    pub substances: Option<Spanned<Vec<Spanned<String>>>>,
    /// For `product-mention`: only prescription-only medicines.
    pub prescription_only: Option<Spanned<bool>>,
    /// For `directive`: which problem the rule reports.
    pub problem: Option<Spanned<DirectiveProblem>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Sentence,
    Paragraph,
    /// The whole document (`unless` and `requires` only).
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HedgeMode {
    /// Hedges change nothing.
    #[default]
    Ignore,
    /// A hedge in the sentence lowers severity one step.
    Lower,
    /// A hedge in the sentence clears the finding.
    Clear,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContextSpec {
    /// Where `cleared-by-citation`, `unless` and `requires` look.
    #[serde(default)]
    pub scope: Scope,
    /// A strong citation in scope clears the finding; a weak one lowers its severity.
    #[serde(default)]
    pub cleared_by_citation: bool,
    /// A negation governing the match ("is not a cure") clears it.
    #[serde(default)]
    pub negation: bool,
    /// A match inside reported speech ("companies that claim …", "the myth that …",
    /// "you may have heard that …") does not count.
    #[serde(default)]
    pub reported_speech: bool,
    /// A match inside a denial ("there is no evidence that …", "we do not claim that …")
    /// does not count.
    #[serde(default)]
    pub denial: bool,
    #[serde(default)]
    pub hedges: HedgeMode,
    /// Whether a match in a question ("Is ketamine a cure?") counts.
    #[serde(default = "yes")]
    pub questions: bool,
    /// Patterns that clear the finding when they match anywhere in scope.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// Patterns that clear the finding when their match overlaps it ("hangover cure").
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// Patterns of which one must match in scope for the finding to count.
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExampleSpec {
    pub text: String,
    /// Whether the rule must fire on `text`.
    pub fires: bool,
    /// The exact source text of every finding the rule must give, in order.
    #[serde(default)]
    pub spans: Option<Vec<String>>,
    /// `markdown` (default) or `text`.
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    /// The market to lint the example for (default `us`).
    #[serde(default)]
    pub market: Option<Spanned<Market>>,
    /// The frame to lint the example in (default: inferred, which for a sentence with no
    /// informational or scientific voice is `promotional`).
    #[serde(default)]
    pub frame: Option<Spanned<Frame>>,
}
