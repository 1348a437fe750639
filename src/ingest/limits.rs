//! How much of one line the reader holds: a notification is a few kilobytes, so a line longer
//! than the cap (16 MiB unless told otherwise) is not held in memory: what is past the cap is
//! read and dropped up to the next line end, and the line is reported as rejected. The cap can
//! be changed with `--max-line-bytes` or the `CALLFLOW_MAX_LINE_BYTES` environment variable.

use std::io::{self, Read};

/// The cap on one line, unless told otherwise.
pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;

/// The environment variable that changes the cap (for the window as for the command line).
pub const MAX_LINE_ENV: &str = "CALLFLOW_MAX_LINE_BYTES";

/// How captures are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Longest line read (bytes, its line end included); longer lines are rejected.
    pub max_line_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
}

impl ReadOptions {
    /// The defaults, with the cap of [`MAX_LINE_ENV`] when it is set to a size.
    pub fn from_env() -> Self {
        let max = std::env::var(MAX_LINE_ENV)
            .ok()
            .and_then(|v| parse_size(&v))
            .unwrap_or(DEFAULT_MAX_LINE_BYTES);
        Self {
            max_line_bytes: max,
        }
    }
}

/// A size in bytes: `1048576`, or with a binary suffix `512K`, `16M`, `1G` (`KiB`, `MiB`, `GiB`
/// too). At least one byte.
pub fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let n: usize = number.parse().ok()?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        _ => return None,
    };
    n.checked_mul(1usize.checked_shl(shift)?).filter(|&n| n > 0)
}

/// A size for people: `16 MiB`, `1536 bytes`.
pub fn size_text(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Reads and drops the rest of a line, through `room` (any size). Returns how many bytes were
/// dropped (its line end included), whether a line end was found (not the end of the input), and
/// how many bytes after the line end were read into the start of `room`.
pub(super) fn skip_line(reader: &mut impl Read, room: &mut [u8]) -> io::Result<(u64, bool, usize)> {
    let mut dropped = 0u64;
    loop {
        let n = match reader.read(room) {
            Ok(0) => return Ok((dropped, false, 0)),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        match memchr::memchr(b'\n', &room[..n]) {
            Some(i) => {
                room.copy_within(i + 1..n, 0);
                return Ok((dropped + i as u64 + 1, true, n - i - 1));
            }
            None => dropped += n as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_or_without_a_unit() {
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("16M"), Some(16 << 20));
        assert_eq!(parse_size("512 KiB"), Some(512 << 10));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("lots"), None);
        assert_eq!(size_text(16 << 20), "16 MiB");
    }

    #[test]
    fn skipping_stops_after_the_line_end_keeping_what_follows() {
        let mut input: &[u8] = b"aaaaaaaaaa\nnext";
        let mut room = [0u8; 4];
        let (dropped, found, kept) = skip_line(&mut input, &mut room).expect("reads");
        assert_eq!((dropped, found), (11, true));
        assert_eq!(
            &room[..kept],
            b"n",
            "what was read past the line end is kept"
        );
    }
}
