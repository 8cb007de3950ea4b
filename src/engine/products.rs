//! Products and conditions in copy: which drug, device or procedure a sentence promotes, for
//! which condition, and whether that use is approved (`rules/data/`).

use super::context::is_word_bounded;
use crate::diagnostic::Market;
use crate::lang::annotate::TokenDoc;
use crate::lang::vocab::Vocab;
use crate::rules::data::MedicalData;
use crate::rules::normalize_phrase;
use crate::source::Document;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Substance(usize),
    Condition(usize),
}

/// A product or condition named in the prose.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Range in the prose text.
    pub range: Range<usize>,
    pub named: Named,
}

/// A condition promoted for a product in one sentence.
#[derive(Debug, Clone)]
pub struct Promotion {
    pub substance: usize,
    /// The product as written.
    pub substance_text: Range<usize>,
    pub condition: usize,
    pub condition_range: Range<usize>,
    /// Only a word that names the use links it ("antidepressant effects").
    pub implied: bool,
}

/// The products and conditions named in a document, by sentence.
pub struct DocMentions {
    mentions: Vec<Mention>,
    /// `mentions[per_sentence[i]..per_sentence[i + 1]]` are sentence `i`'s.
    per_sentence: Vec<usize>,
}

/// A substance or condition (its index in the medical data) and its first mention.
pub type FirstNamed = (usize, Range<usize>);

impl DocMentions {
    /// The mentions of sentence `i`, in order.
    pub fn of(&self, i: usize) -> &[Mention] {
        &self.mentions[self.per_sentence[i]..self.per_sentence[i + 1]]
    }

    /// What the page is about: its most often named substance and condition (the first named
    /// of those named equally often), each with its first mention.
    pub fn subject(&self) -> (Option<FirstNamed>, Option<FirstNamed>) {
        let mut substances: Vec<(usize, usize, Range<usize>)> = Vec::new();
        let mut conditions: Vec<(usize, usize, Range<usize>)> = Vec::new();
        for m in &self.mentions {
            let (list, id) = match m.named {
                Named::Substance(s) => (&mut substances, s),
                Named::Condition(c) => (&mut conditions, c),
            };
            match list.iter_mut().find(|e| e.0 == id) {
                Some(e) => e.1 += 1,
                None => list.push((id, 1, m.range.clone())),
            }
        }
        // `max_by_key` keeps the last of equals; the first named wins, so search reversed.
        let top = |list: Vec<(usize, usize, Range<usize>)>| {
            list.into_iter()
                .rev()
                .max_by_key(|e| e.1)
                .map(|(id, _, r)| (id, r))
        };
        (top(substances), top(conditions))
    }
}

/// The class that holds every name of a substance (`rules/data/substances.toml`), as the build
/// makes it: a product is found where the token language finds a member.
pub fn substance_class(id: &str) -> String {
    format!("substance-{id}")
}

/// The class that holds every name of a condition (`rules/data/conditions.toml`).
pub fn condition_class(id: &str) -> String {
    format!("condition-{id}")
}

/// Finds products and conditions in prose, and the promotional links between them.
pub struct ProductIndex {
    data: &'static MedicalData,
    /// By class id of the vocabulary: what a member of the class names.
    named: Vec<Option<Named>>,
    before: Vec<String>,
    blockers: Vec<String>,
    after: Vec<String>,
    joiners: Vec<String>,
    anaphora: Vec<String>,
    /// Words that name a use themselves ("antidepressant effects"), matched case-insensitively,
    /// leftmost-longest; `implied_uses[pattern]` is the condition and how many leading bytes
    /// ("as an ") are not the use.
    implied: Option<AhoCorasick>,
    implied_uses: Vec<(usize, usize)>,
}

fn lower_list(list: &[String]) -> Vec<String> {
    let mut v: Vec<String> = list
        .iter()
        .map(|s| normalize_phrase(s).to_lowercase())
        .collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v
}

impl ProductIndex {
    /// An index over the substance and condition classes of `vocab`.
    pub fn new(data: &'static MedicalData, vocab: &Vocab) -> ProductIndex {
        let mut named = vec![None; vocab.class_count()];
        for (i, s) in data.substances.iter().enumerate() {
            if let Some(c) = vocab.class_id(&substance_class(&s.id)) {
                named[c as usize] = Some(Named::Substance(i));
            }
        }
        for (i, c) in data.conditions.iter().enumerate() {
            if let Some(k) = vocab.class_id(&condition_class(&c.id)) {
                named[k as usize] = Some(Named::Condition(i));
            }
        }
        let p = &data.promotion;
        let (mut words, mut implied_uses) = (Vec::new(), Vec::new());
        for (id, list) in &p.implied {
            let Some(ci) = data.conditions.iter().position(|c| &c.id == id) else {
                continue;
            };
            for w in list {
                let w = w.trim().to_string();
                // The span is the use: "as an antidepressant" → "antidepressant".
                let lead = ["as an ", "as a "]
                    .iter()
                    .find(|l| w.to_ascii_lowercase().starts_with(*l))
                    .map_or(0, |l| l.len());
                implied_uses.push((ci, lead));
                words.push(w);
            }
        }
        let implied = (!words.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&words)
                .expect("the implied words of promotion.toml build")
        });
        ProductIndex {
            data,
            named,
            before: lower_list(&p.before),
            blockers: lower_list(&p.blockers),
            after: lower_list(&p.after),
            joiners: lower_list(&p.joiners),
            anaphora: lower_list(&p.anaphora),
            implied,
            implied_uses,
        }
    }

    pub fn data(&self) -> &'static MedicalData {
        self.data
    }

    /// The products and conditions named in each sentence of `doc` (`toks` are its tokens):
    /// at each token the longest name that starts there, a substance before a condition, the
    /// names not overlapping. Acronyms match as written ("ADD" is a condition, "add" a verb).
    pub fn scan(&self, doc: &Document, toks: &TokenDoc) -> DocMentions {
        let mut mentions = Vec::new();
        let mut per_sentence = Vec::with_capacity(doc.sentences.len() + 1);
        for s in 0..doc.sentences.len() {
            per_sentence.push(mentions.len());
            let range = toks.sentences[s].clone();
            let mut i = range.start;
            while i < range.end {
                let best = toks
                    .hits_at(i)
                    .iter()
                    .filter_map(|&(c, end)| Some((end, self.named.get(c as usize).copied()??)))
                    .filter(|(end, _)| *end <= range.end)
                    .max_by_key(|(end, named)| (*end, matches!(named, Named::Substance(_))));
                match best {
                    Some((end, named)) => {
                        mentions.push(Mention {
                            range: toks.prose_range(i..end),
                            named,
                        });
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
        per_sentence.push(mentions.len());
        DocMentions {
            mentions,
            per_sentence,
        }
    }

    /// The conditions each sentence of `doc` promotes a product for, one per product and
    /// condition in each sentence. `implied` marks a use named only by a word such as
    /// "antidepressant effects" (the engine reports one of those per page).
    pub fn promotions(&self, doc: &Document, named: &DocMentions) -> Vec<Promotion> {
        let text = &doc.prose.text;
        let mut out = Vec::new();
        // The product a paragraph is about, for sentences that say "it" or "this treatment".
        let mut block_subject: Option<(usize, usize, Range<usize>)> = None;
        for (si, sentence) in doc.sentences.iter().enumerate() {
            if doc.evidence.is_bibliography(sentence.block) {
                continue;
            }
            if block_subject
                .as_ref()
                .is_some_and(|(b, _, _)| *b != sentence.block)
            {
                block_subject = None;
            }
            let mentions = named.of(si);
            let stext = &text[sentence.range.clone()];
            let base = sentence.range.start;
            let substances: Vec<&Mention> = mentions
                .iter()
                .filter(|m| matches!(m.named, Named::Substance(_)))
                .collect();
            let conditions: Vec<Range<usize>> = mentions
                .iter()
                .filter(|m| matches!(m.named, Named::Condition(_)))
                .map(|m| m.range.start - base..m.range.end - base)
                .collect();
            let mut seen: HashSet<(usize, usize)> = HashSet::new();
            // The conditions this sentence links to a product: named ones after a frame, and
            // words that name the use themselves ("its antidepressant effects").
            let mut linked: Vec<(usize, Range<usize>, bool)> = Vec::new();
            for m in mentions {
                let Named::Condition(ci) = m.named else {
                    continue;
                };
                let rel = m.range.start - base..m.range.end - base;
                if self.linked_before(stext, rel.clone(), &conditions)
                    || self.linked_after(stext, rel.end)
                {
                    linked.push((ci, m.range.clone(), false));
                }
            }
            if let Some(implied) = &self.implied
                && (!substances.is_empty() || block_subject.is_some())
            {
                for m in implied.find_iter(stext) {
                    let r = m.range();
                    if is_word_bounded(stext, r.start, r.end)
                        && !conditions
                            .iter()
                            .any(|c| c.start < r.end && r.start < c.end)
                    {
                        let (ci, lead) = self.implied_uses[m.pattern().as_usize()];
                        linked.push((ci, base + r.start + lead..base + r.end, true));
                    }
                }
                linked.sort_by_key(|(_, r, _)| r.start);
            }
            for (ci, range, implied) in linked {
                // The product: the nearest named before the condition, else the first after it,
                // else the paragraph's product when the sentence refers back to it.
                let named = substances
                    .iter()
                    .rev()
                    .find(|s| s.range.end <= range.start)
                    .or_else(|| substances.first())
                    .map(|s| {
                        let Named::Substance(si) = s.named else {
                            unreachable!()
                        };
                        (si, s.range.clone())
                    });
                let subject = named.or_else(|| {
                    let lower = stext.to_lowercase();
                    let refers_back = self.anaphora.iter().any(|a| {
                        lower
                            .match_indices(a.as_str())
                            .any(|(i, _)| is_word_bounded(&lower, i, i + a.len()))
                    });
                    block_subject
                        .as_ref()
                        .filter(|_| refers_back)
                        .map(|(_, si, r)| (*si, r.clone()))
                });
                let Some((si, srange)) = subject else {
                    continue;
                };
                if seen.insert((si, ci)) {
                    out.push(Promotion {
                        substance: si,
                        substance_text: srange,
                        condition: ci,
                        condition_range: range,
                        implied,
                    });
                }
            }
            if let Some(s) = substances.last() {
                let Named::Substance(si) = s.named else {
                    unreachable!()
                };
                block_subject = Some((sentence.block, si, s.range.clone()));
            }
        }
        out
    }

    /// Whether a promotional frame ("for", "to treat", "people with") comes right before the
    /// condition at `rel`, possibly through a list of other conditions.
    fn linked_before(&self, s: &str, rel: Range<usize>, conditions: &[Range<usize>]) -> bool {
        let mut end = rel.start;
        loop {
            let before = s[..end].trim_end();
            let mut t = before;
            let mut stripped = false;
            loop {
                let lower = t.to_lowercase();
                let joiner = self.joiners.iter().find(|j| ends_with_word(&lower, j));
                let punct = t.ends_with(['(', ')', ',', '&', '/']);
                if punct {
                    t = t[..t.len() - 1].trim_end();
                } else if let Some(j) = joiner {
                    t = t[..t.len() - j.len()].trim_end();
                } else {
                    break;
                }
                stripped = true;
            }
            if stripped && let Some(prev) = conditions.iter().find(|c| c.end == t.len()) {
                end = prev.start;
                continue;
            }
            let lower = before.to_lowercase();
            return self.before.iter().any(|f| {
                ends_with_word(&lower, f) && {
                    // The word before the frame: "a boxed warning for" is not promotion.
                    let rest = lower[..lower.len() - f.len()].trim_end();
                    let word = rest
                        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
                        .next()
                        .unwrap_or("");
                    !self.blockers.iter().any(|b| b == word)
                }
            });
        }
    }

    /// Whether a word such as "treatment", "relief" or "clinic" follows the condition.
    fn linked_after(&self, s: &str, end: usize) -> bool {
        let mut rest = s[end..].trim_start();
        // Skip an abbreviation in parentheses: "post-traumatic stress disorder (PTSD) treatment".
        if rest.starts_with('(')
            && let Some(close) = rest.find(')')
            && close < 40
        {
            rest = rest[close + 1..].trim_start();
        }
        let lower = rest.to_lowercase();
        self.after.iter().any(|a| starts_with_word(&lower, a))
    }

    /// Whether the page states the product's approval status (clears off-label findings in the
    /// US): a disclosure in a sentence that names the product, or one naming no product at all
    /// on a page about a single product.
    ///
    /// `states` says, by sentence, whether it states a status (`promotion.toml` `disclosures`).
    pub fn disclosed(&self, named: &DocMentions, substance: usize, states: &[bool]) -> bool {
        let mut page_substances = HashSet::new();
        let mut generic = false;
        for (i, states_status) in states.iter().enumerate() {
            let substances = named.of(i).iter().filter_map(|m| match m.named {
                Named::Substance(i) => Some(i),
                Named::Condition(_) => None,
            });
            let mut names_it = false;
            let mut names_any = false;
            for si in substances {
                names_any = true;
                names_it |= si == substance;
                page_substances.insert(si);
            }
            if *states_status {
                if names_it {
                    return true;
                }
                generic |= !names_any;
            }
        }
        generic && page_substances.len() <= 1
    }

    /// Whether a use is approved in `market`.
    pub fn approved(&self, substance: usize, condition: usize, market: Market) -> bool {
        let s = &self.data.substances[substance];
        let c = &self.data.conditions[condition];
        self.data.is_approved(s, &c.id, market)
    }
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word)
        && text[..text.len() - word.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `text` starts with `word` as a whole word (not followed by a letter or digit).
pub(super) fn starts_with_word(text: &str, word: &str) -> bool {
    text.starts_with(word)
        && text[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Format, LoadOptions};

    fn promoted(text: &str) -> Vec<(String, String)> {
        let engine = crate::engine::Engine::new(
            crate::rules::builtin_rules().unwrap(),
            crate::engine::context::Lexicon::builtin(),
        );
        let idx = ProductIndex::new(MedicalData::builtin(), &engine.lang().vocab);
        let doc = Document::parse(
            "t.md",
            text.to_string(),
            Format::Markdown,
            &LoadOptions::default(),
        );
        let toks = engine.lang().annotate(
            &doc.prose.text,
            doc.sentences.iter().map(|s| s.range.clone()),
        );
        idx.promotions(&doc, &idx.scan(&doc, &toks))
            .into_iter()
            .map(|p| {
                (
                    idx.data.substances[p.substance].id.clone(),
                    doc.prose.text[p.condition_range].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn frames_link_products_to_conditions() {
        assert_eq!(
            promoted("Ketamine Therapy for Depression, PTSD & Anxiety"),
            vec![
                ("ketamine".into(), "Depression".into()),
                ("ketamine".into(), "PTSD".into()),
                ("ketamine".into(), "Anxiety".into())
            ]
        );
        assert_eq!(
            promoted(
                "Ketamine-assisted therapy is also used as a treatment for generalised anxiety disorder (GAD), PTSD (post-traumatic stress disorder), and obsessive-compulsive disorder (OCD)."
            ),
            vec![
                ("ketamine".into(), "generalised anxiety disorder".into()),
                ("ketamine".into(), "PTSD".into()),
                ("ketamine".into(), "obsessive-compulsive disorder".into())
            ]
        );
    }

    #[test]
    fn pronouns_refer_back_within_a_paragraph() {
        assert_eq!(
            promoted(
                "Beyond mental health, ketamine is also used as a pain management tool. This has led to its use in treating conditions like fibromyalgia and CRPS."
            ),
            // One finding per condition and sentence: CRPS is chronic pain, like fibromyalgia.
            vec![
                ("ketamine".into(), "pain management".into()),
                ("ketamine".into(), "fibromyalgia".into()),
            ]
        );
    }

    #[test]
    fn words_that_name_the_use_promote_it() {
        assert_eq!(
            promoted("Discover ketamine's rapid antidepressant effects and anxiolytic properties."),
            vec![
                ("ketamine".into(), "antidepressant effects".into()),
                ("ketamine".into(), "anxiolytic properties".into()),
            ]
        );
        assert_eq!(
            promoted("Clinics now offer ketamine as an antidepressant."),
            vec![("ketamine".into(), "antidepressant".into())]
        );
        // Referring back to the paragraph's product.
        assert_eq!(
            promoted("We offer IV ketamine. Its antidepressant effects begin within a day."),
            vec![("ketamine".into(), "antidepressant effects".into())]
        );
        // Other medicines, or no product at all.
        assert!(promoted("Ketamine may help people who tried several antidepressants.").is_empty());
        assert!(promoted("Sertraline has antidepressant effects.").is_empty());
        assert!(promoted("Antidepressant effects take weeks to appear.").is_empty());
    }

    #[test]
    fn risk_and_reporting_frames_are_not_promotion() {
        assert!(
            promoted("Esketamine carries a boxed warning for sedation and dissociation.")
                .is_empty()
        );
        assert!(
            promoted("Regulators found compounded semaglutide sold for weight loss online.")
                .is_empty()
        );
    }

    #[test]
    fn mentions_without_a_frame_are_not_promotion() {
        assert!(promoted("Ketamine was first used in 1970. Depression is common.").is_empty());
        assert!(promoted("We add ketamine to the plan.").is_empty());
    }
}
