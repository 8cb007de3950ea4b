//! `medlint lsp`: a Language Server over standard input and output.
//!
//! Editors send the text of each open document; the server lints it with the same rules,
//! configuration (the nearest `medlint.toml` above the file), markets and frames as `medlint
//! check`, and publishes one diagnostic per finding. Changes are linted after a short pause in
//! typing (`debounceMs` in the initialization options, 150 ms by default); opening and saving a
//! document lint it at once. A configuration file is read again whenever it changes on disk, so
//! edits to it apply without a restart; a broken one is shown as diagnostics on the
//! configuration file itself, and documents are linted with the built-in defaults meanwhile.
//!
//! Hover on a finding shows what `medlint rule CODE` says of its rule. Code actions: the
//! rule's suggested rewrite of the matched text, where its `[rewrites]` table has one, and
//! "Suppress … (give the reason)", which inserts a `medlint-disable-next-line` directive whose
//! reason is left for the writer to fill in (MED001 reminds them until they do).
//!
//! Positions are UTF-16 code units, as the protocol requires.

use crate::cli::rules_cmd::rule_text;
use crate::config::{LoadedConfig, Settings, discover as discover_config};
use crate::diagnostic::{Finding, RuleInfo, Severity};
use crate::source::Format;
use lsp_server::{Connection, ExtractError, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// How long the server waits after a change before linting, unless the client says otherwise.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server until the client asks it to exit. Returns the process's exit code.
pub fn run() -> u8 {
    crate::engine::warm_up_builtins();
    let (connection, io_threads) = Connection::stdio();
    let code = match serve(&connection) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("medlint lsp: {e}");
            1
        }
    };
    drop(connection);
    let _ = io_threads.join();
    code
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(false),
                    },
                )),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

fn serve(connection: &Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let caps = serde_json::to_value(capabilities())?;
    let init = connection.initialize(caps)?;
    let init: lsp::InitializeParams = serde_json::from_value(init)?;
    let debounce = init
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("debounceMs"))
        .and_then(serde_json::Value::as_u64)
        .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
    let mut server = Server {
        connection,
        debounce,
        docs: HashMap::new(),
        profiles: HashMap::new(),
        config_diagnostics: HashMap::new(),
        pending: HashMap::new(),
    };
    server.main_loop()
}

/// An open document.
struct Doc {
    text: String,
    version: i32,
    /// The findings last published, for hover and code actions.
    findings: Vec<Finding>,
    /// The rules they came from.
    profile: Option<PathBuf>,
}

/// Everything `medlint check` builds from one configuration file (or none).
struct Profile {
    /// The configuration file's modification time and length when it was read.
    stamp: Option<(SystemTime, u64)>,
    built: crate::cli::profile::Profile,
    configured: bool,
}

struct Server<'a> {
    connection: &'a Connection,
    debounce: Duration,
    docs: HashMap<lsp::Url, Doc>,
    /// By configuration file (`None`: no file).
    profiles: HashMap<Option<PathBuf>, Profile>,
    /// Configuration files with problems published, and how many.
    config_diagnostics: HashMap<PathBuf, usize>,
    /// Documents changed and not linted yet, with when to lint them.
    pending: HashMap<lsp::Url, Instant>,
}

type Error = Box<dyn std::error::Error + Send + Sync>;

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), Error> {
        loop {
            let now = Instant::now();
            let wait = self
                .pending
                .values()
                .min()
                .map(|&at| at.saturating_duration_since(now));
            let msg = match wait {
                Some(w) => match self.connection.receiver.recv_timeout(w) {
                    Ok(m) => Some(m),
                    Err(e) if e.is_timeout() => None,
                    Err(_) => return Ok(()),
                },
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
            };
            match msg {
                None => self.lint_due()?,
                Some(Message::Request(req)) => {
                    if self.connection.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    self.request(req)?;
                }
                Some(Message::Notification(n)) => self.notification(n)?,
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn lint_due(&mut self) -> Result<(), Error> {
        let now = Instant::now();
        let due: Vec<lsp::Url> = self
            .pending
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.pending.remove(&uri);
            self.lint(&uri)?;
        }
        Ok(())
    }

    fn request(&mut self, req: Request) -> Result<(), Error> {
        let id = req.id.clone();
        let req = match cast_request::<lsp::request::HoverRequest>(req) {
            Ok(params) => return self.respond(id, &self.hover(&params)),
            Err(r) => r,
        };
        let req = match cast_request::<lsp::request::CodeActionRequest>(req) {
            Ok(params) => return self.respond(id, &self.code_actions(&params)),
            Err(r) => r,
        };
        self.connection
            .sender
            .send(Message::Response(Response::new_err(
                req.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("medlint does not handle {}", req.method),
            )))?;
        Ok(())
    }

    fn respond<T: serde::Serialize>(&self, id: RequestId, result: &T) -> Result<(), Error> {
        self.connection
            .sender
            .send(Message::Response(Response::new_ok(id, result)))?;
        Ok(())
    }

    fn notification(&mut self, n: Notification) -> Result<(), Error> {
        use lsp::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri;
                self.docs.insert(
                    uri.clone(),
                    Doc {
                        text: p.text_document.text,
                        version: p.text_document.version,
                        findings: Vec::new(),
                        profile: None,
                    },
                );
                self.opened_or_saved(&uri)?;
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri;
                if let Some(doc) = self.docs.get_mut(&uri) {
                    // Full sync: the last change is the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        doc.text = change.text;
                    }
                    doc.version = p.text_document.version;
                    self.pending.insert(uri, Instant::now() + self.debounce);
                }
            }
            DidSaveTextDocument::METHOD => {
                let p: lsp::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                self.opened_or_saved(&p.text_document.uri)?;
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                self.docs.remove(&p.text_document.uri);
                self.pending.remove(&p.text_document.uri);
                self.publish(p.text_document.uri, Vec::new(), None)?;
            }
            DidChangeWatchedFiles::METHOD | DidChangeConfiguration::METHOD => self.relint_all()?,
            _ => {}
        }
        Ok(())
    }

    /// A document opened or saved: lint it now; a configuration file: read it again and lint
    /// every open document.
    fn opened_or_saved(&mut self, uri: &lsp::Url) -> Result<(), Error> {
        let is_config = uri
            .to_file_path()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_os_string()))
            .is_some_and(|n| n == "medlint.toml" || n == ".medlint.toml");
        if is_config {
            return self.relint_all();
        }
        self.pending.remove(uri);
        self.lint(uri)
    }

    fn relint_all(&mut self) -> Result<(), Error> {
        let uris: Vec<lsp::Url> = self
            .docs
            .keys()
            .filter(|u| !is_config_uri(u))
            .cloned()
            .collect();
        if uris.is_empty() {
            // A configuration file open on its own is still checked.
            let configs: Vec<PathBuf> = self
                .docs
                .keys()
                .filter_map(|u| u.to_file_path().ok())
                .collect();
            for c in configs {
                self.profile_for(Some(c))?;
            }
        }
        for u in uris {
            self.pending.remove(&u);
            self.lint(&u)?;
        }
        Ok(())
    }

    /// The profile for a configuration file, read again if the file changed.
    fn profile_for(&mut self, config: Option<PathBuf>) -> Result<(), Error> {
        let stamp = config.as_deref().and_then(file_stamp);
        if let Some(p) = self.profiles.get(&config)
            && p.stamp == stamp
        {
            return Ok(());
        }
        let (profile, problems) = build_profile(config.as_deref(), stamp);
        if let Some(path) = &config {
            self.publish_config_problems(path, problems)?;
        }
        self.profiles.insert(config, profile);
        Ok(())
    }

    fn publish_config_problems(
        &mut self,
        path: &Path,
        problems: Vec<lsp::Diagnostic>,
    ) -> Result<(), Error> {
        let had = self.config_diagnostics.get(path).copied().unwrap_or(0);
        if problems.is_empty() && had == 0 {
            return Ok(());
        }
        let Ok(uri) = lsp::Url::from_file_path(path) else {
            return Ok(());
        };
        self.config_diagnostics
            .insert(path.to_path_buf(), problems.len());
        self.publish(uri, problems, None)
    }

    fn lint(&mut self, uri: &lsp::Url) -> Result<(), Error> {
        if is_config_uri(uri) {
            if let Ok(path) = uri.to_file_path() {
                self.profile_for(Some(path))?;
            }
            return Ok(());
        }
        if !self.docs.contains_key(uri) {
            return Ok(());
        }
        let path = uri
            .to_file_path()
            .unwrap_or_else(|_| PathBuf::from(uri.path()));
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let config = discover_config(&dir);
        self.profile_for(config.clone())?;
        let profile = &self.profiles[&config].built;
        let doc = &self.docs[uri];
        let configured = self.profiles[&config].configured;
        let findings = if configured && !profile.settings.walks(&path) {
            // The configuration excludes it.
            Vec::new()
        } else {
            let format = profile.settings.format_of(&path).unwrap_or(Format::Text);
            let cx = profile.context(false);
            let display = crate::paths::display(&path);
            cx.lint_bytes(&path, &display, doc.text.clone().into_bytes(), format)
                .findings
        };
        let diagnostics = findings.iter().map(|f| diagnostic(&doc.text, f)).collect();
        let version = doc.version;
        let doc = self.docs.get_mut(uri).expect("checked above");
        doc.findings = findings;
        doc.profile = config;
        self.publish(uri.clone(), diagnostics, Some(version))
    }

    fn publish(
        &self,
        uri: lsp::Url,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), Error> {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                lsp::notification::PublishDiagnostics::METHOD.to_string(),
                params,
            )))?;
        Ok(())
    }

    /// The findings of a document at a position.
    fn findings_at<'s>(
        &'s self,
        uri: &lsp::Url,
        range: lsp::Range,
    ) -> Vec<(&'s Doc, &'s Finding, lsp::Range)> {
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        doc.findings
            .iter()
            .filter_map(|f| {
                let r = finding_range(&doc.text, f);
                overlaps(r, range).then_some((doc, f, r))
            })
            .collect()
    }

    fn hover(&self, p: &lsp::HoverParams) -> Option<lsp::Hover> {
        let pos = p.text_document_position_params.position;
        let uri = &p.text_document_position_params.text_document.uri;
        let found = self.findings_at(uri, lsp::Range::new(pos, pos));
        let (doc, _, range) = found.first()?;
        let mut seen: Vec<&str> = Vec::new();
        let mut text = String::new();
        for (_, f, _) in &found {
            if seen.contains(&f.rule.code.as_str()) {
                continue;
            }
            seen.push(&f.rule.code);
            if !text.is_empty() {
                text.push_str("\n---\n\n");
            }
            let info = self
                .profiles
                .get(&doc.profile)
                .and_then(|p| p.built.rules.iter().find(|r| r.code == f.rule.code))
                .map_or_else(|| f.rule.clone(), Arc::clone);
            text.push_str(&rule_text(&info));
        }
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: text,
            }),
            range: Some(*range),
        })
    }

    fn code_actions(&self, p: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let mut out = Vec::new();
        let mut done: Vec<(String, u32)> = Vec::new();
        for (doc, f, range) in self.findings_at(uri, p.range) {
            let line = if f.span.is_some() {
                range.start.line
            } else {
                0
            };
            if done.contains(&(f.rule.code.clone(), line)) {
                continue;
            }
            done.push((f.rule.code.clone(), line));
            let diagnostic = diagnostic(&doc.text, f);
            if f.span.is_some()
                && let Some(with) = f.rule.rewrite_of(&f.text)
            {
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("Rewrite “{}” as “{with}”", f.text.trim()),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    is_preferred: Some(true),
                    edit: Some(lsp::WorkspaceEdit {
                        changes: Some(HashMap::from([(
                            uri.clone(),
                            vec![lsp::TextEdit::new(range, with)],
                        )])),
                        ..Default::default()
                    }),
                    ..Default::default()
                }));
            }
            let (edit, title) = suppression(uri, &doc.text, f, range);
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
        out
    }
}

fn cast_request<R>(req: Request) -> Result<R::Params, Request>
where
    R: lsp::request::Request,
    R::Params: serde::de::DeserializeOwned,
{
    match req.extract(R::METHOD) {
        Ok((_, params)) => Ok(params),
        Err(ExtractError::MethodMismatch(req)) => Err(req),
        Err(ExtractError::JsonError { method, .. }) => Err(Request::new(
            RequestId::from(0),
            method,
            serde_json::Value::Null,
        )),
    }
}

fn is_config_uri(uri: &lsp::Url) -> bool {
    uri.path().ends_with("/medlint.toml") || uri.path().ends_with("/.medlint.toml")
}

fn file_stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Builds the engine and settings of a configuration file (or of none), with the problems of
/// the file as diagnostics on it. A broken file gives the built-in defaults.
fn build_profile(
    config: Option<&Path>,
    stamp: Option<(SystemTime, u64)>,
) -> (Profile, Vec<lsp::Diagnostic>) {
    let mut problems = Vec::new();
    let loaded = match config.map(LoadedConfig::read) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            problems.extend(config_diagnostics(config, &e));
            None
        }
    };
    let rule_dirs = loaded.as_ref().map_or_else(Vec::new, |c| c.rule_dirs());
    let set = crate::cli::load_rules(&rule_dirs, false).or_else(|| {
        problems.push(lsp::Diagnostic {
            range: lsp::Range::default(),
            severity: Some(lsp::DiagnosticSeverity::ERROR),
            source: Some("medlint".into()),
            message: "the rule folders in `rule-dirs` could not be loaded (run `medlint check` for the details); using the built-in rules".into(),
            ..Default::default()
        });
        crate::cli::load_rules(&[], false)
    });
    let set = set.expect("the built-in rules load");
    let infos: Vec<&RuleInfo> = set.rules.iter().map(|r| r.info.as_ref()).collect();
    let mut configured = false;
    let settings = match &loaded {
        Some(c) => match c.resolve(&infos) {
            Ok(s) => {
                configured = true;
                s
            }
            Err(e) => {
                problems.extend(config_diagnostics(config, &e));
                Settings::default()
            }
        },
        None => Settings::default(),
    };
    (
        Profile {
            stamp,
            built: crate::cli::profile::Profile::new(set, settings),
            configured,
        },
        problems,
    )
}

/// A configuration file's problems, each at its place in the file.
fn config_diagnostics(
    path: Option<&Path>,
    e: &crate::config::ConfigErrors,
) -> Vec<lsp::Diagnostic> {
    let text = path
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    e.errors
        .iter()
        .map(|err| {
            let range = err.span.map_or_else(lsp::Range::default, |s| {
                let start = s.offset().min(text.len());
                let end = (s.offset() + s.len()).min(text.len());
                lsp::Range::new(position(&text, start), position(&text, end))
            });
            let mut message = err.message.clone();
            if let Some(h) = &err.help {
                message.push_str("\n\n");
                message.push_str(h);
            }
            lsp::Diagnostic {
                range,
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some("medlint".into()),
                message,
                ..Default::default()
            }
        })
        .collect()
}

/// The LSP position of byte offset `at` of `text`: its line, and its column in UTF-16 code
/// units.
pub fn position(text: &str, at: usize) -> lsp::Position {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    lsp::Position::new(line as u32, character as u32)
}

fn finding_range(text: &str, f: &Finding) -> lsp::Range {
    match &f.span {
        Some(s) => lsp::Range::new(position(text, s.text_start), position(text, s.text_end)),
        None => lsp::Range::default(),
    }
}

fn overlaps(a: lsp::Range, b: lsp::Range) -> bool {
    let key = |p: lsp::Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

fn diagnostic(text: &str, f: &Finding) -> lsp::Diagnostic {
    let severity = match f.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    };
    lsp::Diagnostic {
        range: finding_range(text, f),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(f.rule.code.clone())),
        source: Some("medlint".into()),
        message: format!("{} [{}]\n\n{}", f.message, f.rule.name, f.help()),
        ..Default::default()
    }
}

/// The edit that suppresses a finding: a `medlint-disable-next-line` directive above its line
/// (`medlint-disable-file` at the top for a document-level finding), its reason left empty.
fn suppression(
    uri: &lsp::Url,
    text: &str,
    f: &Finding,
    range: lsp::Range,
) -> (lsp::TextEdit, String) {
    let code = &f.rule.code;
    let comment = !uri.path().ends_with(".txt") && !uri.path().ends_with(".text");
    // The reason after "--" is left empty for the writer to fill in.
    let wrap = |body: String| {
        if comment {
            format!("<!-- {body} -->")
        } else {
            format!("{body} ")
        }
    };
    if f.span.is_none() {
        let line = front_matter_end(text);
        let directive = wrap(format!("medlint-disable-file {code} --"));
        return (
            lsp::TextEdit::new(
                lsp::Range::new(lsp::Position::new(line, 0), lsp::Position::new(line, 0)),
                format!("{directive}\n"),
            ),
            format!("Suppress {code} in this file (give the reason)"),
        );
    }
    let line = range.start.line;
    let line_text = text.lines().nth(line as usize).unwrap_or("");
    let indent: String = line_text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let directive = wrap(format!("medlint-disable-next-line {code} --"));
    (
        lsp::TextEdit::new(
            lsp::Range::new(lsp::Position::new(line, 0), lsp::Position::new(line, 0)),
            format!("{indent}{directive}\n"),
        ),
        format!("Suppress {code} on this line (give the reason)"),
    )
}

/// The line after a leading front matter block (`---` … `---`), or 0.
fn front_matter_end(text: &str) -> u32 {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return 0;
    }
    for (i, l) in lines.enumerate() {
        if matches!(l.trim_end(), "---" | "...") {
            return i as u32 + 2;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_utf16_code_units() {
        let text = "first\n😀 “Quote” x";
        // "😀" is two code units and four bytes; the curly quotes one unit and three bytes.
        let x = text.rfind('x').unwrap();
        assert_eq!(position(text, x), lsp::Position::new(1, 11));
        assert_eq!(position(text, 0), lsp::Position::new(0, 0));
        assert_eq!(position(text, text.len()), lsp::Position::new(1, 12));
    }

    #[test]
    fn the_file_directive_goes_after_front_matter() {
        assert_eq!(front_matter_end("---\ntitle: x\n---\nBody"), 3);
        assert_eq!(front_matter_end("Body\n---\n"), 0);
    }
}
