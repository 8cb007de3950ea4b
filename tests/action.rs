//! `action.yml` is a valid composite GitHub Action, and the README's workflow uses it with
//! inputs it has.

use yaml_rust2::{Yaml, YamlLoader};

fn load(path: &str) -> Yaml {
    let text = std::fs::read_to_string(path).unwrap();
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

#[test]
fn the_action_is_a_composite_action_with_the_documented_inputs() {
    let action = load(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml"));
    assert!(action["name"].as_str().is_some());
    assert!(action["description"].as_str().is_some());
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let inputs = action["inputs"].as_hash().expect("inputs");
    for name in ["paths", "fail-on", "format", "args", "sarif", "version"] {
        let input = &action["inputs"][name];
        assert!(input["description"].as_str().is_some(), "input {name}");
        assert!(
            input["default"].as_str().is_some(),
            "input {name} has a default"
        );
    }
    assert_eq!(inputs.len(), 6);
    let steps = action["runs"]["steps"].as_vec().expect("steps");
    for step in steps {
        // A composite step runs a shell command (with its shell named) or uses an action.
        match (step["run"].as_str(), step["uses"].as_str()) {
            (Some(_), None) => assert_eq!(step["shell"].as_str(), Some("bash"), "{step:?}"),
            (None, Some(_)) => {}
            _ => panic!("a step must run or use: {step:?}"),
        }
    }
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("cargo install --locked --path"))
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("--format \"$FORMAT\" --fail-on \"$FAIL_ON\""))
    );
    assert!(
        steps
            .iter()
            .any(|s| s["uses"].as_str() == Some("github/codeql-action/upload-sarif@v3"))
    );
}

#[test]
fn the_readme_workflow_uses_the_action() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let action = load(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml"));
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    let workflow = blocks
        .iter()
        .find(|b| b.contains("/medlint@v"))
        .expect("a workflow that uses the action");
    let doc = YamlLoader::load_from_str(workflow).unwrap().remove(0);
    let steps = doc["jobs"]["medlint"]["steps"].as_vec().expect("steps");
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.ends_with("/medlint@v0.1.0"))
        })
        .expect("the step that uses medlint's action");
    let with = step["with"].as_hash().expect("inputs");
    assert!(!with.is_empty());
    for (key, _) in with {
        let key = key.as_str().unwrap();
        assert!(
            !action["inputs"][key].is_badvalue(),
            "the README passes `{key}`, which the action does not have"
        );
    }
}
