//! The README's commands work verbatim: its install, run and test commands, and its
//! configuration walk-through, run through `sh` with the built `medlint` first on `PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The fenced `sh` blocks under a `## heading` (up to the next `## `).
fn sh_blocks(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no `{heading}` in the README"));
    let rest = &readme[start + heading.len() + 2..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    section
        .split("```sh\n")
        .skip(1)
        .map(|b| b[..b.find("```").unwrap()].to_string())
        .collect()
}

/// Runs a script with `sh -e` in `dir`, the built medlint first on `PATH`.
fn sh(dir: &Path, script: &str) -> (i32, String, String) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_medlint"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn install_and_test_commands_are_the_ones_that_work() {
    let text = readme();
    let install = sh_blocks(&text, "## Install");
    assert_eq!(install, ["cargo install --locked --path .\n"]);
    // The binary the install puts on PATH is the one the examples run: no second build.
    assert!(
        !text.contains("cargo run"),
        "the README builds medlint twice"
    );
    let tests = sh_blocks(&text, "## Run the tests");
    assert_eq!(tests, ["cargo test\n"]);
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(ci.lines().any(|l| l == "cargo test"), "{ci}");
}

#[test]
fn the_first_example_lints_the_fixtures_with_no_configuration() {
    let text = readme();
    let run = &sh_blocks(&text, "## Run it")[0];
    assert_eq!(run, "medlint check fixtures/\n");
    let (code, out, err) = sh(Path::new(env!("CARGO_MANIFEST_DIR")), run);
    // "It prints one line per finding and exits with 1".
    assert_eq!(code, 1, "{err}");
    assert!(out.lines().count() > 50, "{out}");
    assert!(
        out.lines()
            .all(|l| l.contains(": error[") || l.contains(": warning[") || l.contains(": info[")),
        "{out}"
    );
}

#[test]
fn the_configuration_walk_through_does_what_it_says() {
    let text = readme();
    let block = sh_blocks(&text, "## Configuration")
        .into_iter()
        .find(|b| b.starts_with("cd fixtures"))
        .expect("the `Try it on the fixtures` block");
    // Run on a copy, so the checkout is left as it was.
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::fs::create_dir(dir.path().join("fixtures")).unwrap();
    for e in std::fs::read_dir(&fixtures).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dir.path().join("fixtures").join(e.file_name())).unwrap();
        }
    }
    let (code, out, err) = sh(dir.path(), &block);
    assert_eq!(code, 0, "{out}{err}");
    // `grep -c MED7` prints 0: the price claims are ignored.
    assert_eq!(out.trim(), "0", "{err}");
    assert!(!dir.path().join("fixtures/medlint.toml").exists());
}
