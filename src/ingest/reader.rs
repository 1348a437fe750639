//! The reading loop: streams a file in chunks cut at line ends, decides once per file whether it
//! is line-oriented (NDJSON, frames, mixed) or one JSON document (pretty-printed object or
//! array), parses each chunk on all cores and hands the results to the store in file order.
//! The store takes a chunk's results (and the next chunk is read) while the following chunk is
//! being parsed.

use super::SourceInfo;
use super::parse::{Place, Reader, locate, parse_value};
use crate::store::Batch;
use crate::store::Store;
use flate2::read::MultiGzDecoder;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How much of a file is parsed at once. Bounds memory on big captures: the parsed form of a
/// chunk is about as big as its text.
const CHUNK_BYTES: usize = 1 << 20;

/// Loading progress, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the current file read so far (compressed bytes for `.gz`).
    pub done: u64,
    /// Size of the current file on disk, when known.
    pub total: Option<u64>,
}

/// Loads several files as one capture. Problems with a file (missing, unreadable, empty,
/// binary) are recorded in the diagnostics; the other files still load.
pub fn load_paths(store: &mut Store, paths: &[PathBuf], progress: &mut dyn FnMut(Progress)) {
    for path in paths {
        load_path(store, path, progress);
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

/// Loads one file into the store.
pub fn load_path(store: &mut Store, path: &Path, progress: &mut dyn FnMut(Progress)) {
    let name = path.display().to_string();
    if crate::notes::is_notes_file(path) {
        // A shell glob such as `*.json` also picks up the notes beside a capture.
        store.diagnostics_mut().skip("callflow notes file");
        return;
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            store
                .diagnostics_mut()
                .reject(&name, 0, format!("cannot open: {e}"));
            return;
        }
    };
    let total = file.metadata().ok().map(|m| m.len());
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
        path: Some(path.to_path_buf()),
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
    load_reader(store, source, &name, plain, &mut report);
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
    load_reader(store, source, name, bytes, &mut |_| {});
}

/// A chunk of a file: `data[..len]` holds its text; the rest is room, initialised once, so
/// reading into it again needs no zeroing (zeroing every read cost a seventh of loading).
struct Chunk {
    data: Vec<u8>,
    len: usize,
}

impl Chunk {
    fn new() -> Self {
        Self {
            data: vec![0; CHUNK_BYTES + 4096],
            len: 0,
        }
    }

    fn text(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// Reads until `want` more bytes are held or the input ends; says whether it ended.
    fn fill(&mut self, reader: &mut impl Read, want: usize) -> io::Result<bool> {
        let target = self.len + want;
        if self.data.len() < target {
            self.data.resize(target, 0);
        }
        while self.len < target {
            match reader.read(&mut self.data[self.len..target]) {
                Ok(0) => return Ok(true),
                Ok(n) => self.len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(false)
    }

    /// Starts over with `text` (the unfinished line of the previous chunk).
    fn start_with(&mut self, text: &[u8]) {
        if self.data.len() < text.len() {
            self.data.resize(text.len(), 0);
        }
        self.data[..text.len()].copy_from_slice(text);
        self.len = text.len();
    }

    /// Reads a chunk; a read error is recorded and taken as the end of the input.
    fn fill_or_reject(
        &mut self,
        store: &mut Store,
        name: &str,
        place: Place,
        reader: &mut impl Read,
    ) -> bool {
        match self.fill(reader, CHUNK_BYTES) {
            Ok(done) => done,
            Err(e) => {
                let at = place.offset + self.len as u64;
                let msg = format!("read error after {at} bytes: {e}");
                store.diagnostics_mut().reject(name, place.line, msg);
                true
            }
        }
    }
}

fn load_reader(
    store: &mut Store,
    source: u32,
    name: &str,
    mut reader: impl Read + Send,
    progress: &mut dyn FnMut(u64),
) {
    let start = Place { line: 1, offset: 0 };
    let mut buf = Chunk::new();
    let mut eof = buf.fill_or_reject(store, name, start, &mut reader);
    if buf.text().iter().all(u8::is_ascii_whitespace) && eof {
        store.diagnostics_mut().reject(name, 0, "the file is empty");
        return finish(store, source, 0);
    }
    if looks_binary(buf.text()) {
        let msg = "this is a binary file, not a capture of JSON notifications";
        store.diagnostics_mut().reject(name, 0, msg);
        return finish(store, source, 0);
    }
    // The first line whole, however long, before deciding what the file is.
    while !eof && !holds_first_line(buf.text()) {
        eof = buf.fill_or_reject(store, name, start, &mut reader);
    }
    if !first_line_is_json(buf.text()) {
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
            parse_document(store, source, name, &all);
            return finish(store, source, all.len() as u64);
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
            || parse_lines(chunk, place, last),
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

fn looks_binary(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(4096)];
    sample.contains(&0)
        || (std::str::from_utf8(sample).is_err() && sample.len() < 4)
        || sample
            .iter()
            .filter(|b| b.is_ascii_control() && !b.is_ascii_whitespace())
            .count()
            > sample.len() / 10
}

/// Whether `buf` holds the first line that is not blank up to its end.
fn holds_first_line(buf: &[u8]) -> bool {
    buf.iter()
        .position(|b| !b.is_ascii_whitespace())
        .is_some_and(|start| memchr::memchr(b'\n', &buf[start..]).is_some())
}

fn first_line_is_json(buf: &[u8]) -> bool {
    let line = buf
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

fn document_parses(buf: &[u8]) -> bool {
    let mut values = serde_json::Deserializer::from_slice(buf).into_iter::<serde::de::IgnoredAny>();
    matches!(values.next(), Some(Ok(_)))
}

/// A whole document: one or more JSON values, each possibly spread over many lines.
fn parse_document(store: &mut Store, source: u32, name: &str, buf: &[u8]) {
    let mut stream =
        serde_json::Deserializer::from_slice(buf).into_iter::<&serde_json::value::RawValue>();
    let mut out = Reader::new();
    loop {
        match stream.next() {
            None => break,
            Some(Ok(raw)) => {
                let bytes = raw.get().as_bytes();
                let place = locate(buf, bytes, Place { line: 1, offset: 0 });
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
fn parse_lines(chunk: &[u8], start: Place, at_eof: bool) -> (Vec<Batch>, Place) {
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
                parse_value(text, *place, at_end, &mut out);
            }
            out.batch
        })
        .collect();
    (batches, place)
}
