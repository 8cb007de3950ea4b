//! Matching every rule against a document in one pass, then applying context.
//!
//! All phrases of all rules live in one aho-corasick automaton. Regular expressions are
//! compiled on first use, and run only where they can match: one literal search per document
//! ([`prefilter`]) finds, for every pattern of every rule, where the literals its matches must
//! contain occur; a pattern runs only on the blocks that hold all of them, and a pattern whose
//! matches all start with a literal is tried only where one starts. The statistic detector
//! runs once per block for every statistic rule, and the product index once per document for
//! the off-label and product rules. Sentences, evidence and context cues are computed once per
//! document and shared. Document-level requirements run last, over the page and the findings
//! of the span rules.

pub mod context;
pub mod prefilter;
pub mod products;
pub mod statistic;
pub mod suppress;
pub mod walk;

use crate::config::FilePolicy;
use crate::diagnostic::{Finding, Market, Severity, fingerprint};
use crate::rules::data::MedicalData;
use crate::rules::pattern::Pattern;
use crate::rules::schema::DirectiveProblem;
use crate::rules::schema::{HedgeMode, Scope};
use crate::rules::{Matcher, Requirement, Rule};
use crate::source::Document;
use crate::source::citations::Strength;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use context::{Lexicon, is_word_bounded};
use prefilter::{Hits, Prefilter};
use products::ProductIndex;
use statistic::StatisticDetector;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The compiled rules of a run, shared read-only by every thread.
pub struct Engine {
    rules: Vec<Rule>,
    phrases: Option<AhoCorasick>,
    /// Rule index of each phrase pattern.
    phrase_owner: Vec<usize>,
    /// The literals of every pattern of every rule.
    prefilter: Prefilter,
    /// (rule index, pattern index) of every regex rule pattern.
    regex_owner: Vec<(usize, usize)>,
    stat_rules: Vec<usize>,
    unresolved_rules: Vec<usize>,
    product_rules: Vec<usize>,
    requirement_rules: Vec<usize>,
    directive_rules: Vec<usize>,
    detector: StatisticDetector,
    products: Option<ProductIndex>,
    lexicon: Lexicon,
}

/// The findings of one document and what its directives suppressed.
#[derive(Debug, Default)]
pub struct LintResult {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppression>,
}

/// A finding suppressed by a directive: the reviewer's audit trail.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub path: std::sync::Arc<str>,
    /// The suppressed finding's line (`None`: a document-level finding).
    pub line: Option<usize>,
    pub code: String,
    pub name: String,
    pub reason: Option<String>,
    pub directive_line: usize,
}

/// What a product finding names, for its message.
#[derive(Debug, Clone)]
struct ProductNote {
    substance: String,
    status: String,
}

/// A match before context is applied: a rule and a range of the prose text.
#[derive(Debug, Clone)]
struct Candidate {
    rule: usize,
    range: Range<usize>,
    note: Option<ProductNote>,
}

/// Per-document facts computed once and shared by the context checks.
struct DocContext<'d> {
    doc: &'d Document,
    hits: Hits<'d>,
    disclaimers: Vec<Range<usize>>,
    occurrences: HashMap<(usize, String, String), usize>,
    /// Whether a pattern (by id) matches anywhere in the document, once asked: a
    /// document-scope condition has the same answer for every candidate.
    in_document: HashMap<usize, bool>,
}

impl Engine {
    pub fn new(mut rules: Vec<Rule>, lexicon: Lexicon) -> Engine {
        let mut next_id = 0u32;
        for rule in &mut rules {
            for p in rule.patterns_mut() {
                p.set_id(next_id);
                next_id += 1;
            }
        }
        let mut lexicon = lexicon;
        for p in lexicon.patterns_mut() {
            p.set_id(next_id);
            next_id += 1;
        }
        // Every pattern runs inside one block, but the `unless` and `requires` patterns of a
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
                    .map(|p| p as *const Pattern)
                    .collect();
                r.patterns()
                    .into_iter()
                    .map(move |p| (p, !(document && whole.contains(&(p as *const Pattern)))))
            })
            .chain(lexicon.disclaimers().iter().map(|p| (p, true)))
            .collect();
        let prefilter = Prefilter::new(&numbered);
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
        let products =
            (!product_rules.is_empty()).then(|| ProductIndex::new(MedicalData::builtin()));
        Engine {
            rules,
            phrases,
            phrase_owner,
            prefilter,
            regex_owner,
            stat_rules,
            unresolved_rules,
            product_rules,
            requirement_rules,
            directive_rules,
            detector: StatisticDetector::new(),
            products,
            lexicon,
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
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
        let findings = self.lint_rules(doc, market, policy);
        self.suppress(doc, market, policy, findings)
    }

    /// Every rule's findings, with the file policy applied — before the document-level
    /// requirements look at them, so an ignored category triggers nothing.
    fn lint_rules(
        &self,
        doc: &Document,
        market: Market,
        policy: Option<&FilePolicy>,
    ) -> Vec<Finding> {
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
        let mut candidates = self.candidates(doc, &hits, &active);
        candidates.extend(self.product_candidates(doc, &active, market));
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
        let disclaimers = if kept.is_empty() && self.requirement_rules.is_empty() {
            Vec::new()
        } else {
            self.disclaimer_regions(doc, &hits)
        };
        let mut cx = DocContext {
            doc,
            hits,
            disclaimers,
            occurrences: HashMap::new(),
            in_document: HashMap::new(),
        };
        let mut findings = Vec::new();
        for c in kept {
            if let Some(f) = self.apply_context(&mut cx, &c) {
                findings.push(f);
            }
        }
        for &i in &self.unresolved_rules {
            if !active[i] {
                continue;
            }
            let rule = &self.rules[i];
            for marker in &doc.evidence.unresolved {
                let text = doc.text[marker.range.clone()].to_string();
                findings.push(Finding {
                    path: doc.path.clone(),
                    rule: rule.info.clone(),
                    severity: rule.info.severity,
                    message: rule.message_for(&text),
                    span: Some(doc.span(marker.range.clone())),
                    fingerprint: fingerprint(&[&rule.info.code, &text, &marker.label]),
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
            if let Some(f) = self.requirement(&cx, i, req, &findings) {
                document_level.extend(apply(f));
            }
        }
        findings.extend(document_level);
        findings
    }

    /// Applies the document's `medlint-disable…` directives; reports directives without a
    /// reason and directives that suppress nothing.
    fn suppress(
        &self,
        doc: &Document,
        market: Market,
        policy: Option<&FilePolicy>,
        mut findings: Vec<Finding>,
    ) -> LintResult {
        if doc.facts.directives.is_empty() {
            return LintResult {
                findings,
                suppressed: Vec::new(),
            };
        }
        let mut directives =
            suppress::parse(&doc.text, &doc.facts.directives, |o| doc.lines.line(o));
        suppress::resolve_lines(&mut directives, &doc.text);
        let mut suppressed = Vec::new();
        findings.retain(|f| {
            let line = f.span.map(|s| s.line);
            match directives.iter_mut().find(|d| d.covers(&f.rule, line)) {
                Some(d) => {
                    d.used = true;
                    suppressed.push(Suppression {
                        path: doc.path.clone(),
                        line,
                        code: f.rule.code.clone(),
                        name: f.rule.name.clone(),
                        reason: d.reason.clone(),
                        directive_line: d.line,
                    });
                    false
                }
                None => true,
            }
        });
        for d in &directives {
            if d.kind == suppress::DirectiveKind::Enable {
                continue;
            }
            for &i in &self.directive_rules {
                let rule = &self.rules[i];
                let Matcher::Directive(problem) = &rule.matcher else {
                    continue;
                };
                let fires = match problem {
                    DirectiveProblem::MissingReason => d.reason.is_none(),
                    DirectiveProblem::Unused => !d.used,
                };
                if !fires || !rule.info.markets.contains(&market) {
                    continue;
                }
                let text = doc.text[d.range.clone()].to_string();
                let f = Finding {
                    path: doc.path.clone(),
                    rule: rule.info.clone(),
                    severity: rule.info.severity,
                    message: rule.message_for(&text),
                    span: Some(doc.span(d.range.clone())),
                    fingerprint: fingerprint(&[&rule.info.code, &text]),
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
        }
    }

    fn candidates(&self, doc: &Document, hits: &Hits, active: &[bool]) -> Vec<Candidate> {
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
        for (b, block) in doc.prose.blocks.iter().enumerate() {
            if doc.evidence.is_bibliography(b) {
                continue;
            }
            let btext = &text[block.range.clone()];
            let base = block.range.start;
            if stats_active {
                for s in self.detector.detect(btext) {
                    for &i in &self.stat_rules {
                        let Matcher::Statistic(forms) = &self.rules[i].matcher else {
                            continue;
                        };
                        if active[i] && forms.contains(&s.form) {
                            out.push(Candidate {
                                rule: i,
                                range: base + s.range.start..base + s.range.end,
                                note: None,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// Off-label promotion and product mentions, from the product index.
    fn product_candidates(
        &self,
        doc: &Document,
        active: &[bool],
        market: Market,
    ) -> Vec<Candidate> {
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
        let named = &index.scan(doc);
        let mut out = Vec::new();
        let note = |si: usize, written: &str| ProductNote {
            substance: written.to_string(),
            status: data.substances[si].status.clone(),
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
            for p in index.promotions(doc, named) {
                if index.approved(p.substance, p.condition, market) {
                    continue;
                }
                let sentence = doc
                    .sentence_at(p.condition_range.start)
                    .map(|s| &doc.sentences[s]);
                if sentence.is_some_and(|s| index.is_research(&text[s.range.clone()])) {
                    continue;
                }
                if market == Market::Us
                    && *disclosed
                        .entry(p.substance)
                        .or_insert_with(|| index.disclosed(doc, named, p.substance))
                {
                    continue;
                }
                for &i in &off_label {
                    let Matcher::OffLabel { substances } = &self.rules[i].matcher else {
                        continue;
                    };
                    if wants(substances, p.substance) {
                        out.push(Candidate {
                            rule: i,
                            range: p.condition_range.clone(),
                            note: Some(note(p.substance, &text[p.substance_text.clone()])),
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
                        });
                    }
                }
            }
        }
        out
    }

    fn disclaimer_regions(&self, doc: &Document, hits: &Hits) -> Vec<Range<usize>> {
        let text = &doc.prose.text;
        let blocks: Vec<Range<usize>> = doc.prose.blocks.iter().map(|b| b.range.clone()).collect();
        let mut out = Vec::new();
        for re in self.lexicon.disclaimers() {
            for (base, t) in blocks_for(hits, re, &blocks, text) {
                for m in re.find_iter_unchecked(t) {
                    let r = Lexicon::disclaimer_region(t, m);
                    out.push(base + r.start..base + r.end);
                }
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    fn in_disclaimer(disclaimers: &[Range<usize>], range: &Range<usize>) -> bool {
        disclaimers
            .iter()
            .take_while(|r| r.start < range.end)
            .any(|r| r.end > range.start)
    }

    fn apply_context(&self, cx: &mut DocContext, c: &Candidate) -> Option<Finding> {
        let doc = cx.doc;
        let rule = &self.rules[c.rule];
        let ctx = &rule.context;
        let block_index = doc.prose.block_at(c.range.start)?;
        if doc.evidence.is_bibliography(block_index) {
            return None;
        }
        if Self::in_disclaimer(&cx.disclaimers, &c.range) {
            return None;
        }
        let sentence_index = doc.sentence_at(c.range.start)?;
        let sentence = &doc.sentences[sentence_index];
        let stext = &doc.prose.text[sentence.range.clone()];
        let (scope_range, scope_text) = match ctx.scope {
            Scope::Sentence => (sentence.range.clone(), stext),
            Scope::Paragraph => {
                let b = &doc.prose.blocks[block_index];
                (b.range.clone(), &doc.prose.text[b.range.clone()])
            }
            Scope::Document => (0..doc.prose.text.len(), doc.prose.text.as_str()),
        };
        if !ctx.questions && stext.trim_end_matches(['"', '\'', ')']).ends_with('?') {
            return None;
        }
        if ctx.scope == Scope::Document {
            for re in ctx.unless.iter().chain(&ctx.requires) {
                if let Some(id) = re.id()
                    && !cx.in_document.contains_key(&id)
                {
                    let found = cx.hits.may_match(re, scope_range.clone())
                        && re.regex().is_match(scope_text);
                    cx.in_document.insert(id, found);
                }
            }
        }
        let hits = &cx.hits;
        let in_document = &cx.in_document;
        let is_match = |re: &Pattern| match re.id().and_then(|id| in_document.get(&id)) {
            Some(&found) => found,
            None => hits.may_match(re, scope_range.clone()) && re.regex().is_match(scope_text),
        };
        // An exception must overlap the match, so it lies in the match's sentence or block.
        let (exc_range, exc_text) = match ctx.scope {
            Scope::Sentence => (scope_range.clone(), scope_text),
            _ => {
                let b = doc.prose.blocks[block_index].range.clone();
                (b.clone(), &doc.prose.text[b])
            }
        };
        let exc_rel = c.range.start.saturating_sub(exc_range.start)
            ..c.range
                .end
                .saturating_sub(exc_range.start)
                .min(exc_text.len());
        if ctx.exceptions.iter().any(|re| {
            hits.may_match(re, exc_range.clone())
                && re
                    .find_iter_unchecked(exc_text)
                    .any(|m| m.start < exc_rel.end && m.end > exc_rel.start)
        }) {
            return None;
        }
        if ctx.unless.iter().any(is_match) {
            return None;
        }
        if !ctx.requires.is_empty() && !ctx.requires.iter().any(is_match) {
            return None;
        }
        let srel = c.range.start - sentence.range.start
            ..c.range.end.min(sentence.range.end) - sentence.range.start;
        if self.lexicon.is_mention(stext, srel.clone()) {
            return None;
        }
        if ctx.negation && self.lexicon.is_negated(stext, srel) {
            return None;
        }
        let mut severity = rule.info.severity;
        match ctx.hedges {
            HedgeMode::Ignore => {}
            HedgeMode::Lower => {
                if self.lexicon.has_hedge(stext) {
                    severity = severity.lowered();
                }
            }
            HedgeMode::Clear => {
                if self.lexicon.has_hedge(stext) {
                    return None;
                }
            }
        }
        if ctx.cleared_by_citation {
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
        Some(self.finding(cx, c, severity, sentence_index))
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
        }
    }

    /// A document-level requirement: when the page triggers it and none of its disclosures is
    /// present, one finding without a span.
    fn requirement(
        &self,
        cx: &DocContext,
        i: usize,
        req: &Requirement,
        findings: &[Finding],
    ) -> Option<Finding> {
        let doc = cx.doc;
        let rule = &self.rules[i];
        let ctx = &rule.context;
        let prose = &doc.prose;
        // The page's own copy: not reference entries or footnote definitions.
        let ranges: Vec<Range<usize>> = prose
            .blocks
            .iter()
            .enumerate()
            .filter(|(b, _)| !doc.evidence.is_bibliography(*b))
            .map(|(_, block)| block.range.clone())
            .collect();
        let hits = &cx.hits;
        // The blocks where a pattern may match (its literals occur there), with their text.
        let any_block = |re: &Pattern| {
            blocks_for(hits, re, &ranges, &prose.text).any(|(_, t)| re.regex().is_match(t))
        };
        if !ctx.requires.is_empty() && !ctx.requires.iter().any(any_block) {
            return None;
        }
        if ctx.unless.iter().any(any_block) {
            return None;
        }
        // Distinct trigger texts, in document order, outside disclaimers.
        let mut triggers: Vec<(usize, String)> = Vec::new();
        for re in &req.triggers {
            for (base, t) in blocks_for(hits, re, &ranges, &prose.text) {
                for m in re.find_iter_unchecked(t) {
                    let range = base + m.start..base + m.end;
                    if !Self::in_disclaimer(&cx.disclaimers, &range) {
                        triggers.push((range.start, t[m].to_string()));
                    }
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
        let satisfied = req.disclosures.iter().any(|re| {
            blocks_for(hits, re, &ranges, &prose.text).any(|(base, t)| {
                re.find_iter_unchecked(t).any(|m| {
                    !req.not_disclosures.iter().any(|n| {
                        hits.may_match(n, base..base + t.len())
                            && n.find_iter_unchecked(t)
                                .any(|x| x.start < m.end && x.end > m.start)
                    })
                })
            })
        });
        if satisfied {
            return None;
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
        let weak = req.weak_disclosures.iter().find_map(|re| {
            blocks_for(hits, re, &ranges, &prose.text)
                .find_map(|(_, t)| re.regex().find(t).map(|m| t[m.range()].to_string()))
        });
        let line_text = line.to_string();
        let message = match (&weak, &req.weak_message) {
            (Some(w), Some(template)) => Rule::fill(template, &[("text", w), ("line", &line_text)]),
            _ => Rule::fill(&rule.info.message, &[("text", &text), ("line", &line_text)]),
        };
        Some(Finding {
            path: doc.path.clone(),
            rule: rule.info.clone(),
            severity: rule.info.severity,
            message,
            span: None,
            text: String::new(),
            fingerprint: fingerprint(&[&rule.info.code, "document"]),
        })
    }
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
