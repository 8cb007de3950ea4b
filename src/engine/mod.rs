//! Matching every rule against a document in one pass, then applying context.
//!
//! All phrases of all rules live in one aho-corasick automaton; all regular expressions sit
//! behind one `RegexSet` that tells, per block, which rules need to run; the statistic
//! detector runs once per block for every statistic rule. Sentences, evidence and context cues
//! are computed once per document and shared.

pub mod context;
pub mod statistic;
pub mod walk;

use crate::diagnostic::{Finding, Market, Severity, stable_hash};
use crate::rules::schema::{HedgeMode, Scope};
use crate::rules::{Matcher, Rule};
use crate::source::Document;
use crate::source::citations::Strength;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use context::{Lexicon, is_word_bounded};
use regex::{RegexSet, RegexSetBuilder};
use statistic::StatisticDetector;
use std::collections::HashMap;
use std::ops::Range;

/// The compiled rules of a run, shared read-only by every thread.
pub struct Engine {
    rules: Vec<Rule>,
    phrases: Option<AhoCorasick>,
    /// Rule index of each phrase pattern.
    phrase_owner: Vec<usize>,
    regex_set: Option<RegexSet>,
    /// (rule index, pattern index) of each regex in the set.
    regex_owner: Vec<(usize, usize)>,
    stat_rules: Vec<usize>,
    unresolved_rules: Vec<usize>,
    detector: StatisticDetector,
    lexicon: Lexicon,
}

/// A match before context is applied: a rule and a range of the prose text.
#[derive(Debug, Clone)]
struct Candidate {
    rule: usize,
    range: Range<usize>,
}

impl Engine {
    pub fn new(rules: Vec<Rule>, lexicon: Lexicon) -> Engine {
        let mut phrase_patterns = Vec::new();
        let mut phrase_owner = Vec::new();
        let mut regex_patterns = Vec::new();
        let mut regex_owner = Vec::new();
        let mut stat_rules = Vec::new();
        let mut unresolved_rules = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            match &rule.matcher {
                Matcher::Phrases(list) => {
                    for p in list {
                        phrase_patterns.push(p.clone());
                        phrase_owner.push(i);
                    }
                }
                Matcher::Regex { regexes, .. } => {
                    for (k, r) in regexes.iter().enumerate() {
                        regex_patterns.push(r.as_str().to_string());
                        regex_owner.push((i, k));
                    }
                }
                Matcher::Statistic(_) => stat_rules.push(i),
                Matcher::UnresolvedReference => unresolved_rules.push(i),
            }
        }
        let phrases = (!phrase_patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&phrase_patterns)
                .expect("phrase automaton builds")
        });
        // Each rule's regexes carry their own case flag, so the set is built from the same
        // flags: case-insensitive unless the rule said otherwise.
        let regex_set = (!regex_patterns.is_empty()).then(|| {
            let wrapped: Vec<String> = regex_owner
                .iter()
                .zip(&regex_patterns)
                .map(|(&(rule, _), p)| {
                    if rules[rule].case_insensitive() {
                        format!("(?i:{p})")
                    } else {
                        format!("(?:{p})")
                    }
                })
                .collect();
            RegexSetBuilder::new(&wrapped)
                .size_limit(crate::rules::REGEX_SIZE_LIMIT * 8)
                .build()
                .expect("patterns that compiled alone compile together")
        });
        Engine {
            rules,
            phrases,
            phrase_owner,
            regex_set,
            regex_owner,
            stat_rules,
            unresolved_rules,
            detector: StatisticDetector::new(),
            lexicon,
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Lints one document for `market` (the document's own `market:` wins).
    pub fn lint(&self, doc: &Document, market: Market) -> Vec<Finding> {
        let market = doc.market.unwrap_or(market);
        let active: Vec<bool> = self
            .rules
            .iter()
            .map(|r| r.info.markets.contains(&market))
            .collect();
        let mut candidates = self.candidates(doc, &active);
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
        let disclaimers = if kept.is_empty() {
            Vec::new()
        } else {
            self.disclaimer_regions(doc)
        };
        let mut findings = Vec::new();
        let mut occurrences: HashMap<(usize, String, String), usize> = HashMap::new();
        for c in kept {
            if let Some(f) = self.apply_context(doc, &c, &disclaimers, &mut occurrences) {
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
                    fingerprint: stable_hash(&[&rule.info.code, &text, &marker.label]),
                    help: rule.info.help.clone(),
                    text,
                });
            }
        }
        findings
    }

    fn candidates(&self, doc: &Document, active: &[bool]) -> Vec<Candidate> {
        let text = &doc.prose.text;
        let mut out = Vec::new();
        if let Some(ac) = &self.phrases {
            for m in ac.find_overlapping_iter(text.as_str()) {
                let rule = self.phrase_owner[m.pattern().as_usize()];
                if active[rule] && is_word_bounded(text, m.start(), m.end()) {
                    out.push(Candidate {
                        rule,
                        range: m.start()..m.end(),
                    });
                }
            }
        }
        let need_blocks = self.regex_set.is_some() || self.stat_rules.iter().any(|&i| active[i]);
        if !need_blocks {
            return out;
        }
        for (b, block) in doc.prose.blocks.iter().enumerate() {
            if doc.evidence.is_bibliography(b) {
                continue;
            }
            let btext = &text[block.range.clone()];
            let base = block.range.start;
            if let Some(set) = &self.regex_set {
                for pi in set.matches(btext).iter() {
                    let (rule, k) = self.regex_owner[pi];
                    if !active[rule] {
                        continue;
                    }
                    let Matcher::Regex { regexes: list, .. } = &self.rules[rule].matcher else {
                        continue;
                    };
                    for m in list[k].find_iter(btext) {
                        if !m.is_empty() {
                            out.push(Candidate {
                                rule,
                                range: base + m.start()..base + m.end(),
                            });
                        }
                    }
                }
            }
            if self.stat_rules.iter().any(|&i| active[i]) {
                let stats = self.detector.detect(btext);
                for s in stats {
                    for &i in &self.stat_rules {
                        let Matcher::Statistic(forms) = &self.rules[i].matcher else {
                            continue;
                        };
                        if active[i] && forms.contains(&s.form) {
                            out.push(Candidate {
                                rule: i,
                                range: base + s.range.start..base + s.range.end,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    fn disclaimer_regions(&self, doc: &Document) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for block in &doc.prose.blocks {
            let base = block.range.start;
            for r in self
                .lexicon
                .disclaimer_regions(&doc.prose.text[block.range.clone()])
            {
                out.push(base + r.start..base + r.end);
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    fn apply_context(
        &self,
        doc: &Document,
        c: &Candidate,
        disclaimers: &[Range<usize>],
        occurrences: &mut HashMap<(usize, String, String), usize>,
    ) -> Option<Finding> {
        let rule = &self.rules[c.rule];
        let ctx = &rule.context;
        let block_index = doc.prose.block_at(c.range.start)?;
        if doc.evidence.is_bibliography(block_index) {
            return None;
        }
        if disclaimers
            .iter()
            .take_while(|r| r.start < c.range.end)
            .any(|r| r.end > c.range.start)
        {
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
        };
        if !ctx.questions && stext.trim_end_matches(['"', '\'', ')']).ends_with('?') {
            return None;
        }
        let rel = c.range.start.saturating_sub(scope_range.start)
            ..c.range
                .end
                .saturating_sub(scope_range.start)
                .min(scope_text.len());
        if ctx.exceptions.iter().any(|re| {
            re.find_iter(scope_text)
                .any(|m| m.start() < rel.end && m.end() > rel.start)
        }) {
            return None;
        }
        if ctx.unless.iter().any(|re| re.is_match(scope_text)) {
            return None;
        }
        if !ctx.requires.is_empty() && !ctx.requires.iter().any(|re| re.is_match(scope_text)) {
            return None;
        }
        let srel = c.range.start - sentence.range.start
            ..c.range.end.min(sentence.range.end) - sentence.range.start;
        if self.lexicon.is_mention(stext, srel.clone()) {
            return None;
        }
        if ctx.negation {
            let srel = c.range.start - sentence.range.start
                ..c.range.end.min(sentence.range.end) - sentence.range.start;
            if self.lexicon.is_negated(stext, srel) {
                return None;
            }
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
            };
            match doc.evidence.best_in(evidence_range) {
                Some(Strength::Strong) => return None,
                Some(Strength::Weak) => severity = severity.lowered(),
                None => {}
            }
        }
        Some(self.finding(doc, c, severity, stext, occurrences))
    }

    fn finding(
        &self,
        doc: &Document,
        c: &Candidate,
        severity: Severity,
        sentence: &str,
        occurrences: &mut HashMap<(usize, String, String), usize>,
    ) -> Finding {
        let rule = &self.rules[c.rule];
        let source = doc.prose.to_source(c.range.clone());
        let matched = &doc.prose.text[c.range.clone()];
        let key_text = matched.to_lowercase();
        let key_sentence = sentence.to_lowercase();
        let n = occurrences
            .entry((c.rule, key_text.clone(), key_sentence.clone()))
            .or_insert(0);
        *n += 1;
        let fingerprint = stable_hash(&[&rule.info.code, &key_text, &key_sentence, &n.to_string()]);
        Finding {
            path: doc.path.clone(),
            rule: rule.info.clone(),
            severity,
            message: rule.message_for(matched),
            span: Some(doc.span(source.clone())),
            text: doc.text[source].to_string(),
            help: rule.info.help.clone(),
            fingerprint,
        }
    }
}
