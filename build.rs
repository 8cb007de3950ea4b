//! Embeds the built-in rule packs (`rules/**/*.toml`) into the binary and generates one test
//! per rule file, which runs that rule's examples.

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
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("builtin_rules.rs"), embedded).unwrap();
    std::fs::write(out.join("rule_example_tests.rs"), tests).unwrap();
}
