//! The capture file written by the receiver: one notification per line, appended with a single
//! `write` before the delivery is acknowledged, and the `.rejected` file beside it for bodies
//! that were not JSON. Deliberately no buffering in user space: what was acknowledged is in the
//! kernel's page cache, so a crash or `kill -9` of the process loses nothing acknowledged.
//!
//! The capture is locked (an advisory lock) while a receiver writes it, so a second receiver
//! started on the same file is refused instead of interleaving its deliveries.
//!
//! fsync policy: the data is synced to the disk once a second by a background timer and when
//! the receiver stops, not per request (that would cap the rate at the disk's flush rate). A
//! power cut can therefore lose up to about a second of acknowledged deliveries; a crash of the
//! process cannot.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The append-only capture file and its `.rejected` sibling (opened on the first rejection).
pub(crate) struct Capture {
    file: Mutex<File>,
    /// A second handle on the same file, so syncing never holds up appends.
    sync_handle: File,
    rejected_path: PathBuf,
    rejected: Mutex<Option<File>>,
}

impl Capture {
    /// Opens (or creates) `path` for appending. A file left ending in the middle of a line (by
    /// another program) gets a line end first, so the next notification starts a line of its own.
    pub(crate) fn open(path: &Path, rejected_path: PathBuf) -> io::Result<Self> {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    "another callflow receiver is writing to it",
                ));
            }
            // A file system without locks: receive without one.
            Err(std::fs::TryLockError::Error(_)) => {}
        }
        let len = file.metadata()?.len();
        if len > 0 {
            file.seek(SeekFrom::Start(len - 1))?;
            let mut last = [0u8; 1];
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        let sync_handle = file.try_clone()?;
        Ok(Self {
            file: Mutex::new(file),
            sync_handle,
            rejected_path,
            rejected: Mutex::new(None),
        })
    }

    /// Appends `line` (which holds no line end) and a line end with one `write` call.
    pub(crate) fn append(&self, line: &[u8]) -> io::Result<()> {
        let mut buf = Vec::with_capacity(line.len() + 1);
        buf.extend_from_slice(line);
        buf.push(b'\n');
        let mut file = self
            .file
            .lock()
            .map_err(|_| io::Error::other("capture file lock poisoned"))?;
        file.write_all(&buf)
    }

    /// Keeps a body that was not JSON, as received, followed by a line end.
    pub(crate) fn reject(&self, body: &[u8]) -> io::Result<()> {
        let mut slot = self
            .rejected
            .lock()
            .map_err(|_| io::Error::other("rejected file lock poisoned"))?;
        if slot.is_none() {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.rejected_path)?;
            *slot = Some(file);
        }
        let mut buf = body.to_vec();
        if buf.last() != Some(&b'\n') {
            buf.push(b'\n');
        }
        match slot.as_mut() {
            Some(file) => file.write_all(&buf),
            None => Ok(()),
        }
    }

    /// Pushes what was written to the disk (see the fsync policy above).
    pub(crate) fn sync(&self) -> io::Result<()> {
        self.sync_handle.sync_data()?;
        if let Ok(slot) = self.rejected.lock()
            && let Some(file) = slot.as_ref()
        {
            file.sync_data()?;
        }
        Ok(())
    }
}

/// Makes a valid JSON body one line. Valid JSON cannot hold a raw CR or LF inside a string, so
/// every CR and LF is whitespace between tokens and can go; the text is otherwise untouched
/// (key order and spelling kept, which the window shows).
pub(crate) fn one_line(body: &[u8]) -> Vec<u8> {
    let trimmed = body.trim_ascii();
    if memchr::memchr2(b'\n', b'\r', trimmed).is_none() {
        return trimmed.to_vec();
    }
    trimmed
        .iter()
        .copied()
        .filter(|&b| b != b'\n' && b != b'\r')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_json_becomes_one_line_keeping_key_order() {
        let body = b"{\r\n  \"z\": 1,\n  \"a\": \"x y\"\n}\n";
        assert_eq!(one_line(body), b"{  \"z\": 1,  \"a\": \"x y\"}".to_vec());
        assert_eq!(one_line(b" {\"a\":1} "), b"{\"a\":1}".to_vec());
    }

    #[test]
    fn a_file_cut_mid_line_gets_a_line_end_before_the_next_append() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("c.ndjson");
        std::fs::write(&path, b"{\"a\":1}\n{\"b\":")?;
        let capture = Capture::open(&path, dir.path().join("c.rejected"))?;
        capture.append(b"{\"c\":3}")?;
        capture.sync()?;
        let text = std::fs::read_to_string(&path)?;
        assert_eq!(text, "{\"a\":1}\n{\"b\":\n{\"c\":3}\n");
        Ok(())
    }

    #[test]
    fn a_second_receiver_on_the_same_capture_is_refused() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("c.ndjson");
        let first = Capture::open(&path, dir.path().join("c.rejected"))?;
        let second = Capture::open(&path, dir.path().join("c.rejected"));
        let e = second.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("another callflow receiver"), "{e}");
        drop(first);
        assert!(Capture::open(&path, dir.path().join("c.rejected")).is_ok());
        Ok(())
    }
}
