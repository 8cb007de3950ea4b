//! Embeds the built-in rule packs (`rules/**/*.toml`) into the binary, generates one test
//! per rule file, which runs that rule's examples, and does at build time what start-up would
//! otherwise do for every run: it parses the built-in word classes and makes the inflected
//! forms of every word the built-in rules use (the same code does both at run time for a
//! user's rules and classes).

// The token language, as the crate has it.
#[path = "src/lang/mod.rs"]
#[allow(dead_code)]
mod lang;
use lang::{classes, morph, pattern};

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
    embedded.push_str(&lean_rule_files(&root, &files));
    classes.push_str("];\n");
    embedded.push_str(&classes);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("builtin_rules.rs"), embedded).unwrap();
    std::fs::write(out.join("forms_cache.rs"), forms_cache(&files)).unwrap();
    let defs = class_defs(&rules_dir, &files);
    std::fs::write(out.join("builtin_classes.rs"), builtin_classes(&defs)).unwrap();
    std::fs::write(out.join("lang.image"), image(&rules_dir, &files, defs)).unwrap();
    println!("cargo:rerun-if-changed=src/lang/classes.rs");
    // The crate (not this script, which shares morph.rs) reads the cache.
    println!("cargo:rustc-cfg=medlint_forms_cache");
    println!("cargo:rerun-if-changed=src/lang");
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

/// Every built-in word class, parsed: one class per data table (`@condition`, `@substance` and
/// the lexicons), then the classes of `rules/classes/`. Two classes with one name, or an
/// include of an unknown class, stop the build.
fn class_defs(rules_dir: &Path, files: &[PathBuf]) -> Vec<classes::ClassDef> {
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
    // One class per substance and per condition: what the product index finds names by.
    let data = rules_dir.join("data");
    for (file, table, prefix) in [
        ("substances.toml", "substance", "substance"),
        ("conditions.toml", "condition", "condition"),
    ] {
        let list = read_toml(&data.join(file))
            .and_then(|t| t.get(table).and_then(|v| v.as_array()).cloned())
            .unwrap_or_default();
        for entry in list {
            let id = entry
                .get("id")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let names = strings(entry.get("names"));
            let mut entries = Vec::new();
            for n in &names {
                entries.extend(
                    classes::parse_entry(n).unwrap_or_else(|e| panic!("{file}: {id}: {n}: {e}")),
                );
            }
            defs.push(classes::ClassDef {
                name: format!("{prefix}-{id}"),
                description: format!("every name of the {table} `{id}` ({file})"),
                entries,
                written: names,
                include: Vec::new(),
                origin: "rules/data".to_string(),
            });
        }
    }
    // The classes of the statistic forms.
    let stats_file = data.join("statistics.toml");
    println!("cargo:rerun-if-changed={}", stats_file.display());
    let stats = read_toml(&stats_file).expect("rules/data/statistics.toml is valid TOML");
    if let Some(list) = stats.get("classes").and_then(|c| c.as_table()) {
        for (name, spec) in list {
            let written = strings(spec.get("words"));
            let mut entries = Vec::new();
            for w in &written {
                entries.extend(
                    classes::parse_entry(w)
                        .unwrap_or_else(|e| panic!("statistics.toml: {name}: {w}: {e}")),
                );
            }
            defs.push(classes::ClassDef {
                name: name.clone(),
                description: spec
                    .get("description")
                    .and_then(|d| d.as_str())
                    .unwrap_or_default()
                    .to_string(),
                entries,
                written,
                include: Vec::new(),
                origin: "rules/data/statistics.toml".to_string(),
            });
        }
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
    defs
}

/// `BUILTIN_CLASSES_DATA`: the built-in classes, so that start-up parses no class file.
fn builtin_classes(defs: &[classes::ClassDef]) -> String {
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
    for d in defs {
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

/// The keys of the statistic forms in `rules/data/statistics.toml`, in the order of
/// `StatForm::ALL`.
const STAT_FORMS: &[&str] = &[
    "percentage",
    "out-of",
    "in-every",
    "fraction",
    "multiplier",
    "rating",
    "change",
    "count",
];

fn strings_at(t: &toml::Table, section: &str, key: &str) -> Vec<String> {
    strings(t.get(section).and_then(|s| s.get(key)))
}

/// The built-in language compiled, with its pattern sources: every token pattern in the order
/// the engine numbers them (the rules by code, each its match patterns, requirement patterns
/// and context patterns; then `promotion.toml`'s cues; then `context.toml`'s; then
/// `frames.toml`'s; then the statistic forms).
fn image(rules_dir: &Path, files: &[PathBuf], defs: Vec<classes::ClassDef>) -> Vec<u8> {
    let mut rules: Vec<(String, toml::Table)> = files
        .iter()
        .filter(|f| {
            !f.starts_with(rules_dir.join("data")) && !f.starts_with(rules_dir.join("classes"))
        })
        .filter_map(|f| read_toml(f))
        .filter_map(|t| Some((t.get("code")?.as_str()?.to_string(), t)))
        .collect();
    rules.sort_by(|a, b| a.0.cmp(&b.0));
    let mut sources = Vec::new();
    for (_, t) in &rules {
        let m = t.get("match").and_then(|m| m.as_table());
        let kind = m
            .and_then(|m| m.get("kind"))
            .and_then(|k| k.as_str())
            .unwrap_or("");
        let regex = match m.and_then(|m| m.get("syntax")).and_then(|k| k.as_str()) {
            Some(s) => s == "regex",
            None => kind == "regex",
        };
        if kind == "tokens" {
            sources.extend(strings_at(t, "match", "patterns"));
        }
        if kind == "requirement" && !regex {
            for key in [
                "triggers",
                "disclosures",
                "weak-disclosures",
                "not-disclosures",
            ] {
                sources.extend(strings_at(t, "match", key));
            }
        }
        if !regex {
            for key in ["unless", "exceptions", "requires"] {
                sources.extend(strings_at(t, "context", key));
            }
        }
    }
    let data = rules_dir.join("data");
    if let Some(p) = read_toml(&data.join("promotion.toml")) {
        sources.extend(strings(p.get("research")));
        sources.extend(strings(p.get("disclosures")));
    }
    // The context cues, then the frame cues, key by key.
    for (file, keys) in [
        (
            "context.toml",
            &[
                "negated-predicates",
                "disclaimers",
                "reported-speech",
                "denials",
            ][..],
        ),
        (
            "frames.toml",
            &[
                "promotional",
                "promotional-weak",
                "informational",
                "scientific",
                "source-credit",
            ][..],
        ),
    ] {
        if let Some(t) = read_toml(&data.join(file)) {
            for key in keys {
                sources.extend(strings(t.get(*key)));
            }
        }
    }
    // The statistic forms, in the order of `StatForm::ALL`.
    if let Some(forms) = read_toml(&data.join("statistics.toml"))
        .and_then(|t| t.get("forms").and_then(|f| f.as_table()).cloned())
    {
        for key in STAT_FORMS {
            sources.extend(strings(forms.get(*key)));
        }
    }
    let set = classes::ClassSet {
        classes: defs,
        builtin: true,
    };
    let mut builder = lang::LangBuilder::new(morph::Morphology::builtin(), &set);
    for s in &sources {
        let p =
            pattern::Pattern::parse(s).unwrap_or_else(|e| panic!("pattern `{s}`: {}", e.message));
        builder
            .add(&p)
            .unwrap_or_else(|e| panic!("pattern `{s}`: {}", e.message));
    }
    lang::Image {
        sources,
        lang: builder.finish(),
    }
    .to_bytes()
}

/// The description a lean rule file has in place of its own.
const LEAN_DESCRIPTION: &str = "(built-in)";

/// `BUILTIN_RULE_FILES_LEAN`: the rule files without their examples and comments, which is what
/// a run needs (the examples are for the tests and `test-rules`) and loads in half the time.
fn lean_rule_files(root: &Path, files: &[PathBuf]) -> String {
    let mut out = String::from(
        "/// `(path, contents without examples)` of every built-in rule file.\n\
         pub static BUILTIN_RULE_FILES_LEAN: &[(&str, &str)] = &[\n",
    );
    let mut descriptions = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("rules/data/") || rel.starts_with("rules/classes/") {
            continue;
        }
        let Some(mut table) = read_toml(file) else {
            panic!("{rel} is not valid TOML");
        };
        table.remove("examples");
        // The description (long Markdown) is read from its own table, not parsed as TOML.
        let description = table
            .insert(
                "description".to_string(),
                toml::Value::String(LEAN_DESCRIPTION.to_string()),
            )
            .and_then(|d| d.as_str().map(|d| d.trim().to_string()))
            .unwrap_or_else(|| panic!("{rel}: no description"));
        let lean = toml::to_string(&table).unwrap_or_else(|e| panic!("{rel}: {e}"));
        writeln!(out, "    ({rel:?}, {lean:?}),").unwrap();
        descriptions.push(description);
    }
    out.push_str("];\n");
    out.push_str(
        "/// By entry of `BUILTIN_RULE_FILES_LEAN`: the rule's description.\n\
         pub static BUILTIN_DESCRIPTIONS: &[&str] = &[\n",
    );
    for d in &descriptions {
        writeln!(out, "    {d:?},").unwrap();
    }
    out.push_str("];\n");
    writeln!(
        out,
        "/// What a lean rule file has for its description.\npub const LEAN_DESCRIPTION: &str = {LEAN_DESCRIPTION:?};"
    )
    .unwrap();
    out
}
