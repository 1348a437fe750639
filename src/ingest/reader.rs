//! The reading loop: streams a file in chunks cut at line ends, decides once per file whether it
//! is line-oriented (NDJSON, frames, mixed) or one JSON document (pretty-printed object or
//! array), parses each chunk in parallel and hands the results to the store in file order.

use super::SourceInfo;
use super::parse::{Outcome, Place, locate, parse_value};
use crate::store::Store;
use flate2::read::MultiGzDecoder;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// How much of a file is parsed at once. Bounds memory on big captures: the parsed form of a
/// chunk is about as big as its text.
const CHUNK_BYTES: usize = 2 << 20;

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
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
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
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
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
    let plain: Box<dyn Read> = if gzip {
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
            done: read.get(),
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

/// Appends up to `want` bytes; says whether the input is exhausted.
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    // `take` + `read_to_end` stops early only at the end of the input.
    let got = reader.by_ref().take(want as u64).read_to_end(buf)?;
    Ok(got < want)
}

fn load_reader(
    store: &mut Store,
    source: u32,
    name: &str,
    mut reader: impl Read,
    progress: &mut dyn FnMut(u64),
) {
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK_BYTES + 4096);
    let mut place = Place { line: 1, offset: 0 };
    let mut first = true;
    let mut eof = false;
    while !eof {
        match fill(&mut reader, &mut buf, CHUNK_BYTES) {
            Ok(done) => eof = done,
            Err(e) => {
                let msg = format!("read error after {} bytes: {e}", place.offset);
                store.diagnostics_mut().reject(name, place.line, msg);
                eof = true;
            }
        }
        if first {
            first = false;
            if buf.iter().all(u8::is_ascii_whitespace) && eof {
                store.diagnostics_mut().reject(name, 0, "the file is empty");
                break;
            }
            if looks_binary(&buf) {
                let msg = "this is a binary file, not a capture of JSON notifications";
                store.diagnostics_mut().reject(name, 0, msg);
                break;
            }
            if !first_line_is_json(&buf) {
                // One JSON document over many lines: read it whole, parse it as a stream of values.
                if let Err(e) = reader.read_to_end(&mut buf) {
                    store
                        .diagnostics_mut()
                        .reject(name, 0, format!("read error: {e}"));
                }
                progress(buf.len() as u64);
                if document_parses(&buf) {
                    parse_document(store, source, name, &buf);
                    finish(store, source, buf.len() as u64);
                    return;
                }
                eof = true;
            }
        }
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None => continue, // a line longer than a chunk: read more
            }
        };
        place = parse_lines(store, source, name, &buf[..cut], place, eof);
        buf.drain(..cut);
        progress(place.offset);
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
    let mut outcomes = Vec::new();
    loop {
        match stream.next() {
            None => break,
            Some(Ok(raw)) => {
                let bytes = raw.get().as_bytes();
                let place = locate(buf, bytes, Place { line: 1, offset: 0 });
                parse_value(bytes, place, false, &mut outcomes);
            }
            Some(Err(e)) => {
                let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
                let msg = if e.is_eof() {
                    "cut short: the file ends in the middle of a notification".to_owned()
                } else {
                    format!("not valid JSON: {e}")
                };
                outcomes.push(Outcome::Reject { line, error: msg });
                break;
            }
        }
    }
    apply(store, source, name, outcomes);
}

/// Parses complete lines (a chunk of the file) on all cores, then applies them in file order.
/// (Overlapping the store's single-threaded part with parsing the next lines was measured: on two
/// cores the hand-offs cost more than they saved.)
fn parse_lines(
    store: &mut Store,
    source: u32,
    name: &str,
    chunk: &[u8],
    start: Place,
    at_eof: bool,
) -> Place {
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
    let outcomes: Vec<Outcome> = lines
        .par_iter()
        .enumerate()
        .with_min_len(64)
        .fold(Vec::new, |mut out, (i, (place, text))| {
            parse_value(text, *place, at_eof && i == last, &mut out);
            out
        })
        .flatten_iter()
        .collect();
    apply(store, source, name, outcomes);
    place
}

fn apply<'a>(
    store: &mut Store,
    source: u32,
    name: &str,
    outcomes: impl IntoIterator<Item = Outcome<'a>>,
) {
    for outcome in outcomes {
        match outcome {
            Outcome::Notice(n) => store.push_notice(source, &n),
            Outcome::Skip(kind) => store.diagnostics_mut().skip(kind),
            Outcome::SkipFrame(kind) => store.diagnostics_mut().skip(&kind),
            Outcome::Reject { line, error } => store.diagnostics_mut().reject(name, line, error),
        }
    }
}

/// The original text of the notification behind an event, exactly as written (read again from
/// its file, so unknown fields are all there).
pub fn raw_text(store: &Store, event: crate::store::EventId) -> io::Result<String> {
    let pos = store.event(event).pos;
    let source = store
        .sources()
        .get(pos.source as usize)
        .ok_or_else(|| io::Error::other("unknown source"))?;
    let start = usize::try_from(pos.offset).map_err(io::Error::other)?;
    let len = pos.len as usize;
    let bytes = if let Some(data) = &source.data {
        data.get(start..start + len)
            .ok_or_else(|| io::Error::other("position outside the text"))?
            .to_vec()
    } else {
        let path = source
            .path
            .as_ref()
            .ok_or_else(|| io::Error::other("no file"))?;
        let mut file = File::open(path)?;
        let reader: Box<dyn Read> = if source.gzip {
            let mut gz = MultiGzDecoder::new(io::BufReader::new(file));
            io::copy(&mut gz.by_ref().take(pos.offset), &mut io::sink())?;
            Box::new(gz)
        } else {
            io::Seek::seek(&mut file, io::SeekFrom::Start(pos.offset))?;
            Box::new(file)
        };
        let mut buf = Vec::with_capacity(len);
        reader.take(len as u64).read_to_end(&mut buf)?;
        buf
    };
    String::from_utf8(bytes).map_err(io::Error::other)
}
