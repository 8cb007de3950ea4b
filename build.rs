//! Embeds the built-in rule packs (`rules/**/*.toml`) into the binary, generates one test
//! per rule file, which runs that rule's examples, and does at build time what start-up would
//! otherwise do for every run: it parses the built-in word classes and makes the inflected
//! forms of every word the built-in rules use (the same code does both at run time for a
//! user's rules and classes).

// The token language's tokenizer, pattern syntax, classes and morphology, as the crate has them.
#[path = "src/lang/classes.rs"]
#[allow(dead_code)]
mod classes;
#[path = "src/lang/morph.rs"]
#[allow(dead_code)]
mod morph;
#[path = "src/lang/pattern.rs"]
#[allow(dead_code)]
mod pattern;
#[path = "src/lang/token.rs"]
#[allow(dead_code)]
mod token;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rules_dir = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules_dir, &mut files);
    files.sort();
    let mut embedded =
        String::from("/// `(path under the crate root, contents)` of every built-in rule file.\n");
    embedded.push_str("pub static BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n");
    let mut tests = String::new();
    let mut classes =
        String::from("/// `(path under the crate root, contents)` of every built-in class file.\n");
    classes.push_str("pub static BUILTIN_CLASS_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        println!("cargo:rerun-if-changed={}", file.display());
        if rel.starts_with("rules/data/") {
            continue;
        }
        if rel.starts_with("rules/classes/") {
            writeln!(
                classes,
                "    ({rel:?}, include_str!({:?})),",
                file.display().to_string()
            )
            .unwrap();
            continue;
        }
        writeln!(
            embedded,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let code = stem.split('-').next().unwrap_or(&stem).to_string();
        let fn_name: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        writeln!(
            tests,
            "#[test]\nfn rule_{fn_name}() {{\n    run_builtin_rule_examples({code:?});\n}}\n"
        )
        .unwrap();
    }
    embedded.push_str("];\n");
    classes.push_str("];\n");
    embedded.push_str(&classes);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("builtin_rules.rs"), embedded).unwrap();
    std::fs::write(out.join("forms_cache.rs"), forms_cache(&files)).unwrap();
    std::fs::write(
        out.join("builtin_classes.rs"),
        builtin_classes(&rules_dir, &files),
    )
    .unwrap();
    println!("cargo:rerun-if-changed=src/lang/classes.rs");
    // The crate (not this script, which shares morph.rs) reads the cache.
    println!("cargo:rustc-cfg=medlint_forms_cache");
    println!("cargo:rerun-if-changed=src/lang/morph.rs");
    println!("cargo:rerun-if-changed=src/lang/pattern.rs");
    println!("cargo:rerun-if-changed=src/lang/token.rs");
    std::fs::write(out.join("rule_example_tests.rs"), tests).unwrap();
}

fn read_toml(path: &Path) -> Option<toml::Table> {
    toml::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn strings(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The names of every lexicon usable as `{{name}}`, as `MedicalData::lexicon` gives them.
fn lexicons(data: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (file, table, name) in [
        ("conditions.toml", "condition", "condition"),
        ("substances.toml", "substance", "substance"),
    ] {
        let names: Vec<String> = read_toml(&data.join(file))
            .and_then(|t| t.get(table).and_then(|v| v.as_array()).cloned())
            .unwrap_or_default()
            .iter()
            .flat_map(|entry| strings(entry.get("names")))
            .collect();
        out.insert(name.to_string(), names);
    }
    if let Some(t) = read_toml(&data.join("lexicons.toml"))
        && let Some(lex) = t.get("lexicons").and_then(|v| v.as_table())
    {
        for (name, list) in lex {
            out.insert(name.clone(), strings(Some(list)));
        }
    }
    out
}

/// Every string in an array anywhere in a TOML value: patterns, class entries, names, lists.
fn array_strings(v: &toml::Value, in_array: bool, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) if in_array => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| array_strings(x, true, out)),
        toml::Value::Table(t) => t.values().for_each(|x| array_strings(x, false, out)),
        _ => {}
    }
}

/// `FORMS_CACHE`: the forms of every inflecting word the built-in rules, classes and data use,
/// sorted by word, so that start-up does not stem them again.
fn forms_cache(files: &[PathBuf]) -> String {
    let mut strings = Vec::new();
    for f in files {
        if let Some(t) = read_toml(f) {
            array_strings(&toml::Value::Table(t), false, &mut strings);
        }
    }
    let mut words = std::collections::BTreeSet::new();
    let mut add = |w: &pattern::Word| {
        if w.mode == pattern::WordMode::Inflected {
            words.insert(w.text.clone());
        }
    };
    for s in &strings {
        if let Ok(p) = pattern::Pattern::parse(s) {
            p.words().into_iter().for_each(&mut add);
        }
        for part in s.split_whitespace() {
            let part = part.trim_start_matches(['=', '~']);
            pattern::literal_words(part, None).iter().for_each(&mut add);
        }
    }
    let morph = morph::Morphology::builtin();
    let mut out = String::from(
        "/// `(word, forms)` of every inflecting word of the built-in rules, sorted by word.\n\
         pub static FORMS_CACHE: &[(&str, &[&str])] = &[\n",
    );
    for w in &words {
        let forms = morph.forms(w);
        writeln!(out, "    ({w:?}, &{forms:?}),").unwrap();
    }
    out.push_str("];\n");
    out
}

/// `BUILTIN_CLASSES_DATA`: every built-in word class, parsed: the classes of `rules/classes/`
/// and one class per data table (`@condition`, `@substance` and the lexicons), so that start-up
/// parses no class file. Two classes with one name stop the build.
fn builtin_classes(rules_dir: &Path, files: &[PathBuf]) -> String {
    let mut defs: Vec<classes::ClassDef> = Vec::new();
    for (name, words) in lexicons(&rules_dir.join("data")) {
        let mut entries = Vec::new();
        let mut written = Vec::new();
        for w in &words {
            if let Ok(e) = classes::parse_entry(w) {
                entries.extend(e);
                written.push(w.clone());
            }
        }
        defs.push(classes::ClassDef {
            description: format!("every name in the `{name}` data table"),
            name,
            entries,
            written,
            include: Vec::new(),
            origin: "rules/data".to_string(),
        });
    }
    let class_dir = rules_dir.join("classes");
    for f in files.iter().filter(|f| f.starts_with(&class_dir)) {
        let origin = format!("rules/classes/{}", f.file_name().unwrap().to_string_lossy());
        let src = std::fs::read_to_string(f).unwrap();
        match classes::parse_class_file(&origin, &src) {
            Ok(list) => {
                for d in list {
                    if let Some(first) = defs.iter().find(|x| x.name == d.name) {
                        panic!(
                            "{origin}: class `{}` is already defined in {}",
                            d.name, first.origin
                        );
                    }
                    defs.push(d);
                }
            }
            Err(e) => panic!("{origin}: {}", e[0].message),
        }
    }
    let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
    for d in &defs {
        for i in &d.include {
            if !names.contains(&i.as_str()) {
                panic!(
                    "{}: class `{}` includes unknown class `{i}`",
                    d.origin, d.name
                );
            }
        }
    }
    let mode = |m: pattern::WordMode| match m {
        pattern::WordMode::Inflected => 0,
        pattern::WordMode::Exact => 1,
        pattern::WordMode::Derived => 2,
        pattern::WordMode::Case => 3,
        pattern::WordMode::Prefix => 4,
    };
    let mut out = String::from(
        "/// `(name, description, origin, include, written, entries)` of every built-in class; an\n\
         /// entry's words are `(text, mode)`, the mode as `WordMode::from_code` reads it.\n\
         pub type ClassData = (&'static str, &'static str, &'static str, &'static [&'static str], &'static [&'static str], &'static [&'static [(&'static str, u8)]]);\n\
         pub static BUILTIN_CLASSES_DATA: &[ClassData] = &[\n",
    );
    for d in &defs {
        let entries: Vec<String> = d
            .entries
            .iter()
            .map(|e| {
                let words: Vec<String> = e
                    .iter()
                    .map(|w| format!("({:?}, {})", w.text, mode(w.mode)))
                    .collect();
                format!("&[{}]", words.join(", "))
            })
            .collect();
        writeln!(
            out,
            "    ({:?}, {:?}, {:?}, &{:?}, &{:?}, &[{}]),",
            d.name,
            d.description,
            d.origin,
            d.include,
            d.written,
            entries.join(", ")
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}
