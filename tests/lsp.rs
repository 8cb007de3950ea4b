//! `medlint lsp` driven over stdio as an editor drives it: initialize, didOpen, didChange,
//! publishDiagnostics, hover, codeAction, a configuration edited and broken, shutdown, exit.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

fn read_message(r: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_medlint"))
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("medlint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            while let Some(m) = read_message(&mut stdout) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            messages,
            next_id: 1,
        };
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {},
                "initializationOptions": {"debounceMs": 0}
            }),
        );
        let caps = &init["result"]["capabilities"];
        assert_eq!(caps["positionEncoding"], "utf-16");
        assert_eq!(caps["hoverProvider"], true);
        assert_eq!(caps["textDocumentSync"]["change"], 1);
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.next();
            if m["id"] == id {
                return m;
            }
        }
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            let m = self.next();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"].clone();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn finish(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r["result"].is_null(), "{r}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success());
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// (code, start line, start character, end line, end character) of each diagnostic.
fn ranges(params: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or("").to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

// A claim after an emoji and curly quotes: "😀" is two UTF-16 code units (four bytes), each
// curly quote one (three bytes).
const PAGE: &str =
    "# Calm\n\nOur clinic.\n\n😀 “Real” care: 71% of patients responded to our drips.\n";

#[test]
fn diagnostics_on_open_and_change_in_utf16_with_hover_and_suppression() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("medlint.toml"),
        "ignore = [\"MED010\", \"MED020\"]\n",
    )
    .unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(&page, PAGE).unwrap();
    let page_uri = uri(&page);
    let mut c = Client::start(dir.path());
    c.open(&page_uri, PAGE);
    let d = c.diagnostics(&page_uri);
    assert_eq!(d["version"], 1);
    // "😀 “Real” care: " is 2 + 1 + 1 + 4 + 1 + 1 + 5 + 1 = 16 code units (24 bytes);
    // "71% of patients" is 15.
    assert_eq!(
        ranges(&d),
        vec![("MED101".to_string(), 4, 16, 4, 31)],
        "{d}"
    );
    let diag = &d["diagnostics"][0];
    assert_eq!(diag["severity"], 1);
    assert_eq!(diag["source"], "medlint");
    let message = diag["message"].as_str().unwrap();
    assert!(message.starts_with("Statistic “71% of patients” has no verifiable source"));
    assert!(
        message.contains("Cite the study"),
        "the rule's help: {message}"
    );
    assert!(!message.contains("http"), "no links: {message}");

    // Hover on the finding: what `medlint rule MED101` says.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": page_uri}, "position": {"line": 4, "character": 20}}),
    );
    let value = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("# uncited-statistic (MED101)"), "{value}");
    assert!(value.contains("## What it does"));
    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": page_uri}, "position": {"line": 0, "character": 1}}),
    );
    assert!(none["result"].is_null(), "{none}");

    // The code action inserts a directive above the line, its reason left to fill in.
    let a = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": page_uri},
            "range": {"start": {"line": 4, "character": 17}, "end": {"line": 4, "character": 17}},
            "context": {"diagnostics": []}
        }),
    );
    let actions = a["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{a}");
    assert_eq!(
        actions[0]["title"],
        "Suppress MED101 on this line (give the reason)"
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    let edits = &actions[0]["edit"]["changes"][&page_uri];
    assert_eq!(
        edits,
        &json!([{
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}},
            "newText": "<!-- medlint-disable-next-line MED101 -- -->\n"
        }])
    );

    // A change: one more space, and the figure moves right by one code unit.
    let changed = PAGE.replace("care: 71%", "care:  71%");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": page_uri, "version": 2}, "contentChanges": [{"text": changed}]}),
    );
    let d = c.diagnostics(&page_uri);
    assert_eq!(d["version"], 2);
    assert_eq!(ranges(&d), vec![("MED101".to_string(), 4, 17, 4, 32)]);

    // The directive applied, with its reason empty: MED101 is suppressed and MED001 asks for
    // the reason.
    let suppressed = changed.replace("😀", "<!-- medlint-disable-next-line MED101 -- -->\n😀");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": page_uri, "version": 3}, "contentChanges": [{"text": suppressed}]}),
    );
    let d = c.diagnostics(&page_uri);
    let codes: Vec<String> = ranges(&d).into_iter().map(|r| r.0).collect();
    assert_eq!(codes, vec!["MED001"], "{d}");
    c.finish();
}

#[test]
fn configuration_changes_apply_without_a_restart_and_a_broken_one_is_shown_on_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("medlint.toml");
    std::fs::write(&config, "ignore = [\"MED010\", \"MED020\"]\n").unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(&page, PAGE).unwrap();
    let (page_uri, config_uri) = (uri(&page), uri(&config));
    let mut c = Client::start(dir.path());
    c.open(&page_uri, PAGE);
    assert_eq!(ranges(&c.diagnostics(&page_uri)).len(), 1);

    // Broken: an unknown key on line 2. The page is linted with the defaults meanwhile.
    std::fs::write(&config, "ignore = [\"MED010\"]\nfail-onn = \"warning\"\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    let d = c.diagnostics(&config_uri);
    let problems = d["diagnostics"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{d}");
    assert_eq!(problems[0]["range"]["start"]["line"], 1);
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("fail-onn"),
        "{d}"
    );
    let d = c.diagnostics(&page_uri);
    let codes: Vec<String> = ranges(&d).into_iter().map(|r| r.0).collect();
    assert!(codes.contains(&"MED101".to_string()), "{d}");

    // Fixed, and ignoring MED101 now: the problems clear and the finding goes.
    std::fs::write(&config, "ignore = [\"MED010\", \"MED020\", \"MED101\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let d = c.diagnostics(&config_uri);
    assert_eq!(d["diagnostics"], json!([]));
    let d = c.diagnostics(&page_uri);
    assert_eq!(d["diagnostics"], json!([]), "{d}");
    c.finish();
}

#[test]
fn document_level_findings_are_suppressed_after_the_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    let text = "---\ntitle: Drips\n---\n\nOur ketamine infusions treat PTSD.\n";
    std::fs::write(&page, text).unwrap();
    let page_uri = uri(&page);
    let mut c = Client::start(dir.path());
    c.open(&page_uri, text);
    let d = c.diagnostics(&page_uri);
    let codes: Vec<String> = ranges(&d).into_iter().map(|r| r.0).collect();
    assert!(codes.contains(&"MED020".to_string()), "{d}");
    let a = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": page_uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}
        }),
    );
    let titles: Vec<&str> = a["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Suppress MED020 in this file (give the reason)"),
        "{titles:?}"
    );
    let edit = a["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["title"].as_str().unwrap().contains("MED020"))
        .unwrap()["edit"]["changes"][&page_uri][0]
        .clone();
    assert_eq!(edit["range"]["start"]["line"], 3);
    assert_eq!(edit["newText"], "<!-- medlint-disable-file MED020 -- -->\n");
    c.finish();
}

#[test]
fn a_rule_with_a_suggested_rewrite_offers_it_and_the_rewrite_clears_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("medlint.toml"), "select = [\"MED402\"]\n").unwrap();
    let page = dir.path().join("page.md");
    let text = "Our drips are 100% safe.\n";
    std::fs::write(&page, text).unwrap();
    let page_uri = uri(&page);
    let mut c = Client::start(dir.path());
    c.open(&page_uri, text);
    let d = c.diagnostics(&page_uri);
    assert_eq!(ranges(&d), vec![("MED402".to_string(), 0, 14, 0, 23)]);
    let a = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": page_uri},
            "range": {"start": {"line": 0, "character": 15}, "end": {"line": 0, "character": 15}},
            "context": {"diagnostics": []}
        }),
    );
    let actions = a["result"].as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        vec![
            "Rewrite “100% safe” as “generally well tolerated”",
            "Suppress MED402 on this line (give the reason)"
        ]
    );
    assert_eq!(actions[0]["isPreferred"], true);
    let edit = &actions[0]["edit"]["changes"][&page_uri][0];
    assert_eq!(
        edit,
        &json!({
            "range": {"start": {"line": 0, "character": 14}, "end": {"line": 0, "character": 23}},
            "newText": "generally well tolerated"
        })
    );
    let rewritten = "Our drips are generally well tolerated.\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": page_uri, "version": 2}, "contentChanges": [{"text": rewritten}]}),
    );
    assert_eq!(c.diagnostics(&page_uri)["diagnostics"], json!([]));
    c.finish();
}

/// Every built-in suggested rewrite is for text its rule flags, and the rewrite is not flagged.
#[test]
fn every_builtin_rewrite_clears_its_rule() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/core");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let file: toml::Table = toml::from_str(&text).unwrap();
        let Some(rewrites) = file.get("rewrites").and_then(|r| r.as_table()) else {
            continue;
        };
        let code = file["code"].as_str().unwrap();
        for (from, to) in rewrites {
            let to = to.as_str().unwrap();
            let lint = |sentence: String| {
                let mut child = Command::new(env!("CARGO_BIN_EXE_medlint"))
                    .args([
                        "check",
                        "--isolated",
                        "--format",
                        "concise",
                        "--select",
                        code,
                    ])
                    .args(["--stdin-filename", "page.md", "-"])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(sentence.as_bytes())
                    .unwrap();
                let out = child.wait_with_output().unwrap();
                String::from_utf8(out.stdout).unwrap()
            };
            // The text as a predicate or as an attribute, whichever its rule flags.
            let templates = ["Our new IV drip is {}.\n", "Our {} IV drip is here.\n"];
            let template = templates
                .iter()
                .find(|t| lint(t.replace("{}", from)).contains(code))
                .unwrap_or_else(|| panic!("{code}: “{from}” is not flagged"));
            let after = lint(template.replace("{}", to));
            assert!(
                !after.contains(code),
                "{code}: the rewrite “{to}” is flagged: {after}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} rewrites");
}
