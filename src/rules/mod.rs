//! Rules as data: loading rule files, validating them with errors that point at the line, and
//! compiling them into [`Rule`]s.

pub mod data;
pub mod examples;
pub mod expand;
mod folder;
pub mod literals;
pub mod pattern;
pub mod schema;
pub mod select;
pub mod shape;
pub mod tomlpos;

use crate::diagnostic::{Frame, Market, RuleInfo};
use crate::lang::classes::ClassSet;
use crate::source::Format;
use data::MedicalData;
pub use expand::ascii_word_boundaries;
pub use folder::{read_class_dir, read_rule_dir};
use miette::{Diagnostic, NamedSource, SourceSpan};
use pattern::Pattern;
pub use pattern::REGEX_SIZE_LIMIT;
use regex::Regex;
use schema::{ContextSpec, HedgeMode, MatchKind, MatchSpec, RuleFile, Scope, StatForm};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock};
use thiserror::Error;
use toml::Spanned;

/// The code and name of every built-in rule, from its file name (`core/MED101-uncited-statistic.toml`).
pub fn builtin_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
    builtin::BUILTIN_RULE_FILES_LEAN
        .iter()
        .filter_map(|(path, _)| {
            let file = path.rsplit('/').next()?.strip_suffix(".toml")?;
            file.split_once('-')
        })
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
    include!(concat!(env!("OUT_DIR"), "/builtin_classes.rs"));
}
pub use builtin::{BUILTIN_CLASS_FILES, BUILTIN_RULE_FILES};

static BUILTIN_CLASSES: LazyLock<ClassSet> = LazyLock::new(|| {
    use crate::lang::classes::ClassDef;
    use crate::lang::pattern::{Word, WordMode};
    let classes = builtin::BUILTIN_CLASSES_DATA
        .iter()
        .map(
            |(name, description, origin, include, written, entries)| ClassDef {
                name: name.to_string(),
                description: description.to_string(),
                origin: origin.to_string(),
                include: include.iter().map(|s| s.to_string()).collect(),
                written: written.iter().map(|s| s.to_string()).collect(),
                entries: entries
                    .iter()
                    .map(|e| {
                        e.iter()
                            .map(|(text, mode)| Word {
                                text: text.to_string(),
                                mode: WordMode::from_code(*mode),
                            })
                            .collect()
                    })
                    .collect(),
            },
        )
        .collect();
    ClassSet {
        classes,
        builtin: true,
    }
});

/// The language the build compiled from the built-in rules, classes and context cues.
static BUILTIN_IMAGE: LazyLock<Option<(Vec<String>, Arc<crate::lang::Lang>)>> =
    LazyLock::new(|| {
        let bytes = include_bytes!(concat!(env!("OUT_DIR"), "/lang.image"));
        crate::lang::Image::from_bytes(bytes).map(|i| (i.sources, Arc::new(i.lang)))
    });

/// The built-in compiled language, with the pattern sources it was compiled from in order.
pub fn builtin_image() -> Option<(&'static [String], Arc<crate::lang::Lang>)> {
    BUILTIN_IMAGE
        .as_ref()
        .map(|(s, l)| (s.as_slice(), l.clone()))
}

/// The built-in word classes: `rules/classes/*.toml`, and the names of the data tables
/// (`@substance`, `@condition`, and the word lists of `rules/data/lexicons.toml`).
pub fn builtin_classes() -> &'static ClassSet {
    &BUILTIN_CLASSES
}

/// What a rule looks for.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Normalized phrases (straight quotes, single spaces), matched case-insensitively.
    Phrases(Vec<String>),
    /// Token patterns.
    Tokens(Vec<TokenPattern>),
    Regex {
        regexes: Vec<Pattern>,
        case_insensitive: bool,
    },
    Statistic(Vec<StatForm>),
    UnresolvedReference,
    Requirement(Requirement),
    /// Substance ids (all when empty).
    OffLabel {
        substances: Vec<String>,
    },
    ProductMention {
        substances: Vec<String>,
        prescription_only: bool,
    },
    Directive(schema::DirectiveProblem),
}

/// A token pattern of a rule, and its number in the engine that runs it. A user's pattern is
/// parsed (and checked) when its file is loaded; a built-in one, which the tests check, only
/// when something needs its syntax tree: an engine compiling it (the build's image usually
/// serves) or `medlint rule`.
#[derive(Debug, Clone)]
pub struct TokenPattern {
    source: Arc<str>,
    parsed: Arc<std::sync::OnceLock<Arc<crate::lang::pattern::Pattern>>>,
    /// Set by the engine; `u32::MAX` until then.
    pub id: u32,
}

impl TokenPattern {
    pub fn new(pattern: crate::lang::pattern::Pattern) -> TokenPattern {
        let source = Arc::from(pattern.source.as_str());
        let parsed = std::sync::OnceLock::new();
        let _ = parsed.set(Arc::new(pattern));
        TokenPattern {
            source,
            parsed: Arc::new(parsed),
            id: u32::MAX,
        }
    }

    /// A pattern parsed when first needed.
    pub fn unparsed(source: &str) -> TokenPattern {
        TokenPattern {
            source: Arc::from(source),
            parsed: Arc::new(std::sync::OnceLock::new()),
            id: u32::MAX,
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The syntax tree. A built-in pattern that does not parse is a bug the tests catch.
    pub fn pattern(&self) -> Arc<crate::lang::pattern::Pattern> {
        self.parsed
            .get_or_init(|| {
                Arc::new(
                    crate::lang::pattern::Pattern::parse(&self.source)
                        .unwrap_or_else(|e| panic!("pattern `{}`: {}", self.source, e.message)),
                )
            })
            .clone()
    }
}

/// A condition, trigger or disclosure pattern: a token pattern, or a regular expression in a
/// `regex` rule.
#[derive(Debug, Clone)]
pub enum Cond {
    Tokens(TokenPattern),
    Regex(Pattern),
}

impl Cond {
    pub fn source(&self) -> &str {
        match self {
            Cond::Tokens(t) => t.source(),
            Cond::Regex(r) => r.as_str(),
        }
    }
}

/// A document-level requirement: triggers, and the disclosures that satisfy it.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub triggers: Vec<Cond>,
    pub trigger_categories: Vec<crate::diagnostic::Category>,
    pub min_triggers: usize,
    pub disclosures: Vec<Cond>,
    pub weak_disclosures: Vec<Cond>,
    pub not_disclosures: Vec<Cond>,
    pub weak_message: Option<String>,
}

/// When a match does not count, or counts less.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub scope: Scope,
    pub cleared_by_citation: bool,
    pub negation: bool,
    pub reported_speech: bool,
    pub denial: bool,
    pub hedges: HedgeMode,
    pub questions: bool,
    pub unless: Vec<Cond>,
    pub exceptions: Vec<Cond>,
    pub requires: Vec<Cond>,
}

fn regexes<'a>(conds: &'a [Cond]) -> impl Iterator<Item = &'a Pattern> + 'a {
    conds.iter().filter_map(|c| match c {
        Cond::Regex(r) => Some(r),
        Cond::Tokens(_) => None,
    })
}

fn regexes_mut<'a>(conds: &'a mut [Cond]) -> impl Iterator<Item = &'a mut Pattern> + 'a {
    conds.iter_mut().filter_map(|c| match c {
        Cond::Regex(r) => Some(r),
        Cond::Tokens(_) => None,
    })
}

fn tokens_mut<'a>(conds: &'a mut [Cond]) -> impl Iterator<Item = &'a mut TokenPattern> + 'a {
    conds.iter_mut().filter_map(|c| match c {
        Cond::Tokens(t) => Some(t),
        Cond::Regex(_) => None,
    })
}

/// One example of a rule file: copy that must fire or must not.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub fires: bool,
    pub spans: Option<Vec<String>>,
    pub format: Format,
    pub market: Market,
    /// The frame the example is linted in (`None`: inferred).
    pub frame: Option<Frame>,
    /// 1-based line of the example in its rule file.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub info: Arc<RuleInfo>,
    pub matcher: Matcher,
    pub context: Context,
    pub examples: Vec<Example>,
}

impl Rule {
    pub fn code(&self) -> &str {
        &self.info.code
    }

    /// Every regular expression of the rule: its matcher's and its context's.
    pub fn patterns(&self) -> Vec<&Pattern> {
        let mut out: Vec<&Pattern> = Vec::new();
        match &self.matcher {
            Matcher::Regex { regexes, .. } => out.extend(regexes),
            Matcher::Requirement(r) => {
                out.extend(regexes(&r.triggers));
                out.extend(regexes(&r.disclosures));
                out.extend(regexes(&r.weak_disclosures));
                out.extend(regexes(&r.not_disclosures));
            }
            _ => {}
        }
        out.extend(regexes(&self.context.unless));
        out.extend(regexes(&self.context.exceptions));
        out.extend(regexes(&self.context.requires));
        out
    }

    /// Every regular expression of the rule, mutably, in the order of [`Rule::patterns`].
    pub(crate) fn patterns_mut(&mut self) -> Vec<&mut Pattern> {
        let mut out: Vec<&mut Pattern> = Vec::new();
        match &mut self.matcher {
            Matcher::Regex { regexes, .. } => out.extend(regexes.iter_mut()),
            Matcher::Requirement(r) => {
                out.extend(regexes_mut(&mut r.triggers));
                out.extend(regexes_mut(&mut r.disclosures));
                out.extend(regexes_mut(&mut r.weak_disclosures));
                out.extend(regexes_mut(&mut r.not_disclosures));
            }
            _ => {}
        }
        out.extend(regexes_mut(&mut self.context.unless));
        out.extend(regexes_mut(&mut self.context.exceptions));
        out.extend(regexes_mut(&mut self.context.requires));
        out
    }

    /// Every token pattern of the rule, mutably: its matcher's, its requirement's and its
    /// context's.
    pub(crate) fn token_patterns_mut(&mut self) -> Vec<&mut TokenPattern> {
        let mut out: Vec<&mut TokenPattern> = Vec::new();
        match &mut self.matcher {
            Matcher::Tokens(list) => out.extend(list.iter_mut()),
            Matcher::Requirement(r) => {
                out.extend(tokens_mut(&mut r.triggers));
                out.extend(tokens_mut(&mut r.disclosures));
                out.extend(tokens_mut(&mut r.weak_disclosures));
                out.extend(tokens_mut(&mut r.not_disclosures));
            }
            _ => {}
        }
        out.extend(tokens_mut(&mut self.context.unless));
        out.extend(tokens_mut(&mut self.context.exceptions));
        out.extend(tokens_mut(&mut self.context.requires));
        out
    }

    /// Every pattern of the rule as written, with what it is for: (`match`, `exceptions`, …).
    pub fn written_patterns(&self) -> Vec<(&'static str, &str)> {
        let mut out: Vec<(&'static str, &str)> = Vec::new();
        match &self.matcher {
            Matcher::Tokens(list) => out.extend(list.iter().map(|t| ("patterns", t.source()))),
            Matcher::Regex { regexes, .. } => {
                out.extend(regexes.iter().map(|r| ("patterns", r.as_str())))
            }
            Matcher::Phrases(list) => out.extend(list.iter().map(|p| ("phrases", p.as_str()))),
            Matcher::Requirement(r) => {
                for (what, list) in [
                    ("triggers", &r.triggers),
                    ("disclosures", &r.disclosures),
                    ("weak-disclosures", &r.weak_disclosures),
                    ("not-disclosures", &r.not_disclosures),
                ] {
                    out.extend(list.iter().map(|c| (what, c.source())));
                }
            }
            _ => {}
        }
        for (what, list) in [
            ("exceptions", &self.context.exceptions),
            ("unless", &self.context.unless),
            ("requires", &self.context.requires),
        ] {
            out.extend(list.iter().map(|c| (what, c.source())));
        }
        out
    }

    /// Whether the rule's regular expressions ignore case.
    pub fn case_insensitive(&self) -> bool {
        !matches!(
            self.matcher,
            Matcher::Regex {
                case_insensitive: false,
                ..
            }
        )
    }

    /// The message for a match, with `{text}` filled in.
    pub fn message_for(&self, text: &str) -> String {
        self.info.message.replace("{text}", text)
    }

    /// Fills `template`'s placeholders from `(name, value)` pairs.
    pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
        let mut out = template.to_string();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

/// A problem in one rule file, pointing at the offending place.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(medlint::rule_file))]
pub struct RuleFileError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// Every problem found while loading a set of rule files. Nothing is linted when there is one.
#[derive(Debug, Error, Diagnostic)]
#[error("{} invalid rule file{}: nothing was linted", count_files(.errors), if count_files(.errors) == 1 { "" } else { "s" })]
#[diagnostic(code(medlint::rules))]
pub struct RuleLoadError {
    #[related]
    pub errors: Vec<RuleFileError>,
}

fn count_files(errors: &[RuleFileError]) -> usize {
    let mut names: Vec<&str> = errors.iter().map(|e| e.src.name()).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

struct ErrorSink<'c> {
    name: String,
    src: Arc<str>,
    errors: Vec<RuleFileError>,
    /// Compile patterns now (user rule files) rather than on first use (built-in rules,
    /// which the test suite compiles).
    eager: bool,
    /// The word classes token patterns may name.
    classes: &'c ClassSet,
}

/// Longest source line shown in an error's snippet. A longer one (a pattern of a megabyte) is
/// named by its line and column instead of being printed.
const MAX_SNIPPET_LINE: usize = 500;

impl ErrorSink<'_> {
    fn push(
        &mut self,
        message: impl Into<String>,
        span: Option<Range<usize>>,
        label: &str,
        help: Option<String>,
    ) {
        let mut message = format!("{}: {}", self.name, message.into());
        let mut span = span.map(|r| r.start..r.end.max(r.start));
        if let Some(r) = &span {
            let src = &*self.src;
            let line_start = src[..r.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = src[r.end..].find('\n').map_or(src.len(), |i| r.end + i);
            if line_end - line_start > MAX_SNIPPET_LINE {
                let line = src[..r.start].matches('\n').count() + 1;
                let column = src[line_start..r.start].chars().count() + 1;
                message.push_str(&format!(" (line {line}, column {column})"));
                span = None;
            }
        }
        self.errors.push(RuleFileError {
            message,
            src: NamedSource::new(&self.name, self.src.clone()),
            span: span.map(SourceSpan::from),
            label: label.to_string(),
            help,
        });
    }
}

/// A regex syntax error shows the pattern with the place marked; for a pattern too long to
/// show, only the error itself is kept.
fn brief_regex_error(detail: String) -> String {
    if detail.len() <= 2 * MAX_SNIPPET_LINE {
        return detail;
    }
    match detail.rfind("\nerror: ") {
        Some(i) => format!("regex parse error: {}", &detail[i + "\nerror: ".len()..]),
        None => detail.chars().take(2 * MAX_SNIPPET_LINE).collect(),
    }
}

static CODE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z]{2,8}[0-9]{3,4}$").unwrap());
static NAME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$").unwrap());
static PLACEHOLDER_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{([^{}]*)\}").unwrap());

/// Normalizes a phrase the way prose is normalized: straight quotes, hyphens for en dashes,
/// single spaces.
pub fn normalize_phrase(p: &str) -> String {
    let mapped: String = p
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => '-',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn compile_regex(
    pattern: &Spanned<String>,
    case_insensitive: bool,
    sink: &mut ErrorSink,
) -> Option<Pattern> {
    let expanded = match MedicalData::builtin().expand(pattern.get_ref()) {
        Ok(p) => p,
        Err(e) => {
            sink.push(
                "unknown lexicon in pattern",
                Some(pattern.span()),
                "this pattern",
                Some(e),
            );
            return None;
        }
    };
    let source = ascii_word_boundaries(&expanded);
    let result = if sink.eager {
        Pattern::new_compiled(&source, case_insensitive)
    } else {
        match MedicalData::builtin().skeleton(pattern.get_ref()) {
            Some(sk) => Pattern::with_skeleton(
                &source,
                case_insensitive,
                &ascii_word_boundaries(&sk.source),
                &sk.lexicons,
            ),
            None => Pattern::new(&source, case_insensitive),
        }
    };
    match result {
        Ok(p) => Some(p),
        Err(e) => {
            let detail = match &e {
                regex::Error::CompiledTooBig(_) => format!(
                    "the regular expression is too large once compiled (limit {} KiB)",
                    REGEX_SIZE_LIMIT / 1024
                ),
                other => brief_regex_error(other.to_string()),
            };
            sink.push(
                "invalid regular expression",
                Some(pattern.span()),
                "this pattern",
                Some(detail),
            );
            None
        }
    }
}

/// Parses a token pattern; a syntax error or an unknown class points at its place in the file.
fn compile_tokens(pattern: &Spanned<String>, sink: &mut ErrorSink) -> Option<TokenPattern> {
    let value = pattern.get_ref();
    if !sink.eager {
        return Some(TokenPattern::unparsed(value));
    }
    let span = pattern.span();
    let at = |sink: &ErrorSink, r: Range<usize>| {
        let raw = &sink.src[span.clone()];
        span.start + tomlpos::value_to_raw(raw, r.start)
            ..span.start
                + tomlpos::value_to_raw(raw, r.end).max(tomlpos::value_to_raw(raw, r.start) + 1)
    };
    let parsed = match crate::lang::pattern::Pattern::parse(value) {
        Ok(p) => p,
        Err(e) => {
            let place = at(sink, e.span.clone());
            sink.push(
                format!("invalid pattern: {}", e.message),
                Some(place),
                "here",
                e.help,
            );
            return None;
        }
    };
    let mut ok = true;
    for (name, r) in parsed.classes() {
        if sink.classes.get(name).is_none() {
            let help = match sink.classes.closest(name) {
                Some(c) => format!("did you mean `@{c}`?"),
                None => "classes are defined in rules/classes/*.toml, or in a `classes` folder of a rule folder".to_string(),
            };
            let place = at(sink, r);
            sink.push(
                format!("unknown class `@{name}`"),
                Some(place),
                "not a class",
                Some(help),
            );
            ok = false;
        }
    }
    ok.then(|| TokenPattern::new(parsed))
}

/// Condition patterns: token patterns, or regular expressions in a `regex` rule.
fn compile_conds(list: &[Spanned<String>], regex: bool, sink: &mut ErrorSink) -> Vec<Cond> {
    list.iter()
        .filter_map(|p| {
            if regex {
                compile_regex(p, true, sink).map(Cond::Regex)
            } else {
                compile_tokens(p, sink).map(Cond::Tokens)
            }
        })
        .collect()
}

/// Parses and compiles one rule file. `name` is shown in errors (a path).
pub fn parse_rule_file(name: &str, src: &str) -> Result<Rule, Vec<RuleFileError>> {
    parse_rule_file_with(name, src, true)
}

/// Parses one rule file; with `eager`, its patterns are compiled now (and checked against the
/// size limits), otherwise on first use.
pub fn parse_rule_file_with(
    name: &str,
    src: &str,
    eager: bool,
) -> Result<Rule, Vec<RuleFileError>> {
    parse_rule_file_in(name, src, eager, builtin_classes())
}

/// Parses one rule file whose token patterns may name the classes of `classes`.
pub fn parse_rule_file_in(
    name: &str,
    src: &str,
    eager: bool,
    classes: &ClassSet,
) -> Result<Rule, Vec<RuleFileError>> {
    let shared: Arc<str> = Arc::from(src);
    let mut sink = ErrorSink {
        name: name.to_string(),
        src: shared.clone(),
        errors: Vec::new(),
        eager,
        classes,
    };
    let file: RuleFile = match toml::from_str(src) {
        Ok(f) => f,
        Err(e) => {
            let message = e.message().trim().to_string();
            let label = if message.starts_with("unknown field") {
                "unknown key"
            } else if message.starts_with("unknown variant") {
                "unknown value"
            } else if message.starts_with("missing field") {
                "in this table"
            } else {
                "here"
            };
            // Deserializing stops at the first problem: the shape walk reports them all.
            let (all, edits) = shape::check(src);
            if all.is_empty() {
                sink.push(message, e.span(), label, None);
            }
            for (message, span, label, help) in all {
                sink.push(message, span, label, help);
            }
            // With the misspelt keys and values put right, the rest of the file is checked
            // too: its patterns, placeholders and examples' problems are reported in the same run.
            if let Some(edits) = edits {
                let fixed = shape::apply(src, &edits);
                if toml::from_str::<RuleFile>(&fixed).is_ok()
                    && let Err(more) = parse_rule_file_in(name, &fixed, eager, classes)
                {
                    let back = |at: usize| shape::original_offset(&edits, src, at);
                    for e in more {
                        let span = e.span.map(|s| {
                            let start = back(s.offset());
                            start..back(s.offset() + s.len()).max(start)
                        });
                        let message = e
                            .message
                            .strip_prefix(&format!("{name}: "))
                            .unwrap_or(&e.message)
                            .to_string();
                        if !sink.errors.iter().any(|had| had.message == e.message) {
                            sink.push(message, span, &e.label, e.help);
                        }
                    }
                }
            }
            return Err(sink.errors);
        }
    };

    if !CODE_RE.is_match(file.code.get_ref()) {
        sink.push(
            format!("invalid rule code `{}`", file.code.get_ref()),
            Some(file.code.span()),
            "not a rule code",
            Some("a code is 2–8 capital letters then 3–4 digits, e.g. `MED101`".into()),
        );
    }
    if !NAME_RE.is_match(file.name.get_ref()) {
        sink.push(
            format!("invalid rule name `{}`", file.name.get_ref()),
            Some(file.name.span()),
            "not kebab-case",
            Some("a name is lowercase words joined by hyphens, e.g. `uncited-statistic`".into()),
        );
    }
    for (field, value) in [
        ("message", &file.message),
        ("help", &file.help),
        ("description", &file.description),
    ] {
        if value.get_ref().trim().is_empty() {
            sink.push(
                format!("`{field}` is empty"),
                Some(value.span()),
                "empty",
                None,
            );
        }
    }

    let spec = file.matcher.get_ref();
    let kind = *spec.kind.get_ref();
    let matcher = compile_matcher(spec, kind, file.matcher.span(), &mut sink);
    let placeholders: &[&str] = match kind {
        MatchKind::OffLabel | MatchKind::ProductMention => &["text", "substance", "status"],
        MatchKind::Requirement => &["text", "line"],
        _ => &["text"],
    };
    let messages = [Some(&file.message), spec.weak_message.as_ref()];
    for message in messages.into_iter().flatten() {
        for m in PLACEHOLDER_RE.captures_iter(message.get_ref()) {
            let key = m.get(1).unwrap().as_str();
            if !placeholders.contains(&key) {
                let known: Vec<String> =
                    placeholders.iter().map(|p| format!("`{{{p}}}`")).collect();
                sink.push(
                    format!("unknown placeholder `{{{key}}}` in message"),
                    Some(message.span()),
                    "in this message",
                    Some(format!(
                        "a `{}` rule's message may use {}",
                        kind_name(kind),
                        known.join(", ")
                    )),
                );
            }
        }
    }

    // Help is fitted to the page: a variant per substance or market, two placeholders.
    let data = MedicalData::builtin();
    for (keys, text) in &file.help_for {
        let unknown = keys.split(',').map(str::trim).find(|key| {
            !(Market::parse(key).is_some_and(|m| m.as_str() == *key)
                || data.substance(key).is_some())
        });
        if let Some(key) = unknown {
            sink.push(
                format!("`help-for.{keys}`: `{key}` names no substance or market"),
                Some(text.span()),
                "this variant",
                Some(
                    "a key is a substance id from rules/data/substances.toml or `us`, `uk` or `eu`; several may be separated by commas"
                        .to_string(),
                ),
            );
        }
    }
    for help in std::iter::once(&file.help).chain(file.help_for.values()) {
        for m in PLACEHOLDER_RE.captures_iter(help.get_ref()) {
            let key = m.get(1).unwrap().as_str();
            if !["substance", "condition"].contains(&key) {
                sink.push(
                    format!("unknown placeholder `{{{key}}}` in help"),
                    Some(help.span()),
                    "in this help",
                    Some("help may use `{substance}` and `{condition}`".to_string()),
                );
            }
        }
    }

    let context = compile_context(&file.context, regex_syntax(spec, kind), &mut sink);

    let mut examples = Vec::new();
    // Lines counted as the examples go, not from the top for each one.
    let (mut counted_to, mut line) = (0usize, 1usize);
    for ex in &file.examples {
        let e = ex.get_ref();
        let at = ex.span().start.min(src.len()).max(counted_to);
        line += src.as_bytes()[counted_to..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = at;
        let format = match &e.format {
            None => Format::Markdown,
            Some(f) => match Format::parse(f.get_ref()) {
                Some(fmt) => fmt,
                None => {
                    sink.push(
                        format!("unknown example format `{}`", f.get_ref()),
                        Some(f.span()),
                        "unknown format",
                        Some("use `markdown`, `text` or `html`".into()),
                    );
                    Format::Markdown
                }
            },
        };
        if !e.fires && e.spans.as_ref().is_some_and(|s| !s.is_empty()) {
            sink.push(
                "an example that must not fire cannot list spans",
                Some(ex.span()),
                "this example",
                None,
            );
        }
        examples.push(Example {
            text: e.text.clone(),
            fires: e.fires,
            spans: e.spans.clone(),
            format,
            market: e.market.as_ref().map_or(Market::Us, |m| *m.get_ref()),
            frame: e.frame.as_ref().map(|f| *f.get_ref()),
            line,
        });
    }

    let frames = match file.frames {
        None => Frame::ALL.to_vec(),
        Some(list) => {
            if list.get_ref().is_empty() {
                sink.push(
                    "`frames` is empty: the rule would never apply",
                    Some(list.span()),
                    "empty",
                    Some("list one or more of \"promotional\", \"informational\", \"scientific\", or leave `frames` out for all".into()),
                );
            }
            let mut v = list.into_inner();
            v.sort();
            v.dedup();
            v
        }
    };
    if !sink.errors.is_empty() {
        return Err(sink.errors);
    }
    let info = RuleInfo {
        code: file.code.into_inner(),
        name: file.name.into_inner(),
        category: *file.category.get_ref(),
        severity: *file.severity.get_ref(),
        markets: file
            .markets
            .map_or_else(|| Market::ALL.to_vec(), |m| m.into_inner()),
        frames,
        message: file.message.into_inner(),
        help: file.help.into_inner().trim().to_string(),
        help_for: file
            .help_for
            .into_iter()
            .map(|(k, v)| (k, v.into_inner().trim().to_string()))
            .collect(),
        references: file.references,
        description: file.description.into_inner().trim().to_string(),
        origin: name.to_string(),
        rewrites: file
            .rewrites
            .into_iter()
            .map(|(k, v)| (k.trim().to_lowercase(), v))
            .collect(),
    };
    Ok(Rule {
        info: Arc::new(info),
        matcher,
        context,
        examples,
    })
}

/// Whether a rule's condition patterns are regular expressions.
fn regex_syntax(spec: &MatchSpec, kind: MatchKind) -> bool {
    match &spec.syntax {
        Some(s) => *s.get_ref() == schema::Syntax::Regex,
        None => kind == MatchKind::Regex,
    }
}

fn spanned_list(list: &Option<Spanned<Vec<Spanned<String>>>>) -> &[Spanned<String>] {
    list.as_ref().map_or(&[], |l| l.get_ref().as_slice())
}

fn compile_matcher(
    spec: &MatchSpec,
    kind: MatchKind,
    table: Range<usize>,
    sink: &mut ErrorSink,
) -> Matcher {
    // Which keys each kind takes; any other key present is an error pointing at it.
    let present: [(&str, Option<Range<usize>>); 14] = [
        ("phrases", spec.phrases.as_ref().map(|v| v.span())),
        ("patterns", spec.patterns.as_ref().map(|v| v.span())),
        ("forms", spec.forms.as_ref().map(|v| v.span())),
        (
            "case-sensitive",
            spec.case_sensitive.as_ref().map(|v| v.span()),
        ),
        ("triggers", spec.triggers.as_ref().map(|v| v.span())),
        (
            "trigger-categories",
            spec.trigger_categories.as_ref().map(|v| v.span()),
        ),
        ("min-triggers", spec.min_triggers.as_ref().map(|v| v.span())),
        ("disclosures", spec.disclosures.as_ref().map(|v| v.span())),
        (
            "weak-disclosures",
            spec.weak_disclosures.as_ref().map(|v| v.span()),
        ),
        (
            "not-disclosures",
            spec.not_disclosures.as_ref().map(|v| v.span()),
        ),
        ("weak-message", spec.weak_message.as_ref().map(|v| v.span())),
        ("substances", spec.substances.as_ref().map(|v| v.span())),
        (
            "prescription-only",
            spec.prescription_only.as_ref().map(|v| v.span()),
        ),
        ("problem", spec.problem.as_ref().map(|v| v.span())),
    ];
    let allowed: &[&str] = match kind {
        MatchKind::Phrase => &["phrases"],
        MatchKind::Tokens => &["patterns"],
        MatchKind::Regex => &["patterns", "case-sensitive"],
        MatchKind::Statistic => &["forms"],
        MatchKind::UnresolvedReference => &[],
        MatchKind::Requirement => &[
            "triggers",
            "trigger-categories",
            "min-triggers",
            "disclosures",
            "weak-disclosures",
            "not-disclosures",
            "weak-message",
        ],
        MatchKind::OffLabel => &["substances"],
        MatchKind::ProductMention => &["substances", "prescription-only"],
        MatchKind::Directive => &["problem"],
    };
    for (key, span) in &present {
        if let Some(span) = span
            && !allowed.contains(key)
        {
            let takes = if allowed.is_empty() {
                "no other keys".to_string()
            } else {
                allowed.join(", ")
            };
            sink.push(
                format!("`{key}` does not apply to a `{}` match", kind_name(kind)),
                Some(span.clone()),
                "not used by this kind",
                Some(format!("a `{}` match takes: {takes}", kind_name(kind))),
            );
        }
    }
    let required = |name: &str, value: &Option<Range<usize>>, sink: &mut ErrorSink| {
        if value.is_none() {
            sink.push(
                format!("a `{}` match needs `{name}`", kind_name(kind)),
                Some(table.clone()),
                "in this table",
                None,
            );
        }
    };
    match kind {
        MatchKind::Phrase => {
            required("phrases", &present[0].1, sink);
            let mut phrases = Vec::new();
            if let Some(list) = &spec.phrases {
                if list.get_ref().is_empty() {
                    sink.push("`phrases` is empty", Some(list.span()), "empty", None);
                }
                for p in list.get_ref() {
                    let n = normalize_phrase(p.get_ref());
                    if n.is_empty() {
                        sink.push("empty phrase", Some(p.span()), "empty", None);
                    } else {
                        phrases.push(n);
                    }
                }
            }
            Matcher::Phrases(phrases)
        }
        MatchKind::Tokens => {
            required("patterns", &present[1].1, sink);
            if let Some(list) = &spec.patterns
                && list.get_ref().is_empty()
            {
                sink.push("`patterns` is empty", Some(list.span()), "empty", None);
            }
            Matcher::Tokens(
                spanned_list(&spec.patterns)
                    .iter()
                    .filter_map(|p| compile_tokens(p, sink))
                    .collect(),
            )
        }
        MatchKind::Regex => {
            required("patterns", &present[1].1, sink);
            let ci = !spec.case_sensitive.as_ref().is_some_and(|c| *c.get_ref());
            if let Some(list) = &spec.patterns
                && list.get_ref().is_empty()
            {
                sink.push("`patterns` is empty", Some(list.span()), "empty", None);
            }
            let mut regexes = Vec::new();
            for p in spanned_list(&spec.patterns) {
                if let Some(r) = compile_regex(p, ci, sink) {
                    if sink.eager && r.regex().is_match("") {
                        sink.push(
                            "pattern matches the empty string",
                            Some(p.span()),
                            "matches nothing at every position",
                            None,
                        );
                    }
                    regexes.push(r);
                }
            }
            Matcher::Regex {
                regexes,
                case_insensitive: ci,
            }
        }
        MatchKind::Statistic => Matcher::Statistic(
            spec.forms
                .as_ref()
                .map_or_else(|| StatForm::ALL.to_vec(), |f| f.get_ref().clone()),
        ),
        MatchKind::UnresolvedReference => Matcher::UnresolvedReference,
        MatchKind::Requirement => {
            let regex = regex_syntax(spec, kind);
            required("disclosures", &present[7].1, sink);
            if spec.triggers.is_none() && spec.trigger_categories.is_none() {
                sink.push(
                    "a `requirement` match needs `triggers` or `trigger-categories`",
                    Some(table.clone()),
                    "in this table",
                    None,
                );
            }
            Matcher::Requirement(Requirement {
                triggers: compile_conds(spanned_list(&spec.triggers), regex, sink),
                trigger_categories: spec
                    .trigger_categories
                    .as_ref()
                    .map_or_else(Vec::new, |c| c.get_ref().clone()),
                min_triggers: spec
                    .min_triggers
                    .as_ref()
                    .map_or(1, |m| (*m.get_ref()).max(1)),
                disclosures: compile_conds(spanned_list(&spec.disclosures), regex, sink),
                weak_disclosures: compile_conds(spanned_list(&spec.weak_disclosures), regex, sink),
                not_disclosures: compile_conds(spanned_list(&spec.not_disclosures), regex, sink),
                weak_message: spec.weak_message.as_ref().map(|m| m.get_ref().clone()),
            })
        }
        MatchKind::Directive => {
            required("problem", &present[13].1, sink);
            Matcher::Directive(
                spec.problem
                    .as_ref()
                    .map_or(schema::DirectiveProblem::Unused, |p| *p.get_ref()),
            )
        }
        MatchKind::OffLabel | MatchKind::ProductMention => {
            let data = MedicalData::builtin();
            let mut ids = Vec::new();
            for id in spanned_list(&spec.substances) {
                if data.substance(id.get_ref()).is_none() {
                    let known: Vec<&str> = data.substances.iter().map(|s| s.id.as_str()).collect();
                    sink.push(
                        format!("unknown substance `{}`", id.get_ref()),
                        Some(id.span()),
                        "not in rules/data/substances.toml",
                        Some(format!("known substances: {}", known.join(", "))),
                    );
                } else {
                    ids.push(id.get_ref().clone());
                }
            }
            if kind == MatchKind::OffLabel {
                Matcher::OffLabel { substances: ids }
            } else {
                Matcher::ProductMention {
                    substances: ids,
                    prescription_only: spec
                        .prescription_only
                        .as_ref()
                        .is_some_and(|p| *p.get_ref()),
                }
            }
        }
    }
}

fn kind_name(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Phrase => "phrase",
        MatchKind::Tokens => "tokens",
        MatchKind::Regex => "regex",
        MatchKind::Statistic => "statistic",
        MatchKind::UnresolvedReference => "unresolved-reference",
        MatchKind::Requirement => "requirement",
        MatchKind::OffLabel => "off-label",
        MatchKind::ProductMention => "product-mention",
        MatchKind::Directive => "directive",
    }
}

fn compile_context(spec: &ContextSpec, regex: bool, sink: &mut ErrorSink) -> Context {
    Context {
        scope: spec.scope,
        cleared_by_citation: spec.cleared_by_citation,
        negation: spec.negation,
        reported_speech: spec.reported_speech,
        denial: spec.denial,
        hedges: spec.hedges,
        questions: spec.questions,
        unless: compile_conds(&spec.unless, regex, sink),
        exceptions: compile_conds(&spec.exceptions, regex, sink),
        requires: compile_conds(&spec.requires, regex, sink),
    }
}

/// Rejects duplicate codes and names across a set of rules.
fn check_unique(rules: &[Rule]) -> Vec<RuleFileError> {
    let mut errors = Vec::new();
    let mut codes: HashMap<&str, &str> = HashMap::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for rule in rules {
        for (map, key, what) in [
            (&mut codes, rule.info.code.as_str(), "code"),
            (&mut names, rule.info.name.as_str(), "name"),
        ] {
            if let Some(first) = map.insert(key, &rule.info.origin) {
                errors.push(RuleFileError {
                    message: format!(
                        "{}: rule {what} `{key}` is already used by {first}",
                        rule.info.origin
                    ),
                    src: NamedSource::new(&rule.info.origin, Arc::from("")),
                    span: None,
                    label: String::new(),
                    help: Some(format!("every rule needs its own {what}")),
                });
            }
        }
    }
    errors
}

/// Parses a set of `(name, contents, eager)` rule files; all errors are collected. `eager`
/// files compile their patterns now (users' rule files, so that a pattern over the size limit
/// is an error before anything is linted); the others on first use (the built-in rules, which
/// the test suite compiles).
pub fn parse_rule_files<'a, I>(files: I) -> Result<Vec<Rule>, RuleLoadError>
where
    I: IntoIterator<Item = (&'a str, &'a str, bool)>,
{
    parse_rule_files_in(files, builtin_classes())
}

/// Parses a set of rule files whose token patterns may name the classes of `classes`.
pub fn parse_rule_files_in<'a, I>(files: I, classes: &ClassSet) -> Result<Vec<Rule>, RuleLoadError>
where
    I: IntoIterator<Item = (&'a str, &'a str, bool)>,
{
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (name, src, eager) in files {
        match parse_rule_file_in(name, src, eager, classes) {
            Ok(rule) => rules.push(rule),
            Err(mut e) => errors.append(&mut e),
        }
    }
    errors.extend(check_unique(&rules));
    if errors.is_empty() {
        rules.sort_by(|a, b| a.info.code.cmp(&b.info.code));
        Ok(rules)
    } else {
        Err(RuleLoadError { errors })
    }
}

/// Rules and the classes their token patterns may name.
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// The classes with the user's added; `None`: the built-in ones.
    pub user_classes: Option<ClassSet>,
    /// Codes of the rules that came from the user's files.
    pub user_codes: Vec<String>,
}

fn class_error(origin: &str, src: &str, e: crate::lang::classes::ClassError) -> RuleFileError {
    let mut sink = ErrorSink {
        name: origin.to_string(),
        src: Arc::from(src),
        errors: Vec::new(),
        eager: true,
        classes: builtin_classes(),
    };
    sink.push(e.message, e.span, "here", e.help);
    sink.errors.remove(0)
}

impl RuleSet {
    /// The classes the rules may name.
    pub fn classes(&self) -> &ClassSet {
        self.user_classes
            .as_ref()
            .unwrap_or_else(|| builtin_classes())
    }
}

/// No classes: what the built-in rule files, whose patterns are checked by the tests and not
/// at start-up, are loaded with.
static NO_CLASSES: ClassSet = ClassSet {
    classes: Vec::new(),
    builtin: false,
};

/// Loads the built-in rules (when `builtin`) with the user's rule files and class files.
///
/// User classes replace built-in classes of the same name, and a user rule that shares its
/// code or name with a built-in rule stands in for it (an edited copy, or the built-in folder
/// itself). Every problem of every file is collected; nothing loads when there is one.
///
/// With `examples` the built-in rules keep their examples (for `test-rules`); without, they are
/// read from copies the build stripped of examples and comments, which load faster.
pub fn load_rule_set(
    builtin: bool,
    user_rules: &[(String, String)],
    user_classes: &[(String, String)],
    examples: bool,
) -> Result<RuleSet, RuleLoadError> {
    let mut errors = Vec::new();
    let mut user_set: Option<ClassSet> = None;
    let mut user_names: HashMap<String, String> = HashMap::new();
    for (name, src) in user_classes {
        match crate::lang::classes::parse_class_file(name, src) {
            Ok(defs) => {
                for d in &defs {
                    if let Some(first) = user_names.insert(d.name.clone(), name.clone()) {
                        errors.push(RuleFileError {
                            message: format!(
                                "{name}: class `{}` is already defined in {first}",
                                d.name
                            ),
                            src: NamedSource::new(name, Arc::from(src.as_str())),
                            span: None,
                            label: String::new(),
                            help: Some("every class needs its own name".into()),
                        });
                    }
                }
                user_set
                    .get_or_insert_with(|| builtin_classes().clone())
                    .extend(defs)
            }
            Err(es) => errors.extend(es.into_iter().map(|e| class_error(name, src, e))),
        }
    }
    let classes: &ClassSet = match &user_set {
        Some(c) => c,
        None if user_rules.is_empty() => &NO_CLASSES,
        None => builtin_classes(),
    };
    for (name, src) in user_classes {
        for (class, include, span) in crate::lang::classes::include_spans(src) {
            if classes.get(&include).is_none() {
                let help = classes
                    .closest(&include)
                    .map(|c| format!("did you mean `{c}`?"));
                errors.push(class_error(
                    name,
                    src,
                    crate::lang::classes::ClassError {
                        origin: name.clone(),
                        message: format!("class `{class}` includes unknown class `{include}`"),
                        span: Some(span),
                        help,
                    },
                ));
            }
        }
    }
    let mut users = Vec::new();
    for (name, src) in user_rules {
        match parse_rule_file_in(name, src, true, classes) {
            Ok(rule) => users.push(rule),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let mut rules = Vec::new();
    if builtin {
        let files = if examples {
            BUILTIN_RULE_FILES
        } else {
            builtin::BUILTIN_RULE_FILES_LEAN
        };
        for (i, (name, src)) in files.iter().enumerate() {
            match parse_rule_file_in(name, src, false, classes) {
                Ok(mut rule) => {
                    if !examples {
                        // A lean file's description is in its own table.
                        let info =
                            Arc::get_mut(&mut rule.info).expect("a rule just read is not shared");
                        debug_assert_eq!(info.description, builtin::LEAN_DESCRIPTION);
                        info.description = builtin::BUILTIN_DESCRIPTIONS[i].to_string();
                    }
                    let replaced = users
                        .iter()
                        .any(|u| u.info.code == rule.info.code || u.info.name == rule.info.name);
                    if !replaced {
                        rules.push(rule);
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
    }
    let user_codes = users.iter().map(|r| r.info.code.clone()).collect();
    rules.extend(users);
    errors.extend(check_unique(&rules));
    if !errors.is_empty() {
        return Err(RuleLoadError { errors });
    }
    rules.sort_by(|a, b| a.info.code.cmp(&b.info.code));
    Ok(RuleSet {
        rules,
        user_classes: user_set,
        user_codes,
    })
}

/// The built-in rules, embedded at build time.
pub fn builtin_rules() -> Result<Vec<Rule>, RuleLoadError> {
    parse_rule_files(BUILTIN_RULE_FILES.iter().map(|(n, s)| (*n, *s, false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
code = "TST101"
name = "test-rule"
category = "absolute-language"
severity = "error"
message = "Absolute claim: “{text}”"
help = "Say what it does."
description = "What it does."

[match]
kind = "phrase"
phrases = ["miracle cure", "  100%  safe "]

[[examples]]
text = "A miracle cure."
fires = true
spans = ["miracle cure"]
"#;

    #[test]
    fn a_good_rule_file_compiles() {
        let rule = parse_rule_file("t.toml", GOOD).unwrap();
        assert_eq!(rule.code(), "TST101");
        assert_eq!(rule.info.markets, Market::ALL.to_vec());
        let Matcher::Phrases(p) = &rule.matcher else {
            panic!()
        };
        assert_eq!(
            p,
            &vec!["miracle cure".to_string(), "100% safe".to_string()]
        );
        assert_eq!(rule.examples[0].line, 14);
        assert_eq!(rule.message_for("x"), "Absolute claim: “x”");
    }

    fn error_of(src: &str) -> RuleFileError {
        let mut errors = parse_rule_file("t.toml", src).unwrap_err();
        errors.remove(0)
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let src = GOOD.replace(
            "severity = \"error\"",
            "severity = \"error\"\nseverity-level = 3",
        );
        let e = error_of(&src);
        assert!(
            e.message
                .contains("unknown key `severity-level` in a rule file"),
            "{}",
            e.message
        );
        let span = e.span.unwrap();
        assert_eq!(
            &src[span.offset()..span.offset() + span.len()],
            "severity-level"
        );
    }

    #[test]
    fn unknown_category_points_at_the_value() {
        let src = GOOD.replace("\"absolute-language\"", "\"absolutes\"");
        let e = error_of(&src);
        assert!(
            e.message
                .contains("unknown value `absolutes` for `category`"),
            "{}",
            e.message
        );
        let span = e.span.unwrap();
        assert_eq!(
            &src[span.offset()..span.offset() + span.len()],
            "\"absolutes\""
        );
    }

    #[test]
    fn invalid_regex_points_at_the_pattern() {
        let src = GOOD
            .replace("kind = \"phrase\"", "kind = \"regex\"")
            .replace(
                "phrases = [\"miracle cure\", \"  100%  safe \"]",
                "patterns = ['ok', 'bad(']",
            );
        let e = error_of(&src);
        assert_eq!(e.message, "t.toml: invalid regular expression");
        let span = e.span.unwrap();
        assert_eq!(&src[span.offset()..span.offset() + span.len()], "'bad('");
    }

    #[test]
    fn huge_regex_is_rejected_by_size() {
        let src = GOOD
            .replace("kind = \"phrase\"", "kind = \"regex\"")
            .replace(
                "phrases = [\"miracle cure\", \"  100%  safe \"]",
                "patterns = ['\\p{L}{1000}\\p{L}{1000}\\p{L}{1000}']",
            );
        let e = error_of(&src);
        assert!(e.help.unwrap().contains("too large"));
    }

    #[test]
    fn bad_toml_points_at_the_line() {
        let src = GOOD.replace("severity = \"error\"", "severity = error");
        let e = error_of(&src);
        assert!(e.span.is_some());
    }

    #[test]
    fn keys_of_another_kind_are_rejected() {
        let src = GOOD.replace("kind = \"phrase\"", "kind = \"phrase\"\npatterns = ['x']");
        let e = error_of(&src);
        assert!(
            e.message.contains("`patterns` does not apply"),
            "{}",
            e.message
        );
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bcure\b"), r"(?-u:\b)cure(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b\Bc"), r"a\\b(?-u:\B)c");
        assert_eq!(
            ascii_word_boundaries(r"\w+[\w'-]\d[^\s]"),
            r"[0-9A-Za-z_]+[0-9A-Za-z_'-][0-9][^ \t\n\r\x0B\x0C]"
        );
        assert_eq!(ascii_word_boundaries(r"[]\w]\W"), r"[]0-9A-Za-z_]\W");
        let re = regex::Regex::new(&ascii_word_boundaries(r"\bcures?\b")).unwrap();
        assert!(re.is_match("“Ketamine cures” it"));
        assert!(!re.is_match("pedicures"));
    }

    #[test]
    fn duplicate_codes_are_rejected() {
        let err = parse_rule_files([("a.toml", GOOD, true), ("b.toml", GOOD, true)]).unwrap_err();
        assert!(
            err.errors
                .iter()
                .any(|e| e.message.contains("already used by a.toml"))
        );
    }

    /// The classes the build parsed are the class files as the loader reads them.
    #[test]
    fn builtin_classes_are_the_class_files() {
        let mut parsed = ClassSet::default();
        for (name, src) in BUILTIN_CLASS_FILES {
            parsed.extend(crate::lang::classes::parse_class_file(name, src).unwrap());
        }
        let built = builtin_classes();
        for c in &parsed.classes {
            let b = built
                .get(&c.name)
                .unwrap_or_else(|| panic!("{} missing", c.name));
            assert_eq!(b.entries, c.entries, "{}", c.name);
            assert_eq!(b.include, c.include, "{}", c.name);
        }
        let data = MedicalData::builtin();
        for name in data.lexicon_names() {
            let b = built.get(&name).unwrap();
            assert_eq!(
                b.written.len(),
                data.lexicon(&name).unwrap().len(),
                "{name}"
            );
        }
    }

    /// Every built-in rule file passes the checks a user's file gets when loaded: its patterns
    /// parse and name known classes (start-up skips them for the built-in files).
    #[test]
    fn builtin_rule_files_pass_the_user_checks() {
        for (name, src) in BUILTIN_RULE_FILES {
            if let Err(e) = parse_rule_file_in(name, src, true, builtin_classes()) {
                panic!("{name}: {}", e[0].message);
            }
        }
    }

    #[test]
    fn builtin_rules_load() {
        let rules = builtin_rules().unwrap();
        assert!(!rules.is_empty());
    }
}
