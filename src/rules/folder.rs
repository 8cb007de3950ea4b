//! Reading a user's rule folder: its rule files (recursively) and its `classes` folder.
//!
//! Every file is read with a size cap and only if it is a regular file, so a named pipe or a
//! device among the rules is an error naming it rather than a hang; a symbolic link that leads
//! back to a folder being read is an error too, rather than an endless walk.

use crate::files::{self, CONFIG_LIMIT};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

fn error_at(path: &Path, e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{}: {e}", path.display()))
}

fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

/// Whether an entry of a folder is itself a folder, following a symbolic link. A link that
/// cannot be followed is an error when it loops or looks like a rule file, and is skipped
/// otherwise (an editor's lock file, say).
fn entry_is_dir(entry: &std::fs::DirEntry) -> io::Result<Option<bool>> {
    let path = entry.path();
    let file_type = entry.file_type().map_err(|e| error_at(&path, e))?;
    if !file_type.is_symlink() {
        return Ok(Some(file_type.is_dir()));
    }
    match std::fs::metadata(&path) {
        Ok(meta) => Ok(Some(meta.is_dir())),
        Err(e) if is_loop(&e) || is_toml(&path) => Err(error_at(&path, e)),
        Err(_) => Ok(None),
    }
}

#[cfg(unix)]
fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &io::Error) -> bool {
    false
}

fn read_files(paths: Vec<PathBuf>) -> io::Result<Vec<(String, String)>> {
    paths
        .into_iter()
        .map(|p| {
            let text = files::read_text(&p, CONFIG_LIMIT).map_err(|e| error_at(&p, e))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

/// Reads every class file of a rule folder: the `*.toml` files of its `classes` folder.
pub fn read_class_dir(dir: &Path) -> io::Result<Vec<(String, String)>> {
    let classes = dir.join("classes");
    if !classes.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(&classes).map_err(|e| error_at(&classes, e))? {
        let entry = entry.map_err(|e| error_at(&classes, e))?;
        let path = entry.path();
        if is_toml(&path) && entry_is_dir(&entry)? == Some(false) {
            paths.push(path);
        }
    }
    paths.sort();
    read_files(paths)
}

/// Reads every `*.toml` rule file under `dir` (recursively, sorted; `data` and `classes`
/// folders are skipped). A folder reached twice through links is read once.
pub fn read_rule_dir(dir: &Path) -> io::Result<Vec<(String, String)>> {
    struct Walk {
        /// The folders being read, from `dir` down, as canonical paths and as reached.
        open: Vec<(PathBuf, PathBuf)>,
        seen: HashSet<PathBuf>,
        files: Vec<PathBuf>,
    }
    fn walk(dir: &Path, w: &mut Walk) -> io::Result<()> {
        // Errors about the folder named on the command line need not name it again.
        let top = w.open.is_empty();
        let error_at = |path: &Path, e: io::Error| if top { e } else { error_at(path, e) };
        let canonical = std::fs::canonicalize(dir).map_err(|e| error_at(dir, e))?;
        if let Some((_, reached)) = w.open.iter().find(|(c, _)| *c == canonical) {
            return Err(self::error_at(
                dir,
                format!(
                    "a symbolic link loop (it leads back to {})",
                    reached.display()
                ),
            ));
        }
        if !w.seen.insert(canonical.clone()) {
            return Ok(());
        }
        w.open.push((canonical, dir.to_path_buf()));
        let entries = std::fs::read_dir(dir).map_err(|e| error_at(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| self::error_at(dir, e))?;
            let path = entry.path();
            match entry_is_dir(&entry)? {
                Some(true) => {
                    if path
                        .file_name()
                        .is_some_and(|n| n == "data" || n == "classes")
                    {
                        continue;
                    }
                    walk(&path, w)?;
                }
                Some(false) if is_toml(&path) => w.files.push(path),
                _ => {}
            }
        }
        w.open.pop();
        Ok(())
    }
    let mut w = Walk {
        open: Vec::new(),
        seen: HashSet::new(),
        files: Vec::new(),
    };
    walk(dir, &mut w)?;
    w.files.sort();
    read_files(w.files)
}
