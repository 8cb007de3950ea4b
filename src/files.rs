//! Reading the files that options name (a configuration, a baseline, rule and class files) and
//! the files to lint: regular files only, and never more than a limit, so that a device, a
//! named pipe or an endless file ends the run with a clear error instead of hanging it.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// The most a configuration, rule or class file may hold.
pub const CONFIG_LIMIT: u64 = 16 << 20;

/// The most a baseline may hold.
pub const BASELINE_LIMIT: u64 = 1 << 30;

/// The most a file to lint may hold: it is held in memory several times over while it is read.
pub const DOCUMENT_LIMIT: u64 = 1 << 30;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A folder, device, named pipe or socket.
    NotRegular(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// Not UTF-8 where text was expected: the 1-based line and column (in characters) of the
    /// first bad byte.
    NotUtf8 {
        line: usize,
        column: usize,
    },
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "not a regular file (it is {kind})"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "too large ({} bytes; the limit is {})",
                size,
                human_size(*limit)
            ),
            ReadError::NotUtf8 { line, column } => {
                write!(f, "not valid UTF-8 (line {line}, column {column})")
            }
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

fn human_size(n: u64) -> String {
    if n >= 1 << 30 && n.is_multiple_of(1 << 30) {
        format!("{} GiB", n >> 30)
    } else if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// What kind of file `meta` describes, in words, when it is not a regular file.
pub fn irregular_kind(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_fifo() {
            return Some("a named pipe");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

/// Opens `path` for reading without blocking on a named pipe that has no writer.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads the whole of `path`, which must be a regular file of at most `limit` bytes. The file
/// type is checked before the file is opened (opening a named pipe with no writer would
/// block), and again on the opened file, in case it was replaced in between.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = irregular_kind(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    let file = open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = irregular_kind(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read stops at the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads `path` as UTF-8 text (see [`read_bytes`]); a byte-order mark is kept.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bytes(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&bytes[..at]).expect("valid up to here");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        ReadError::NotUtf8 { line, column }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_utf8_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        std::fs::write(&p, b"code = \"A\"\nname = \"caf\xe9\"\n").unwrap();
        let e = read_text(&p, CONFIG_LIMIT).unwrap_err();
        assert_eq!(e.to_string(), "not valid UTF-8 (line 2, column 12)");
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'a'; 2048]).unwrap();
        assert_eq!(read_bytes(&p, 2048).unwrap().len(), 2048);
        let e = read_bytes(&p, 1024).unwrap_err();
        assert_eq!(
            e.to_string(),
            "too large (2048 bytes; the limit is 1024 bytes)"
        );
        assert_eq!(human_size(CONFIG_LIMIT), "16 MiB");
        assert_eq!(human_size(BASELINE_LIMIT), "1 GiB");
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_bytes(dir.path(), CONFIG_LIMIT).unwrap_err();
        assert_eq!(e.to_string(), "not a regular file (it is a folder)");
    }
}
