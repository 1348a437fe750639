//! The one writer of every file callflow writes (exports, synthetic captures, notes): a regular
//! file is written to a temporary file beside it that replaces it only when complete, so a crash
//! or a full disk never leaves a half-written file; through a symbolic link the file it points to
//! is replaced (the link stays a link); a device, a FIFO or `-` (standard output) is written in
//! place, and every write error is reported. An output that is the same file as an input being
//! read is refused (see [`Inputs`]).

mod inputs;
mod stale;

pub use inputs::{Inputs, SameFile};

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How many symbolic links are followed before giving up (as the system does).
const MAX_LINKS: usize = 40;

/// A file being written; [`AtomicFile::commit`] makes it the target.
pub struct AtomicFile {
    to: To,
}

enum To {
    /// A regular file (or one not there yet): a temporary file beside it, renamed into place.
    Replace {
        temp: tempfile::NamedTempFile,
        target: PathBuf,
    },
    /// A device or a FIFO, written as it is.
    InPlace(File),
    /// `-`.
    Stdout(io::Stdout),
}

impl AtomicFile {
    /// Starts writing `target`, which no input protects.
    pub fn create(target: &Path) -> io::Result<Self> {
        Self::create_checked(target, &Inputs::default())
    }

    /// Starts writing `target`, refused when it is one of `inputs` (the same file, by any name).
    pub fn create_checked(target: &Path, inputs: &Inputs) -> io::Result<Self> {
        if target == Path::new("-") {
            return Ok(Self {
                to: To::Stdout(io::stdout()),
            });
        }
        inputs.check(target)?;
        // The kind is asked of the system, which follows every link (also `/dev/stdout`'s, which
        // may name a pipe rather than a path).
        match std::fs::metadata(target) {
            Ok(m) if m.is_dir() => Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            )),
            Ok(m) if !m.is_file() => {
                let file = OpenOptions::new().write(true).open(target)?;
                Ok(Self {
                    to: To::InPlace(file),
                })
            }
            _ => {
                let real = follow_links(target)?;
                let dir = match real.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let name = real.file_name().unwrap_or_default();
                stale::clean(&dir, name);
                let temp = stale::create(&dir, name)?;
                Ok(Self {
                    to: To::Replace { temp, target: real },
                })
            }
        }
    }

    /// Finishes: a regular file is flushed to disk and moved into place, with the target's
    /// permissions when it existed (temporary files are private; a saved file should not be);
    /// a device, FIFO or standard output is flushed.
    pub fn commit(self) -> io::Result<()> {
        match self.to {
            To::Replace { temp, target } => {
                let permissions = match std::fs::metadata(&target) {
                    Ok(m) => Some(m.permissions()),
                    Err(_) => default_permissions(),
                };
                if let Some(p) = permissions {
                    temp.as_file().set_permissions(p)?;
                }
                temp.as_file().sync_all()?;
                temp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
            To::InPlace(mut file) => file.flush(),
            To::Stdout(mut out) => out.flush(),
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.to {
            To::Replace { temp, .. } => temp.write(buf),
            To::InPlace(file) => file.write(buf),
            To::Stdout(out) => out.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.to {
            To::Replace { temp, .. } => temp.flush(),
            To::InPlace(file) => file.flush(),
            To::Stdout(out) => out.flush(),
        }
    }
}

/// Writes `bytes` to `target` (see [`AtomicFile::create_checked`]).
pub fn write_file(target: &Path, inputs: &Inputs, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create_checked(target, inputs)?;
    file.write_all(bytes)?;
    file.commit()
}

/// The path a chain of symbolic links ends at (which may not exist yet); `path` itself when it
/// is not a link.
pub fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// Unix: temporary files are private (0600); a saved file gets the usual 0644.
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a new file's permissions are already the usual ones.
#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests;
