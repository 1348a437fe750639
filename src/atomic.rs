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

    /// Flushes to disk and moves the file into place.
    pub fn commit(self) -> io::Result<()> {
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
