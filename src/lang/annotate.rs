//! A document's tokens with what every pattern needs to know about them, computed once: the
//! word tests each token passes and the classes (words and phrases) that start at it.

use super::pattern::Kind;
use super::token::{self, Token, TokenKind};
use super::vocab::{ClassId, Hit, Vocab, WordId};
use std::ops::Range;

/// Signature bits 0–58 are hashed from word tests and classes; 59–63 are the token kinds.
const HASHED_BITS: u64 = 59;

fn hashed_bit(h: u64) -> u64 {
    1 << (((h >> 32) * HASHED_BITS) >> 32)
}

/// The signature bit of a word test.
pub fn word_bit(w: WordId) -> u64 {
    hashed_bit((w as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The signature bit of a class.
pub fn class_bit(c: ClassId) -> u64 {
    hashed_bit((c as u64 ^ 0x5555_5555).wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
}

/// The signature bit of a kind test (`#num`, `#Cap`, …): a bit of its own.
pub fn kind_bit(k: Kind) -> u64 {
    1 << (HASHED_BITS
        + match k {
            Kind::Num => 0,
            Kind::Digits => 1,
            Kind::Word => 2,
            Kind::Cap => 3,
            Kind::Caps => 4,
        })
}

/// The kind bits of the tests a token passes.
fn kind_bits(t: &Token) -> u64 {
    use token::{ALL_CAPS, CAPITALIZED, NUMBER_WORD};
    let mut bits = 0;
    if t.kind == TokenKind::Number || t.has(NUMBER_WORD) {
        bits |= kind_bit(Kind::Num);
    }
    if t.kind == TokenKind::Number {
        bits |= kind_bit(Kind::Digits);
    }
    if t.kind == TokenKind::Word {
        bits |= kind_bit(Kind::Word);
        if t.has(CAPITALIZED) {
            bits |= kind_bit(Kind::Cap);
        }
        if t.has(ALL_CAPS) {
            bits |= kind_bit(Kind::Caps);
        }
    }
    bits
}

/// The tokens of a document's sentences, annotated.
#[derive(Debug, Default)]
pub struct TokenDoc {
    pub tokens: Vec<Token>,
    word_start: Vec<u32>,
    words: Vec<WordId>,
    hit_start: Vec<u32>,
    hits: Vec<Hit>,
    /// By token: a 64-bit signature of its words and the classes that start at it
    /// and its kinds ([`word_bit`], [`class_bit`], [`kind_bit`]), for a quick test of what a pattern may start with.
    sigs: Vec<u64>,
    /// By sentence (in the order given): its range of tokens.
    pub sentences: Vec<Range<u32>>,
}

impl TokenDoc {
    /// Tokenizes and annotates the sentences of `text` (ranges into it).
    pub fn build<'a>(
        vocab: &Vocab,
        text: &str,
        sentences: impl IntoIterator<Item = Range<usize>> + 'a,
    ) -> TokenDoc {
        let mut doc = TokenDoc::default();
        for range in sentences {
            let first = doc.tokens.len() as u32;
            token::tokenize(&text[range.clone()], range.start, &mut doc.tokens);
            drop_elisions(text, &mut doc.tokens, first as usize);
            let last = doc.tokens.len() as u32;
            for t in &doc.tokens[first as usize..] {
                doc.word_start.push(doc.words.len() as u32);
                let original = token::word_text(&text[t.range()]);
                let original = original.as_ref();
                if t.kind == TokenKind::Number && !original.is_empty() {
                    // Numbers match only their exact text.
                    vocab.lookup(original, original, &mut doc.words);
                    continue;
                }
                let lower = token::normal_form(original);
                vocab.lookup(original, &lower, &mut doc.words);
            }
            doc.sentences.push(first..last);
        }
        doc.word_start.push(doc.words.len() as u32);
        // Classes, sentence by sentence: phrases never cross a sentence.
        let TokenDoc {
            word_start,
            words,
            hit_start,
            hits,
            sentences: ranges,
            ..
        } = &mut doc;
        let words_at =
            |i: u32| &words[word_start[i as usize] as usize..word_start[i as usize + 1] as usize];
        let mut scratch: Vec<ClassId> = Vec::new();
        for range in ranges.iter() {
            for i in range.clone() {
                hit_start.push(hits.len() as u32);
                let here = words_at(i);
                scratch.clear();
                vocab.classes_of(here, &mut scratch);
                scratch.sort_unstable();
                scratch.dedup();
                let start = hits.len();
                hits.extend(scratch.iter().map(|&c| (c, i + 1)));
                if vocab.starts_phrase(here) {
                    let mut frontier: Vec<(u32, u32)> = here
                        .iter()
                        .filter_map(|&w| vocab.step(0, w).map(|n| (n, i + 1)))
                        .collect();
                    while let Some((node, next)) = frontier.pop() {
                        for &c in vocab.phrase_classes(node) {
                            hits.push((c, next));
                        }
                        if next < range.end {
                            for &w in words_at(next) {
                                if let Some(n) = vocab.step(node, w) {
                                    frontier.push((n, next + 1));
                                }
                            }
                        }
                    }
                    hits[start..].sort_unstable();
                    let mut k = start;
                    for j in start..hits.len() {
                        if j == start || hits[j] != hits[k - 1] {
                            hits[k] = hits[j];
                            k += 1;
                        }
                    }
                    hits.truncate(k);
                }
            }
        }
        doc.hit_start.push(doc.hits.len() as u32);
        doc.sigs = (0..doc.tokens.len() as u32)
            .map(|i| {
                doc.words_at(i)
                    .iter()
                    .map(|&w| word_bit(w))
                    .fold(0, |a, b| a | b)
                    | doc
                        .hits_at(i)
                        .iter()
                        .map(|h| class_bit(h.0))
                        .fold(0, |a, b| a | b)
                    | kind_bits(&doc.tokens[i as usize])
            })
            .collect();
        doc
    }

    /// The tokens `range` as a document of one sentence, their text ranges less `shift`: the
    /// same tests and classes (a phrase never crosses a sentence, so none crosses the range's
    /// ends when it starts and ends at sentences).
    pub fn slice(&self, range: Range<u32>, shift: u32) -> TokenDoc {
        let (a, b) = (range.start as usize, range.end as usize);
        let (w0, w1) = (self.word_start[a], self.word_start[b]);
        let (h0, h1) = (self.hit_start[a], self.hit_start[b]);
        TokenDoc {
            tokens: self.tokens[a..b]
                .iter()
                .map(|t| Token {
                    start: t.start - shift,
                    end: t.end - shift,
                    ..*t
                })
                .collect(),
            word_start: self.word_start[a..=b].iter().map(|w| w - w0).collect(),
            words: self.words[w0 as usize..w1 as usize].to_vec(),
            hit_start: self.hit_start[a..=b].iter().map(|h| h - h0).collect(),
            hits: self.hits[h0 as usize..h1 as usize]
                .iter()
                .map(|&(c, end)| (c, end - range.start))
                .collect(),
            sigs: self.sigs[a..b].to_vec(),
            sentences: std::iter::once(0..range.len() as u32).collect(),
        }
    }

    /// The signature of token `i`: the bits of its words and of the classes starting at it.
    pub fn sig(&self, i: u32) -> u64 {
        self.sigs[i as usize]
    }

    /// The word tests token `i` passes.
    pub fn words_at(&self, i: u32) -> &[WordId] {
        let i = i as usize;
        &self.words[self.word_start[i] as usize..self.word_start[i + 1] as usize]
    }

    /// The classes that start at token `i`, with the end of each phrase.
    pub fn hits_at(&self, i: u32) -> &[Hit] {
        let i = i as usize;
        &self.hits[self.hit_start[i] as usize..self.hit_start[i + 1] as usize]
    }

    /// Whether token `i` passes word test `w`.
    pub fn has_word(&self, i: u32, w: WordId) -> bool {
        self.words_at(i).contains(&w)
    }

    /// Whether a one-token member of class `c` is at token `i`.
    pub fn has_class(&self, i: u32, c: ClassId) -> bool {
        self.hits_at(i)
            .iter()
            .any(|&(k, end)| k == c && end == i + 1)
    }

    /// The prose range of tokens `range`.
    pub fn prose_range(&self, range: Range<u32>) -> Range<usize> {
        if range.start >= range.end {
            let at = self
                .tokens
                .get(range.start as usize)
                .map_or(0, |t| t.start as usize);
            return at..at;
        }
        self.tokens[range.start as usize].start as usize
            ..self.tokens[range.end as usize - 1].end as usize
    }

    /// The index of the first token that ends after prose offset `p`.
    pub fn token_at(&self, p: usize) -> u32 {
        self.tokens.partition_point(|t| (t.end as usize) <= p) as u32
    }
}

/// Drops the ellipses that stand for words left out of a quoted claim ("Relieves …
/// inflammation", "…antispasmodic and analgesic"): the words on either side are read as one
/// run. An ellipsis that ends the sentence ("Customers say…") stays.
fn drop_elisions(text: &str, tokens: &mut Vec<Token>, first: usize) {
    let is_elision = |t: &Token| {
        t.kind == TokenKind::Symbol && matches!(&text[t.range()], "…" | "..." | ". . .")
    };
    let Some(last_word) = tokens[first..].iter().rposition(Token::is_wordlike) else {
        return;
    };
    let last_word = first + last_word;
    if !tokens[first..last_word].iter().any(is_elision) {
        return;
    }
    let mut k = first;
    let mut i = first;
    while i < tokens.len() {
        if i < last_word && is_elision(&tokens[i]) {
            i += 1;
            continue;
        }
        tokens[k] = tokens[i];
        k += 1;
        i += 1;
    }
    tokens.truncate(k);
}
