//! Rule examples are tests: every `[[examples]]` entry must fire (with exactly the listed
//! spans) or must not fire.

use super::Rule;
use crate::engine::Engine;
use crate::engine::context::Lexicon;
use crate::source::{Document, LoadOptions};
use std::fmt;

/// A finding an example produced: its exact source text and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// An example that did not behave as its rule file says.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    pub code: String,
    pub name: String,
    pub origin: String,
    /// Line of the example in the rule file.
    pub line: usize,
    pub text: String,
    pub expected: String,
    pub fired: Vec<Fired>,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}: {} {}: example {:?}",
            self.origin, self.line, self.code, self.name, self.text
        )?;
        writeln!(f, "  expected: {}", self.expected)?;
        if self.fired.is_empty() {
            write!(f, "  fired:    nothing")
        } else {
            let list: Vec<String> = self
                .fired
                .iter()
                .map(|x| format!("{:?} at {}:{}", x.text, x.line, x.column))
                .collect();
            write!(f, "  fired:    {}", list.join(", "))
        }
    }
}

/// Runs every example of `rule` with an engine holding only that rule.
pub fn run(rule: &Rule) -> Vec<ExampleFailure> {
    let engine = Engine::new(vec![rule.clone()], Lexicon::builtin());
    run_in(rule, &engine)
}

/// Runs every example of `rule` with `engine`, which holds `rule` among others (document-level
/// requirements may be triggered by other rules' findings); only `rule`'s findings count.
pub fn run_in(rule: &Rule, engine: &Engine) -> Vec<ExampleFailure> {
    let opts = LoadOptions::default();
    let mut failures = Vec::new();
    for ex in &rule.examples {
        let name = match ex.format {
            crate::source::Format::Markdown => "example.md",
            crate::source::Format::Text => "example.txt",
            crate::source::Format::Html => "example.html",
        };
        let mut doc = Document::parse(name, ex.text.clone(), ex.format, &opts);
        if ex.frame.is_some() {
            doc.frame = ex.frame;
        }
        let findings = engine.lint(&doc, ex.market);
        let fired: Vec<Fired> = findings
            .iter()
            .filter(|f| f.rule.code == rule.info.code)
            .map(|f| Fired {
                text: f.text.clone(),
                line: f.span.map_or(0, |s| s.line),
                column: f.span.map_or(0, |s| s.column),
            })
            .collect();
        let ok = match (&ex.spans, ex.fires) {
            (_, false) => fired.is_empty(),
            (None, true) => !fired.is_empty(),
            (Some(spans), true) => {
                let got: Vec<&str> = fired.iter().map(|f| f.text.as_str()).collect();
                let want: Vec<&str> = spans.iter().map(String::as_str).collect();
                got == want
            }
        };
        if !ok {
            let expected = match (&ex.spans, ex.fires) {
                (_, false) => "no finding".to_string(),
                (None, true) => "at least one finding".to_string(),
                (Some(spans), true) => format!("findings at {spans:?}"),
            };
            failures.push(ExampleFailure {
                code: rule.info.code.clone(),
                name: rule.info.name.clone(),
                origin: rule.info.origin.clone(),
                line: ex.line,
                text: ex.text.clone(),
                expected,
                fired,
            });
        }
    }
    failures
}
