//! The reading loop: streams a file in chunks cut at line ends, decides once per file whether it
//! is line-oriented (NDJSON, frames, mixed) or one JSON document (pretty-printed object or
//! array), parses each chunk on all cores and hands the results to the store in file order.
//! The store takes a chunk's results (and the next chunk is read) while the following chunk is
//! being parsed. A file is a path or `-` (standard input); what its first bytes say is `sniff`'s,
//! a line over the cap is skipped unheld (`limits`, `chunk`).

use super::SourceInfo;
use super::chunk::{CHUNK_BYTES, Chunk, skip_long_line};
use super::limits::{ReadOptions, size_text};
use super::parse::{Place, Reader, locate, parse_value};
use super::sniff;
use crate::store::Batch;
use crate::store::Store;
use flate2::read::MultiGzDecoder;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Loading progress, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the current file read so far (compressed bytes for `.gz`).
    pub done: u64,
    /// Size of the current file on disk, when known.
    pub total: Option<u64>,
}

/// Loads several files as one capture. Problems with a file (missing, unreadable, empty,
/// binary) are recorded in the diagnostics; the other files still load. `-` is standard input.
pub fn load_paths(store: &mut Store, paths: &[PathBuf], progress: &mut dyn FnMut(Progress)) {
    load_paths_with(store, paths, &ReadOptions::default(), progress);
}

/// [`load_paths`] with options (the cap on a line).
pub fn load_paths_with(
    store: &mut Store,
    paths: &[PathBuf],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(Progress),
) {
    for path in paths {
        load_path_with(store, path, opts, progress);
    }
}

/// Counts the bytes read from the file itself, for progress.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The name standard input goes by in diagnostics.
pub const STDIN_NAME: &str = "(standard input)";

/// Loads one file into the store (`-`: standard input).
pub fn load_path(store: &mut Store, path: &Path, progress: &mut dyn FnMut(Progress)) {
    load_path_with(store, path, &ReadOptions::default(), progress);
}

/// [`load_path`] with options (the cap on a line).
pub fn load_path_with(
    store: &mut Store,
    path: &Path,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(Progress),
) {
    let stdin = path == Path::new("-");
    let name = if stdin {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    if crate::notes::is_notes_file(path) {
        // A shell glob such as `*.json` also picks up the notes beside a capture.
        store.diagnostics_mut().skip("callflow notes file");
        return;
    }
    let (file, total): (Box<dyn Read + Send>, Option<u64>) = if stdin {
        (Box::new(io::stdin()), None)
    } else {
        match File::open(path) {
            Ok(f) => {
                let total = f.metadata().ok().map(|m| m.len());
                (Box::new(f), total)
            }
            Err(e) => {
                store
                    .diagnostics_mut()
                    .reject(&name, 0, format!("cannot open: {e}"));
                return;
            }
        }
    };
    store.reserve_for_bytes(total.unwrap_or(0));
    let read = Arc::new(AtomicU64::new(0));
    let mut counting = Counting {
        inner: file,
        read: read.clone(),
    };
    let mut magic = Vec::with_capacity(2);
    if let Err(e) = counting.by_ref().take(2).read_to_end(&mut magic) {
        store
            .diagnostics_mut()
            .reject(&name, 0, format!("cannot read: {e}"));
        return;
    }
    let gzip = magic == [0x1f, 0x8b];
    let head = io::Cursor::new(magic);
    let plain: Box<dyn Read + Send> = if gzip {
        Box::new(MultiGzDecoder::new(head.chain(counting)))
    } else {
        Box::new(head.chain(counting))
    };
    let source = store.add_source(SourceInfo {
        name: name.clone(),
        // Standard input cannot be read again (to show an event's original text).
        path: (!stdin).then(|| path.to_path_buf()),
        gzip,
        data: None,
        bytes: 0,
    });
    let mut report = |_: u64| {
        progress(Progress {
            done: read.load(Ordering::Relaxed),
            total,
        })
    };
    load_reader(store, source, &name, plain, opts, &mut report);
}

/// Loads text already in memory (bundled samples, tests).
pub fn load_bytes(store: &mut Store, name: &str, bytes: &[u8]) {
    let source = store.add_source(SourceInfo {
        name: name.to_owned(),
        path: None,
        gzip: false,
        data: Some(bytes.into()),
        bytes: 0,
    });
    load_reader(
        store,
        source,
        name,
        bytes,
        &ReadOptions::default(),
        &mut |_| {},
    );
}

fn load_reader(
    store: &mut Store,
    source: u32,
    name: &str,
    mut reader: impl Read + Send,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64),
) {
    let max_line = opts.max_line_bytes.max(1);
    let mut start = Place { line: 1, offset: 0 };
    let mut buf = Chunk::new();
    let mut eof = buf.fill_or_reject(store, name, start, &mut reader);
    if buf.text().starts_with(sniff::BOM) {
        // Skipped, the offsets still counting it (they are where the text is in the file).
        buf.data.copy_within(sniff::BOM.len()..buf.len, 0);
        buf.len -= sniff::BOM.len();
        start.offset = sniff::BOM.len() as u64;
    }
    if buf.text().iter().all(u8::is_ascii_whitespace) && eof {
        store.diagnostics_mut().reject(name, 0, "the file is empty");
        return finish(store, source, 0);
    }
    if let Some(why) = sniff::not_text(buf.text()) {
        store.diagnostics_mut().reject(name, 0, why);
        return finish(store, source, 0);
    }
    // The first line whole, however long (up to the cap), before deciding what the file is.
    while !eof && !sniff::holds_first_line(buf.text()) && buf.len < max_line {
        eof = buf.fill_or_reject(store, name, start, &mut reader);
    }
    let first_too_long = !eof && !sniff::holds_first_line(buf.text());
    if !first_too_long && !sniff::first_line_is_json(buf.text()) {
        // One JSON document over many lines: read it whole, parse it as a stream of values.
        let mut all = std::mem::take(&mut buf.data);
        all.truncate(buf.len);
        if let Err(e) = reader.read_to_end(&mut all) {
            store
                .diagnostics_mut()
                .reject(name, 0, format!("read error: {e}"));
        }
        progress(all.len() as u64);
        if document_parses(&all) {
            parse_document(store, source, name, &all, start);
            return finish(store, source, start.offset + all.len() as u64);
        }
        buf.len = all.len();
        buf.data = all;
        eof = true;
    }
    let mut next = Chunk::new();
    let mut place = start;
    let mut pending: Vec<Batch> = Vec::new();
    loop {
        let cut = if eof {
            buf.len
        } else {
            match memchr::memrchr(b'\n', buf.text()) {
                Some(i) => i + 1,
                None if buf.len >= max_line => {
                    // The whole buffer is one line, over the cap: drop the rest of it unread.
                    for batch in pending.drain(..) {
                        store.apply(source, name, batch);
                    }
                    eof = skip_long_line(store, name, &mut place, &mut buf, &mut reader, max_line);
                    continue;
                }
                None => {
                    // A line longer than a chunk: read more.
                    eof = buf.fill_or_reject(store, name, place, &mut reader);
                    continue;
                }
            }
        };
        // What follows the last line end starts the next chunk.
        next.start_with(&buf.text()[cut..]);
        let chunk = &buf.text()[..cut];
        let last = eof;
        let batches = std::mem::take(&mut pending);
        let ((parsed, end), read) = rayon::join(
            || parse_lines(chunk, place, last, max_line),
            || {
                for batch in batches {
                    store.apply(source, name, batch);
                }
                (!last).then(|| next.fill(&mut reader, CHUNK_BYTES))
            },
        );
        pending = parsed;
        place = end;
        progress(place.offset);
        match read {
            None => break,
            Some(Ok(done)) => eof = done,
            Some(Err(e)) => {
                let at = place.offset + next.len as u64;
                let msg = format!("read error after {at} bytes: {e}");
                store.diagnostics_mut().reject(name, place.line, msg);
                eof = true;
            }
        }
        std::mem::swap(&mut buf, &mut next);
    }
    for batch in pending {
        store.apply(source, name, batch);
    }
    finish(store, source, place.offset);
}

fn finish(store: &mut Store, source: u32, bytes: u64) {
    if let Some(info) = store.source_mut(source) {
        info.bytes = bytes;
    }
}

fn document_parses(buf: &[u8]) -> bool {
    let mut values = serde_json::Deserializer::from_slice(buf).into_iter::<serde::de::IgnoredAny>();
    matches!(values.next(), Some(Ok(_)))
}

/// A whole document: one or more JSON values, each possibly spread over many lines; `start` is
/// where `buf` begins in the file.
fn parse_document(store: &mut Store, source: u32, name: &str, buf: &[u8], start: Place) {
    let mut stream =
        serde_json::Deserializer::from_slice(buf).into_iter::<&serde_json::value::RawValue>();
    let mut out = Reader::new();
    loop {
        match stream.next() {
            None => break,
            Some(Ok(raw)) => {
                let bytes = raw.get().as_bytes();
                let place = locate(buf, bytes, start);
                parse_value(bytes, place, false, &mut out);
            }
            Some(Err(e)) => {
                let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
                let msg = if e.is_eof() {
                    "cut short: the file ends in the middle of a notification".to_owned()
                } else {
                    format!("not valid JSON: {e}")
                };
                out.batch.reject(line, msg);
                break;
            }
        }
    }
    store.apply(source, name, out.batch);
}

/// Parses complete lines (a chunk of the file) on all cores; the batches are in file order.
/// Each core takes runs of whole lines, so a batch's strings repeat a lot (a call's events are
/// close together) and the store interns few of them. Also says where the chunk ends.
/// A line longer than `max_line` is rejected unread.
fn parse_lines(chunk: &[u8], start: Place, at_eof: bool, max_line: usize) -> (Vec<Batch>, Place) {
    let mut lines = Vec::new();
    let mut place = start;
    let mut rest = chunk;
    while !rest.is_empty() {
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
        lines.push((place, &rest[..end]));
        place.line += u32::from(rest[end - 1] == b'\n');
        place.offset += end as u64;
        rest = &rest[end..];
    }
    let last = lines.len().saturating_sub(1);
    let runs = rayon::current_num_threads() * 2;
    let per_run = lines.len().div_ceil(runs).max(64);
    let batches = lines
        .par_chunks(per_run)
        .enumerate()
        .map(|(run, lines)| {
            let mut out = Reader::new();
            for (i, (place, text)) in lines.iter().enumerate() {
                let at_end = at_eof && run * per_run + i == last;
                if text.len() > max_line {
                    let msg = format!(
                        "the line is longer than {}, the most one line may hold \
                         (--max-line-bytes raises the limit)",
                        size_text(max_line)
                    );
                    out.batch.reject(place.line, msg);
                    continue;
                }
                parse_value(text, *place, at_end, &mut out);
            }
            out.batch
        })
        .collect();
    (batches, place)
}
