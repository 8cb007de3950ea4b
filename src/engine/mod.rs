//! Matching every rule against a document in one pass, then applying context.
//!
//! A document is tokenized once ([`crate::lang`]): every token is looked up once, which gives
//! the word tests it passes and the word classes that start at it; each sentence then names
//! the token patterns that may match in it (those whose required word, class or kind of token
//! it holds), and only those run. Phrases of all rules live in one aho-corasick automaton;
//! the regular expressions of user `regex` rules run only where their literals occur
//! ([`prefilter`]). The statistic detector runs once per block, the product index once per
//! document. Context — negation, hedges, reported speech, denials, quoted mentions,
//! disclaimers, citations — is computed once per sentence and shared by every rule.
//! Document-level requirements run last, over the page and the findings of the span rules.

pub mod context;
pub mod frame;
pub mod prefilter;
pub mod products;
pub mod statistic;
pub mod suppress;
pub mod walk;

use crate::config::FilePolicy;
use crate::diagnostic::{Finding, Frame, Market, Severity, fingerprint};
use crate::lang::annotate::TokenDoc;
use crate::lang::classes::ClassSet;
use crate::lang::program::Found;
use crate::lang::token::TokenKind;
use crate::lang::vocab::ClassId;
use crate::lang::{CandidateScratch, Lang, LangBuilder, PatternId};
use crate::rules::data::MedicalData;
use crate::rules::pattern::Pattern;
use crate::rules::schema::DirectiveProblem;
use crate::rules::schema::{HedgeMode, Scope};
use crate::rules::{Cond, Matcher, Requirement, Rule};
use crate::source::Document;
use crate::source::citations::Strength;
use crate::source::prose::BlockKind;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use context::{Lexicon, is_word_bounded};
use frame::{CueKind, Evidence, FrameSource, PageFrame, SectionFrame, Tally};
use prefilter::{Hits, Prefilter};
use products::ProductIndex;
use rustc_hash::FxHashMap;
use statistic::{FormIds, StatisticDetector};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The ids of the shared context cues in the engine's [`Lang`].
#[derive(Default)]
struct Cues {
    predicates: Vec<PatternId>,
    disclaimers: Vec<PatternId>,
    reported: Vec<PatternId>,
    denials: Vec<PatternId>,
    negator: Option<ClassId>,
    pseudo: Option<ClassId>,
    breaker: Option<ClassId>,
    hedge: Option<ClassId>,
    window: usize,
    /// Research status, not promotion (`promotion.toml`).
    research: Vec<PatternId>,
    /// Statements of a product's approval status (`promotion.toml`).
    status: Vec<PatternId>,
    /// The frame cues (`frames.toml`), by kind.
    frames: Vec<(CueKind, PatternId)>,
}

/// The compiled rules of a run, shared read-only by every thread.
pub struct Engine {
    rules: Vec<Rule>,
    phrases: Option<AhoCorasick>,
    /// Rule index of each phrase pattern.
    phrase_owner: Vec<usize>,
    /// The literals of every regular expression of every rule.
    prefilter: Prefilter,
    /// (rule index, pattern index) of every regex rule pattern.
    regex_owner: Vec<(usize, usize)>,
    /// Every token pattern: the rules', their conditions' and the context cues' (shared with
    /// the build's image when the rule set is the built-in one).
    lang: std::sync::Arc<Lang>,
    /// By token pattern: the rule it finds candidates for, if it is a rule's match pattern.
    token_owner: Vec<Option<usize>>,
    stat_rules: Vec<usize>,
    unresolved_rules: Vec<usize>,
    product_rules: Vec<usize>,
    requirement_rules: Vec<usize>,
    directive_rules: Vec<usize>,
    detector: &'static StatisticDetector,
    /// By statistic form: the ids of its patterns in `lang`.
    stat_forms: FormIds,
    /// Every statistic form's pattern id, sorted.
    stat_ids: Vec<PatternId>,
    products: Option<ProductIndex>,
    lexicon: Lexicon,
    cues: Cues,
    explain: bool,
    /// The frame every page is held to (`--frame`), unless its front matter or the
    /// configuration says otherwise.
    frame: Option<Frame>,
    /// Whether the token language came from the build's image.
    from_image: bool,
}

/// The findings of one document and what its directives suppressed.
#[derive(Debug, Default)]
pub struct LintResult {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppression>,
    /// Who is speaking on the page, and why medlint thinks so.
    pub frame: PageFrame,
}

/// A finding suppressed by a directive: the reviewer's audit trail.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The finding as it would have been reported.
    pub finding: Finding,
    pub reason: Option<String>,
    pub directive_line: usize,
}

impl Suppression {
    /// The suppressed finding's line (`None`: a document-level finding).
    pub fn line(&self) -> Option<usize> {
        self.finding.span.map(|s| s.line)
    }
}

/// What a product finding names, for its message.
#[derive(Debug, Clone)]
struct ProductNote {
    /// The substance's index in the medical data.
    id: usize,
    substance: String,
    status: String,
}

/// What a finding that stands for several places on the page adds to its message:
/// ` (named in 3 places on this page; also on lines 12 and 40)`. `first` is the finding's own
/// line, `others` the lines of the mentions it stands for.
fn repeats_note(first: usize, others: &[usize]) -> String {
    const SHOWN: usize = 8;
    let mut distinct: Vec<usize> = others.iter().copied().filter(|&l| l != first).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let places = others.len() + 1;
    if distinct.is_empty() {
        return format!(" (named {places} times on this page)");
    }
    let mut shown: Vec<String> = distinct.iter().take(SHOWN).map(|l| l.to_string()).collect();
    let more = distinct.len().saturating_sub(SHOWN);
    let list = if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else if shown.len() > 1 {
        let last = shown.pop().unwrap_or_default();
        format!("{} and {last}", shown.join(", "))
    } else {
        shown.join("")
    };
    let noun = if distinct.len() == 1 { "line" } else { "lines" };
    format!(" (named in {places} places on this page; also on {noun} {list})")
}

/// A match before context is applied: a rule and a range of the prose text.
#[derive(Debug, Clone)]
struct Candidate {
    rule: usize,
    range: Range<usize>,
    note: Option<ProductNote>,
    /// Why it matched, when explanations are asked for.
    explain: Option<String>,
}

/// Which sentences a condition looks at.
#[derive(Debug, Clone, Copy)]
enum Area {
    Sentence(usize),
    Block(usize),
    Document,
}

/// Per-document facts computed once and shared by the context checks.
struct DocContext<'d> {
    doc: &'d Document,
    hits: Hits<'d>,
    toks: TokenDoc,
    /// By sentence: the token patterns that may match there, sorted.
    cands: Vec<Vec<PatternId>>,
    /// By token pattern: the sentences where it may match (those whose `cands` hold it).
    sentences_by_pattern: FxHashMap<PatternId, Vec<usize>>,
    /// The matches of a token pattern on the page's own copy, once asked.
    page_found: FxHashMap<PatternId, Vec<Range<usize>>>,
    disclaimers: Vec<Range<usize>>,
    occurrences: HashMap<(usize, String, String), usize>,
    /// Whether a regular expression (by id) matches anywhere in the document, once asked.
    in_document: HashMap<usize, bool>,
    /// Whether a token pattern matches anywhere in the document, once asked.
    tokens_in_document: FxHashMap<PatternId, bool>,
    /// The reported ranges of a token pattern's matches in a sentence, once asked.
    found: FxHashMap<(PatternId, usize), Vec<Range<usize>>>,
    /// By sentence: reported-speech and denial regions, once asked.
    reported: FxHashMap<usize, Vec<Range<usize>>>,
    denied: FxHashMap<usize, Vec<Range<usize>>>,
}

/// Words after a comma that start a contrast ("…, but 80% of patients respond").
const CONTRAST_AFTER_COMMA: &[&str] = &[
    "but", "however", "although", "though", "while", "whereas", "yet",
];
/// Words that start a contrast on their own.
const CONTRAST: &[&str] = &["but", "however", "yet"];

/// Makes what every run of the built-in rules needs (the compiled language, the statistic
/// detector, the medical data and the citation patterns) on other threads, so that start-up
/// does it while the rule files are read. What asks for one of them first waits
/// for it; nothing is made twice.
pub fn warm_up_builtins() {
    std::thread::spawn(|| {
        let _ = crate::rules::builtin_image();
        let _ = MedicalData::builtin();
        let _ = StatisticDetector::builtin();
    });
    // The citation patterns take as long as the rest; a document needs them first.
    std::thread::spawn(crate::source::citations::warm_up);
}

impl Engine {
    pub fn new(rules: Vec<Rule>, lexicon: Lexicon) -> Engine {
        Engine::with_classes(rules, lexicon, None)
    }

    /// An engine whose token patterns may name the classes of `classes` (built-in and user's;
    /// `None`: the built-in ones, which are only read when the build's image cannot serve).
    pub fn with_classes(
        mut rules: Vec<Rule>,
        lexicon: Lexicon,
        classes: Option<&ClassSet>,
    ) -> Engine {
        let builtin_set = classes.is_none_or(|c| c.builtin);
        let mut next_id = 0u32;
        for rule in &mut rules {
            for p in rule.patterns_mut() {
                p.set_id(next_id);
                next_id += 1;
            }
        }
        // Every regex runs inside one block, but the `unless` and `requires` patterns of a
        // rule whose scope is the whole document.
        let numbered: Vec<(&Pattern, bool)> = rules
            .iter()
            .flat_map(|r| {
                let document = r.context.scope == Scope::Document;
                let whole: Vec<*const Pattern> = r
                    .context
                    .unless
                    .iter()
                    .chain(&r.context.requires)
                    .filter_map(|c| match c {
                        Cond::Regex(p) => Some(p as *const Pattern),
                        Cond::Tokens(_) => None,
                    })
                    .collect();
                r.patterns()
                    .into_iter()
                    .map(move |p| (p, !(document && whole.contains(&(p as *const Pattern)))))
            })
            .collect();
        let prefilter = Prefilter::new(&numbered);

        // The token language: classes (with the configuration's hedge words), then every
        // token pattern of every rule and of the context cues.
        // The classes are read only if the patterns must be compiled here.
        let class_set = || {
            let base = classes.unwrap_or_else(|| crate::rules::builtin_classes());
            let mut classes = std::borrow::Cow::Borrowed(base);
            if !lexicon.extra_hedges.is_empty() {
                add_hedges(classes.to_mut(), &lexicon.extra_hedges);
            }
            classes
        };
        // Every token pattern gets its id in one fixed order: the rules' (by code), the product
        // cues', then the context cues'. The build compiled the built-in set in this order.
        let mut sources: Vec<String> = Vec::new();
        let mut parsed: Vec<crate::rules::TokenPattern> = Vec::new();
        let mut token_owner: Vec<Option<usize>> = Vec::new();
        for (i, rule) in rules.iter_mut().enumerate() {
            let is_match = matches!(rule.matcher, Matcher::Tokens(_));
            let match_count = match &rule.matcher {
                Matcher::Tokens(list) => list.len(),
                _ => 0,
            };
            for (k, tp) in rule.token_patterns_mut().into_iter().enumerate() {
                tp.id = sources.len() as PatternId;
                sources.push(tp.source().to_string());
                parsed.push(tp.clone());
                token_owner.push((is_match && k < match_count).then_some(i));
            }
        }
        let mut cues = Cues {
            window: lexicon.window,
            ..Cues::default()
        };
        let promotion = &MedicalData::builtin().promotion;
        for (list, out) in [
            (&promotion.research, &mut cues.research),
            (&promotion.disclosures, &mut cues.status),
        ] {
            for source in list {
                out.push(sources.len() as PatternId);
                sources.push(source.clone());
                parsed.push(crate::rules::TokenPattern::unparsed(source));
                token_owner.push(None);
            }
        }
        for (list, out) in [
            (&lexicon.predicates, &mut cues.predicates),
            (&lexicon.disclaimers, &mut cues.disclaimers),
            (&lexicon.reported, &mut cues.reported),
            (&lexicon.denials, &mut cues.denials),
        ] {
            for p in list {
                out.push(sources.len() as PatternId);
                sources.push(p.source.clone());
                parsed.push(crate::rules::TokenPattern::new(p.clone()));
                token_owner.push(None);
            }
        }
        let fc = &lexicon.frames;
        for (kind, list) in [
            (CueKind::Promotional, &fc.promotional),
            (CueKind::WeakPromotional, &fc.promotional_weak),
            (CueKind::Informational, &fc.informational),
            (CueKind::Scientific, &fc.scientific),
            (CueKind::SourceCredit, &fc.source_credit),
        ] {
            for source in list {
                cues.frames.push((kind, sources.len() as PatternId));
                sources.push(source.clone());
                parsed.push(crate::rules::TokenPattern::unparsed(source));
                token_owner.push(None);
            }
        }
        // The statistic forms, last (the build compiles them in the same place).
        let mut stat_forms = FormIds::default();
        for (form, source) in StatisticDetector::builtin().form_sources() {
            stat_forms[form as usize].push(sources.len() as PatternId);
            sources.push(source.to_string());
            parsed.push(crate::rules::TokenPattern::unparsed(source));
            token_owner.push(None);
        }
        let mut stat_ids: Vec<PatternId> = stat_forms.iter().flatten().copied().collect();
        stat_ids.sort_unstable();
        let image = crate::rules::builtin_image()
            .filter(|(built, _)| {
                builtin_set && lexicon.extra_hedges.is_empty() && *built == sources.as_slice()
            })
            .map(|(_, lang)| lang);
        let from_image = image.is_some();
        let lang = match image {
            Some(lang) => lang,
            None => {
                let morph = crate::lang::morph::Morphology::builtin();
                let classes = class_set();
                let mut builder = LangBuilder::new(morph, classes.as_ref());
                for tp in &parsed {
                    let p = tp.pattern();
                    builder
                        .add(&p)
                        .unwrap_or_else(|e| panic!("pattern `{}`: {}", p.source, e.message));
                }
                std::sync::Arc::new(builder.finish())
            }
        };
        cues.negator = lang.vocab.class_id("negator");
        cues.pseudo = lang.vocab.class_id("pseudo-negation");
        cues.breaker = lang.vocab.class_id("clause-breaker");
        cues.hedge = lang.vocab.class_id("hedge");

        let mut phrase_patterns = Vec::new();
        let mut phrase_owner = Vec::new();
        let mut regex_owner = Vec::new();
        let mut stat_rules = Vec::new();
        let mut unresolved_rules = Vec::new();
        let mut product_rules = Vec::new();
        let mut requirement_rules = Vec::new();
        let mut directive_rules = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            match &rule.matcher {
                Matcher::Phrases(list) => {
                    for p in list {
                        phrase_patterns.push(p.clone());
                        phrase_owner.push(i);
                    }
                }
                Matcher::Regex { regexes, .. } => {
                    for k in 0..regexes.len() {
                        regex_owner.push((i, k));
                    }
                }
                Matcher::Tokens(_) => {}
                Matcher::Statistic(_) => stat_rules.push(i),
                Matcher::UnresolvedReference => unresolved_rules.push(i),
                Matcher::OffLabel { .. } | Matcher::ProductMention { .. } => product_rules.push(i),
                Matcher::Requirement(_) => requirement_rules.push(i),
                Matcher::Directive(_) => directive_rules.push(i),
            }
        }
        let phrases = (!phrase_patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&phrase_patterns)
                .expect("phrase automaton builds")
        });
        let products = (!product_rules.is_empty())
            .then(|| ProductIndex::new(MedicalData::builtin(), &lang.vocab));
        Engine {
            rules,
            phrases,
            phrase_owner,
            prefilter,
            regex_owner,
            lang,
            token_owner,
            stat_rules,
            unresolved_rules,
            product_rules,
            requirement_rules,
            directive_rules,
            detector: StatisticDetector::builtin(),
            stat_forms,
            stat_ids,
            products,
            lexicon,
            cues,
            explain: false,
            frame: None,
            from_image,
        }
    }

    /// Whether the compiled patterns came from the build's image of the built-in rules (the
    /// fast start) rather than being compiled here.
    pub fn uses_builtin_image(&self) -> bool {
        self.from_image
    }

    /// Whether findings say why they matched (`--explain`).
    pub fn set_explain(&mut self, explain: bool) {
        self.explain = explain;
    }

    /// The frame every page is held to (`--frame`), unless its front matter or the
    /// configuration names another; `None`: inferred from each page's words.
    pub fn set_frame(&mut self, frame: Option<Frame>) {
        self.frame = frame;
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The compiled token language, for `medlint rule` and tests.
    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// Lints one document for `market` (the document's own `market:` wins), applying its
    /// suppression directives.
    pub fn lint(&self, doc: &Document, market: Market) -> Vec<Finding> {
        self.lint_with(doc, market, None).findings
    }

    /// Lints one document with a file policy from the configuration (selection, severities,
    /// market), then applies the document's suppression directives.
    pub fn lint_with(
        &self,
        doc: &Document,
        market: Market,
        policy: Option<&FilePolicy>,
    ) -> LintResult {
        let market = doc
            .market
            .or(policy.and_then(|p| p.market))
            .unwrap_or(market);
        let given = doc
            .frame
            .map(|f| (f, FrameSource::FrontMatter))
            .or(policy
                .and_then(|p| p.frame)
                .map(|f| (f, FrameSource::Config)))
            .or(self.frame.map(|f| (f, FrameSource::CommandLine)))
            .or(policy
                .and_then(|p| p.default_frame)
                .map(|f| (f, FrameSource::Config)));
        let (findings, frame) = self.lint_rules(doc, market, policy, given);
        let mut result = self.suppress(doc, market, policy, findings);
        result.frame = frame;
        result
    }

    /// Every rule's findings, with the file policy applied — before the document-level
    /// requirements look at them, so an ignored category triggers nothing.
    fn lint_rules(
        &self,
        doc: &Document,
        market: Market,
        policy: Option<&FilePolicy>,
        given: Option<(Frame, FrameSource)>,
    ) -> (Vec<Finding>, PageFrame) {
        let apply = |f: Finding| match policy {
            Some(p) => p.apply(f),
            None => Some(f),
        };
        let active: Vec<bool> = self
            .rules
            .iter()
            .map(|r| r.info.markets.contains(&market))
            .collect();
        let hits = self.prefilter.hits(&doc.prose.text);
        let toks = self.lang.annotate(
            &doc.prose.text,
            doc.sentences.iter().map(|s| s.range.clone()),
        );
        let mut scratch = CandidateScratch::default();
        let cands: Vec<Vec<PatternId>> = (0..doc.sentences.len())
            .map(|s| {
                let mut out = Vec::new();
                self.lang
                    .candidates(&toks, toks.sentences[s].clone(), &mut scratch, &mut out);
                out.sort_unstable();
                out
            })
            .collect();
        let mut sentences_by_pattern: FxHashMap<PatternId, Vec<usize>> = FxHashMap::default();
        for (s, c) in cands.iter().enumerate() {
            for &pid in c {
                sentences_by_pattern.entry(pid).or_default().push(s);
            }
        }
        let mut cx = DocContext {
            doc,
            hits,
            toks,
            cands,
            sentences_by_pattern,
            page_found: FxHashMap::default(),
            disclaimers: Vec::new(),
            occurrences: HashMap::new(),
            in_document: HashMap::new(),
            tokens_in_document: FxHashMap::default(),
            found: FxHashMap::default(),
            reported: FxHashMap::default(),
            denied: FxHashMap::default(),
        };
        let frames = self.infer_frames(&cx, given);
        let mut candidates = self.candidates(&cx, &active);
        candidates.extend(self.product_candidates(&mut cx, &active, market));
        candidates.sort_by_key(|c| (c.rule, c.range.start, std::cmp::Reverse(c.range.end)));
        // Overlapping matches of the same rule are one finding covering all of them.
        let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
        for c in candidates {
            if let Some(last) = kept.last_mut()
                && last.rule == c.rule
                && c.range.start < last.range.end
            {
                last.range.end = last.range.end.max(c.range.end);
                continue;
            }
            kept.push(c);
        }
        if !kept.is_empty() || !self.requirement_rules.is_empty() {
            cx.disclaimers = self.disclaimer_regions(&mut cx);
        }
        let mut findings = Vec::new();
        // A medicine advertised on a page is one finding, at its first mention, counting the
        // rest: the page breaks the rule once, however often it names the medicine.
        let mut per_medicine: FxHashMap<(usize, usize), (usize, usize, Vec<usize>)> =
            FxHashMap::default();
        // What a product finding is about, for its help: (finding, substance, its words, the
        // condition's words when the finding is about one).
        let mut about: Vec<(usize, usize, String, Option<String>)> = Vec::new();
        for c in kept {
            if let Some(f) = self.apply_context(&mut cx, &c, &frames) {
                if let Some(note) = &c.note {
                    let condition = matches!(self.rules[c.rule].matcher, Matcher::OffLabel { .. })
                        .then(|| f.text.trim().to_string());
                    about.push((findings.len(), note.id, note.substance.clone(), condition));
                }
                if let (Matcher::ProductMention { .. }, Some(note)) =
                    (&self.rules[c.rule].matcher, &c.note)
                {
                    let line = f.span.as_ref().map_or(0, |s| s.line);
                    match per_medicine.entry((c.rule, note.id)) {
                        std::collections::hash_map::Entry::Occupied(mut e) => {
                            e.get_mut().2.push(line);
                            continue;
                        }
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert((findings.len(), line, Vec::new()));
                        }
                    }
                }
                findings.push(f);
            }
        }
        for (index, first, others) in per_medicine.into_values() {
            if !others.is_empty() {
                findings[index]
                    .message
                    .push_str(&repeats_note(first, &others));
            }
        }
        for &i in &self.unresolved_rules {
            if !active[i] {
                continue;
            }
            let rule = &self.rules[i];
            for marker in &doc.evidence.unresolved {
                let frame = frames.at_line(doc.lines.line(marker.range.start));
                if !rule.info.frames.contains(&frame) {
                    continue;
                }
                let text = doc.text[marker.range.clone()].to_string();
                findings.push(Finding {
                    path: doc.path.clone(),
                    rule: rule.info.clone(),
                    severity: rule.info.severity,
                    message: rule.message_for(&text),
                    span: Some(doc.span(marker.range.clone())),
                    fingerprint: fingerprint(&[&rule.info.code, &text, &marker.label]),
                    explain: self.explain.then(|| {
                        format!(
                            "citation marker “{}” resolves to no reference entry",
                            marker.label
                        )
                    }),
                    frame: Some(frame),
                    help: None,
                    text,
                });
            }
        }
        let mut findings: Vec<Finding> = findings.into_iter().filter_map(apply).collect();
        let mut document_level = Vec::new();
        for &i in &self.requirement_rules {
            if !active[i] {
                continue;
            }
            let Matcher::Requirement(req) = &self.rules[i].matcher else {
                continue;
            };
            // A requirement holds a page to what its promotional parts must disclose.
            let rule_frames = &self.rules[i].info.frames;
            if !frames.any(|f| rule_frames.contains(&f)) {
                continue;
            }
            if let Some(mut f) = self.requirement(&mut cx, i, req, &findings) {
                f.frame = Some(frames.page.frame);
                if let Some(e) = &mut f.explain {
                    e.push_str(&format!("; page frame {}", frames.page.describe()));
                }
                document_level.extend(apply(f));
            }
        }
        findings.extend(document_level);
        self.fit_help(&cx, market, &about, &mut findings);
        (findings, frames.page)
    }

    /// Fits each finding's help to the page: the variant for the substance the page is about
    /// or for its market when the rule has one, `{substance}` and `{condition}` filled from
    /// what the page names, so the advice never names a product or a market the page is not
    /// about.
    fn fit_help(
        &self,
        cx: &DocContext,
        market: Market,
        about: &[(usize, usize, String, Option<String>)],
        findings: &mut [Finding],
    ) {
        let fits = |r: &crate::diagnostic::RuleInfo| !r.help_for.is_empty() || r.help.contains('{');
        if !findings.iter().any(|f| fits(&f.rule)) {
            return;
        }
        let Some(index) = &self.products else {
            for f in findings.iter_mut().filter(|f| fits(&f.rule)) {
                let filled =
                    crate::diagnostic::neutral_placeholders(f.rule.help_variant(None, market));
                f.help = (filled != f.rule.help).then_some(filled);
            }
            return;
        };
        let data = index.data();
        let text = &cx.doc.prose.text;
        // The page's own words, in the data's spelling when they are one of its names: a
        // sentence's capital ("Ketamine works…") is not carried into the middle of the help,
        // a brand keeps its own.
        fn spelled<'a>(written: &str, mut names: impl Iterator<Item = &'a String>) -> String {
            names
                .find(|n| n.eq_ignore_ascii_case(written))
                .cloned()
                .unwrap_or_else(|| written.to_string())
        }
        let substance_words =
            |s: usize, written: &str| spelled(written.trim(), data.substances[s].names.iter());
        let condition_words = |written: &str| {
            spelled(
                written.trim(),
                data.conditions.iter().flat_map(|c| c.names.iter()),
            )
        };
        // What the page is about: its most named substance and condition.
        let (substance, condition) = index.scan(cx.doc, &cx.toks).subject();
        let page_substance = substance.map(|(s, r)| (s, substance_words(s, &text[r])));
        let page_condition = condition.map_or("the condition".to_string(), |(_, r)| {
            condition_words(&text[r])
        });
        for (i, f) in findings.iter_mut().enumerate() {
            if !fits(&f.rule) {
                continue;
            }
            // A product finding is about its own substance (and condition); the rest about
            // the page's.
            let own = about.iter().find(|a| a.0 == i);
            let (id, substance_text) = match (own, &page_substance) {
                (Some((_, s, written, _)), _) => (Some(*s), substance_words(*s, written)),
                (None, Some((s, words))) => (Some(*s), words.clone()),
                (None, None) => (None, "the treatment".to_string()),
            };
            let condition_text = own
                .and_then(|a| a.3.as_deref())
                .map_or_else(|| page_condition.clone(), condition_words);
            let help = f
                .rule
                .help_variant(id.map(|s| data.substances[s].id.as_str()), market);
            let filled = Rule::fill(
                help,
                &[
                    ("substance", substance_text.as_str()),
                    ("condition", condition_text.as_str()),
                ],
            );
            f.help = (filled != f.rule.help).then_some(filled);
        }
    }

    /// The selectors of a directive that name no rule: not a built-in rule's code, name or
    /// code prefix, not a loaded rule's, not a category.
    fn unknown_selectors<'s>(&self, selectors: &'s [String]) -> Vec<&'s str> {
        selectors
            .iter()
            .map(|s| s.trim())
            .filter(|s| {
                let upper = s.to_ascii_uppercase();
                let known = s.eq_ignore_ascii_case("all")
                    || crate::diagnostic::Category::parse(s).is_some()
                    || crate::rules::builtin_codes()
                        .any(|(code, name)| code.starts_with(&upper) || name == *s)
                    || self
                        .rules
                        .iter()
                        .any(|r| crate::rules::select::specificity(&r.info, s).is_some());
                !known
            })
            .collect()
    }

    fn suppress(
        &self,
        doc: &Document,
        market: Market,
        policy: Option<&FilePolicy>,
        findings: Vec<Finding>,
    ) -> LintResult {
        if doc.facts.directives.is_empty() {
            return LintResult {
                findings,
                suppressed: Vec::new(),
                frame: PageFrame::default(),
            };
        }
        let mut directives =
            suppress::parse(&doc.text, &doc.facts.directives, |o| doc.lines.line(o));
        suppress::resolve_lines(&mut directives, &doc.text);
        let mut suppressed = Vec::new();
        let mut kept = Vec::with_capacity(findings.len());
        for f in findings {
            let line = f.span.map(|s| s.line);
            match directives.iter_mut().find(|d| d.covers(&f.rule, line)) {
                Some(d) => {
                    d.used = true;
                    suppressed.push(Suppression {
                        finding: f,
                        reason: d.reason.clone(),
                        directive_line: d.line,
                    });
                }
                None => kept.push(f),
            }
        }
        let mut findings = kept;
        for d in &directives {
            if d.kind == suppress::DirectiveKind::Enable {
                continue;
            }
            for &i in &self.directive_rules {
                let rule = &self.rules[i];
                let Matcher::Directive(problem) = &rule.matcher else {
                    continue;
                };
                let unknown = self.unknown_selectors(&d.selectors);
                let fires = match problem {
                    DirectiveProblem::MissingReason => d.reason.is_none(),
                    DirectiveProblem::Unused => !d.used || !unknown.is_empty(),
                };
                if !fires || !rule.info.markets.contains(&market) {
                    continue;
                }
                let text = doc.text[d.range.clone()].to_string();
                // A directive naming a rule that does not exist is an error: it suppresses
                // nothing, and the writer meant it to.
                let (severity, message) = match problem {
                    DirectiveProblem::Unused if !unknown.is_empty() => (
                        crate::diagnostic::Severity::Error,
                        format!(
                            "Suppression “{text}” names {} that no rule has (see `medlint rules`)",
                            unknown
                                .iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                    _ => (rule.info.severity, rule.message_for(&text)),
                };
                let f = Finding {
                    path: doc.path.clone(),
                    rule: rule.info.clone(),
                    severity,
                    message,
                    span: Some(doc.span(d.range.clone())),
                    fingerprint: fingerprint(&[&rule.info.code, &text]),
                    explain: self
                        .explain
                        .then(|| "a `medlint-disable` directive".to_string()),
                    frame: None,
                    help: None,
                    text,
                };
                let f = match policy {
                    Some(p) => p.apply(f),
                    None => Some(f),
                };
                findings.extend(f);
            }
        }
        LintResult {
            findings,
            suppressed,
            frame: PageFrame::default(),
        }
    }

    fn candidates(&self, cx: &DocContext, active: &[bool]) -> Vec<Candidate> {
        let doc = cx.doc;
        let hits = &cx.hits;
        let text = &doc.prose.text;
        let mut out = Vec::new();
        if let Some(ac) = &self.phrases {
            for m in ac.find_overlapping_iter(text.as_str()) {
                let rule = self.phrase_owner[m.pattern().as_usize()];
                if active[rule] && is_word_bounded(text, m.start(), m.end()) {
                    out.push(Candidate {
                        rule,
                        range: m.start()..m.end(),
                        note: None,
                        explain: self
                            .explain
                            .then(|| format!("phrase “{}”", &text[m.range()])),
                    });
                }
            }
        }
        // Token patterns, in the sentences that hold what each requires.
        let mut found: Vec<Found> = Vec::new();
        for (s, sentence) in doc.sentences.iter().enumerate() {
            if doc.evidence.is_bibliography(sentence.block) {
                continue;
            }
            for &pid in &cx.cands[s] {
                let Some(rule) = self.token_owner[pid as usize] else {
                    continue;
                };
                if !active[rule] {
                    continue;
                }
                found.clear();
                let program = self.lang.program(pid);
                program.find_in(
                    &cx.toks,
                    text,
                    cx.toks.sentences[s].clone(),
                    self.explain,
                    &mut found,
                );
                for f in &found {
                    let range = cx.toks.prose_range(f.reported());
                    if range.is_empty() {
                        continue;
                    }
                    out.push(Candidate {
                        rule,
                        range,
                        note: None,
                        explain: self
                            .explain
                            .then(|| explain_found(&program.source, f, &cx.toks, text)),
                    });
                }
            }
        }
        let stats_active = self.stat_rules.iter().any(|&i| active[i]);
        // A pattern runs on the blocks where each of its literal sets has a hit.
        let blocks: Vec<Range<usize>> = doc.prose.blocks.iter().map(|b| b.range.clone()).collect();
        for &(rule, k) in &self.regex_owner {
            if !active[rule] {
                continue;
            }
            let Matcher::Regex { regexes, .. } = &self.rules[rule].matcher else {
                continue;
            };
            let pattern = &regexes[k];
            for b in hits.ranges_for(pattern, &blocks) {
                if doc.evidence.is_bibliography(b) {
                    continue;
                }
                let block = &doc.prose.blocks[b];
                let btext = &text[block.range.clone()];
                let base = block.range.start;
                let mut push = |m: Range<usize>| {
                    if !m.is_empty() {
                        out.push(Candidate {
                            rule,
                            range: base + m.start..base + m.end,
                            note: None,
                            explain: self
                                .explain
                                .then(|| format!("regular expression `{}`", pattern.as_str())),
                        });
                    }
                };
                match pattern.anchor() {
                    // Every match starts at a hit of the anchor set: try only there, as a
                    // search through the block would, resuming after each match.
                    Some(f) => {
                        let mut resume = 0;
                        for at in hits.starts_in(pattern, f, block.range.clone()) {
                            let at = at - base;
                            if at < resume {
                                continue;
                            }
                            if let Some(m) = pattern.match_at(btext, at) {
                                resume = m.end.max(at + 1);
                                push(m);
                            }
                        }
                    }
                    None => pattern.find_iter_unchecked(btext).for_each(push),
                }
            }
        }
        if !stats_active {
            return out;
        }
        let mut next_sentence = 0;
        for (b, block) in doc.prose.blocks.iter().enumerate() {
            // The block's sentences.
            let first = next_sentence;
            while doc
                .sentences
                .get(next_sentence)
                .is_some_and(|s| s.block == b)
            {
                next_sentence += 1;
            }
            let in_block = first..next_sentence;
            if doc.evidence.is_bibliography(b) {
                continue;
            }
            let btext = &text[block.range.clone()];
            let base = block.range.start;
            // The block's tokens, and the forms' patterns that may match in them.
            let tokens = || {
                let toks = &cx.toks;
                let (Some(s0), Some(s1)) = (in_block.clone().next(), in_block.clone().last())
                else {
                    return (TokenDoc::default(), Vec::new());
                };
                let range = toks.sentences[s0].start..toks.sentences[s1].end;
                let may = self
                    .stat_ids
                    .iter()
                    .copied()
                    .filter(|id| {
                        in_block
                            .clone()
                            .any(|s| cx.cands[s].binary_search(id).is_ok())
                    })
                    .collect();
                (toks.slice(range, base as u32), may)
            };
            for s in self
                .detector
                .detect(&self.lang, &self.stat_forms, btext, tokens)
            {
                for &i in &self.stat_rules {
                    let Matcher::Statistic(forms) = &self.rules[i].matcher else {
                        continue;
                    };
                    if active[i] && forms.contains(&s.form) {
                        out.push(Candidate {
                            rule: i,
                            range: base + s.range.start..base + s.range.end,
                            note: None,
                            explain: self.explain.then(|| {
                                format!("statistic detector: a figure of the {:?} form", s.form)
                                    .to_lowercase()
                            }),
                        });
                    }
                }
            }
        }
        out
    }

    fn product_candidates(
        &self,
        cx: &mut DocContext,
        active: &[bool],
        market: Market,
    ) -> Vec<Candidate> {
        let doc = cx.doc;
        let Some(index) = &self.products else {
            return Vec::new();
        };
        let rules: Vec<usize> = self
            .product_rules
            .iter()
            .copied()
            .filter(|&i| active[i])
            .collect();
        if rules.is_empty() {
            return Vec::new();
        }
        let data = index.data();
        let text = &doc.prose.text;
        let named = &index.scan(doc, &cx.toks);
        let mut out = Vec::new();
        let note = |si: usize, written: &str| ProductNote {
            id: si,
            substance: written.to_string(),
            status: data.substances[si].status_in(market).to_string(),
        };
        let wants =
            |ids: &[String], si: usize| ids.is_empty() || ids.contains(&data.substances[si].id);
        let off_label: Vec<usize> = rules
            .iter()
            .copied()
            .filter(|&i| matches!(self.rules[i].matcher, Matcher::OffLabel { .. }))
            .collect();
        if !off_label.is_empty() {
            let mut disclosed: HashMap<usize, bool> = HashMap::new();
            let mut status: Option<Vec<bool>> = None;
            let mut kept = Vec::new();
            for p in index.promotions(doc, named) {
                if index.approved(p.substance, p.condition, market) {
                    continue;
                }
                if let Some(s) = doc.sentence_at(p.condition_range.start)
                    && self.sentence_matches(cx, s, &self.cues.research)
                {
                    continue;
                }
                if market == Market::Us
                    && *disclosed.entry(p.substance).or_insert_with(|| {
                        let states = status.get_or_insert_with(|| {
                            (0..doc.sentences.len())
                                .map(|s| self.sentence_matches(cx, s, &self.cues.status))
                                .collect()
                        });
                        index.disclosed(named, p.substance, states)
                    })
                {
                    continue;
                }
                kept.push(p);
            }
            // A use named only by a word ("antidepressant effects") once per page, and not
            // where the page promotes it by name too: one statement of its status clears it.
            let by_name: HashSet<(usize, usize)> = kept
                .iter()
                .filter(|p| !p.implied)
                .map(|p| (p.substance, p.condition))
                .collect();
            let mut once = HashSet::new();
            kept.retain(|p| {
                let key = (p.substance, p.condition);
                !p.implied || (!by_name.contains(&key) && once.insert(key))
            });
            for p in kept {
                for &i in &off_label {
                    let Matcher::OffLabel { substances } = &self.rules[i].matcher else {
                        continue;
                    };
                    if wants(substances, p.substance) {
                        out.push(Candidate {
                            rule: i,
                            range: p.condition_range.clone(),
                            note: Some(note(p.substance, &text[p.substance_text.clone()])),
                            explain: self.explain.then(|| {
                                format!(
                                    "off-label: “{}” promoted for “{}”, not an approved use",
                                    &text[p.substance_text.clone()],
                                    &text[p.condition_range.clone()]
                                )
                            }),
                        });
                    }
                }
            }
        }
        for &i in &rules {
            let Matcher::ProductMention {
                substances,
                prescription_only,
            } = &self.rules[i].matcher
            else {
                continue;
            };
            for (s, sentence) in doc.sentences.iter().enumerate() {
                if doc.evidence.is_bibliography(sentence.block) {
                    continue;
                }
                let mut seen = HashSet::new();
                for m in named.of(s) {
                    let products::Named::Substance(si) = m.named else {
                        continue;
                    };
                    let s = &data.substances[si];
                    if (*prescription_only && !s.prescription_only) || !wants(substances, si) {
                        continue;
                    }
                    if seen.insert(si) {
                        out.push(Candidate {
                            rule: i,
                            note: Some(note(si, &text[m.range.clone()])),
                            range: m.range.clone(),
                            explain: self
                                .explain
                                .then(|| format!("product mention: “{}”", &text[m.range.clone()])),
                        });
                    }
                }
            }
        }
        out
    }

    /// The regions of the page that are disclaimers or regulator statements.
    fn disclaimer_regions(&self, cx: &mut DocContext) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for &pid in &self.cues.disclaimers {
            for s in 0..cx.doc.sentences.len() {
                if cx.cands[s].binary_search(&pid).is_err() {
                    continue;
                }
                let mut found = Vec::new();
                let sentence = cx.toks.sentences[s].clone();
                self.lang.program(pid).find_in(
                    &cx.toks,
                    &cx.doc.prose.text,
                    sentence,
                    false,
                    &mut found,
                );
                for f in found {
                    let t = self.contrast_cut(cx, f.tokens.clone());
                    out.push(cx.toks.prose_range(t));
                }
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    /// A region up to a contrast inside it ("…, but 80% of patients respond"), if any.
    fn contrast_cut(&self, cx: &DocContext, tokens: Range<u32>) -> Range<u32> {
        let text = &cx.doc.prose.text;
        let word = |i: u32| {
            let t = &cx.toks.tokens[i as usize];
            crate::lang::token::normal_form(&text[t.range()]).into_owned()
        };
        for i in tokens.start + 1..tokens.end {
            let t = &cx.toks.tokens[i as usize];
            let w = word(i);
            let cut = match t.kind {
                TokenKind::Symbol => {
                    w == "—"
                        || (w == "-" && t.has(crate::lang::token::SPACE_BEFORE))
                        || (w == ","
                            && i + 1 < tokens.end
                            && CONTRAST_AFTER_COMMA.contains(&word(i + 1).as_str()))
                }
                _ => CONTRAST.contains(&w.as_str()),
            };
            if cut {
                return tokens.start..i;
            }
        }
        tokens
    }

    fn in_disclaimer(disclaimers: &[Range<usize>], range: &Range<usize>) -> bool {
        disclaimers
            .iter()
            .take_while(|r| r.start < range.end)
            .any(|r| r.end > range.start)
    }

    /// The sentences an area covers.
    fn sentences_of(doc: &Document, area: Area) -> Range<usize> {
        match area {
            Area::Sentence(s) => s..s + 1,
            Area::Block(b) => {
                let first = doc.sentences.partition_point(|s| s.block < b);
                let last = doc.sentences.partition_point(|s| s.block <= b);
                first..last
            }
            Area::Document => 0..doc.sentences.len(),
        }
    }

    /// The prose range of an area.
    fn prose_of(doc: &Document, area: Area) -> Range<usize> {
        match area {
            Area::Sentence(s) => doc.sentences[s].range.clone(),
            Area::Block(b) => doc.prose.blocks[b].range.clone(),
            Area::Document => 0..doc.prose.text.len(),
        }
    }

    /// The reported ranges of a token pattern's matches in sentence `s`.
    fn token_found(&self, cx: &mut DocContext, pid: PatternId, s: usize) -> Vec<Range<usize>> {
        if cx.cands[s].binary_search(&pid).is_err() {
            return Vec::new();
        }
        if let Some(v) = cx.found.get(&(pid, s)) {
            return v.clone();
        }
        let mut found = Vec::new();
        self.lang.program(pid).find_in(
            &cx.toks,
            &cx.doc.prose.text,
            cx.toks.sentences[s].clone(),
            false,
            &mut found,
        );
        let ranges: Vec<Range<usize>> = found
            .iter()
            .map(|f| cx.toks.prose_range(f.reported()))
            .collect();
        cx.found.insert((pid, s), ranges.clone());
        ranges
    }

    /// Whether a condition matches anywhere in an area.
    fn cond_matches(&self, cx: &mut DocContext, cond: &Cond, area: Area) -> bool {
        match cond {
            Cond::Regex(re) => {
                let range = Self::prose_of(cx.doc, area);
                if let (Area::Document, Some(id)) = (area, re.id())
                    && let Some(&found) = cx.in_document.get(&id)
                {
                    return found;
                }
                let found = cx.hits.may_match(re, range.clone())
                    && re.regex().is_match(&cx.doc.prose.text[range]);
                if let (Area::Document, Some(id)) = (area, re.id()) {
                    cx.in_document.insert(id, found);
                }
                found
            }
            Cond::Tokens(tp) => {
                if let Area::Document = area
                    && let Some(&found) = cx.tokens_in_document.get(&tp.id)
                {
                    return found;
                }
                let mut found = false;
                for s in Self::sentences_of(cx.doc, area) {
                    if cx.cands[s].binary_search(&tp.id).is_ok()
                        && self.lang.program(tp.id).is_match(
                            &cx.toks,
                            &cx.doc.prose.text,
                            cx.toks.sentences[s].clone(),
                        )
                    {
                        found = true;
                        break;
                    }
                }
                if let Area::Document = area {
                    cx.tokens_in_document.insert(tp.id, found);
                }
                found
            }
        }
    }

    /// Whether a condition has a match in an area that overlaps `range`.
    fn cond_overlaps(
        &self,
        cx: &mut DocContext,
        cond: &Cond,
        area: Area,
        range: &Range<usize>,
    ) -> bool {
        match cond {
            Cond::Regex(re) => {
                let exc = Self::prose_of(cx.doc, area);
                let rel = range.start.saturating_sub(exc.start)
                    ..range.end.saturating_sub(exc.start).min(exc.len());
                cx.hits.may_match(re, exc.clone())
                    && re
                        .find_iter_unchecked(&cx.doc.prose.text[exc])
                        .any(|m| m.start < rel.end && m.end > rel.start)
            }
            Cond::Tokens(tp) => Self::sentences_of(cx.doc, area).any(|s| {
                self.token_found(cx, tp.id, s)
                    .iter()
                    .any(|m| m.start < range.end && m.end > range.start)
            }),
        }
    }

    /// Every match of a condition on the page's own copy (not reference entries), as
    /// (prose range, text).
    fn cond_find_page(&self, cx: &mut DocContext, cond: &Cond) -> Vec<Range<usize>> {
        let doc = cx.doc;
        let mut out = Vec::new();
        match cond {
            Cond::Regex(re) => {
                let ranges: Vec<Range<usize>> = doc
                    .prose
                    .blocks
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| !doc.evidence.is_bibliography(*b))
                    .map(|(_, block)| block.range.clone())
                    .collect();
                for (base, t) in blocks_for(&cx.hits, re, &ranges, &doc.prose.text) {
                    for m in re.find_iter_unchecked(t) {
                        out.push(base + m.start..base + m.end);
                    }
                }
            }
            Cond::Tokens(tp) => {
                if let Some(v) = cx.page_found.get(&tp.id) {
                    return v.clone();
                }
                let sentences = cx
                    .sentences_by_pattern
                    .get(&tp.id)
                    .cloned()
                    .unwrap_or_default();
                for s in sentences {
                    if doc.evidence.is_bibliography(doc.sentences[s].block) {
                        continue;
                    }
                    out.extend(self.token_found(cx, tp.id, s));
                }
                cx.page_found.insert(tp.id, out.clone());
            }
        }
        out
    }

    /// Regions of sentence `s` inside reported speech or a denial.
    fn cue_regions(&self, cx: &mut DocContext, s: usize, denial: bool) -> Vec<Range<usize>> {
        let memo = if denial { &cx.denied } else { &cx.reported };
        if let Some(v) = memo.get(&s) {
            return v.clone();
        }
        let ids = if denial {
            &self.cues.denials
        } else {
            &self.cues.reported
        };
        let mut out = Vec::new();
        for &pid in ids {
            out.extend(self.token_found(cx, pid, s));
        }
        let memo = if denial {
            &mut cx.denied
        } else {
            &mut cx.reported
        };
        memo.insert(s, out.clone());
        out
    }

    /// Whether a negation governs the match at `range` of sentence `s`: a @negator in the words
    /// before it in the same clause, or a negated predicate right after it.
    fn is_negated(&self, cx: &DocContext, s: usize, range: &Range<usize>) -> bool {
        let toks = &cx.toks;
        let text = &cx.doc.prose.text;
        let sentence = toks.sentences[s].clone();
        let first = toks.token_at(range.start).max(sentence.start);
        let after = toks.token_at(range.end).min(sentence.end);
        for &pid in &self.cues.predicates {
            if self
                .lang
                .program(pid)
                .matches_at(toks, text, sentence.clone(), after)
            {
                return true;
            }
        }
        let has = |i: u32, c: Option<ClassId>| c.is_some_and(|c| toks.has_class(i, c));
        let starts = |i: u32, c: Option<ClassId>| {
            c.is_some_and(|c| toks.hits_at(i).iter().any(|h| h.0 == c))
        };
        let mut seen = 0;
        for i in (sentence.start..first).rev() {
            let t = &toks.tokens[i as usize];
            if t.kind == TokenKind::Symbol {
                if matches!(
                    &text[t.range()],
                    "," | ";" | ":" | "(" | ")" | "—" | "\"" | "!" | "?" | "." | "-"
                ) {
                    return false;
                }
                continue;
            }
            if has(i, self.cues.breaker) {
                return false;
            }
            if has(i, self.cues.negator) && !starts(i, self.cues.pseudo) {
                return true;
            }
            // "does" + "n't" are one word of the window.
            if !text[t.range()].eq_ignore_ascii_case("n't") {
                seen += 1;
            }
            if seen >= self.cues.window {
                return false;
            }
        }
        false
    }

    /// Whether any of `patterns` matches in sentence `s`.
    fn sentence_matches(&self, cx: &DocContext, s: usize, patterns: &[PatternId]) -> bool {
        patterns.iter().any(|&pid| {
            cx.cands[s].binary_search(&pid).is_ok()
                && self.lang.program(pid).is_match(
                    &cx.toks,
                    &cx.doc.prose.text,
                    cx.toks.sentences[s].clone(),
                )
        })
    }

    /// Whether sentence `s` holds a hedge.
    fn has_hedge(&self, cx: &DocContext, s: usize) -> bool {
        let Some(h) = self.cues.hedge else {
            return false;
        };
        cx.toks.sentences[s]
            .clone()
            .any(|i| cx.toks.hits_at(i).iter().any(|x| x.0 == h))
    }

    fn apply_context(
        &self,
        cx: &mut DocContext,
        c: &Candidate,
        frames: &Frames,
    ) -> Option<Finding> {
        let doc = cx.doc;
        let rule = &self.rules[c.rule];
        let ctx = &rule.context;
        let block_index = doc.prose.block_at(c.range.start)?;
        if doc.evidence.is_bibliography(block_index) {
            return None;
        }
        let frame = frames.by_block[block_index];
        if !rule.info.frames.contains(&frame) {
            return None;
        }
        if Self::in_disclaimer(&cx.disclaimers, &c.range) {
            return None;
        }
        let sentence_index = doc.sentence_at(c.range.start)?;
        let sentence = &doc.sentences[sentence_index];
        let stext = &doc.prose.text[sentence.range.clone()];
        if !ctx.questions && stext.trim_end_matches(['"', '\'', ')']).ends_with('?') {
            return None;
        }
        let scope = match ctx.scope {
            Scope::Sentence => Area::Sentence(sentence_index),
            Scope::Paragraph => Area::Block(block_index),
            Scope::Document => Area::Document,
        };
        // An exception must overlap the match, so it lies in the match's sentence or block.
        let exception_area = match ctx.scope {
            Scope::Sentence => Area::Sentence(sentence_index),
            _ => Area::Block(block_index),
        };
        for e in &ctx.exceptions {
            if self.cond_overlaps(cx, e, exception_area, &c.range) {
                return None;
            }
        }
        for u in &ctx.unless {
            if self.cond_matches(cx, u, scope) {
                return None;
            }
        }
        if !ctx.requires.is_empty() {
            let mut any = false;
            for r in &ctx.requires {
                if self.cond_matches(cx, r, scope) {
                    any = true;
                    break;
                }
            }
            if !any {
                return None;
            }
        }
        let overlaps = |v: &[Range<usize>]| {
            v.iter()
                .any(|r| r.start < c.range.end && r.end > c.range.start)
        };
        if ctx.reported_speech && overlaps(&self.cue_regions(cx, sentence_index, false)) {
            return None;
        }
        if ctx.denial && overlaps(&self.cue_regions(cx, sentence_index, true)) {
            return None;
        }
        let srel = c.range.start - sentence.range.start
            ..c.range.end.min(sentence.range.end) - sentence.range.start;
        if self.lexicon.is_mention(stext, srel) {
            return None;
        }
        if ctx.negation && self.is_negated(cx, sentence_index, &c.range) {
            return None;
        }
        let mut severity = rule.info.severity;
        // Outside the seller's voice a hedged statement explains; it promises nothing.
        if frame != Frame::Promotional && self.has_hedge(cx, sentence_index) {
            return None;
        }
        match ctx.hedges {
            HedgeMode::Ignore => {}
            HedgeMode::Lower => {
                if self.has_hedge(cx, sentence_index) {
                    severity = severity.lowered();
                }
            }
            HedgeMode::Clear => {
                if self.has_hedge(cx, sentence_index) {
                    return None;
                }
            }
        }
        if ctx.cleared_by_citation {
            // A study's figures are its own results; an explanation by someone who sells
            // nothing is not an advertising claim that needs substantiation.
            if frame != Frame::Promotional {
                return None;
            }
            let evidence_range = match ctx.scope {
                Scope::Sentence => doc.sentence_evidence_range(sentence_index),
                Scope::Paragraph => {
                    let first = doc.sentences.partition_point(|s| s.block < block_index);
                    let last = doc.sentences.partition_point(|s| s.block <= block_index);
                    let start = doc.prose.blocks[block_index].source.start;
                    let end = if last > first {
                        doc.sentence_evidence_range(last - 1).end
                    } else {
                        doc.prose.blocks[block_index].source.end
                    };
                    start..end
                }
                Scope::Document => 0..doc.text.len(),
            };
            match doc.evidence.best_in(evidence_range) {
                Some(Strength::Strong) => return None,
                Some(Strength::Weak) => severity = severity.lowered(),
                None => {}
            }
        }
        let mut f = self.finding(cx, c, severity, sentence_index);
        f.frame = Some(frame);
        if let Some(e) = &mut f.explain {
            e.push_str(&format!(
                "; {frame} frame (page: {})",
                frames.page.describe()
            ));
        }
        Some(f)
    }

    fn finding(
        &self,
        cx: &mut DocContext,
        c: &Candidate,
        severity: Severity,
        sentence: usize,
    ) -> Finding {
        let doc = cx.doc;
        let rule = &self.rules[c.rule];
        let source = doc.prose.to_source(c.range.clone());
        let matched = &doc.prose.text[c.range.clone()];
        let key_text = matched.to_lowercase();
        let key_sentence = doc.prose.text[doc.sentences[sentence].range.clone()].to_lowercase();
        let n = cx
            .occurrences
            .entry((c.rule, key_text.clone(), key_sentence.clone()))
            .or_insert(0);
        *n += 1;
        let fingerprint = fingerprint(&[&rule.info.code, &key_text, &key_sentence, &n.to_string()]);
        let message = match &c.note {
            Some(note) => Rule::fill(
                &rule.info.message,
                &[
                    ("text", matched),
                    ("substance", &note.substance),
                    ("status", &note.status),
                ],
            ),
            None => rule.message_for(matched),
        };
        Finding {
            path: doc.path.clone(),
            rule: rule.info.clone(),
            severity,
            message,
            span: Some(doc.span(source.clone())),
            text: doc.text[source].to_string(),
            fingerprint,
            explain: c.explain.clone(),
            frame: None,
            help: None,
        }
    }

    /// A document-level requirement: when the page triggers it and none of its disclosures is
    /// present, one finding without a span.
    fn requirement(
        &self,
        cx: &mut DocContext,
        i: usize,
        req: &Requirement,
        findings: &[Finding],
    ) -> Option<Finding> {
        let doc = cx.doc;
        let rule = &self.rules[i];
        let ctx = &rule.context;
        let prose = &doc.prose;
        if !ctx.requires.is_empty() {
            let mut any = false;
            for r in &ctx.requires {
                if !self.cond_find_page(cx, r).is_empty() {
                    any = true;
                    break;
                }
            }
            if !any {
                return None;
            }
        }
        for u in &ctx.unless {
            if !self.cond_find_page(cx, u).is_empty() {
                return None;
            }
        }
        // Distinct trigger texts, in document order, outside disclaimers.
        let mut triggers: Vec<(usize, String)> = Vec::new();
        let mut explain_trigger: Option<String> = None;
        for t in &req.triggers {
            for range in self.cond_find_page(cx, t) {
                if !Self::in_disclaimer(&cx.disclaimers, &range) {
                    if explain_trigger.is_none() {
                        explain_trigger = Some(format!(
                            "trigger `{}` matched “{}”",
                            t.source(),
                            &prose.text[range.clone()]
                        ));
                    }
                    triggers.push((range.start, prose.text[range].to_string()));
                }
            }
        }
        let mut first_trigger: Option<(usize, String)> = None;
        for f in findings {
            if req.trigger_categories.contains(&f.rule.category)
                && let Some(span) = f.span
            {
                first_trigger = match first_trigger {
                    Some((line, t)) if line <= span.line => Some((line, t)),
                    _ => Some((span.line, f.text.clone())),
                };
                triggers.push((usize::MAX, f.text.to_lowercase()));
            }
        }
        triggers.sort_by_key(|t| t.0);
        let distinct: HashSet<String> = triggers.iter().map(|(_, t)| t.to_lowercase()).collect();
        if distinct.len() < req.min_triggers {
            return None;
        }
        let mut not: Vec<Range<usize>> = Vec::new();
        for n in &req.not_disclosures {
            not.extend(self.cond_find_page(cx, n));
        }
        for d in &req.disclosures {
            let found = self.cond_find_page(cx, d);
            if found
                .iter()
                .any(|m| !not.iter().any(|x| x.start < m.end && x.end > m.start))
            {
                return None;
            }
        }
        let (line, text) = match triggers.iter().find(|(p, _)| *p != usize::MAX) {
            Some((p, t)) => {
                let src = prose.to_source(*p..*p + t.len());
                let line = doc.span(src).line;
                match &first_trigger {
                    Some((fl, ft)) if *fl < line => (*fl, ft.clone()),
                    _ => (line, t.clone()),
                }
            }
            None => first_trigger.clone().unwrap_or((1, String::new())),
        };
        let mut weak = None;
        for w in &req.weak_disclosures {
            if let Some(r) = self.cond_find_page(cx, w).into_iter().next() {
                weak = Some(prose.text[r].to_string());
                break;
            }
        }
        let line_text = line.to_string();
        let message = match (&weak, &req.weak_message) {
            (Some(w), Some(template)) => Rule::fill(template, &[("text", w), ("line", &line_text)]),
            _ => Rule::fill(&rule.info.message, &[("text", &text), ("line", &line_text)]),
        };
        let explain = self.explain.then(|| {
            explain_trigger
                .unwrap_or_else(|| format!("findings of {:?} on the page", req.trigger_categories))
                + "; no disclosure matched"
        });
        Some(Finding {
            path: doc.path.clone(),
            rule: rule.info.clone(),
            severity: rule.info.severity,
            message,
            span: None,
            text: String::new(),
            fingerprint: fingerprint(&[&rule.info.code, "document"]),
            explain,
            frame: None,
            help: None,
        })
    }
}

/// The frame of a page and of each of its blocks.
struct Frames {
    page: PageFrame,
    by_block: Vec<Frame>,
    /// By section: its first and last line and its frame.
    sections: Vec<(usize, usize, Frame)>,
}

impl Frames {
    /// The frame at a source line.
    fn at_line(&self, line: usize) -> Frame {
        self.sections
            .iter()
            .find(|(first, last, _)| (*first..=*last).contains(&line))
            .map_or(self.page.frame, |s| s.2)
    }

    /// Whether the page or any section of it is in a frame that `wanted` accepts.
    fn any(&self, wanted: impl Fn(Frame) -> bool) -> bool {
        wanted(self.page.frame) || self.sections.iter().any(|s| wanted(s.2))
    }
}

/// Whether text that ends here leaves a double quotation open.
fn in_quotation(before: &str) -> bool {
    let straight = before.matches('"').count();
    let open = before.matches(['“', '„']).count();
    let close = before.matches('”').count();
    straight % 2 == 1 || open > close
}

/// Most cues of one kind a frame's evidence lists.
const EVIDENCE_PER_KIND: usize = 3;
/// Most words a source credit line has ("NIH: National Institute of Diabetes and Digestive and
/// Kidney Diseases").
const CREDIT_WORDS: usize = 16;

impl Engine {
    /// Who is speaking on the page and in each section (the blocks under a heading of level
    /// three or less): the frame `given` by an override, or the one the cues decide.
    fn infer_frames(&self, cx: &DocContext, given: Option<(Frame, FrameSource)>) -> Frames {
        let doc = cx.doc;
        let blocks = &doc.prose.blocks;
        // Sections, by block.
        let mut section_of = Vec::with_capacity(blocks.len());
        let mut starts: Vec<usize> = vec![0];
        for (b, block) in blocks.iter().enumerate() {
            if b > 0 && matches!(block.kind, BlockKind::Heading { level } if level <= 3) {
                starts.push(b);
            }
            section_of.push(starts.len() - 1);
        }
        let n = starts.len();
        let mut tallies = vec![Tally::default(); n];
        let mut evidence: Vec<Vec<Evidence>> = vec![Vec::new(); n];
        let line_of = |range: Range<usize>| doc.span(doc.prose.to_source(range)).line;
        let cues = &self.lexicon.frames;
        let first_cue = self.cues.frames.first().map_or(0, |c| c.1);
        let cue_count = self.cues.frames.len() as PatternId;
        debug_assert!(
            self.cues
                .frames
                .iter()
                .enumerate()
                .all(|(i, c)| c.1 == first_cue + i as PatternId)
        );
        // By section: the cues that matched there.
        let mut matched: Vec<Vec<PatternId>> = vec![Vec::new(); n];
        let mut found: Vec<Found> = Vec::new();
        // Promotional cues found so far, on the whole page.
        let mut promo_shown = 0;
        // First the seller's voice; then, in the sections where it is not heard, the other
        // voices (a section with a promotional cue is promotional whatever else it says, and
        // so is its page).
        for pass in [true, false] {
            if given.is_some() {
                break;
            }
            for s in 0..doc.sentences.len() {
                let block = doc.sentences[s].block;
                if doc.evidence.is_bibliography(block) {
                    continue;
                }
                let sec = section_of[block];
                if pass {
                    tallies[sec].sentences += 1;
                } else if tallies[sec].promotional > 0 {
                    continue;
                }
                // Each kind of cue counts once per sentence, each cue once per section, and a
                // kind is no longer looked for once it has decided the section and has given
                // its evidence.
                let mut seen: Vec<CueKind> = Vec::new();
                // The cues are numbered consecutively: those that may match here are a slice
                // of the sentence's sorted candidates.
                let cands = &cx.cands[s];
                let lo = cands.partition_point(|&p| p < first_cue);
                let hi = cands.partition_point(|&p| p < first_cue + cue_count);
                for &pid in &cands[lo..hi] {
                    let kind = self.cues.frames[(pid - first_cue) as usize].0;
                    let promo = matches!(kind, CueKind::Promotional | CueKind::WeakPromotional);
                    if promo != pass || seen.contains(&kind) {
                        continue;
                    }
                    // A kind has decided the section (and the page has shown enough of its
                    // evidence): one promotional cue, or a threshold of the others.
                    let have = tallies[sec].count(kind);
                    let enough = match kind {
                        CueKind::Promotional | CueKind::WeakPromotional => {
                            have > 0 && promo_shown >= EVIDENCE_PER_KIND
                        }
                        CueKind::Informational => {
                            have >= EVIDENCE_PER_KIND.max(cues.informational_threshold)
                        }
                        CueKind::Scientific => {
                            have >= EVIDENCE_PER_KIND.max(cues.scientific_threshold)
                        }
                        CueKind::SourceCredit => have > 0,
                    };
                    if enough || matched[sec].contains(&pid) {
                        continue;
                    }
                    if kind == CueKind::SourceCredit {
                        // A line of its own, not a sentence that starts with a body's name.
                        let whole = doc.sentences[s].range == blocks[block].range;
                        if !whole || cx.toks.sentences[s].len() > CREDIT_WORDS {
                            continue;
                        }
                    }
                    found.clear();
                    self.lang.program(pid).find_in(
                        &cx.toks,
                        &doc.prose.text,
                        cx.toks.sentences[s].clone(),
                        false,
                        &mut found,
                    );
                    let sentence = doc.sentences[s].range.clone();
                    // The seller's words quoted in a report are the reporter's evidence, not
                    // the page's voice: "“We see patients who tried everything,” she said."
                    let Some(first) = found
                        .iter()
                        .map(|f| cx.toks.prose_range(f.reported()))
                        .find(|r| {
                            !promo || !in_quotation(&doc.prose.text[sentence.start..r.start])
                        })
                    else {
                        continue;
                    };
                    seen.push(kind);
                    matched[sec].push(pid);
                    tallies[sec].add(kind);
                    promo_shown += usize::from(promo);
                    let shown = if kind == CueKind::SourceCredit {
                        sentence
                    } else {
                        first
                    };
                    evidence[sec].push(Evidence {
                        cue: kind,
                        text: doc.prose.text[shown.clone()].trim().to_string(),
                        line: line_of(shown),
                    });
                }
            }
        }
        let page_tally = Tally::sum(&tallies);
        let (frame, source) = given.unwrap_or((page_tally.page_frame(cues), FrameSource::Inferred));
        let deciding = |frame: Frame, ev: &[Evidence]| -> Vec<Evidence> {
            let kinds: &[CueKind] = match frame {
                Frame::Promotional => &[CueKind::Promotional, CueKind::WeakPromotional],
                Frame::Informational => &[CueKind::SourceCredit, CueKind::Informational],
                Frame::Scientific => &[CueKind::Scientific],
            };
            let mut out = Vec::new();
            for k in kinds {
                out.extend(
                    ev.iter()
                        .filter(|e| e.cue == *k)
                        .take(EVIDENCE_PER_KIND)
                        .cloned(),
                );
            }
            out
        };
        let all: Vec<Evidence> = evidence.iter().flatten().cloned().collect();
        let mut page = PageFrame {
            frame,
            source,
            evidence: deciding(frame, &all),
            source_credit: page_tally.credit,
            sections: Vec::new(),
        };
        let mut section_frames = Vec::with_capacity(n);
        let mut sections = Vec::with_capacity(n);
        for (k, t) in tallies.iter().enumerate() {
            let f = match given {
                Some((f, _)) => f,
                None => t.section_frame(frame, cues),
            };
            section_frames.push(f);
            let first = starts[k];
            let last = starts
                .get(k + 1)
                .map_or(blocks.len(), |&b| b)
                .saturating_sub(1);
            let (Some(a), Some(z)) = (blocks.get(first), blocks.get(last)) else {
                continue;
            };
            let line = doc.lines.line(a.source.start);
            let end_line = doc
                .lines
                .line(z.source.end.saturating_sub(1).max(z.source.start));
            sections.push((line, end_line, f));
            if f != frame {
                page.sections.push(SectionFrame {
                    line,
                    end_line,
                    heading: matches!(a.kind, BlockKind::Heading { .. })
                        .then(|| doc.prose.text[a.range.clone()].trim().to_string()),
                    frame: f,
                    evidence: deciding(f, &evidence[k]),
                });
            }
        }
        let by_block = section_of.iter().map(|&k| section_frames[k]).collect();
        Frames {
            page,
            by_block,
            sections,
        }
    }
}

/// Adds the configuration's hedge words to `@hedge`.
fn add_hedges(classes: &mut ClassSet, words: &[String]) {
    let mut extra = Vec::new();
    for w in words {
        if let Ok(e) = crate::lang::classes::parse_entry(w) {
            extra.extend(e);
        }
    }
    if let Some(h) = classes.classes.iter_mut().find(|c| c.name == "hedge") {
        h.entries.extend(extra);
    }
    classes.builtin = false;
}

/// What a token pattern matched, item by item: `@treatment “Ketamine” … @heal-verb “rewires”`.
fn explain_found(source: &str, f: &Found, toks: &TokenDoc, text: &str) -> String {
    let parts: Vec<String> = f
        .path
        .iter()
        .filter(|(label, r)| r.start < r.end && !label.is_empty())
        .map(|(label, r)| format!("{label} “{}”", &text[toks.prose_range(r.clone())]))
        .collect();
    format!("pattern `{source}`: {}", parts.join(" · "))
}

/// The ranges among `ranges` where `re` may match (its literals occur there), with their text.
fn blocks_for<'a>(
    hits: &'a Hits,
    re: &'a Pattern,
    ranges: &'a [Range<usize>],
    text: &'a str,
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    hits.ranges_for(re, ranges).map(move |i| {
        let r = &ranges[i];
        (r.start, &text[r.clone()])
    })
}
