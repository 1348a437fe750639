//! A chunk of a file being read: room filled from the reader up to a size, refilled without
//! zeroing, and the skipping of a line too long to hold.

use super::limits::{size_text, skip_line};
use super::parse::Place;
use crate::store::Store;
use std::io::{self, Read};

/// How much of a file is parsed at once. Bounds memory on big captures: the parsed form of a
/// chunk is about as big as its text.
pub(super) const CHUNK_BYTES: usize = 1 << 20;

/// A chunk of a file: `data[..len]` holds its text; the rest is room, initialised once, so
/// reading into it again needs no zeroing (zeroing every read cost a seventh of loading).
pub(super) struct Chunk {
    pub(super) data: Vec<u8>,
    pub(super) len: usize,
}

impl Chunk {
    pub(super) fn new() -> Self {
        Self {
            data: vec![0; CHUNK_BYTES + 4096],
            len: 0,
        }
    }

    pub(super) fn text(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// Reads until `want` more bytes are held or the input ends; says whether it ended.
    pub(super) fn fill(&mut self, reader: &mut impl Read, want: usize) -> io::Result<bool> {
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
    pub(super) fn start_with(&mut self, text: &[u8]) {
        if self.data.len() < text.len() {
            self.data.resize(text.len(), 0);
        }
        self.data[..text.len()].copy_from_slice(text);
        self.len = text.len();
    }

    /// Reads a chunk; a read error is recorded and taken as the end of the input.
    pub(super) fn fill_or_reject(
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

/// Rejects the line that fills `buf` (longer than `max_line`) and reads past its end without
/// keeping it; `buf` then holds what followed the line end and `place` is the next line. Says
/// whether the input ended.
pub(super) fn skip_long_line(
    store: &mut Store,
    name: &str,
    place: &mut Place,
    buf: &mut Chunk,
    reader: &mut impl Read,
    max_line: usize,
) -> bool {
    let held = buf.len as u64;
    let msg = format!(
        "the line is longer than {} (from column {}), the most one line may hold: skipped to its \
         end (a notification is a few kilobytes; --max-line-bytes raises the limit)",
        size_text(max_line),
        max_line + 1
    );
    store.diagnostics_mut().reject(name, place.line, msg);
    buf.len = 0;
    if buf.data.len() < CHUNK_BYTES {
        buf.data.resize(CHUNK_BYTES, 0);
    }
    let room = &mut buf.data[..CHUNK_BYTES];
    match skip_line(reader, room) {
        Ok((dropped, ended_line, kept)) => {
            place.offset += held + dropped;
            place.line += u32::from(ended_line);
            buf.len = kept;
            !ended_line
        }
        Err(e) => {
            let msg = format!("read error after {} bytes: {e}", place.offset + held);
            store.diagnostics_mut().reject(name, place.line, msg);
            true
        }
    }
}
