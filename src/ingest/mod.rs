//! Reads captures: detects their shape (one object, an array, NDJSON, WebSocket frames, push
//! wrappers, bare bodies, any of these mixed line by line, gzip), parses big files in chunks on
//! all cores, and feeds the store. Bad input becomes a diagnostic with file and line; it never
//! costs the good events and never panics. No sockets, threads of its own or UI here.

mod chunk;
mod cursor;
mod diagnostics;
pub mod fast;
pub mod limits;
pub mod parse;
mod raw;
mod reader;
mod sniff;
mod time;

pub use diagnostics::{Diagnostics, MAX_LISTED_REJECTIONS, Rejected};
pub use limits::{DEFAULT_MAX_LINE_BYTES, MAX_LINE_ENV, ReadOptions};
pub use raw::raw_text;
pub use reader::{
    Progress, STDIN_NAME, load_bytes, load_path, load_path_with, load_paths, load_paths_with,
};

use std::path::PathBuf;
use std::sync::Arc;

/// One file (or in-memory text) of a capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The name shown to people: the path as given, or the sample's name.
    pub name: String,
    /// Where to read it again (to show an event's original text); `None` for in-memory text.
    pub path: Option<PathBuf>,
    pub gzip: bool,
    /// The text itself, for sources loaded from memory.
    pub data: Option<Arc<[u8]>>,
    /// Bytes read (after decompression).
    pub bytes: u64,
}
