//! Temporary files beside a target: named `.NAME.callflow-tmp-XXXXXX` so they are recognisably
//! callflow's and say which file they were for, locked by their writer while it writes. One left
//! behind by a writer that was killed (unlocked, and older than a few seconds) is removed the
//! next time the same target is written.

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// What follows `.NAME` in a temporary file's name.
const MARK: &str = ".callflow-tmp-";

/// A temporary file this young may still be about to be locked by its writer.
const GRACE: Duration = Duration::from_secs(5);

fn prefix(name: &OsStr) -> String {
    format!(".{}{MARK}", name.to_string_lossy())
}

/// Creates the temporary file for target `name` in `dir`, locked until it is closed.
pub(super) fn create(dir: &Path, name: &OsStr) -> io::Result<tempfile::NamedTempFile> {
    let temp = tempfile::Builder::new()
        .prefix(&prefix(name))
        .rand_bytes(8)
        .tempfile_in(dir)?;
    // A file system without locks only loses the clean-up of this file, should it be left.
    let _ = temp.as_file().try_lock();
    Ok(temp)
}

/// Removes the temporary files of target `name` in `dir` that no running writer holds.
/// Best effort: a file that cannot be looked at or removed is left.
pub(super) fn clean(dir: &Path, name: &OsStr) {
    let prefix = prefix(name);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        // The random part only: not the temporary file of a name that merely starts like ours.
        if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let path = entry.path();
        if is_stale(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

fn is_stale(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let old = file
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > GRACE);
    old && file.try_lock().is_ok()
}
