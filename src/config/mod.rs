//! `medlint.toml`: discovery, the file as written, and the settings resolved from it.
//!
//! The nearest `medlint.toml` or `.medlint.toml` walking up from the current folder wins, or
//! the file given with `--config`. Paths and globs in it are relative to the folder that holds
//! it. Unknown keys and bad values are errors that point at the line.

use crate::diagnostic::{Finding, Frame, Market, RuleInfo, Severity};
use crate::rules::select::{Selection, specificity};
use crate::source::Format;
use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;
use toml::Spanned;

pub const CONFIG_NAMES: [&str; 2] = ["medlint.toml", ".medlint.toml"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    pub severity: Spanned<Level>,
}

type Selectors = Option<Vec<Spanned<String>>>;
type RuleSettings = BTreeMap<Spanned<String>, RuleSetting>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideFile {
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub select: Selectors,
    #[serde(default)]
    pub extend_select: Selectors,
    #[serde(default)]
    pub ignore: Selectors,
    #[serde(default)]
    pub market: Option<Spanned<Market>>,
    /// The frame the matched files are held to (`promotional`, `informational`, `scientific`).
    #[serde(default)]
    pub frame: Option<Spanned<Frame>>,
    #[serde(default)]
    pub rules: RuleSettings,
}

/// The configuration file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    #[serde(default)]
    pub include: Selectors,
    #[serde(default)]
    pub exclude: Selectors,
    #[serde(default)]
    pub select: Selectors,
    #[serde(default)]
    pub extend_select: Selectors,
    #[serde(default)]
    pub ignore: Selectors,
    #[serde(default)]
    pub fail_on: Option<Spanned<Level>>,
    #[serde(default)]
    pub market: Option<Spanned<Market>>,
    /// The frame every page is held to unless an override, `--frame` or its front matter
    /// says otherwise; inferred from each page's words when absent.
    #[serde(default)]
    pub frame: Option<Spanned<Frame>>,
    #[serde(default)]
    pub rule_dirs: Selectors,
    #[serde(default)]
    pub rules: RuleSettings,
    #[serde(default)]
    pub overrides: Vec<OverrideFile>,
    #[serde(default)]
    pub formats: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub front_matter_fields: Option<Vec<String>>,
    #[serde(default)]
    pub citation_domains: Option<Vec<String>>,
    #[serde(default)]
    pub hedge_words: Option<Vec<String>>,
}

/// A problem in the configuration file, pointing at the offending place.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(medlint::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// Every problem of a configuration file.
#[derive(Debug, Error, Diagnostic)]
#[error("invalid configuration {path}: nothing was linted")]
#[diagnostic(code(medlint::config))]
pub struct ConfigErrors {
    pub path: String,
    #[related]
    pub errors: Vec<ConfigError>,
}

/// A loaded configuration file, not yet checked against the rules.
pub struct LoadedConfig {
    pub path: PathBuf,
    pub root: PathBuf,
    pub file: ConfigFile,
    src: Arc<str>,
}

/// The nearest configuration file from `start` upwards.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let p = dir.join(name);
            // Whatever it is: one that cannot be read is an error, not skipped.
            if std::fs::symlink_metadata(&p).is_ok() {
                return Some(p);
            }
        }
    }
    None
}

impl LoadedConfig {
    pub fn read(path: &Path) -> Result<LoadedConfig, ConfigErrors> {
        let display = path.display().to_string();
        let text = crate::files::read_text(path, crate::files::CONFIG_LIMIT).map_err(|e| {
            ConfigErrors {
                path: display.clone(),
                errors: vec![ConfigError {
                    message: format!("cannot read {display}: {e}"),
                    src: NamedSource::new(&display, Arc::from("")),
                    span: None,
                    label: String::new(),
                    help: None,
                }],
            }
        })?;
        LoadedConfig::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<LoadedConfig, ConfigErrors> {
        let display = path.display().to_string();
        let src: Arc<str> = Arc::from(text);
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            let label = if message.starts_with("unknown field") {
                "unknown key"
            } else if message.starts_with("unknown variant") {
                "unknown value"
            } else {
                "here"
            };
            ConfigErrors {
                path: display.clone(),
                errors: vec![ConfigError {
                    message: format!("{display}: {message}"),
                    src: NamedSource::new(&display, src.clone()),
                    span: e
                        .span()
                        .map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
                    label: label.into(),
                    help: Some("see `medlint init` for every key with its default".into()),
                }],
            }
        })?;
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let root = abs
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            root,
            file,
            src,
        })
    }

    /// Rule folders named in the file, resolved against its folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        self.file
            .rule_dirs
            .iter()
            .flatten()
            .map(|d| self.root.join(d.get_ref()))
            .collect()
    }

    fn error(
        &self,
        message: String,
        span: Range<usize>,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        let display = self.path.display().to_string();
        ConfigError {
            message: format!("{display}: {message}"),
            src: NamedSource::new(&display, self.src.clone()),
            span: Some(SourceSpan::from(span)),
            label: label.into(),
            help,
        }
    }

    /// Checks the file against the loaded rules and resolves it.
    pub fn resolve(&self, rules: &[&RuleInfo]) -> Result<Settings, ConfigErrors> {
        let mut errors = Vec::new();
        let f = &self.file;
        let check_selectors = |list: &Selectors, errors: &mut Vec<ConfigError>| {
            for s in list.iter().flatten() {
                let known = crate::diagnostic::Category::parse(s.get_ref()).is_some()
                    || rules.iter().any(|r| specificity(r, s.get_ref()).is_some());
                if !known {
                    errors.push(self.error(
                        format!("unknown rule selector `{}`", s.get_ref()),
                        s.span(),
                        "no rule has this code, name, category or code prefix",
                        Some("see `medlint rules`".into()),
                    ));
                }
            }
        };
        check_selectors(&f.select, &mut errors);
        check_selectors(&f.extend_select, &mut errors);
        check_selectors(&f.ignore, &mut errors);
        for o in &f.overrides {
            check_selectors(&o.select, &mut errors);
            check_selectors(&o.extend_select, &mut errors);
            check_selectors(&o.ignore, &mut errors);
        }
        let check_rules = |settings: &RuleSettings, errors: &mut Vec<ConfigError>| {
            for key in settings.keys() {
                let k = key.get_ref();
                if !rules
                    .iter()
                    .any(|r| r.code.eq_ignore_ascii_case(k) || &r.name == k)
                {
                    errors.push(self.error(
                        format!("no rule `{k}` to configure"),
                        key.span(),
                        "unknown rule",
                        Some(
                            "`[rules.CODE]` takes a rule code or name; see `medlint rules`".into(),
                        ),
                    ));
                }
            }
        };
        check_rules(&f.rules, &mut errors);
        for o in &f.overrides {
            check_rules(&o.rules, &mut errors);
        }
        let glob_set = |list: &[Spanned<String>], errors: &mut Vec<ConfigError>| -> GlobSet {
            let mut b = GlobSetBuilder::new();
            for g in list {
                match Glob::new(g.get_ref()) {
                    Ok(glob) => {
                        b.add(glob);
                    }
                    Err(e) => errors.push(self.error(
                        format!("invalid glob `{}`", g.get_ref()),
                        g.span(),
                        "this glob",
                        Some(e.kind().to_string()),
                    )),
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        let include = f.include.as_ref().map(|l| glob_set(l, &mut errors));
        let exclude = f.exclude.as_ref().map(|l| glob_set(l, &mut errors));
        let overrides = f
            .overrides
            .iter()
            .map(|o| Override {
                files: glob_set(&o.files, &mut errors),
                globs: plain(&o.files),
                select: o.select.as_ref().map(|l| plain(l)),
                extend_select: o.extend_select.as_ref().map_or_else(Vec::new, |l| plain(l)),
                ignore: o.ignore.as_ref().map_or_else(Vec::new, |l| plain(l)),
                market: o.market.as_ref().map(|m| *m.get_ref()),
                frame: o.frame.as_ref().map(|m| *m.get_ref()),
                severities: severities(&o.rules),
            })
            .collect();
        let mut formats = BTreeMap::new();
        for (ext, fmt) in &f.formats {
            let key = ext.get_ref().trim_start_matches('.').to_ascii_lowercase();
            match Format::parse(fmt.get_ref()) {
                Some(format) => {
                    formats.insert(key, format);
                }
                None => errors.push(self.error(
                    format!("unknown format `{}`", fmt.get_ref()),
                    fmt.span(),
                    "unknown format",
                    Some("use `markdown`, `text` or `html`".into()),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(ConfigErrors {
                path: self.path.display().to_string(),
                errors,
            });
        }
        let fail_on = match f.fail_on.as_ref().map(|l| (*l.get_ref(), l.span())) {
            Some((Level::Off, span)) => {
                return Err(ConfigErrors {
                    path: self.path.display().to_string(),
                    errors: vec![self.error(
                        "`fail-on` cannot be `off`".into(),
                        span,
                        "here",
                        Some("use `error`, `warning` or `info`".into()),
                    )],
                });
            }
            Some((level, _)) => level.severity(),
            None => None,
        };
        let mut select = f.select.as_ref().map(|l| plain(l));
        if let Some(extra) = &f.extend_select {
            select.get_or_insert_with(Vec::new).extend(plain(extra));
        }
        Ok(Settings {
            root: Some(self.root.clone()),
            config: Some(self.path.clone()),
            include,
            exclude,
            include_globs: f.include.as_ref().map(|l| plain(l)),
            exclude_globs: f.exclude.as_ref().map(|l| plain(l)),
            rule_dirs: self.rule_dirs(),
            select,
            extend_select: Vec::new(),
            ignore: f.ignore.as_ref().map_or_else(Vec::new, |l| plain(l)),
            fail_on,
            market: f.market.as_ref().map(|m| *m.get_ref()),
            frame: f.frame.as_ref().map(|m| *m.get_ref()),
            severities: severities(&f.rules),
            overrides,
            formats,
            front_matter_fields: f.front_matter_fields.clone(),
            citation_domains: f.citation_domains.clone().unwrap_or_default(),
            hedge_words: f.hedge_words.clone().unwrap_or_default(),
        })
    }
}

fn plain(list: &[Spanned<String>]) -> Vec<String> {
    list.iter()
        .map(|s| s.get_ref().trim().to_string())
        .collect()
}

fn severities(settings: &RuleSettings) -> Vec<(String, Option<Severity>)> {
    settings
        .iter()
        .map(|(k, v)| (k.get_ref().clone(), v.severity.get_ref().severity()))
        .collect()
}

/// Per-glob settings.
#[derive(Debug, Clone)]
pub struct Override {
    files: GlobSet,
    /// The globs of `files`, as written.
    globs: Vec<String>,
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    market: Option<Market>,
    frame: Option<Frame>,
    severities: Vec<(String, Option<Severity>)>,
}

/// The settings of a run: the configuration file resolved, then the command line applied.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The folder paths and globs are relative to (the configuration file's folder).
    pub root: Option<PathBuf>,
    pub config: Option<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// `include` and `exclude` as written.
    include_globs: Option<Vec<String>>,
    exclude_globs: Option<Vec<String>>,
    /// The configuration's `rule-dirs`, resolved.
    pub rule_dirs: Vec<PathBuf>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
    pub market: Option<Market>,
    /// The configuration's top-level `frame`.
    pub frame: Option<Frame>,
    severities: Vec<(String, Option<Severity>)>,
    overrides: Vec<Override>,
    pub formats: BTreeMap<String, Format>,
    pub front_matter_fields: Option<Vec<String>>,
    pub citation_domains: Vec<String>,
    pub hedge_words: Vec<String>,
}

/// What applies to one file.
#[derive(Debug, Clone)]
pub struct FilePolicy {
    pub selection: Selection,
    pub severities: Vec<(String, Option<Severity>)>,
    pub market: Option<Market>,
    /// The frame an `[[overrides]]` entry gives the file (wins over `--frame`).
    pub frame: Option<Frame>,
    /// The configuration's top-level `frame` (`--frame` wins over it).
    pub default_frame: Option<Frame>,
}

impl FilePolicy {
    /// Applies the policy to a finding: `None` drops it, otherwise its severity may change.
    pub fn apply(&self, mut f: Finding) -> Option<Finding> {
        f.severity = self.severity_of(&f.rule, f.severity)?;
        Some(f)
    }

    /// The severity a finding of `rule` at `severity` gets here; `None`: the rule is off.
    pub fn severity_of(&self, rule: &RuleInfo, severity: Severity) -> Option<Severity> {
        if !self.selection.is_enabled(rule) {
            return None;
        }
        // The last matching `[rules.X]` wins (overrides come after the top-level table).
        let configured = self
            .severities
            .iter()
            .rev()
            .find(|(key, _)| rule.code.eq_ignore_ascii_case(key) || &rule.name == key)
            .map(|(_, level)| *level);
        match configured {
            Some(None) => None,
            // A configured severity replaces the default; a lowering by a weak source or a
            // hedge keeps its one step.
            Some(Some(configured)) if severity < rule.severity => Some(configured.lowered()),
            Some(Some(configured)) => Some(configured),
            None => Some(severity),
        }
    }
}

impl Settings {
    /// The path as the configuration's globs see it: relative to its folder.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(path)
        };
        let abs = normalize(&abs);
        abs.strip_prefix(root).ok().map(Path::to_path_buf)
    }

    /// Whether a file found by walking a folder is linted (`include` / `exclude`).
    pub fn walks(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let Some(rel) = self.relative(path) else {
            return true;
        };
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
            return false;
        }
        self.include.as_ref().is_none_or(|g| g.is_match(&rel))
    }

    /// Whether the configuration's `exclude` matches a file (`--force-exclude` applies it to
    /// files named on the command line too).
    pub fn excludes(&self, path: &Path) -> bool {
        let Some(exclude) = &self.exclude else {
            return false;
        };
        self.relative(path).is_some_and(|rel| exclude.is_match(rel))
    }

    /// The format of a path: the configured mapping first, then the extension.
    pub fn format_of(&self, path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        self.formats
            .get(&ext)
            .copied()
            .or_else(|| Format::from_extension(&ext))
    }

    /// The selection, severities and market for one file.
    pub fn policy(&self, path: &Path) -> FilePolicy {
        let mut select = self.select.clone().unwrap_or_default();
        select.extend(self.extend_select.iter().cloned());
        let mut policy = FilePolicy {
            selection: Selection {
                select,
                ignore: self.ignore.clone(),
            },
            severities: self.severities.clone(),
            market: self.market,
            frame: None,
            default_frame: self.frame,
        };
        if self.overrides.is_empty() {
            return policy;
        }
        let Some(rel) = self.relative(path) else {
            return policy;
        };
        for o in &self.overrides {
            if !o.files.is_match(&rel) {
                continue;
            }
            if let Some(s) = &o.select {
                policy.selection.select = s.clone();
            }
            policy
                .selection
                .select
                .extend(o.extend_select.iter().cloned());
            policy.selection.ignore.extend(o.ignore.iter().cloned());
            policy.severities.extend(o.severities.iter().cloned());
            if o.market.is_some() {
                policy.market = o.market;
            }
            if o.frame.is_some() {
                policy.frame = o.frame;
            }
        }
        policy
    }

    /// What `medlint check --show-settings PATH` prints: where the settings came from and what
    /// they make of one file, down to each rule that is on for it and at which severity.
    /// `explicit`: the path was named on the command line; `cli_frame`: `--frame`.
    pub fn show(
        &self,
        path: &Path,
        explicit: bool,
        force_exclude: bool,
        cli_frame: Option<Frame>,
        rules: &[std::sync::Arc<RuleInfo>],
    ) -> String {
        use std::fmt::Write as _;
        let list = |l: &[String]| {
            if l.is_empty() {
                "(none)".to_string()
            } else {
                l.join(", ")
            }
        };
        let mut out = String::new();
        let w = &mut out;
        let _ = writeln!(w, "path: {}", path.display());
        match &self.config {
            Some(c) => {
                let _ = writeln!(w, "configuration: {}", c.display());
                if let Some(root) = &self.root {
                    let _ = writeln!(w, "globs are relative to: {}", root.display());
                }
            }
            None => {
                let _ = writeln!(
                    w,
                    "configuration: none (no medlint.toml above the path; built-in defaults)"
                );
            }
        }
        let format = self.format_of(path);
        let linted = if path.is_dir() {
            "a folder: the files in it are linted under these settings (`include` and `exclude` apply to each)"
        } else if explicit {
            if !self.excludes(path) {
                "yes: named on the command line"
            } else if force_exclude {
                "no: `exclude` matches it (and --force-exclude is on)"
            } else {
                "yes: named on the command line (`exclude` matches it: a folder walk or --force-exclude leaves it out)"
            }
        } else if format.is_none() {
            "no: not a Markdown, HTML or text extension (see `[formats]`)"
        } else if !self.walks(path) {
            "no when a folder is walked: `include`/`exclude` leave it out"
        } else {
            "yes"
        };
        let _ = writeln!(w, "linted: {linted}");
        if !path.is_dir() {
            let _ = writeln!(w, "format: {}", format.unwrap_or(Format::Text).as_str());
        }
        let _ = writeln!(
            w,
            "include: {}",
            self.include_globs
                .as_deref()
                .map_or("(every known extension)".into(), list)
        );
        let _ = writeln!(
            w,
            "exclude: {}",
            list(self.exclude_globs.as_deref().unwrap_or_default())
        );
        let policy = self.policy(path);
        let market = policy.market.unwrap_or(Market::Us);
        let _ = writeln!(
            w,
            "market: {}{}",
            market.as_str(),
            if policy.market.is_none() {
                " (default; a page's `market:` front matter wins)"
            } else {
                " (a page's `market:` front matter wins)"
            }
        );
        let frame = policy.frame.or(cli_frame).or(policy.default_frame);
        let _ = writeln!(
            w,
            "frame: {}",
            frame.map_or("inferred from each page's words", |f| f.as_str())
        );
        let _ = writeln!(
            w,
            "fail-on: {}",
            self.fail_on.unwrap_or(Severity::Error).as_str()
        );
        let _ = writeln!(w, "select: {}", list(&policy.selection.select));
        let _ = writeln!(w, "ignore: {}", list(&policy.selection.ignore));
        let matched: Vec<String> = self
            .overrides
            .iter()
            .filter(|o| self.relative(path).is_some_and(|rel| o.files.is_match(rel)))
            .map(|o| o.globs.join(", "))
            .collect();
        let _ = writeln!(w, "overrides that apply: {}", list(&matched));
        let dirs: Vec<String> = self
            .rule_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        let _ = writeln!(w, "rule-dirs: {}", list(&dirs));
        if let Some(fields) = &self.front_matter_fields {
            let _ = writeln!(w, "front-matter-fields: {}", list(fields));
        }
        let _ = writeln!(w, "citation-domains: {}", list(&self.citation_domains));
        let _ = writeln!(w, "hedge-words: {}", list(&self.hedge_words));
        let mut on = Vec::new();
        let mut off = 0;
        for rule in rules {
            let kept = rule
                .markets
                .contains(&market)
                .then(|| policy.severity_of(rule, rule.severity))
                .flatten();
            match kept {
                Some(severity) => on.push(format!(
                    "  {} {} ({})",
                    rule.code,
                    rule.name,
                    severity.as_str()
                )),
                None => off += 1,
            }
        }
        let _ = writeln!(w, "rules on ({}; {off} off here):", on.len());
        for line in on {
            let _ = writeln!(w, "{line}");
        }
        out
    }

    /// Whether any file could have `rule` on: the engine runs it, and files filter.
    pub fn could_enable(&self, rule: &RuleInfo) -> bool {
        let global = self.policy(Path::new("\0none"));
        if global.selection.is_enabled(rule) {
            return true;
        }
        self.overrides.iter().any(|o| {
            let mut sel = global.selection.clone();
            if let Some(s) = &o.select {
                sel.select = s.clone();
            }
            sel.select.extend(o.extend_select.iter().cloned());
            sel.is_enabled(rule)
        })
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The commented starter configuration written by `medlint init`.
pub const STARTER: &str = include_str!("starter.toml");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin_rules;

    fn resolve(text: &str) -> Result<Settings, ConfigErrors> {
        let rules = builtin_rules().unwrap();
        let infos: Vec<&RuleInfo> = rules.iter().map(|r| r.info.as_ref()).collect();
        LoadedConfig::parse(Path::new("/tmp/x/medlint.toml"), text)?.resolve(&infos)
    }

    #[test]
    fn the_starter_file_is_valid() {
        let s = resolve(STARTER).unwrap();
        assert_eq!(s.fail_on, None);
    }

    #[test]
    fn unknown_keys_point_at_the_line() {
        let text = "select = [\"MED1\"]\nfail-onn = \"warning\"\n";
        let err = resolve(text).err().unwrap();
        let e = &err.errors[0];
        assert!(
            e.message.contains("unknown field `fail-onn`"),
            "{}",
            e.message
        );
        let span = e.span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "fail-onn");
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let text = "[rules.MED101]\nseverity = \"loud\"\n";
        let err = resolve(text).err().unwrap();
        assert!(err.errors[0].message.contains("unknown variant `loud`"));
        let text = "ignore = [\"MED9999\"]\n";
        let err = resolve(text).err().unwrap();
        let e = &err.errors[0];
        assert!(e.message.contains("unknown rule selector `MED9999`"));
        let span = e.span.unwrap();
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "\"MED9999\""
        );
    }

    #[test]
    fn overrides_apply_by_glob() {
        let s = resolve(
            "ignore = [\"MED702\"]\n[[overrides]]\nfiles = [\"content/legal/**\"]\nignore = [\"price-claim\", \"comparative-claim\"]\n[overrides.rules.MED101]\nseverity = \"info\"\n",
        )
        .unwrap();
        let legal = s.policy(Path::new("/tmp/x/content/legal/terms.md"));
        let blog = s.policy(Path::new("/tmp/x/content/blog/post.md"));
        assert!(legal.selection.ignore.contains(&"price-claim".to_string()));
        assert!(!blog.selection.ignore.contains(&"price-claim".to_string()));
        assert_eq!(legal.severities.len(), 1);
        assert!(blog.severities.is_empty());
    }
}
