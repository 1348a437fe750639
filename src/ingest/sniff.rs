//! What a file's first bytes say about it, decided once per file: a UTF-8 byte-order mark (which
//! Windows editors and PowerShell write; skipped), a binary or UTF-16 file (rejected whole), and
//! whether it is line-oriented (its first line starts with a whole JSON value) or one document
//! spread over many lines.
//!
//! Binary, decided on the first 4 KiB: the first byte that is not white space is a control byte
//! (NUL included), or more than one byte in ten is one. A stray NUL or control byte further on,
//! say on line 2 of a capture, is not a binary file: it costs only its line.

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a file is not read at all, when it is binary or UTF-16.
pub fn not_text(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Some("this file is UTF-16 text: save it as UTF-8 to read it");
    }
    let sample = &head[..head.len().min(4096)];
    let control = |b: &u8| b.is_ascii_control() && !b.is_ascii_whitespace();
    let starts_binary = sample
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(control);
    let binary = starts_binary
        || (std::str::from_utf8(sample).is_err() && sample.len() < 4)
        || sample.iter().filter(|b| control(b)).count() > sample.len() / 10;
    binary.then_some("this is a binary file, not a capture of JSON notifications")
}

/// Whether `buf` holds the first line that is not blank up to its end.
pub fn holds_first_line(buf: &[u8]) -> bool {
    buf.iter()
        .position(|b| !b.is_ascii_whitespace())
        .is_some_and(|start| memchr::memchr(b'\n', &buf[start..]).is_some())
}

/// Whether the first line that is not blank holds a whole JSON value, alone or followed by
/// something that is not JSON (a cut-and-paste accident, which then costs that line only): then
/// the file is read line by line. Otherwise (a value spread over lines, or several values on the
/// line) it is one document, read as a stream of values.
pub fn first_line_is_json(buf: &[u8]) -> bool {
    let line = buf
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    let mut values =
        serde_json::Deserializer::from_slice(line).into_iter::<serde::de::IgnoredAny>();
    matches!(
        (values.next(), values.next()),
        (Some(Ok(_)), None | Some(Err(_)))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_on_a_later_line_is_not_a_binary_file() {
        let text = b"{\"a\":1}\n{\"b\":\x00}\n{\"c\":3}\n";
        assert_eq!(not_text(text), None);
        assert!(not_text(b"\x00\x01\x02binary").is_some());
        assert!(not_text(b"  \x00{}").is_some(), "a control byte first");
        assert!(not_text(b"\xFF\xFE{\x00}\x00").is_some_and(|w| w.contains("UTF-16")));
        let mostly: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 1 { 1 } else { b'a' })
            .collect();
        assert!(not_text(&mostly).is_some(), "a third control bytes");
    }

    #[test]
    fn a_line_with_a_value_and_garbage_after_it_is_a_line() {
        assert!(first_line_is_json(b"{\"a\":1}\n{\"b\":2}\n"));
        assert!(first_line_is_json(b"{\"a\":1}x\n{\"b\":2}\n"));
        assert!(!first_line_is_json(b"{\n  \"a\": 1\n}\n"));
        assert!(
            !first_line_is_json(b"{\"a\":1}{\"b\":2}"),
            "a stream of values"
        );
    }
}
