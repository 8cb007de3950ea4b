//! The token language: rules over words, not characters.
//!
//! Prose becomes [`token`]s; every word of a rule (a literal or a member of a word class)
//! stands for its inflected forms ([`morph`]); [`pattern`]s are sequences of token tests
//! compiled into small programs ([`program`]) that run over the tokens of one sentence. The
//! word classes and the forms of every word rules use are looked up once per document
//! ([`vocab`], [`annotate`]), never per rule, and a pattern runs only in the sentences that
//! hold what it requires (a word, a class member or a kind of token).

pub mod annotate;
pub mod classes;
pub mod export;
pub mod morph;
pub mod pattern;
pub mod program;
pub mod token;
pub mod vocab;

use annotate::TokenDoc;
use classes::ClassSet;
use morph::Morphology;
use pattern::{Kind, Pattern};
use program::{Atom, CompileError, Program};
use std::ops::Range;
use vocab::{Vocab, VocabBuilder};

/// Index of a compiled pattern in a [`Lang`].
pub type PatternId = u32;

/// Lists of ids by index, flat: one allocation for all of them, so that the build's image loads
/// without one per list.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Lists {
    /// List `i` is `items[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    pub fn get(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Vec<Vec<u32>>> for Lists {
    fn from(lists: Vec<Vec<u32>>) -> Lists {
        let mut out = Lists {
            starts: Vec::with_capacity(lists.len() + 1),
            items: Vec::with_capacity(lists.iter().map(Vec::len).sum()),
        };
        out.starts.push(0);
        for l in lists {
            out.items.extend(l);
            out.starts.push(out.items.len() as u32);
        }
        out
    }
}

/// Every pattern of a rule set, compiled against one vocabulary.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Lang {
    pub vocab: Vocab,
    programs: Vec<Program>,
    /// By word test, by class: the patterns found by it.
    by_word: Lists,
    by_class: Lists,
    by_kind: [Vec<PatternId>; 5],
    /// Patterns that require nothing that can be looked up: tried in every sentence.
    always: Vec<PatternId>,
}

/// A compiled language and the pattern sources it was compiled from, in order: what the build
/// makes of the built-in rules, so that start-up does not compile them again.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Image {
    pub sources: Vec<String>,
    pub lang: Lang,
}

impl Image {
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_stdvec(self).expect("an image serializes")
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Image> {
        postcard::from_bytes(bytes).ok()
    }
}

/// Collects patterns, then compiles them all against one vocabulary.
pub struct LangBuilder<'m> {
    vocab: VocabBuilder<'m>,
    programs: Vec<Program>,
}

/// Words so common that a pattern is better found by anything else it requires.
const COMMON: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "for", "is", "be", "it", "that", "this",
    "with", "on", "as", "are", "you", "your", "our", "we", "can", "not", "no", "by", "at", "from",
    "have", "has", "will", "may", "more", "all", "do", "they", "their", "its", "one", "s", "'s",
    "n't", "but", "if", "so", "what", "how", "who", "which", "than", "any", "most",
];

fn kind_index(k: Kind) -> usize {
    match k {
        Kind::Num => 0,
        Kind::Digits => 1,
        Kind::Word => 2,
        Kind::Cap => 3,
        Kind::Caps => 4,
    }
}

impl<'m> LangBuilder<'m> {
    pub fn new(morph: &'m Morphology, classes: &'m ClassSet) -> LangBuilder<'m> {
        LangBuilder {
            vocab: VocabBuilder::new(morph, classes),
            programs: Vec::new(),
        }
    }

    /// Classes that include an unknown class: (class, unknown name).
    pub fn unknown_includes(&self) -> Vec<(String, String)> {
        self.vocab.unknown_includes()
    }

    /// Compiles a pattern; unknown classes are an error.
    pub fn add(&mut self, pattern: &Pattern) -> Result<PatternId, CompileError> {
        let p = Program::compile(pattern, &mut self.vocab)?;
        self.programs.push(p);
        Ok((self.programs.len() - 1) as PatternId)
    }

    pub fn finish(self) -> Lang {
        let vocab = self.vocab.finish();
        let programs = self.programs;
        let mut by_word = vec![Vec::new(); vocab.words().len()];
        let mut by_class = vec![Vec::new(); vocab.class_count()];
        let mut by_kind: [Vec<PatternId>; 5] = Default::default();
        let mut always = Vec::new();
        let cost = |a: &Atom| -> u64 {
            match a {
                Atom::Word(w) => {
                    if COMMON.contains(&vocab.word(*w).text.as_str()) {
                        100
                    } else {
                        1
                    }
                }
                Atom::Class(c) => 1 + u64::from(vocab.class_weight(*c)) / 10,
                Atom::Kind(k) => match k {
                    Kind::Num => 30,
                    Kind::Digits => 20,
                    Kind::Word => 10_000,
                    Kind::Cap => 300,
                    Kind::Caps => 40,
                },
            }
        };
        for (id, p) in programs.iter().enumerate() {
            let id = id as PatternId;
            let best = p
                .required
                .iter()
                .min_by_key(|set| set.iter().map(cost).sum::<u64>());
            match best {
                None => always.push(id),
                Some(set) => {
                    for a in set {
                        let list = match a {
                            Atom::Word(w) => &mut by_word[*w as usize],
                            Atom::Class(c) => &mut by_class[*c as usize],
                            Atom::Kind(k) => &mut by_kind[kind_index(*k)],
                        };
                        if list.last() != Some(&id) {
                            list.push(id);
                        }
                    }
                }
            }
        }
        Lang {
            vocab,
            programs,
            by_word: by_word.into(),
            by_class: by_class.into(),
            by_kind,
            always,
        }
    }
}

/// Scratch space for [`Lang::candidates`], reused across sentences.
#[derive(Default)]
pub struct CandidateScratch {
    stamp: Vec<u32>,
    generation: u32,
}

impl Lang {
    pub fn program(&self, id: PatternId) -> &Program {
        &self.programs[id as usize]
    }

    pub fn len(&self) -> usize {
        self.programs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.programs.is_empty()
    }

    /// Tokenizes and annotates sentences of `text`.
    pub fn annotate(
        &self,
        text: &str,
        sentences: impl IntoIterator<Item = Range<usize>>,
    ) -> TokenDoc {
        TokenDoc::build(&self.vocab, text, sentences)
    }

    /// The patterns that may match in the tokens `sentence`, each once, in no set order.
    pub fn candidates(
        &self,
        doc: &TokenDoc,
        sentence: Range<u32>,
        scratch: &mut CandidateScratch,
        out: &mut Vec<PatternId>,
    ) {
        if scratch.stamp.len() != self.programs.len() {
            scratch.stamp = vec![0; self.programs.len()];
            scratch.generation = 0;
        }
        scratch.generation = scratch.generation.wrapping_add(1);
        if scratch.generation == 0 {
            scratch.stamp.iter_mut().for_each(|s| *s = 0);
            scratch.generation = 1;
        }
        let g = scratch.generation;
        let mut add = |list: &[PatternId], out: &mut Vec<PatternId>| {
            for &p in list {
                if scratch.stamp[p as usize] != g {
                    scratch.stamp[p as usize] = g;
                    out.push(p);
                }
            }
        };
        add(&self.always, out);
        let any_kind = self.by_kind.iter().any(|k| !k.is_empty());
        for i in sentence {
            for &w in doc.words_at(i) {
                add(self.by_word.get(w as usize), out);
            }
            for &(c, _) in doc.hits_at(i) {
                add(self.by_class.get(c as usize), out);
            }
            if any_kind {
                let t = &doc.tokens[i as usize];
                use token::{ALL_CAPS, CAPITALIZED, NUMBER_WORD, TokenKind};
                if t.kind == TokenKind::Number || t.has(NUMBER_WORD) {
                    add(&self.by_kind[0], out);
                }
                if t.kind == TokenKind::Number {
                    add(&self.by_kind[1], out);
                }
                if t.kind == TokenKind::Word {
                    add(&self.by_kind[2], out);
                    if t.has(CAPITALIZED) {
                        add(&self.by_kind[3], out);
                    }
                    if t.has(ALL_CAPS) {
                        add(&self.by_kind[4], out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use classes::parse_class_file;

    const CLASSES: &str = r#"
[treatment]
words = ["ketamine", "stem cell therapy", "TMS"]
[heal-verb]
words = ["repair", "rewire", "heal", "regrow"]
[body-part]
words = ["brain", "nervous system", "cartilage"]
[big-claim]
include = ["heal-verb"]
words = ["cure"]
"#;

    fn lang(patterns: &[&str]) -> Lang {
        let mut set = ClassSet::default();
        set.extend(parse_class_file("t", CLASSES).unwrap());
        let mut b = LangBuilder::new(Morphology::builtin(), &set);
        for p in patterns {
            b.add(&Pattern::parse(p).unwrap()).unwrap();
        }
        b.finish()
    }

    /// Every match of pattern 0 in `text` (one sentence), as (reported text, path).
    fn run(l: &Lang, text: &str) -> Vec<(String, Vec<(String, String)>)> {
        let doc = l.annotate(text, std::iter::once(0..text.len()));
        let mut found = Vec::new();
        l.program(0)
            .find_in(&doc, text, doc.sentences[0].clone(), true, &mut found);
        found
            .iter()
            .map(|f| {
                let r = doc.prose_range(f.reported());
                let path = f
                    .path
                    .iter()
                    .filter(|(_, r)| r.start < r.end)
                    .map(|(l, r)| (l.clone(), text[doc.prose_range(r.clone())].to_string()))
                    .collect();
                (text[r].to_string(), path)
            })
            .collect()
    }

    fn texts(l: &Lang, text: &str) -> Vec<String> {
        run(l, text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn quoted_copy_reads_through_elisions_and_brackets() {
        let l = lang(&["^ <@heal-verb the? @body-part>"]);
        // A mid-sentence ellipsis stands for words left out; `^` passes an opening one, a
        // bullet or an asterisk; "[R]" is the word's own capital.
        for text in [
            "Heals … the brain",
            "…heals the brain",
            "*** Repairs the brain",
            "[R]epairs . . . the brain",
        ] {
            assert_eq!(texts(&l, text).len(), 1, "{text}");
        }
        assert_eq!(
            texts(&l, "[R]epairs the brain"),
            vec!["[R]epairs the brain"]
        );
        assert!(texts(&l, "It heals the brain").is_empty());
        // An ellipsis that ends the sentence is kept.
        let l = lang(&["heal \"…\" $"]);
        assert_eq!(texts(&l, "It can heal…"), vec!["heal…"]);
    }

    #[test]
    fn inflections_classes_and_gaps() {
        let l = lang(&["@treatment _{0,4} <@heal-verb (the | your)? @body-part>"]);
        assert_eq!(
            texts(&l, "Ketamine quickly rewires the brain."),
            vec!["rewires the brain"]
        );
        assert_eq!(
            texts(
                &l,
                "Stem cell therapy regrew cartilage and TMS repairs your nervous system"
            ),
            vec!["regrew cartilage", "repairs your nervous system"]
        );
        assert!(texts(&l, "Ketamine rewires the heart.").is_empty());
        assert!(
            texts(
                &l,
                "Ketamine was given, but one two three four five rewired brain"
            )
            .is_empty()
        );
    }

    #[test]
    fn explains_what_matched() {
        let l = lang(&["@treatment _{0,4} <@heal-verb (the | your)? @body-part>"]);
        let got = run(&l, "Ketamine quickly rewires the brain.");
        assert_eq!(
            got[0].1,
            vec![
                ("@treatment".to_string(), "Ketamine".to_string()),
                ("_{0,4}".to_string(), "quickly".to_string()),
                ("@heal-verb".to_string(), "rewires".to_string()),
                ("the".to_string(), "the".to_string()),
                ("@body-part".to_string(), "brain".to_string()),
            ]
        );
    }

    #[test]
    fn includes_and_case() {
        let l = lang(&["@big-claim TMS"]);
        assert_eq!(
            texts(&l, "It heals TMS and cures TMS but not tms"),
            vec!["heals TMS", "cures TMS"]
        );
        let l = lang(&["=fast relief"]);
        assert_eq!(
            texts(&l, "fast relief, not fasting relief"),
            vec!["fast relief"]
        );
    }

    #[test]
    fn clause_runs_stop_at_the_clause_end() {
        let l = lang(&["no evidence that …"]);
        assert_eq!(
            texts(
                &l,
                "There is no evidence that it heals, or helps; it is new"
            ),
            vec!["no evidence that it heals, or helps"]
        );
    }

    #[test]
    fn longest_leftmost_and_not() {
        let l = lang(&["(cure | cure for @body-part)"]);
        assert_eq!(texts(&l, "a cure for brain fog"), vec!["cure for brain"]);
        let l = lang(&["!no cure"]);
        assert_eq!(texts(&l, "no cure, a cure"), vec!["a cure"]);
        let l = lang(&["^ cure"]);
        assert_eq!(texts(&l, "cure a cure"), vec!["cure"]);
        let l = lang(&["#num %"]);
        assert_eq!(texts(&l, "71% and ten % and x%"), vec!["71%", "ten %"]);
        let l = lang(&["neuro* repair"]);
        assert_eq!(texts(&l, "neuronal repair"), vec!["neuronal repair"]);
    }

    #[test]
    fn hyphenated_literals_match_either_way() {
        let l = lang(&["life-changing"]);
        assert_eq!(
            texts(&l, "life-changing, lifechanging and life changing"),
            vec!["life-changing", "lifechanging", "life changing"]
        );
    }

    #[test]
    fn candidates_need_what_the_pattern_requires() {
        let l = lang(&["@treatment _{0,4} @heal-verb", "cure", "#num %"]);
        let text = "Ketamine heals. Nothing here. A cure at 50%.";
        let sentences = [0..15, 16..29, 30..text.len()];
        let doc = l.annotate(text, sentences);
        let mut scratch = CandidateScratch::default();
        let mut got = Vec::new();
        for s in &doc.sentences {
            let mut out = Vec::new();
            l.candidates(&doc, s.clone(), &mut scratch, &mut out);
            out.sort_unstable();
            got.push(out);
        }
        assert_eq!(got, vec![vec![0], vec![], vec![1, 2]]);
    }

    #[test]
    fn unknown_class_is_an_error() {
        let set = ClassSet::default();
        let mut b = LangBuilder::new(Morphology::builtin(), &set);
        let e = b.add(&Pattern::parse("a @nope b").unwrap()).unwrap_err();
        assert_eq!(e.span, 2..7);
    }
}
