//! The vocabulary of a rule set: every word test its patterns and classes use, the forms each
//! stands for, and which classes each word and phrase belongs to.
//!
//! A token is looked up once, by its lowercase form, in one hash table: the answer is the list
//! of word tests it passes. Class membership follows from that list (one-word entries) and a
//! trie over word tests (phrases), so it costs the same however many rules there are.

use super::classes::{ClassDef, ClassSet};
use super::morph::Morphology;
use super::pattern::{Word, WordMode};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

pub type WordId = u32;
pub type ClassId = u32;

/// A class membership of a token: the class and the end of the phrase (exclusive token index).
pub type Hit = (ClassId, u32);

/// Compiled words and classes.
pub struct Vocab {
    words: Vec<Word>,
    index: FxHashMap<Word, WordId>,
    /// Lowercase form → the word tests it passes (case-sensitive ones still need their check).
    forms: FxHashMap<Cow<'static, str>, Vec<WordId>>,
    /// Snowball stem → the derived (`~word`) tests.
    derived: FxHashMap<Box<str>, Vec<WordId>>,
    classes: Vec<ClassDef>,
    /// By word test: the classes a token passing it belongs to (one-word entries, with the
    /// classes that include them).
    word_classes: Vec<Vec<ClassId>>,
    /// Phrase entries: (node, word test) → node; node 0 is the root.
    trie: FxHashMap<(u32, WordId), u32>,
    /// By trie node: the classes a phrase ending there belongs to.
    node_classes: Vec<Vec<ClassId>>,
    /// Whether a word test starts a phrase entry.
    starts_phrase: FxHashSet<WordId>,
    /// By class: how many forms its members have, for choosing what a pattern is found by.
    class_weight: Vec<u32>,
    /// Identifies this vocabulary in per-thread caches.
    id: u64,
}

/// Builds a [`Vocab`]: classes first, then the words of every pattern.
pub struct VocabBuilder<'m> {
    morph: &'m Morphology,
    words: Vec<Word>,
    index: FxHashMap<Word, WordId>,
    classes: Vec<ClassDef>,
    class_index: FxHashMap<String, ClassId>,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl<'m> VocabBuilder<'m> {
    pub fn new(morph: &'m Morphology, classes: &ClassSet) -> VocabBuilder<'m> {
        let mut b = VocabBuilder {
            morph,
            words: Vec::new(),
            index: FxHashMap::default(),
            classes: classes.classes.clone(),
            class_index: FxHashMap::default(),
        };
        for (i, c) in b.classes.iter().enumerate() {
            b.class_index.insert(c.name.clone(), i as ClassId);
        }
        for ci in 0..b.classes.len() {
            for ei in 0..b.classes[ci].entries.len() {
                for wi in 0..b.classes[ci].entries[ei].len() {
                    if !b.index.contains_key(&b.classes[ci].entries[ei][wi]) {
                        let w = b.classes[ci].entries[ei][wi].clone();
                        b.word(&w);
                    }
                }
            }
        }
        b
    }

    /// The id of a word test, interned.
    pub fn word(&mut self, w: &Word) -> WordId {
        if let Some(&id) = self.index.get(w) {
            return id;
        }
        let id = self.words.len() as WordId;
        self.words.push(w.clone());
        self.index.insert(w.clone(), id);
        id
    }

    pub fn class(&self, name: &str) -> Option<ClassId> {
        self.class_index.get(name).copied()
    }

    /// Classes named in `include` that do not exist: (class, unknown name).
    pub fn unknown_includes(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for c in &self.classes {
            for i in &c.include {
                if !self.class_index.contains_key(i) {
                    out.push((c.name.clone(), i.clone()));
                }
            }
        }
        out
    }

    pub fn finish(self) -> Vocab {
        let VocabBuilder {
            morph,
            words,
            index,
            classes,
            class_index,
        } = self;
        let mut forms: FxHashMap<Cow<'static, str>, Vec<WordId>> = FxHashMap::default();
        forms.reserve(words.len() * 3);
        let mut derived: FxHashMap<Box<str>, Vec<WordId>> = FxHashMap::default();
        for (id, w) in words.iter().enumerate() {
            let id = id as WordId;
            match w.mode {
                WordMode::Inflected => match morph.cached_forms(&w.text) {
                    Some(cached) => {
                        for f in cached {
                            forms.entry(Cow::Borrowed(*f)).or_default().push(id);
                        }
                    }
                    None => {
                        for f in morph.forms(&w.text) {
                            forms.entry(Cow::Owned(f)).or_default().push(id);
                        }
                    }
                },
                WordMode::Exact => forms
                    .entry(Cow::Owned(w.text.clone()))
                    .or_default()
                    .push(id),
                WordMode::Case => {
                    let lower = w.text.to_lowercase();
                    forms
                        .entry(format!("{lower}s").into())
                        .or_default()
                        .push(id);
                    forms.entry(lower.into()).or_default().push(id);
                }
                WordMode::Derived => derived
                    .entry(morph.stem(&w.text).into())
                    .or_default()
                    .push(id),
                WordMode::Prefix => {}
            }
        }
        for v in forms.values_mut().chain(derived.values_mut()) {
            v.sort_unstable();
            v.dedup();
        }
        // Which classes a class's members also belong to: itself and every class including it.
        let n = classes.len();
        let mut included_by: Vec<Vec<ClassId>> = vec![Vec::new(); n];
        for (i, c) in classes.iter().enumerate() {
            for inc in &c.include {
                if let Some(&j) = class_index.get(inc) {
                    included_by[j as usize].push(i as ClassId);
                }
            }
        }
        let closure: Vec<Vec<ClassId>> = (0..n)
            .map(|start| {
                let mut seen = vec![false; n];
                let mut stack = vec![start as ClassId];
                let mut out = Vec::new();
                while let Some(c) = stack.pop() {
                    if std::mem::replace(&mut seen[c as usize], true) {
                        continue;
                    }
                    out.push(c);
                    stack.extend(&included_by[c as usize]);
                }
                out.sort_unstable();
                out
            })
            .collect();
        let mut word_classes: Vec<Vec<ClassId>> = vec![Vec::new(); words.len()];
        let mut trie: FxHashMap<(u32, WordId), u32> = FxHashMap::default();
        let mut node_classes: Vec<Vec<ClassId>> = vec![Vec::new()];
        let mut starts_phrase = FxHashSet::default();
        let mut class_weight = vec![0u32; n];
        for (ci, c) in classes.iter().enumerate() {
            for entry in &c.entries {
                let ids: Vec<WordId> = entry.iter().map(|w| index[w]).collect();
                if ids.len() == 1 {
                    word_classes[ids[0] as usize].extend(&closure[ci]);
                } else {
                    starts_phrase.insert(ids[0]);
                    let mut node = 0u32;
                    for id in ids {
                        let next = node_classes.len() as u32;
                        node = *trie.entry((node, id)).or_insert_with(|| {
                            node_classes.push(Vec::new());
                            next
                        });
                    }
                    node_classes[node as usize].extend(&closure[ci]);
                }
                for &k in &closure[ci] {
                    class_weight[k as usize] += 1;
                }
            }
        }
        for v in word_classes.iter_mut().chain(node_classes.iter_mut()) {
            v.sort_unstable();
            v.dedup();
        }
        Vocab {
            words,
            index,
            forms,
            derived,
            classes,
            word_classes,
            trie,
            node_classes,
            starts_phrase,
            class_weight,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// Per vocabulary id: derived-word tests by lowercase form.
type StemCache = (u64, FxHashMap<Box<str>, Box<[WordId]>>);

thread_local! {
    /// Derived-word tests by lowercase form, per vocabulary: stemming is done once per word.
    static STEMS: RefCell<StemCache> =
        RefCell::new((0, FxHashMap::default()));
}

/// Most distinct words a per-thread stem cache keeps before starting again.
const STEM_CACHE_LIMIT: usize = 200_000;

impl Vocab {
    pub fn word(&self, id: WordId) -> &Word {
        &self.words[id as usize]
    }

    pub fn word_id(&self, w: &Word) -> Option<WordId> {
        self.index.get(w).copied()
    }

    /// Every form each word test stands for (for exporting patterns).
    pub fn forms_by_word(&self) -> std::collections::HashMap<WordId, Vec<String>> {
        let mut out: std::collections::HashMap<WordId, Vec<String>> = Default::default();
        for (form, ids) in &self.forms {
            for &id in ids {
                let w = &self.words[id as usize];
                let shown = if w.mode == WordMode::Case {
                    w.text.clone()
                } else {
                    form.to_string()
                };
                out.entry(id).or_default().push(shown);
            }
        }
        for v in out.values_mut() {
            v.sort();
            v.dedup();
        }
        out
    }

    pub fn words(&self) -> &[Word] {
        &self.words
    }

    pub fn class_count(&self) -> usize {
        self.classes.len()
    }

    pub fn class(&self, id: ClassId) -> &ClassDef {
        &self.classes[id as usize]
    }

    pub fn class_id(&self, name: &str) -> Option<ClassId> {
        self.classes
            .iter()
            .position(|c| c.name == name)
            .map(|i| i as ClassId)
    }

    pub fn class_weight(&self, id: ClassId) -> u32 {
        self.class_weight[id as usize]
    }

    /// The word tests a token passes: `original` is its text, `lower` its lowercase form.
    pub fn lookup(&self, original: &str, lower: &str, out: &mut Vec<WordId>) {
        if let Some(ids) = self.forms.get(lower) {
            for &id in ids {
                let w = &self.words[id as usize];
                if w.mode == WordMode::Case
                    && original != w.text
                    && !(original.len() == w.text.len() + 1
                        && original.starts_with(w.text.as_str())
                        && original.ends_with('s'))
                {
                    continue;
                }
                out.push(id);
            }
        }
        if !self.derived.is_empty() && lower.chars().any(char::is_alphabetic) {
            STEMS.with(|cell| {
                let mut cache = cell.borrow_mut();
                if cache.0 != self.id || cache.1.len() > STEM_CACHE_LIMIT {
                    cache.0 = self.id;
                    cache.1.clear();
                }
                if let Some(ids) = cache.1.get(lower) {
                    out.extend(ids.iter());
                    return;
                }
                let stem = Morphology::builtin().stem(lower);
                let ids: Box<[WordId]> = self.derived.get(stem.as_str()).map_or_else(
                    || Box::new([]) as Box<[WordId]>,
                    |v| v.clone().into_boxed_slice(),
                );
                out.extend(ids.iter());
                cache.1.insert(lower.into(), ids);
            });
        }
    }

    /// The classes a token passing `words` belongs to as a one-word member.
    pub fn classes_of(&self, words: &[WordId], out: &mut Vec<ClassId>) {
        for &w in words {
            out.extend(&self.word_classes[w as usize]);
        }
    }

    /// Whether any of `words` starts a phrase entry.
    pub fn starts_phrase(&self, words: &[WordId]) -> bool {
        !self.starts_phrase.is_empty() && words.iter().any(|w| self.starts_phrase.contains(w))
    }

    /// The trie node after `node` on word test `w`.
    pub fn step(&self, node: u32, w: WordId) -> Option<u32> {
        self.trie.get(&(node, w)).copied()
    }

    /// The classes of phrases ending at trie node `node`.
    pub fn phrase_classes(&self, node: u32) -> &[ClassId] {
        &self.node_classes[node as usize]
    }
}
