//! Every problem of a rule file's shape at once: syntax errors, unknown keys and values (with
//! "did you mean"), missing keys. Deserializing stops at the first problem; this walk goes on,
//! so one run of `medlint test-rules` shows all of them.
//!
//! The keys and values it knows are the schema's own (`schema.rs`), read from serde's answer to
//! a probe, so the two never disagree.

use super::schema::{ContextSpec, ExampleSpec, HedgeMode, MatchKind, MatchSpec, RuleFile, Scope};
use crate::diagnostic::{Category, Frame, Market, Severity};
use crate::lang::classes::edit_distance;
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem: message, where, label, help.
pub type Problem = (String, Option<Range<usize>>, &'static str, Option<String>);

const PROBE: &str = "medlint-probe";

/// The backquoted names after "expected" in a serde error.
fn expected_in(message: &str) -> Vec<String> {
    let Some(at) = message.find("expected") else {
        return Vec::new();
    };
    message[at..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The keys a table of type `T` accepts.
fn fields<T: DeserializeOwned>() -> Vec<String> {
    match toml::from_str::<T>(&format!("{PROBE} = 0")) {
        Err(e) => expected_in(e.message()),
        Ok(_) => Vec::new(),
    }
}

/// The values an enum `T` accepts.
fn variants<T: DeserializeOwned>() -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Probe<T> {
        #[allow(dead_code)]
        v: T,
    }
    match toml::from_str::<Probe<T>>(&format!("v = \"{PROBE}\"")) {
        Err(e) => expected_in(e.message()),
        Ok(_) => Vec::new(),
    }
}

/// "did you mean `x`?" for the known name closest to `name`, when one is close.
fn did_you_mean(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (edit_distance(k, name), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

struct Walk {
    problems: Vec<Problem>,
}

impl Walk {
    fn keys(
        &mut self,
        table: &DeTable,
        known: &[String],
        required: &[&str],
        at: Range<usize>,
        what: &str,
    ) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if !known.iter().any(|k| k == name) {
                let help = did_you_mean(name, known)
                    .unwrap_or_else(|| format!("{what} takes {}", quoted(known)));
                self.problems.push((
                    format!("unknown key `{name}` in {what}"),
                    Some(key.span()),
                    "unknown key",
                    Some(help),
                ));
            }
        }
        for r in required {
            if !table.keys().any(|k| k.get_ref().as_ref() == *r) {
                self.problems.push((
                    format!("missing key `{r}` in {what}"),
                    Some(at.clone()),
                    "in this table",
                    None,
                ));
            }
        }
    }

    /// A string value (or each string of an array) that must be one of `known`.
    fn values(&mut self, value: &Spanned<DeValue>, known: &[String], key: &str) {
        let check = |this: &mut Walk, v: &Spanned<DeValue>| {
            if let DeValue::String(s) = v.get_ref()
                && !known.iter().any(|k| k == s.as_ref())
            {
                let help = did_you_mean(s, known)
                    .unwrap_or_else(|| format!("`{key}` is one of {}", quoted(known)));
                this.problems.push((
                    format!("unknown value `{s}` for `{key}`"),
                    Some(v.span()),
                    "unknown value",
                    Some(help),
                ));
            }
        };
        match value.get_ref() {
            DeValue::Array(items) => items.iter().for_each(|v| check(self, v)),
            _ => check(self, value),
        }
    }

    fn values_of(&mut self, table: &DeTable, of: &[(&str, Vec<String>)]) {
        for (key, value) in table {
            if let Some((_, known)) = of.iter().find(|(k, _)| *k == key.get_ref().as_ref()) {
                self.values(value, known, key.get_ref());
            }
        }
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every problem of the file's shape; empty when it has the shape of a rule file.
pub fn problems(src: &str) -> Vec<Problem> {
    let (doc, errors) = DeTable::parse_recoverable(src);
    let mut walk = Walk {
        problems: errors
            .iter()
            .map(|e| (e.message().trim().to_string(), e.span(), "here", None))
            .collect(),
    };
    if !walk.problems.is_empty() {
        return walk.problems;
    }
    let top = doc.get_ref();
    let whole = 0..src.len().min(1);
    walk.keys(
        top,
        &fields::<RuleFile>(),
        &[
            "code",
            "name",
            "category",
            "severity",
            "message",
            "help",
            "description",
            "match",
        ],
        whole,
        "a rule file",
    );
    walk.values_of(
        top,
        &[
            ("category", variants::<Category>()),
            ("severity", variants::<Severity>()),
            ("markets", variants::<Market>()),
            ("frames", variants::<Frame>()),
        ],
    );
    let table = |key: &str| {
        top.iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    };
    if let Some(m) = table("match")
        && let DeValue::Table(t) = m.get_ref()
    {
        walk.keys(t, &fields::<MatchSpec>(), &["kind"], m.span(), "`[match]`");
        walk.values_of(t, &[("kind", variants::<MatchKind>())]);
    }
    if let Some(c) = table("context")
        && let DeValue::Table(t) = c.get_ref()
    {
        walk.keys(t, &fields::<ContextSpec>(), &[], c.span(), "`[context]`");
        walk.values_of(
            t,
            &[
                ("scope", variants::<Scope>()),
                ("hedges", variants::<HedgeMode>()),
            ],
        );
    }
    if let Some(e) = table("examples")
        && let DeValue::Array(items) = e.get_ref()
    {
        for item in items {
            if let DeValue::Table(t) = item.get_ref() {
                walk.keys(
                    t,
                    &fields::<ExampleSpec>(),
                    &["text", "fires"],
                    item.span(),
                    "an example",
                );
                walk.values_of(
                    t,
                    &[
                        ("market", variants::<Market>()),
                        ("frame", variants::<Frame>()),
                    ],
                );
            }
        }
    }
    walk.problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_read_from_serde() {
        let top = fields::<RuleFile>();
        for k in ["code", "help-for", "match", "examples", "rewrites"] {
            assert!(top.iter().any(|f| f == k), "{k} in {top:?}");
        }
        assert!(
            variants::<MatchKind>()
                .iter()
                .any(|v| v == "product-mention")
        );
        assert!(variants::<Scope>().iter().any(|v| v == "paragraph"));
    }

    #[test]
    fn every_problem_at_once_with_did_you_mean() {
        let src = "code = \"X001\"\nname = \"x\"\ncategory = \"absolute-languag\"\nseverty = \"error\"\n\
                   message = \"m\"\nhelp = \"h\"\ndescription = \"d\"\n\n[match]\nkind = \"regexp\"\n\n\
                   [context]\nnegaton = true\n\n[[examples]]\ntext = \"t\"\nfire = true\n";
        let got: Vec<(String, Option<String>)> =
            problems(src).into_iter().map(|p| (p.0, p.3)).collect();
        let want = [
            (
                "unknown key `severty` in a rule file",
                Some("did you mean `severity`?"),
            ),
            ("missing key `severity` in a rule file", None),
            (
                "unknown value `absolute-languag` for `category`",
                Some("did you mean `absolute-language`?"),
            ),
            (
                "unknown value `regexp` for `kind`",
                Some("did you mean `regex`?"),
            ),
            (
                "unknown key `negaton` in `[context]`",
                Some("did you mean `negation`?"),
            ),
            (
                "unknown key `fire` in an example",
                Some("did you mean `fires`?"),
            ),
            ("missing key `fires` in an example", None),
        ];
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(m, h)| (m.to_string(), h.map(str::to_string)))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_good_rule_file_has_no_problems() {
        for (name, src) in crate::rules::BUILTIN_RULE_FILES {
            assert_eq!(problems(src), Vec::new(), "{name}");
        }
    }
}
