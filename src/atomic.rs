//! Files written atomically: data goes to a temporary file beside the target, which replaces the
//! target only when complete, so a crash or a full disk never leaves a half-written file.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<Self> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".callflow-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Self {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// Flushes to disk and moves the file into place, with the target's permissions when it
    /// existed (temporary files are private by default; a saved file should not be).
    pub fn commit(self) -> io::Result<()> {
        let permissions = match std::fs::metadata(&self.target) {
            Ok(m) => Some(m.permissions()),
            Err(_) => default_permissions(),
        };
        if let Some(p) = permissions {
            self.temp.as_file().set_permissions(p)?;
        }
        self.temp.as_file().sync_all()?;
        self.temp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }

    pub fn file(&self) -> &File {
        self.temp.as_file()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
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
