//! Compiled patterns: small programs of token tests, run over the tokens of one sentence.
//!
//! A program is a Thompson-style automaton (tests, splits, the two marks of `< >`). It is run
//! by a backtracking search that visits each (instruction, token) pair at most once per start,
//! so a match costs at most the program's size times the tokens it spans. Matches are
//! leftmost-longest and do not overlap.

use super::annotate::{TokenDoc, class_bit, kind_bit, word_bit};
use super::pattern::{Item, Kind, MAX_CLAUSE, Node, Pattern};
use super::token::{ALL_CAPS, CAPITALIZED, NUMBER_WORD, TokenKind};
use super::vocab::{ClassId, VocabBuilder, WordId};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::ops::Range;

type Pc = u32;

/// What a token must be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Test {
    Word(WordId),
    /// A one-token member of the class.
    Class(ClassId),
    Kind(Kind),
    /// Any word or number.
    Any,
    /// Any token but the end of a clause (`.`, `!`, `?`, `;`, `…`).
    Clause,
    /// A word or number that does not pass the test.
    Not(Box<Test>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Inst {
    Tok {
        test: Test,
        next: Pc,
    },
    /// A member of a class, one token or a phrase.
    Class {
        class: ClassId,
        next: Pc,
    },
    /// `min..=max` tokens that each pass `test`.
    Run {
        test: Test,
        min: u32,
        max: u32,
        next: Pc,
    },
    Split(Pc, Pc),
    Save {
        slot: u8,
        next: Pc,
    },
    Start(Pc),
    End(Pc),
    Match,
}

/// Something a sentence must contain for a pattern to match there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Atom {
    Word(WordId),
    Class(ClassId),
    Kind(Kind),
}

/// A pattern that refers to something that does not exist.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub message: String,
    /// Byte range in the pattern text.
    pub span: Range<usize>,
    pub help: Option<String>,
}

/// A compiled pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Program {
    insts: Vec<Inst>,
    start: Pc,
    /// What a sentence must contain: one atom of each set.
    pub required: Vec<Vec<Atom>>,
    /// The pattern as written.
    pub source: String,
    /// By instruction: the byte range in `source` of the pattern item it tests (empty for
    /// instructions that test nothing), for explanations.
    labels: Vec<Range<usize>>,
    /// Whether the pattern marks the part to report with `< >`.
    marked: bool,
    /// What the first token of a match must be (one of these), when that is known: starts
    /// where none passes are never searched.
    first: Option<First>,
}

/// What the first token of a match must be: one of the words, the start of a member of one
/// of the classes, or a token that passes one of the other tests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct First {
    /// Sorted.
    words: Vec<WordId>,
    /// Sorted.
    classes: Vec<ClassId>,
    other: Vec<Test>,
    /// The signature bits of `words`, `classes` and the kinds in `other`.
    sig: u64,
}

/// One match: its tokens, the marked part and, when asked, what each item matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub tokens: Range<u32>,
    pub mark: Option<Range<u32>>,
    /// (item as written, tokens it matched), in order.
    pub path: Vec<(String, Range<u32>)>,
}

impl Found {
    /// The tokens to report: the marked part, or the whole match.
    pub fn reported(&self) -> Range<u32> {
        match &self.mark {
            Some(m) if m.start < m.end => m.clone(),
            _ => self.tokens.clone(),
        }
    }
}

struct Compiler<'b, 'm> {
    vocab: &'b mut VocabBuilder<'m>,
    insts: Vec<Inst>,
    labels: Vec<Range<usize>>,
}

impl Compiler<'_, '_> {
    fn push(&mut self, inst: Inst, label: Range<usize>) -> Pc {
        self.insts.push(inst);
        self.labels.push(label);
        (self.insts.len() - 1) as Pc
    }

    fn test(&mut self, node: &Node) -> Result<Option<Test>, CompileError> {
        Ok(Some(match &node.item {
            Item::Word(w) => Test::Word(self.vocab.word(w)),
            Item::Kind(k) => Test::Kind(*k),
            Item::Any => Test::Any,
            Item::Clause | Item::ClauseToken => Test::Clause,
            Item::Class(name) => Test::Class(self.class(name, node)?),
            Item::Not(inner) => match self.test(inner)? {
                Some(t) => Test::Not(Box::new(t)),
                None => return Ok(None),
            },
            _ => return Ok(None),
        }))
    }

    fn class(&self, name: &str, node: &Node) -> Result<ClassId, CompileError> {
        self.vocab.class(name).ok_or_else(|| CompileError {
            message: format!("unknown class `@{name}`"),
            span: node.span.clone(),
            help: None,
        })
    }

    fn comp(&mut self, node: &Node, next: Pc) -> Result<Pc, CompileError> {
        let label = node.span.clone();
        Ok(match &node.item {
            Item::Seq(items) => {
                let mut pc = next;
                for n in items.iter().rev() {
                    pc = self.comp(n, pc)?;
                }
                pc
            }
            Item::Alt(alts) => {
                let mut entries = Vec::new();
                for a in alts {
                    entries.push(self.comp(a, next)?);
                }
                let mut pc = entries.pop().expect("two or more");
                while let Some(e) = entries.pop() {
                    pc = self.push(Inst::Split(e, pc), 0..0);
                }
                pc
            }
            Item::Repeat {
                node: inner,
                min,
                max,
            } => {
                let single = !matches!(inner.item, Item::Class(_)) && self.is_single(inner);
                if single {
                    let test = self.test(inner)?.expect("single-token item");
                    self.push(
                        Inst::Run {
                            test,
                            min: *min,
                            max: *max,
                            next,
                        },
                        label,
                    )
                } else {
                    let mut pc = next;
                    for _ in 0..(max - min) {
                        let body = self.comp(inner, pc)?;
                        pc = self.push(Inst::Split(body, next), 0..0);
                    }
                    for _ in 0..*min {
                        pc = self.comp(inner, pc)?;
                    }
                    pc
                }
            }
            Item::Mark(inner) => {
                let close = self.push(Inst::Save { slot: 1, next }, 0..0);
                let body = self.comp(inner, close)?;
                self.push(
                    Inst::Save {
                        slot: 0,
                        next: body,
                    },
                    0..0,
                )
            }
            Item::Class(name) => {
                let class = self.class(name, node)?;
                self.push(Inst::Class { class, next }, label)
            }
            Item::Clause => self.push(
                Inst::Run {
                    test: Test::Clause,
                    min: 0,
                    max: MAX_CLAUSE,
                    next,
                },
                label,
            ),
            Item::Start => self.push(Inst::Start(next), 0..0),
            Item::End => self.push(Inst::End(next), 0..0),
            _ => {
                let test = self.test(node)?.expect("a token test");
                self.push(Inst::Tok { test, next }, label)
            }
        })
    }

    fn is_single(&self, n: &Node) -> bool {
        matches!(
            n.item,
            Item::Word(_)
                | Item::Kind(_)
                | Item::Any
                | Item::Not(_)
                | Item::Class(_)
                | Item::ClauseToken
        )
    }

    /// The sets of atoms of which every match contains one (a conjunction of disjunctions).
    fn required(&mut self, node: &Node) -> Vec<Vec<Atom>> {
        match &node.item {
            Item::Word(w) => {
                vec![vec![Atom::Word(self.vocab.word(w))]]
            }
            Item::Class(name) => match self.vocab.class(name) {
                Some(c) => vec![vec![Atom::Class(c)]],
                None => Vec::new(),
            },
            Item::Kind(k) => vec![vec![Atom::Kind(*k)]],
            Item::Seq(v) => v.iter().flat_map(|n| self.required(n)).collect(),
            Item::Alt(v) => {
                let mut union = Vec::new();
                for a in v {
                    let sets = self.required(a);
                    // The smallest set of the alternative stands for it.
                    match sets.into_iter().min_by_key(Vec::len) {
                        Some(s) => union.extend(s),
                        None => return Vec::new(),
                    }
                }
                union.sort_unstable();
                union.dedup();
                vec![union]
            }
            Item::Repeat { node, min, .. } if *min > 0 => self.required(node),
            Item::Mark(n) => self.required(n),
            _ => Vec::new(),
        }
    }
}

impl Program {
    /// Compiles a pattern; its words are interned in `vocab`, its classes resolved there.
    pub fn compile(pattern: &Pattern, vocab: &mut VocabBuilder) -> Result<Program, CompileError> {
        let mut c = Compiler {
            vocab,
            insts: Vec::new(),
            labels: Vec::new(),
        };
        let done = c.push(Inst::Match, 0..0);
        let start = c.comp(&pattern.root, done)?;
        let required = c.required(&pattern.root);
        let first = first_tests(&c.insts, start);
        Ok(Program {
            first,
            insts: c.insts,
            start,
            required,
            source: pattern.source.clone(),
            labels: c.labels,
            marked: pattern.has_mark(),
        })
    }

    /// Every match in the tokens `sentence` of `doc` (`text` is the prose the tokens index).
    ///
    /// Without a mark, matches are leftmost-longest and do not overlap. With a mark, every
    /// distinct marked part that some match gives is found once (with the longest match that
    /// gives it), so a gap in the context never swallows a second claim: in "A regrew X and B
    /// repairs Y", `@treatment _{0,4} <@heal-verb @body-part>` finds both.
    pub fn find_in(
        &self,
        doc: &TokenDoc,
        text: &str,
        sentence: Range<u32>,
        explain: bool,
        out: &mut Vec<Found>,
    ) {
        // A start whose token has none of the first tests' signature bits cannot begin a
        // match: skipped here, without a search.
        let sig = self.first.as_ref().map(|f| f.sig);
        let hopeless = |i: u32| sig.is_some_and(|sig| doc.sig(i) & sig == 0);
        let mut search: Option<Search> = None;
        if self.marked {
            let first = out.len();
            for start in sentence.clone() {
                if hopeless(start) {
                    continue;
                }
                let s = search
                    .get_or_insert_with(|| Search::new(self, doc, text, sentence.clone(), explain));
                for found in s.marks_at(start) {
                    let mark = found.reported();
                    match out[first..].iter_mut().find(|f| f.reported() == mark) {
                        Some(f) => {
                            if found.tokens.end > f.tokens.end
                                && found.tokens.start == f.tokens.start
                            {
                                *f = found;
                            }
                        }
                        None => out.push(found),
                    }
                }
            }
            out[first..].sort_by_key(|f| (f.reported().start, f.reported().end));
            return;
        }
        let mut start = sentence.start;
        while start < sentence.end {
            if hopeless(start) {
                start += 1;
                continue;
            }
            let s = search
                .get_or_insert_with(|| Search::new(self, doc, text, sentence.clone(), explain));
            match s.longest_at(start) {
                Some(found) if found.tokens.end > start => {
                    start = found.tokens.end;
                    out.push(found);
                }
                _ => start += 1,
            }
        }
    }

    /// Whether a match starts exactly at token `start` of the sentence.
    pub fn matches_at(&self, doc: &TokenDoc, text: &str, sentence: Range<u32>, start: u32) -> bool {
        if start > sentence.end {
            return false;
        }
        let mut s = Search::new(self, doc, text, sentence, false);
        s.longest_at(start).is_some_and(|f| f.tokens.end > start)
    }

    /// Whether the pattern matches anywhere in the sentence.
    pub fn is_match(&self, doc: &TokenDoc, text: &str, sentence: Range<u32>) -> bool {
        let mut s = Search::new(self, doc, text, sentence.clone(), false);
        (sentence.start..sentence.end).any(|i| s.longest_at(i).is_some_and(|f| f.tokens.end > i))
    }
}

/// The tests one of which the first token of every match passes, from the instructions
/// reachable from `start` without consuming a token; `None` when a match could begin anywhere.
fn first_tests(insts: &[Inst], start: Pc) -> Option<First> {
    let mut out = First::default();
    let mut stack = vec![start];
    let mut seen = vec![false; insts.len()];
    let add = |out: &mut First, t: &Test| match t {
        // A gap or a clause run first can start anywhere: no filter.
        Test::Any | Test::Clause | Test::Not(_) => false,
        Test::Word(w) => {
            out.words.push(*w);
            true
        }
        // A one-token member starts a member.
        Test::Class(c) => {
            out.classes.push(*c);
            true
        }
        other => {
            if !out.other.contains(other) {
                out.other.push(other.clone());
            }
            true
        }
    };
    while let Some(pc) = stack.pop() {
        if std::mem::replace(&mut seen[pc as usize], true) {
            continue;
        }
        match &insts[pc as usize] {
            Inst::Tok { test, .. } => {
                if !add(&mut out, test) {
                    return None;
                }
            }
            Inst::Class { class, .. } => out.classes.push(*class),
            Inst::Run {
                test, min, next, ..
            } => {
                if !add(&mut out, test) {
                    return None;
                }
                if *min == 0 {
                    stack.push(*next);
                }
            }
            Inst::Split(a, b) => {
                stack.push(*a);
                stack.push(*b);
            }
            Inst::Save { next, .. } | Inst::Start(next) | Inst::End(next) => stack.push(*next),
            Inst::Match => return None,
        }
    }
    out.words.sort_unstable();
    out.words.dedup();
    out.classes.sort_unstable();
    out.classes.dedup();
    out.sig = out.words.iter().map(|&w| word_bit(w)).fold(0, |a, b| a | b)
        | out
            .classes
            .iter()
            .map(|&c| class_bit(c))
            .fold(0, |a, b| a | b)
        | out
            .other
            .iter()
            .map(|t| match t {
                Test::Kind(k) => kind_bit(*k),
                _ => u64::MAX,
            })
            .fold(0, |a, b| a | b);
    Some(out)
}

/// Explored states as stamps, so that forgetting them all costs nothing. The buffer is kept
/// per thread and reused by the next search.
struct Seen {
    stamps: Vec<u32>,
    stamp: u32,
}

/// Most states a search keeps as stamps (16 MiB); longer sentences use the hash set.
const MAX_STAMPS: usize = 1 << 22;

thread_local! {
    static SEEN: std::cell::Cell<Option<Seen>> = const { std::cell::Cell::new(None) };
}

impl Seen {
    fn take(len: usize) -> Seen {
        if len > MAX_STAMPS {
            // A sentence too long for a table of every state: the hash set keeps them all.
            return Seen {
                stamps: Vec::new(),
                stamp: 0,
            };
        }
        let mut seen = SEEN.with(|s| s.take()).unwrap_or(Seen {
            stamps: Vec::new(),
            stamp: 0,
        });
        if seen.stamps.len() < len {
            seen.stamps.resize(len, 0);
        }
        seen
    }

    fn next_stamp(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.stamps.fill(0);
            self.stamp = 1;
        }
    }

    fn visit(&mut self, i: usize) -> bool {
        std::mem::replace(&mut self.stamps[i], self.stamp) != self.stamp
    }
}

impl Drop for Search<'_> {
    fn drop(&mut self) {
        let seen = std::mem::replace(
            &mut self.seen,
            Seen {
                stamps: Vec::new(),
                stamp: 0,
            },
        );
        // A search of an over-long sentence had no table: keep the one cached.
        if !seen.stamps.is_empty() {
            SEEN.with(|s| s.set(Some(seen)));
        }
    }
}

struct Search<'a> {
    prog: &'a Program,
    doc: &'a TokenDoc,
    text: &'a str,
    lo: u32,
    hi: u32,
    /// The sentence's first word or number: `^` matches before it too, after an opening
    /// bullet, quote or asterisk.
    head: u32,
    explain: bool,
    /// (instruction, token) states without marks set, explored once per start.
    seen: Seen,
    /// (instruction, token, marks) states with a mark set, explored once per start.
    visited: FxHashSet<(Pc, u32, [u32; 2])>,
    caps: [u32; 2],
    path: Vec<(Pc, Range<u32>)>,
    best: Option<Reached>,
    /// Every match end with its marks, when collecting marks.
    all: Option<Vec<Reached>>,
}

const UNSET: u32 = u32::MAX;

/// A match end found by the search, with the marks and (when explaining) the path to it.
type Reached = (u32, [u32; 2], Vec<(Pc, Range<u32>)>);

impl<'a> Search<'a> {
    fn new(
        prog: &'a Program,
        doc: &'a TokenDoc,
        text: &'a str,
        sentence: Range<u32>,
        explain: bool,
    ) -> Self {
        Search {
            prog,
            doc,
            text,
            lo: sentence.start,
            hi: sentence.end,
            head: (sentence.start..sentence.end)
                .find(|&i| doc.tokens[i as usize].is_wordlike())
                .unwrap_or(sentence.start),
            explain,
            seen: Seen::take(prog.insts.len() * (sentence.end - sentence.start + 1) as usize),
            visited: FxHashSet::default(),
            caps: [UNSET; 2],
            path: Vec::new(),
            best: None,
            all: None,
        }
    }

    fn found(&self, start: u32, end: u32, caps: [u32; 2], path: Vec<(Pc, Range<u32>)>) -> Found {
        let mark =
            (caps[0] != UNSET && caps[1] != UNSET && caps[0] <= caps[1]).then(|| caps[0]..caps[1]);
        Found {
            tokens: start..end,
            mark,
            path: path
                .into_iter()
                .map(|(pc, r)| {
                    let l = self.prog.labels[pc as usize].clone();
                    (self.prog.source.get(l).unwrap_or("").to_string(), r)
                })
                .collect(),
        }
    }

    /// Every distinct marked part of the matches that start at `start`.
    fn marks_at(&mut self, start: u32) -> Vec<Found> {
        if !self.may_start(start) {
            return Vec::new();
        }
        self.reset();
        self.best = None;
        self.caps = [UNSET; 2];
        self.path.clear();
        self.all = Some(Vec::new());
        self.dfs(self.prog.start, start);
        let mut all = self.all.take().unwrap_or_default();
        // Longest first, so that the first of each mark is its longest match.
        all.sort_by_key(|(end, caps, _)| (caps[0], caps[1], std::cmp::Reverse(*end)));
        let mut out: Vec<Found> = Vec::new();
        for (end, caps, path) in all {
            if end <= start {
                continue;
            }
            let f = self.found(start, end, caps, path);
            if !out.iter().any(|o| o.reported() == f.reported()) {
                out.push(f);
            }
        }
        out
    }

    /// Forgets the states explored from the previous start.
    fn reset(&mut self) {
        self.seen.next_stamp();
        if !self.visited.is_empty() {
            self.visited.clear();
        }
    }

    /// Marks the state as explored; false when it already was.
    fn visit(&mut self, pc: Pc, pos: u32) -> bool {
        if self.caps == [UNSET; 2] && !self.seen.stamps.is_empty() {
            let width = self.hi - self.lo + 1;
            self.seen
                .visit(pc as usize * width as usize + (pos - self.lo) as usize)
        } else {
            self.visited.insert((pc, pos, self.caps))
        }
    }

    /// Whether a match can start at token `i` (its first token passes a first test).
    fn may_start(&self, i: u32) -> bool {
        let Some(first) = &self.prog.first else {
            return true;
        };
        if i >= self.hi {
            return false;
        }
        (self.doc.sig(i) & first.sig != 0
            && !first.words.is_empty()
            && self
                .doc
                .words_at(i)
                .iter()
                .any(|w| first.words.binary_search(w).is_ok()))
            || (self.doc.sig(i) & first.sig != 0
                && !first.classes.is_empty()
                && self
                    .doc
                    .hits_at(i)
                    .iter()
                    .any(|h| first.classes.binary_search(&h.0).is_ok()))
            || first.other.iter().any(|t| self.passes(t, i))
    }

    fn longest_at(&mut self, start: u32) -> Option<Found> {
        if !self.may_start(start) {
            return None;
        }
        self.reset();
        self.best = None;
        self.caps = [UNSET; 2];
        self.path.clear();
        self.dfs(self.prog.start, start);
        let (end, caps, path) = self.best.take()?;
        Some(self.found(start, end, caps, path))
    }

    fn passes(&self, test: &Test, i: u32) -> bool {
        if i >= self.hi {
            return false;
        }
        let t = &self.doc.tokens[i as usize];
        match test {
            Test::Word(w) => self.doc.has_word(i, *w),
            Test::Class(c) => self.doc.has_class(i, *c),
            Test::Kind(k) => match k {
                Kind::Num => t.kind == TokenKind::Number || t.has(NUMBER_WORD),
                Kind::Digits => t.kind == TokenKind::Number,
                Kind::Word => t.kind == TokenKind::Word,
                Kind::Cap => t.kind == TokenKind::Word && t.has(CAPITALIZED),
                Kind::Caps => t.kind == TokenKind::Word && t.has(ALL_CAPS),
            },
            Test::Any => t.is_wordlike(),
            Test::Clause => {
                !(t.kind == TokenKind::Symbol
                    && matches!(
                        &self.text[t.range()],
                        "." | "!" | "?" | ";" | "…" | "..." | ". . ."
                    ))
            }
            Test::Not(inner) => {
                t.is_wordlike()
                    && match &**inner {
                        // Not a member of the class in any length.
                        Test::Class(c) => !self.doc.hits_at(i).iter().any(|h| h.0 == *c),
                        other => !self.passes(other, i),
                    }
            }
        }
    }

    fn dfs(&mut self, pc: Pc, pos: u32) {
        if !self.visit(pc, pos) {
            return;
        }
        let prog = self.prog;
        let doc = self.doc;
        match &prog.insts[pc as usize] {
            Inst::Tok { test, next } => {
                if self.passes(test, pos) {
                    let next = *next;
                    self.step(pc, pos, pos + 1, next);
                }
            }
            Inst::Class { class, next } => {
                if pos < self.hi {
                    let (class, next, hi) = (*class, *next, self.hi);
                    for h in doc.hits_at(pos) {
                        if h.0 == class && h.1 <= hi {
                            self.step(pc, pos, h.1, next);
                        }
                    }
                }
            }
            Inst::Run {
                test,
                min,
                max,
                next,
            } => {
                let (min, max, next) = (*min, *max, *next);
                let mut p = pos;
                let mut k = 0;
                loop {
                    if k >= min {
                        self.step(pc, pos, p, next);
                    }
                    if k == max || !self.passes(test, p) {
                        break;
                    }
                    p += 1;
                    k += 1;
                }
            }
            Inst::Split(a, b) => {
                let (a, b) = (*a, *b);
                self.dfs(a, pos);
                self.dfs(b, pos);
            }
            Inst::Save { slot, next } => {
                let (slot, next) = (*slot as usize, *next);
                let old = self.caps[slot];
                self.caps[slot] = pos;
                self.dfs(next, pos);
                self.caps[slot] = old;
            }
            Inst::Start(next) => {
                if pos == self.lo || pos == self.head {
                    self.dfs(*next, pos);
                }
            }
            Inst::End(next) => {
                if pos == self.hi {
                    self.dfs(*next, pos);
                }
            }
            Inst::Match => {
                if let Some(all) = &mut self.all {
                    let path = if self.explain {
                        self.path.clone()
                    } else {
                        Vec::new()
                    };
                    all.push((pos, self.caps, path));
                    return;
                }
                if self.best.as_ref().is_none_or(|b| pos > b.0) {
                    let path = if self.explain {
                        self.path.clone()
                    } else {
                        Vec::new()
                    };
                    self.best = Some((pos, self.caps, path));
                }
            }
        }
    }

    /// Consumes tokens `from..to` for instruction `pc` and goes on at `next`.
    fn step(&mut self, pc: Pc, from: u32, to: u32, next: Pc) {
        if self.explain {
            self.path.push((pc, from..to));
            self.dfs(next, to);
            self.path.pop();
        } else {
            self.dfs(next, to);
        }
    }
}
