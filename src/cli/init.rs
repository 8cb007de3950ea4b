//! `medlint init`: a commented starter configuration.

use super::InitArgs;
use crate::config::{CONFIG_NAMES, STARTER};

pub fn run(args: InitArgs) -> u8 {
    let dir = args
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| std::path::PathBuf::from("."), |p| p.to_path_buf());
    for name in CONFIG_NAMES {
        let existing = dir.join(name);
        if existing.exists() {
            eprintln!(
                "error: {} already exists; medlint init does not overwrite a configuration",
                existing.display()
            );
            return 2;
        }
    }
    if args.path.exists() {
        eprintln!("error: {} already exists", args.path.display());
        return 2;
    }
    match crate::report::write_atomically(&args.path, STARTER.as_bytes()) {
        Ok(()) => {
            println!(
                "Wrote {}: every key is commented with its default.",
                args.path.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", args.path.display());
            2
        }
    }
}
