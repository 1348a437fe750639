//! The files a command is reading (captures, their notes, standard input when it is a file; see
//! `notes::inputs_of` for a capture's), known by identity (device and inode, links followed), so that no output replaces one of them
//! whatever it is called: another spelling of the path, a hard link or a symbolic link.

use std::io;
use std::path::Path;
#[cfg(not(unix))]
use std::path::PathBuf;
use thiserror::Error;

/// An output refused because it is an input.
#[derive(Debug, Error)]
#[error("it is the same file as the {what} {input}, which is being read; choose another output")]
pub struct SameFile {
    pub what: &'static str,
    pub input: String,
}

/// What the system knows a file by, whatever path leads to it.
#[cfg(unix)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    dev: u64,
    ino: u64,
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(Identity {
        dev: m.dev(),
        ino: m.ino(),
    })
}

/// Elsewhere: the canonical path (hard links are not told apart there).
#[cfg(not(unix))]
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity(PathBuf);

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    std::fs::canonicalize(path).ok().map(Identity)
}

/// The files being read, which no output may be.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    files: Vec<(Identity, String, &'static str)>,
}

impl Inputs {
    /// Protects `path` (`what` names it in the refusal); a file that does not exist needs no
    /// protection.
    pub fn add(&mut self, path: &Path, what: &'static str) {
        let found = if path == Path::new("-") {
            stdin_identity()
        } else {
            identity(path)
        };
        if let Some(id) = found {
            self.files.push((id, path.display().to_string(), what));
        }
    }

    /// Refuses `target` when it is one of the inputs.
    pub fn check(&self, target: &Path) -> io::Result<()> {
        if self.files.is_empty() {
            return Ok(());
        }
        let Some(id) = identity(target) else {
            return Ok(());
        };
        match self.files.iter().find(|(i, _, _)| *i == id) {
            Some((_, input, what)) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                SameFile {
                    what,
                    input: input.clone(),
                },
            )),
            None => Ok(()),
        }
    }
}

/// Standard input's file, when it is one (`< capture.ndjson`).
#[cfg(unix)]
fn stdin_identity() -> Option<Identity> {
    identity(Path::new("/dev/stdin"))
        .filter(|_| std::fs::metadata("/dev/stdin").is_ok_and(|m| m.is_file()))
}

#[cfg(not(unix))]
fn stdin_identity() -> Option<Identity> {
    None
}
