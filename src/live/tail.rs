//! Follows a growing NDJSON capture written by another program, like `tail -F`: reads it from
//! the start, then polls for more and sends each complete line. A file that shrinks was
//! truncated (read again from the start); a path that now names another file (inode changed)
//! was rotated (the old file is read to its end, then the new one from its start); a missing
//! file is waited for. Polling, not inotify: it works the same everywhere, network disks
//! included. A truncation followed by regrowth past the old size within one poll goes unseen.
//! Lines wait for the consumer when it is behind (a big file followed from its start is shown
//! whole, not dropped), and stopping is checked between reads.

use super::{LiveError, LiveSender};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A good default poll interval.
pub const DEFAULT_POLL: Duration = Duration::from_millis(200);

/// A running tail. Dropping it stops it.
pub struct Tail {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Tail {
    /// Starts following `path` on the `callflow-tail` thread.
    pub fn follow(path: PathBuf, sender: LiveSender, poll: Duration) -> Result<Self, LiveError> {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::Builder::new()
            .name("callflow-tail".into())
            .spawn(move || {
                let result = run(&path, &sender, poll, &stopping);
                sender.end(result.err().map(|e| format!("{}: {e}", path.display())));
            })
            .map_err(|source| LiveError::Thread {
                what: "tail",
                source,
            })?;
        Ok(Self {
            stop,
            thread: Some(thread),
        })
    }

    /// Asks the thread to stop without waiting (within a poll interval); the end message follows.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Stops following and waits for the thread (the end message has been sent). A tail waiting
    /// for room in a full channel stops once it gets room or the channel's receiver is dropped.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.request_stop();
        if let Some(thread) = self.thread.take() {
            let _panicked = thread.join();
        }
    }
}

impl Drop for Tail {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The file being read.
struct Open {
    file: File,
    id: Option<(u64, u64)>,
    offset: u64,
}

fn run(path: &Path, sender: &LiveSender, poll: Duration, stop: &AtomicBool) -> io::Result<()> {
    let mut open: Option<Open> = None;
    let mut partial: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    while !stop.load(Ordering::Relaxed) {
        if open.is_none() {
            open = match File::open(path) {
                Ok(file) => {
                    let id = file_id(&file.metadata()?);
                    partial.clear();
                    Some(Open {
                        file,
                        id,
                        offset: 0,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            };
        }
        let mut read_any = false;
        if let Some(current) = open.as_mut() {
            while !stop.load(Ordering::Relaxed) {
                let n = current.file.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                read_any = true;
                current.offset += n as u64;
                if !send_lines(&mut partial, &buf[..n], sender) {
                    return Ok(()); // nobody listens any more
                }
            }
            match std::fs::metadata(path) {
                // Gone: rotated and not yet recreated; the old file may still grow.
                Err(_) => {}
                Ok(meta) if file_id(&meta) != current.id => {
                    // Rotated: the old file is read to its end; a last line without a line end
                    // is sent as it is.
                    flush_partial(&mut partial, sender);
                    open = None;
                    continue;
                }
                Ok(meta) if meta.len() < current.offset => {
                    // Truncated: start again from the top.
                    open = None;
                    partial.clear();
                    continue;
                }
                Ok(_) => {}
            }
        }
        if !read_any {
            std::thread::sleep(poll);
        }
    }
    Ok(())
}

/// Sends the complete lines of `partial` + `data`, keeping an unfinished last line.
fn send_lines(partial: &mut Vec<u8>, data: &[u8], sender: &LiveSender) -> bool {
    partial.extend_from_slice(data);
    let Some(last) = memchr::memrchr(b'\n', partial) else {
        return true;
    };
    let rest = partial.split_off(last + 1);
    let complete = std::mem::replace(partial, rest);
    let at = Instant::now();
    for line in complete.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if !line.is_empty() && !sender.line_waiting(line.to_vec(), at) {
            return false;
        }
    }
    true
}

fn flush_partial(partial: &mut Vec<u8>, sender: &LiveSender) {
    let line = std::mem::take(partial);
    let line = line.trim_ascii();
    if !line.is_empty() {
        sender.line_waiting(line.to_vec(), Instant::now());
    }
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}
