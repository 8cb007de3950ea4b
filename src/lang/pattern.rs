//! The pattern syntax: a sequence of token tests, read like a reviewer's checklist.
//!
//! ```text
//! @treatment _{0,4} <@heal-verb (the | your)? @body-part>
//! ```
//!
//! | syntax | matches |
//! |---|---|
//! | `repair` | one word in any inflected form: "repair", "repairs", "repaired", "repairing" |
//! | `=fast` | exactly this form ("fast", not "fasting"), any case |
//! | `~revolution` | any word derived from the same stem ("revolutionary", "revolutionize") |
//! | `FDA`, `==Hangover` | exactly this text, case-sensitive (an all-capital word always is) |
//! | `neuro*` | a word that starts with "neuro" |
//! | `body's`, `worn-out`, `St.` | the words and signs the text has ("body" "'s"; "worn-out" also as "wornout") |
//! | `"NAD+"` | the quoted text, token by token, exactly |
//! | `%`, `$`, `,`, `/` | that sign |
//! | `@class` | a member of a word class (`rules/classes/`), one word or several |
//! | `#num` `#digits` `#word` `#Cap` `#CAPS` | a number (digits, "ten", "⅔"); digits only; any word; a capitalized word; an all-capital word |
//! | `_` | any one word or number |
//! | `…` or `...` | any run of tokens to the end of the clause (not past `.`, `!`, `?` or `;`) |
//! | `…{0,8}` | up to eight tokens of the clause, punctuation included (`_{0,8}` counts words only) |
//! | `( a \| b c )` | one of the alternatives |
//! | `x?` `x{2}` `x{0,3}` | optional; exactly two; zero to three (`_{0,4}` is a gap of up to four words) |
//! | `!x` | one token that is not `x` (a word, class or kind) |
//! | `^` `$` | the start and the end of the sentence |
//! | `< … >` | the part of the match to report (the whole match when absent) |
//!
//! This module knows only the syntax; [`super::program`] compiles it.

use super::token::{self, TokenKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// How a word literal matches tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WordMode {
    /// Any inflected form of the word (the default for lowercase words).
    Inflected,
    /// Exactly this form, case-insensitively (`=fast`, numbers, signs, mixed-case words).
    Exact,
    /// Any word with the same stem (`~revolution`).
    Derived,
    /// Exactly this text, case-sensitively (all-capital words, `==Word`).
    Case,
    /// A word starting with this (`neuro*`).
    Prefix,
}

impl WordMode {
    /// The mode of a number code written by the build (`build.rs`).
    pub fn from_code(code: u8) -> WordMode {
        match code {
            1 => WordMode::Exact,
            2 => WordMode::Derived,
            3 => WordMode::Case,
            4 => WordMode::Prefix,
            _ => WordMode::Inflected,
        }
    }
}

/// A word of a pattern or a class entry: its text (lowercase unless case-sensitive) and mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub mode: WordMode,
}

/// A token kind test (`#num`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// A number: digits, a number word or a fraction sign.
    Num,
    /// A number written in digits.
    Digits,
    /// Any word (not a number written in digits, not a sign).
    Word,
    /// A word whose first letter is a capital.
    Cap,
    /// A word of two or more capital letters.
    Caps,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 5] = [
        ("num", Kind::Num),
        ("digits", Kind::Digits),
        ("word", Kind::Word),
        ("Cap", Kind::Cap),
        ("CAPS", Kind::Caps),
    ];

    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .expect("listed")
            .0
    }
}

/// A node of a parsed pattern, with its byte range in the pattern text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub item: Item,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: u32,
    },
    Mark(Box<Node>),
    Word(Word),
    Class(String),
    Kind(Kind),
    /// `_`: any word or number.
    Any,
    /// `…`: any run of tokens to the end of the clause.
    Clause,
    /// One token of the clause (`…{0,8}` repeats it).
    ClauseToken,
    Not(Box<Node>),
    Start,
    End,
}

/// A syntax error, with the byte range in the pattern text it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
    pub help: Option<String>,
}

/// Largest count a quantifier may give.
pub const MAX_REPEAT: u32 = 20;

/// The longest run `…` matches.
pub const MAX_CLAUSE: u32 = 80;

/// Characters that are syntax wherever they appear.
fn is_syntax(c: char) -> bool {
    matches!(
        c,
        '(' | ')' | '|' | '?' | '{' | '}' | '<' | '>' | '@' | '#' | '"' | '…' | '!' | '^'
    )
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub source: String,
    pub root: Node,
}

impl Pattern {
    pub fn parse(source: &str) -> Result<Pattern, SyntaxError> {
        let mut p = Parser {
            src: source,
            pos: 0,
            marks: 0,
        };
        p.skip_ws();
        if p.pos >= source.len() {
            return Err(SyntaxError {
                message: "empty pattern".into(),
                span: 0..source.len(),
                help: Some("a pattern needs at least one token test".into()),
            });
        }
        let root = p.alternation()?;
        p.skip_ws();
        if p.pos < source.len() {
            let c = source[p.pos..].chars().next().expect("in bounds");
            let (message, help) = match c {
                ')' => ("unbalanced `)`: no group is open".to_string(), None),
                '>' => ("unbalanced `>`: no `<` is open".to_string(), None),
                _ => (
                    format!("unexpected `{c}`"),
                    Some("write a sign as a literal in double quotes, e.g. \"?\"".into()),
                ),
            };
            return Err(SyntaxError {
                message,
                span: p.pos..p.pos + c.len_utf8(),
                help,
            });
        }
        if matches_empty(&root) {
            return Err(SyntaxError {
                message: "the pattern can match nothing at all".into(),
                span: 0..source.len(),
                help: Some("every item is optional: make at least one required".into()),
            });
        }
        Ok(Pattern {
            source: source.to_string(),
            root,
        })
    }

    /// The class names the pattern refers to, with their ranges.
    pub fn classes(&self) -> Vec<(&str, Range<usize>)> {
        let mut out = Vec::new();
        walk(&self.root, &mut |n| {
            if let Item::Class(c) = &n.item {
                out.push((c.as_str(), n.span.clone()));
            }
        });
        out
    }

    /// Every word literal of the pattern.
    pub fn words(&self) -> Vec<&Word> {
        let mut out = Vec::new();
        walk(&self.root, &mut |n| {
            if let Item::Word(w) = &n.item {
                out.push(w);
            }
        });
        out
    }

    /// Whether the pattern marks the part to report.
    pub fn has_mark(&self) -> bool {
        let mut found = false;
        walk(&self.root, &mut |n| {
            found |= matches!(n.item, Item::Mark(_))
        });
        found
    }
}

/// Visits every node, parents first.
pub fn walk<'a>(node: &'a Node, f: &mut impl FnMut(&'a Node)) {
    f(node);
    match &node.item {
        Item::Seq(v) | Item::Alt(v) => v.iter().for_each(|n| walk(n, f)),
        Item::Repeat { node, .. } | Item::Mark(node) | Item::Not(node) => walk(node, f),
        _ => {}
    }
}

/// Whether the node can match zero tokens.
pub fn matches_empty(node: &Node) -> bool {
    match &node.item {
        Item::Seq(v) => v.iter().all(matches_empty),
        Item::Alt(v) => v.iter().any(matches_empty),
        Item::Repeat { node, min, .. } => *min == 0 || matches_empty(node),
        Item::Mark(n) => matches_empty(n),
        Item::Clause | Item::Start | Item::End => true,
        _ => false,
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    marks: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
    }

    fn err<T>(
        &self,
        message: impl Into<String>,
        span: Range<usize>,
        help: Option<&str>,
    ) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            message: message.into(),
            span,
            help: help.map(String::from),
        })
    }

    fn alternation(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        let mut alts = vec![self.sequence()?];
        loop {
            self.skip_ws();
            if self.peek() != Some('|') {
                break;
            }
            let bar = self.pos;
            self.pos += 1;
            let alt = self.sequence()?;
            if matches!(&alt.item, Item::Seq(v) if v.is_empty()) {
                return self.err(
                    "empty alternative",
                    bar..bar + 1,
                    Some("remove the `|`, or make the group optional with `?`"),
                );
            }
            alts.push(alt);
        }
        if alts.len() == 1 {
            return Ok(alts.pop().expect("one"));
        }
        if matches!(&alts[0].item, Item::Seq(v) if v.is_empty()) {
            return self.err(
                "empty alternative",
                start..start + 1,
                Some("remove the `|`, or make the group optional with `?`"),
            );
        }
        Ok(Node {
            span: start..self.pos,
            item: Item::Alt(alts),
        })
    }

    fn sequence(&mut self) -> Result<Node, SyntaxError> {
        self.skip_ws();
        let start = self.pos;
        let mut items: Vec<Node> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some('|') | Some(')') | Some('>') => break,
                _ => {}
            }
            let mut nodes = self.atom()?;
            // A quantifier applies to the last token of a literal run: `cells?` is not a thing,
            // but `(the)?` and `body's?` make the last item optional.
            if let Some(q) = self.quantifier()? {
                let last = nodes.pop().expect("an atom is never empty");
                let span = last.span.start..self.pos;
                let (min, max) = q;
                nodes.push(Node {
                    span,
                    item: Item::Repeat {
                        node: Box::new(last),
                        min,
                        max,
                    },
                });
            }
            items.extend(nodes);
        }
        if items.len() == 1 {
            return Ok(items.pop().expect("one"));
        }
        Ok(Node {
            span: start..self.pos,
            item: Item::Seq(items),
        })
    }

    fn quantifier(&mut self) -> Result<Option<(u32, u32)>, SyntaxError> {
        match self.peek() {
            Some('?') => {
                self.pos += 1;
                Ok(Some((0, 1)))
            }
            Some('{') => {
                let open = self.pos;
                let close = match self.src[open..].find('}') {
                    Some(i) => open + i,
                    None => {
                        return self.err(
                            "unclosed `{`",
                            open..open + 1,
                            Some("write `{2}` or `{0,3}`"),
                        );
                    }
                };
                let body = &self.src[open + 1..close];
                let parse = |s: &str| s.trim().parse::<u32>().ok();
                let (min, max) = match body.split_once(',') {
                    None => match parse(body) {
                        Some(n) => (n, n),
                        None => {
                            return self.err(
                                format!("invalid count `{{{body}}}`"),
                                open..close + 1,
                                Some("write `{2}` or `{0,3}`"),
                            );
                        }
                    },
                    Some((a, b)) => match (parse(a), parse(b)) {
                        (Some(a), Some(b)) => (a, b),
                        (Some(_), None) if b.trim().is_empty() => {
                            return self.err(
                                "a count needs an upper bound",
                                open..close + 1,
                                Some(&format!("write `{{{},{MAX_REPEAT}}}` at most", a.trim())),
                            );
                        }
                        _ => {
                            return self.err(
                                format!("invalid count `{{{body}}}`"),
                                open..close + 1,
                                Some("write `{2}` or `{0,3}`"),
                            );
                        }
                    },
                };
                if min > max {
                    return self.err(
                        format!("the count `{{{body}}}` has its bounds reversed"),
                        open..close + 1,
                        None,
                    );
                }
                if max == 0 {
                    return self.err("a count of zero matches nothing", open..close + 1, None);
                }
                if max > MAX_REPEAT {
                    return self.err(
                        format!("the count `{{{body}}}` is too large"),
                        open..close + 1,
                        Some(&format!(
                            "at most {MAX_REPEAT}; for the rest of a clause use `…`"
                        )),
                    );
                }
                self.pos = close + 1;
                Ok(Some((min, max)))
            }
            _ => Ok(None),
        }
    }

    /// One atom; a literal run may give several word nodes ("body's" is two).
    fn atom(&mut self) -> Result<Vec<Node>, SyntaxError> {
        let start = self.pos;
        let c = self.peek().expect("not at end");
        match c {
            '(' | '<' => {
                let close = if c == '(' { ')' } else { '>' };
                if c == '<' {
                    if self.marks > 0 {
                        return self.err(
                            "only one part of a pattern can be marked with `< >`",
                            start..start + 1,
                            None,
                        );
                    }
                    self.marks += 1;
                }
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(close) {
                    return self.err(format!("empty `{c}{close}`"), start..self.pos + 1, None);
                }
                let inner = self.alternation()?;
                self.skip_ws();
                if self.peek() != Some(close) {
                    return self.err(
                        format!("unbalanced `{c}`: no `{close}` closes it"),
                        start..start + 1,
                        None,
                    );
                }
                self.pos += 1;
                let span = start..self.pos;
                let item = if c == '(' {
                    inner.item
                } else {
                    Item::Mark(Box::new(inner))
                };
                Ok(vec![Node { span, item }])
            }
            ')' | '>' => self.err(format!("unbalanced `{c}`"), start..start + 1, None),
            '|' => self.err("empty alternative", start..start + 1, None),
            '?' | '{' => self.err(
                format!("`{c}` must follow a word, class or group"),
                start..start + 1,
                None,
            ),
            '@' => {
                self.pos += 1;
                let name_start = self.pos;
                while let Some(ch) = self.peek() {
                    if ch.is_ascii_alphanumeric() || ch == '-' {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let name = &self.src[name_start..self.pos];
                if name.is_empty() {
                    return self.err(
                        "`@` needs a class name",
                        start..start + 1,
                        Some("e.g. `@body-part`"),
                    );
                }
                Ok(vec![Node {
                    span: start..self.pos,
                    item: Item::Class(name.to_string()),
                }])
            }
            '#' => {
                self.pos += 1;
                let name_start = self.pos;
                while let Some(ch) = self.peek() {
                    if ch.is_ascii_alphabetic() {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let name = &self.src[name_start..self.pos];
                match Kind::ALL.iter().find(|(n, _)| *n == name) {
                    Some((_, k)) => Ok(vec![Node {
                        span: start..self.pos,
                        item: Item::Kind(*k),
                    }]),
                    None => {
                        let known: Vec<String> =
                            Kind::ALL.iter().map(|(n, _)| format!("#{n}")).collect();
                        self.err(
                            format!("unknown token kind `#{name}`"),
                            start..self.pos,
                            Some(&format!("known kinds: {}", known.join(", "))),
                        )
                    }
                }
            }
            '"' => {
                let close = match self.src[start + 1..].find('"') {
                    Some(i) => start + 1 + i,
                    None => return self.err("unclosed `\"`", start..start + 1, None),
                };
                let text = &self.src[start + 1..close];
                self.pos = close + 1;
                let span = start..self.pos;
                let mut toks = Vec::new();
                token::tokenize(text, 0, &mut toks);
                if toks.is_empty() {
                    return self.err("empty quoted text", span, None);
                }
                Ok(toks
                    .iter()
                    .map(|t| Node {
                        span: span.clone(),
                        item: Item::Word(Word {
                            text: token::normal_form(&text[t.range()]).into_owned(),
                            mode: WordMode::Exact,
                        }),
                    })
                    .collect())
            }
            '…' => {
                self.pos += c.len_utf8();
                Ok(vec![self.gap_or_clause(start)])
            }
            '!' => {
                self.pos += 1;
                if self.peek().is_none_or(|ch| ch.is_whitespace()) {
                    return self.err(
                        "`!` needs a word, class or kind right after it",
                        start..start + 1,
                        None,
                    );
                }
                let mut inner = self.atom()?;
                if inner.len() != 1 || !is_single_token(&inner[0]) {
                    return self.err(
                        "`!` applies to one word, class or kind",
                        start..self.pos,
                        Some("write `!(a | b)` as two tests, or use the rule's `exceptions`"),
                    );
                }
                Ok(vec![Node {
                    span: start..self.pos,
                    item: Item::Not(Box::new(inner.pop().expect("one"))),
                }])
            }
            '^' => {
                self.pos += 1;
                Ok(vec![Node {
                    span: start..self.pos,
                    item: Item::Start,
                }])
            }
            _ => self.literal_run(start),
        }
    }

    /// `…` or `...`: a gap of words when a count follows (`…{0,4}`), else the rest of a clause.
    fn gap_or_clause(&mut self, start: usize) -> Node {
        if self.peek() == Some('{') {
            // `…{0,4}`: the quantifier parsed next applies to this one-token node.
            return Node {
                span: start..self.pos,
                item: Item::ClauseToken,
            };
        }
        Node {
            span: start..self.pos,
            item: Item::Clause,
        }
    }

    fn literal_run(&mut self, start: usize) -> Result<Vec<Node>, SyntaxError> {
        while let Some(ch) = self.peek() {
            if ch.is_whitespace() || is_syntax(ch) {
                break;
            }
            self.pos += ch.len_utf8();
        }
        let run = &self.src[start..self.pos];
        let span = start..self.pos;
        let node = |item: Item| Node {
            span: span.clone(),
            item,
        };
        match run {
            "_" => return Ok(vec![node(Item::Any)]),
            "$" => return Ok(vec![node(Item::End)]),
            "..." => return Ok(vec![self.gap_or_clause(start)]),
            _ => {}
        }
        let (mode, body) = mode_prefix(run);
        if body.is_empty() {
            return self.err(format!("`{run}` needs a word after it"), span, None);
        }
        if let Some(prefix) = body.strip_suffix('*') {
            if prefix.is_empty() || !prefix.chars().all(char::is_alphanumeric) {
                return self.err(
                    "a prefix test is letters followed by `*`",
                    span,
                    Some("e.g. `neuro*`"),
                );
            }
            return Ok(vec![node(Item::Word(Word {
                text: token::normal_form(prefix).into_owned(),
                mode: WordMode::Prefix,
            }))]);
        }
        let words = literal_words(body, mode);
        if words.is_empty() {
            return self.err(format!("`{run}` has no word in it"), span, None);
        }
        if mode.is_some() && words.len() > 1 {
            return self.err(
                format!("`{}` applies to one word", &run[..run.len() - body.len()]),
                span,
                Some("quote a phrase instead: \"exact phrase\""),
            );
        }
        // "worn-out" is also "wornout".
        let hyphenated = hyphen_joined(body);
        let seq: Vec<Node> = words.into_iter().map(|w| node(Item::Word(w))).collect();
        if let Some(joined) = hyphenated {
            let seq_node = node(Item::Seq(seq));
            let one = node(Item::Word(Word {
                text: joined,
                mode: WordMode::Inflected,
            }));
            return Ok(vec![node(Item::Alt(vec![seq_node, one]))]);
        }
        Ok(seq)
    }
}

/// The mode a word asks for with a prefix (`==Word`, `=word`, `~word`), and the word.
pub fn mode_prefix(run: &str) -> (Option<WordMode>, &str) {
    if let Some(rest) = run.strip_prefix("==") {
        (Some(WordMode::Case), rest)
    } else if let Some(rest) = run.strip_prefix('=') {
        (Some(WordMode::Exact), rest)
    } else if let Some(rest) = run.strip_prefix('~') {
        (Some(WordMode::Derived), rest)
    } else {
        (None, run)
    }
}

/// Whether a node matches exactly one token (so that `!` may apply to it).
fn is_single_token(n: &Node) -> bool {
    matches!(
        n.item,
        Item::Word(_) | Item::Class(_) | Item::Kind(_) | Item::Any | Item::ClauseToken
    )
}

/// The lowercase words of a hyphenated literal joined into one ("worn-out" → "wornout"), when
/// the literal is two or more words joined by hyphens and nothing else.
pub fn hyphen_joined(text: &str) -> Option<String> {
    if !text.contains('-') || text.starts_with('-') || text.ends_with('-') {
        return None;
    }
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() < 2
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic))
    {
        return None;
    }
    Some(parts.concat().to_lowercase())
}

/// The word tests of a literal run or class entry: the text split into tokens as prose is, each
/// with its mode. `forced` is the mode a prefix (`=`, `==`, `~`) asked for.
pub fn literal_words(text: &str, forced: Option<WordMode>) -> Vec<Word> {
    // The common case, one plain lowercase word, without the tokenizer.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase()) {
        return vec![Word {
            text: text.to_string(),
            mode: forced.unwrap_or(WordMode::Inflected),
        }];
    }
    let lower = text.to_lowercase();
    // A clitic written alone ("'s", "n't").
    if matches!(
        lower.as_str(),
        "'s" | "n't" | "'re" | "'ve" | "'ll" | "'d" | "'m"
    ) {
        return vec![Word {
            text: lower,
            mode: forced.unwrap_or(WordMode::Exact),
        }];
    }
    let mut toks = Vec::new();
    token::tokenize(text, 0, &mut toks);
    toks.iter()
        .map(|t| {
            let raw = &text[t.range()];
            let mode = forced.unwrap_or_else(|| default_mode(raw, t.kind));
            let text = if mode == WordMode::Case {
                raw.to_string()
            } else {
                token::normal_form(raw).into_owned()
            };
            Word { text, mode }
        })
        .collect()
}

/// The mode a word has when nothing is asked: lowercase words inflect, all-capital words match
/// case-sensitively, everything else matches its exact form.
pub fn default_mode(raw: &str, kind: TokenKind) -> WordMode {
    if kind != TokenKind::Word {
        return WordMode::Exact;
    }
    let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !raw.chars().any(char::is_lowercase) {
        return WordMode::Case;
    }
    if raw.chars().all(|c| c.is_alphabetic() && !c.is_uppercase()) {
        return WordMode::Inflected;
    }
    if raw.chars().all(char::is_alphabetic) && raw.chars().skip(1).all(|c| !c.is_uppercase()) {
        // "Ozempic", "Alzheimer": capitalized names inflect like other words.
        return WordMode::Inflected;
    }
    WordMode::Exact
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mode {
            WordMode::Inflected => write!(f, "{}", self.text),
            WordMode::Exact => {
                if self.text.chars().all(char::is_alphabetic) {
                    write!(f, "={}", self.text)
                } else if self.text.chars().any(is_syntax)
                    || matches!(self.text.as_str(), "_" | "$" | "..." | "*")
                    || self.text.starts_with(['=', '~'])
                {
                    // A sign that is syntax reads back only quoted: `"("`.
                    write!(f, "\"{}\"", self.text)
                } else {
                    write!(f, "{}", self.text)
                }
            }
            WordMode::Derived => write!(f, "~{}", self.text),
            WordMode::Case => {
                let letters = self.text.chars().filter(|c| c.is_alphabetic()).count();
                if letters >= 2 && !self.text.chars().any(char::is_lowercase) {
                    write!(f, "{}", self.text)
                } else {
                    write!(f, "=={}", self.text)
                }
            }
            WordMode::Prefix => write!(f, "{}*", self.text),
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Item::Seq(v) => {
                let parts: Vec<String> = v.iter().map(|n| n.to_string()).collect();
                write!(f, "{}", parts.join(" "))
            }
            Item::Alt(v) => {
                let parts: Vec<String> = v.iter().map(|n| n.to_string()).collect();
                write!(f, "({})", parts.join(" | "))
            }
            Item::Repeat { node, min, max } => {
                let inner = match node.item {
                    Item::Seq(_) => format!("({node})"),
                    _ => node.to_string(),
                };
                match (min, max) {
                    (0, 1) => write!(f, "{inner}?"),
                    (a, b) if a == b => write!(f, "{inner}{{{a}}}"),
                    (a, b) => write!(f, "{inner}{{{a},{b}}}"),
                }
            }
            Item::Mark(n) => write!(f, "<{n}>"),
            Item::Word(w) => write!(f, "{w}"),
            Item::Class(c) => write!(f, "@{c}"),
            Item::Kind(k) => write!(f, "#{}", k.name()),
            Item::Any => write!(f, "_"),
            Item::Clause | Item::ClauseToken => write!(f, "…"),
            Item::Not(n) => write!(f, "!{n}"),
            Item::Start => write!(f, "^"),
            Item::End => write!(f, "$"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        Pattern::parse(s).unwrap().root.to_string()
    }

    fn error(s: &str) -> SyntaxError {
        Pattern::parse(s).unwrap_err()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(
            show("@treatment _{0,4} <@heal-verb (the|your)? @body-part>"),
            "@treatment _{0,4} <@heal-verb (the | your)? @body-part>"
        );
        assert_eq!(show("the body's own"), "the body 's own");
        assert_eq!(show("worn-out"), "(worn out | wornout)");
        assert_eq!(
            show("=fast FDA ==Hangover ~revolution neuro* #num %"),
            "=fast FDA ==Hangover ~revolution neuro* #num %"
        );
        assert_eq!(show("\"NAD+\" IV"), "=nad + IV");
        assert_eq!(show("…{0,3} cure … _{2}"), "…{0,3} cure … _{2}");
        assert_eq!(show("^ is ...? $"), "^ is …? $");
        assert_eq!(show("!no cure"), "!no cure");
        assert_eq!(show("St. John's wort"), "st . john 's wort");
        assert_eq!(
            show("(\"(\" _ \")\")? \"&\" \"?\""),
            "(\"(\" _ \")\")? & \"?\""
        );
        // What is printed parses back to the same pattern.
        for p in [
            "(\"(\" …{1,20} \")\")? x",
            "\"$\" #num",
            "=fast \"NAD+\"",
            "@a (b | c d)? <e>",
        ] {
            let once = show(p);
            assert_eq!(show(&once), once, "{p}");
        }
    }

    #[test]
    fn words_have_modes() {
        let p = Pattern::parse("repairs Ozempic HbA1c ADD 10 =fast").unwrap();
        let modes: Vec<WordMode> = p.words().iter().map(|w| w.mode).collect();
        assert_eq!(
            modes,
            vec![
                WordMode::Inflected,
                WordMode::Inflected,
                WordMode::Exact,
                WordMode::Case,
                WordMode::Exact,
                WordMode::Exact
            ]
        );
    }

    #[test]
    fn errors_point_at_the_place() {
        let e = error("cure (the | your");
        assert_eq!(e.span, 5..6);
        assert!(e.message.contains("unbalanced `(`"), "{}", e.message);
        let e = error("cure (the | ) x");
        assert_eq!(e.message, "empty alternative");
        assert_eq!(e.span, 10..11);
        let e = error("(| a) b");
        assert_eq!(e.message, "empty alternative");
        let e = error("cure )");
        assert!(e.message.contains("unbalanced `)`"));
        assert_eq!(e.span, 5..6);
        let e = error("#number of");
        assert!(e.message.contains("unknown token kind `#number`"));
        assert_eq!(e.span, 0..7);
        assert!(error("a{3,1}").message.contains("reversed"));
        assert!(error("a{0,99}").message.contains("too large"));
        assert!(error("a{2,}").message.contains("upper bound"));
        assert!(error("(a)? b?").message.contains("nothing at all"));
        assert!(error("<a> <b>").message.contains("only one part"));
        assert!(error("? a").message.contains("must follow"));
        assert!(error("").message.contains("empty pattern"));
        assert!(error("a \"b").message.contains("unclosed"));
        assert!(error("@ x").message.contains("class name"));
        assert!(error("!(a b)").message.contains("applies to one"));
    }

    #[test]
    fn classes_are_listed_with_spans() {
        let p = Pattern::parse("a @one (b | @two-x)").unwrap();
        assert_eq!(p.classes(), vec![("one", 2..6), ("two-x", 12..18)]);
    }
}
