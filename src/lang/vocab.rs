//! The vocabulary of a rule set: every word test its patterns and classes use, the forms each
//! stands for, and which classes each word and phrase belongs to.
//!
//! A token is looked up once, by its lowercase form, in one hash table: the answer is the list
//! of word tests it passes. Class membership follows from that list (one-word entries) and a
//! trie over word tests (phrases), so it costs the same however many rules there are.

use super::classes::ClassSet;
use super::morph::Morphology;
use super::pattern::{Word, WordMode};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

pub type WordId = u32;
pub type ClassId = u32;

/// A class membership of a token: the class and the end of the phrase (exclusive token index).
pub type Hit = (ClassId, u32);

/// Compiled words and classes.
#[derive(Serialize, Deserialize)]
pub struct Vocab {
    words: Vec<Word>,
    /// Lowercase form → the word tests it passes (case-sensitive ones still need their check).
    forms: FormTable,
    /// Prefix (`word*`) tests, sorted by their text.
    prefixes: Vec<(Box<str>, WordId)>,
    /// Snowball stem → the derived (`~word`) tests.
    derived: FxHashMap<Box<str>, Vec<WordId>>,
    /// By class: its name.
    class_names: Vec<String>,
    /// By word test: the classes a token passing it belongs to (one-word entries, with the
    /// classes that include them).
    word_classes: super::Lists,
    /// Phrase entries: (node, word test) → node; node 0 is the root.
    trie: FxHashMap<(u32, WordId), u32>,
    /// By trie node: the classes a phrase ending there belongs to.
    node_classes: super::Lists,
    /// Whether a word test starts a phrase entry.
    starts_phrase: FxHashSet<WordId>,
    /// By class: how many forms its members have, for choosing what a pattern is found by.
    class_weight: Vec<u32>,
    /// Identifies this vocabulary in per-thread caches.
    #[serde(skip, default = "next_id")]
    id: u64,
}

/// Builds a [`Vocab`]: classes first, then the words of every pattern.
pub struct VocabBuilder<'m> {
    morph: &'m Morphology,
    words: Vec<Word>,
    index: FxHashMap<Word, WordId>,
    classes: &'m ClassSet,
    class_index: FxHashMap<String, ClassId>,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

impl<'m> VocabBuilder<'m> {
    pub fn new(morph: &'m Morphology, classes: &'m ClassSet) -> VocabBuilder<'m> {
        let mut b = VocabBuilder {
            morph,
            words: Vec::new(),
            index: FxHashMap::default(),
            classes,
            class_index: FxHashMap::default(),
        };
        for (i, c) in classes.classes.iter().enumerate() {
            b.class_index.insert(c.name.clone(), i as ClassId);
        }
        for c in &classes.classes {
            for w in c.entries.iter().flatten() {
                b.word(w);
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
        for c in &self.classes.classes {
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
        let classes = &classes.classes;
        let mut forms: FxHashMap<Cow<'static, str>, Vec<WordId>> = FxHashMap::default();
        forms.reserve(words.len() * 3);
        let mut derived: FxHashMap<Box<str>, Vec<WordId>> = FxHashMap::default();
        let mut prefixes: Vec<(Box<str>, WordId)> = Vec::new();
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
                WordMode::Prefix => prefixes.push((w.text.to_lowercase().into(), id)),
            }
        }
        prefixes.sort_unstable();
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
        let _ = index;
        Vocab {
            words,
            forms: FormTable::build(forms),
            prefixes,
            derived,
            class_names: classes.iter().map(|c| c.name.clone()).collect(),
            word_classes: word_classes.into(),
            trie,
            node_classes: node_classes.into(),
            starts_phrase,
            class_weight,
            id: next_id(),
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

    /// The id of a word test (a linear search: for exports and tests, not for matching).
    pub fn word_id(&self, w: &Word) -> Option<WordId> {
        self.words.iter().position(|x| x == w).map(|i| i as WordId)
    }

    /// Every form each word test stands for (for exporting patterns).
    pub fn forms_by_word(&self) -> std::collections::HashMap<WordId, Vec<String>> {
        let mut out: std::collections::HashMap<WordId, Vec<String>> = Default::default();
        for (form, ids) in self.forms.iter() {
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
        self.class_names.len()
    }

    pub fn class_name(&self, id: ClassId) -> &str {
        &self.class_names[id as usize]
    }

    pub fn class_id(&self, name: &str) -> Option<ClassId> {
        self.class_names
            .iter()
            .position(|c| c == name)
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
        if let Some(&b) = lower.as_bytes().first()
            && !self.prefixes.is_empty()
        {
            // The prefixes that start with the same byte, then the ones the form starts with.
            let from = self.prefixes.partition_point(|(p, _)| p.as_bytes()[0] < b);
            for (p, id) in &self.prefixes[from..] {
                if p.as_bytes()[0] != b {
                    break;
                }
                if lower.starts_with(&**p) {
                    out.push(*id);
                }
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
            out.extend(self.word_classes.get(w as usize));
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
        self.node_classes.get(node as usize)
    }
}

/// FNV-1a: a hash that is the same on every platform, so the build's table is valid at run time.
fn form_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Lowercase forms and the word tests each passes, as a flat open-addressing hash table: four
/// arrays, so that the build's copy loads without a single insertion.
#[derive(Default, Serialize, Deserialize)]
struct FormTable {
    /// Every form, one after another.
    text: String,
    /// (start and length in `text`, start and length in `ids`) by entry.
    entries: Vec<(u32, u32, u32, u32)>,
    ids: Vec<WordId>,
    /// Entry index + 1 by slot (0: empty); a power of two long.
    slots: Vec<u32>,
}

impl FormTable {
    fn build(map: FxHashMap<Cow<'static, str>, Vec<WordId>>) -> FormTable {
        let mut items: Vec<(Cow<'static, str>, Vec<WordId>)> = map.into_iter().collect();
        items.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let size = (items.len() * 2).next_power_of_two().max(16);
        let mut t = FormTable {
            slots: vec![0; size],
            ..FormTable::default()
        };
        for (form, ids) in items {
            let entry = (
                t.text.len() as u32,
                form.len() as u32,
                t.ids.len() as u32,
                ids.len() as u32,
            );
            t.text.push_str(&form);
            t.ids.extend(ids);
            t.entries.push(entry);
            let mut i = form_hash(&form) as usize & (size - 1);
            while t.slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            t.slots[i] = t.entries.len() as u32;
        }
        t
    }

    fn get(&self, key: &str) -> Option<&[WordId]> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = form_hash(key) as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            let (ts, tl, is, il) = self.entries[slot as usize - 1];
            if &self.text[ts as usize..(ts + tl) as usize] == key {
                return Some(&self.ids[is as usize..(is + il) as usize]);
            }
            i = (i + 1) & mask;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &[WordId])> {
        self.entries.iter().map(|&(ts, tl, is, il)| {
            (
                &self.text[ts as usize..(ts + tl) as usize],
                &self.ids[is as usize..(is + il) as usize],
            )
        })
    }
}
