//! Finding the files to lint, and linting them in parallel.

use super::{Engine, Suppression};
use crate::config::Settings;
use crate::diagnostic::{Finding, Market};
use crate::files::{DOCUMENT_LIMIT, read_bytes};
use crate::paths::display;
use crate::source::{Decoded, Document, Encoding, Format, LoadOptions, decode};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A file to lint.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub path: PathBuf,
    /// The path as reported (see [`crate::paths`]): no leading `./`, relative to the current
    /// folder when it is under it.
    pub display: String,
    pub format: Format,
    /// The profile it is linted under (see [`Resolve`]).
    pub profile: usize,
}

/// Says which settings a file is found and linted under: the nearest configuration file above
/// it, or one for every file.
pub trait Resolve {
    /// The index of the file's profile and its settings; `None` when its configuration is
    /// broken (the resolver reports that) and the file is not linted.
    fn resolve(&mut self, path: &Path) -> Option<(usize, &Settings)>;
}

/// One set of settings for every file.
impl Resolve for &Settings {
    fn resolve(&mut self, _: &Path) -> Option<(usize, &Settings)> {
        Some((0, *self))
    }
}

/// A path on the command line that could not be walked.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// A path as reported: as given, `.` components left out, relative to `cwd` when it is under
/// it. A path with `..` in it is shown resolved (after a symbolic link, `..` does not lead
/// back where the link was), as is its `canonical` form.
fn shown_path(given: &Path, canonical: &Path, cwd: Option<&Path>) -> PathBuf {
    let mut clean = PathBuf::new();
    for c in given.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => return relative_to(canonical, cwd),
            c => clean.push(c.as_os_str()),
        }
    }
    relative_to(&clean, cwd)
}

fn relative_to(path: &Path, cwd: Option<&Path>) -> PathBuf {
    match cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(rel) if path.is_absolute() => rel.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// A file found, and the file it is once links and `..` are resolved.
struct Found {
    identity: PathBuf,
    entry: FileEntry,
}

/// Which of two names of one file is reported: a relative one, then the shorter.
fn preferred(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| (s.starts_with('/'), s.len());
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Expands the command-line paths into files. Folders are walked respecting `.gitignore` and
/// skipping hidden files; only known extensions (and the configuration's `include`, minus its
/// `exclude`) are taken from them, each file under the settings `resolver` gives it. A file
/// named explicitly is always linted (as text when its extension is unknown), unless
/// `force_exclude` and its configuration's `exclude` matches it. A file named several ways (`a.md`, `./a.md`, its folder, an absolute
/// path) is linted once, under one name whatever the order of the paths.
pub fn discover(paths: &[PathBuf], resolver: &mut dyn Resolve, force_exclude: bool) -> Discovered {
    let cwd = std::env::current_dir().ok();
    let mut found: Vec<Found> = Vec::new();
    let mut errors = Vec::new();
    let mut excluded = 0;
    for root in paths {
        let resolved = std::fs::metadata(root).and_then(|m| Ok((m, std::fs::canonicalize(root)?)));
        let (meta, canonical) = match resolved {
            Ok(r) => r,
            Err(e) => {
                errors.push(WalkError {
                    path: display(root),
                    message: e.to_string(),
                });
                continue;
            }
        };
        if !meta.is_dir() && !meta.is_file() {
            // A named pipe, socket or device: reading it could block forever.
            errors.push(WalkError {
                path: display(root),
                message: "not a regular file or folder".to_string(),
            });
            continue;
        }
        let shown = shown_path(root, &canonical, cwd.as_deref());
        if !meta.is_dir() {
            let Some((profile, settings)) = resolver.resolve(root) else {
                continue;
            };
            if force_exclude && settings.excludes(root) {
                excluded += 1;
                continue;
            }
            found.push(Found {
                identity: canonical,
                entry: FileEntry {
                    path: root.clone(),
                    display: display(&shown),
                    format: settings.format_of(root).unwrap_or(Format::Text),
                    profile,
                },
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .follow_links(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let Some((profile, settings)) = resolver.resolve(e.path()) else {
                        continue;
                    };
                    if let Some(format) = settings.format_of(e.path())
                        && settings.walks(e.path())
                    {
                        let inside = e.path().strip_prefix(root).unwrap_or(e.path());
                        found.push(Found {
                            identity: canonical.join(inside),
                            entry: FileEntry {
                                path: e.path().to_path_buf(),
                                display: display(&shown.join(inside)),
                                format,
                                profile,
                            },
                        });
                    }
                }
                Err(err) => errors.push(WalkError {
                    path: display(root),
                    message: err.to_string(),
                }),
            }
        }
    }
    found.sort_by(|a, b| {
        a.identity
            .cmp(&b.identity)
            .then_with(|| preferred(&a.entry.display, &b.entry.display))
    });
    found.dedup_by(|later, kept| later.identity == kept.identity);
    let mut files: Vec<FileEntry> = found.into_iter().map(|f| f.entry).collect();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    Discovered {
        files,
        errors,
        excluded,
    }
}

/// What [`discover`] found.
pub struct Discovered {
    pub files: Vec<FileEntry>,
    pub errors: Vec<WalkError>,
    /// Files named on the command line that `--force-exclude` left out.
    pub excluded: usize,
}

/// The outcome of linting one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: Arc<str>,
    pub findings: Vec<Finding>,
    /// What its directives suppressed.
    pub suppressed: Vec<Suppression>,
    /// The file's text, kept when a reporter needs it.
    pub source: Option<Arc<str>>,
    /// The page's title, kept with its text (for document-level findings).
    pub title: Option<Arc<str>>,
    /// Why the file was skipped (binary), if it was.
    pub skipped: Option<String>,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
    /// How the file was decoded.
    pub encoding: Encoding,
    /// Who is speaking on the page.
    pub frame: super::frame::PageFrame,
}

impl FileReport {
    fn unread(path: &str, skipped: Option<String>, error: Option<String>) -> FileReport {
        FileReport {
            path: Arc::from(path),
            findings: Vec::new(),
            suppressed: Vec::new(),
            source: None,
            title: None,
            skipped,
            error,
            encoding: Encoding::Utf8,
            frame: Default::default(),
        }
    }
}

/// How to read and lint files: everything but the file itself.
pub struct LintContext<'a> {
    pub engine: &'a Engine,
    pub settings: &'a Settings,
    pub load: &'a LoadOptions,
    pub market: Market,
    pub keep_source: bool,
}

impl LintContext<'_> {
    /// Lints bytes read from `path` (shown as `display`).
    pub fn lint_bytes(
        &self,
        path: &Path,
        display: &str,
        bytes: Vec<u8>,
        format: Format,
    ) -> FileReport {
        let doc = match decode(bytes) {
            Decoded::Binary => {
                let note = "binary file (NUL bytes in the first 8 KiB)";
                return FileReport::unread(display, Some(note.into()), None);
            }
            Decoded::Text(text) => Document::parse(display, text, format, self.load),
            Decoded::Wide(wide) => Document::parse_wide(display, wide, format, self.load),
        };
        if let Some(v) = &doc.frame_problem {
            eprintln!(
                "warning: {display}: the front matter names the frame `{v}`, which is not one of promotional, informational, scientific; the frame is inferred"
            );
        }
        let policy = self.settings.policy(path);
        let result = self.engine.lint_with(&doc, self.market, Some(&policy));
        FileReport {
            path: doc.path.clone(),
            findings: result.findings,
            suppressed: result.suppressed,
            source: self.keep_source.then(|| doc.text.clone()),
            title: if self.keep_source {
                doc.title().map(Arc::from)
            } else {
                None
            },
            skipped: None,
            error: None,
            encoding: doc.encoding,
            frame: result.frame,
        }
    }
}

/// Reads and lints files in parallel, each in the context of its profile (`contexts[profile]`);
/// reports come back in the order of `files`. `done` is called once per file as it finishes
/// (from any thread), for a progress bar.
pub fn lint_files(
    contexts: &[LintContext],
    files: &[FileEntry],
    done: &(dyn Fn() + Sync),
) -> Vec<FileReport> {
    let lint = |f: &FileEntry| {
        let report = match read_bytes(&f.path, DOCUMENT_LIMIT) {
            Ok(bytes) => contexts[f.profile].lint_bytes(&f.path, &f.display, bytes, f.format),
            Err(e) => FileReport::unread(&f.display, None, Some(e.to_string())),
        };
        done();
        report
    };
    // One file (a pre-commit hook, an editor): no thread pool to start.
    if files.len() <= 1 {
        return files.iter().map(lint).collect();
    }
    files.par_iter().map(lint).collect()
}
