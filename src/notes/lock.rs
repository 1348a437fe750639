//! The advisory lock every writer of a notes file takes from reading it to saving it (the window
//! and `callflow notes` alike), so that changes made at the same time wait for each other and
//! none is lost. The lock is on the notes file itself; since a save replaces that file by a new
//! one, a writer that waited checks, once it holds the lock, that the file it locked is still the
//! one at the path, and otherwise locks the new one.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Held while a notes file is read, changed and saved; dropping it lets the next writer in.
#[derive(Debug)]
pub struct Locked {
    file: File,
    /// The empty file was made to be locked (there was no notes file).
    created: bool,
}

impl Locked {
    /// After a change that was not saved: the empty file made for the lock goes again, so a
    /// refused change leaves no trace.
    pub fn undo_create(self, path: &Path) {
        let empty = self.file.metadata().is_ok_and(|m| m.len() == 0);
        if self.created && empty {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Waits for the lock on the notes file at `path`, creating an empty one (an empty notes file
/// reads as no notes) when there is none yet.
pub fn lock(path: &Path) -> io::Result<Locked> {
    loop {
        let (file, created) = match File::open(path) {
            Ok(f) => (f, false),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                let made = OpenOptions::new().append(true).create(true).open(path)?;
                (made, true)
            }
            Err(e) => return Err(e),
        };
        match file.lock() {
            Ok(()) => {}
            // A file system without locks (some network shares): saving still works, unlocked,
            // as before locks were taken.
            Err(e) if no_locks_here(&e) => return Ok(Locked { file, created }),
            Err(e) => return Err(e),
        }
        if still_there(&file, path) {
            return Ok(Locked { file, created });
        }
    }
}

/// Whether locking failed because the file system has no locks.
fn no_locks_here(e: &io::Error) -> bool {
    // ENOLCK on Linux.
    e.kind() == io::ErrorKind::Unsupported
        || (cfg!(target_os = "linux") && e.raw_os_error() == Some(37))
}

/// Whether the locked `file` is still the one at `path` (not replaced while it was waited for).
#[cfg(unix)]
fn still_there(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere the file cannot be told apart by identity; the lock is taken as it is.
#[cfg(not(unix))]
fn still_there(_file: &File, _path: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("c.ndjson.callflow.json");
        let first = lock(&path).expect("locks");
        let other = File::open(&path).expect("open");
        assert!(other.try_lock().is_err(), "held");
        drop(first);
        assert!(other.try_lock().is_ok(), "released");
    }

    #[test]
    fn a_file_made_for_the_lock_goes_when_nothing_was_saved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("c.ndjson.callflow.json");
        lock(&path).expect("locks").undo_create(&path);
        assert!(!path.exists());
        std::fs::write(&path, "").expect("write");
        lock(&path).expect("locks").undo_create(&path);
        assert!(path.exists(), "a file that was there stays");
    }
}
