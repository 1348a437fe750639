//! Text from a capture on its way to a terminal: control characters (escape sequences, line
//! breaks, carriage returns) and the bidirectional overrides are shown escaped (`\u{1b}`, `\n`),
//! so a hostile party name or file name cannot move the cursor, recolour the terminal or fake
//! a line. Also the one way an error is printed: its causes each once.

use std::borrow::Cow;

/// `text` with every character that would act on a terminal escaped.
pub fn printable(text: &str) -> Cow<'_, str> {
    crate::model::printable::escape_acting(text, false)
}

/// An error and its causes, each said once (a cause its context already quotes is left out),
/// ready for a terminal.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let said = cause.to_string();
        if text.contains(&said) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&said);
    }
    printable(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_show_escaped() {
        assert_eq!(printable("Ann"), "Ann");
        assert_eq!(
            printable("a\u{1b}[31mb\nc\u{202e}"),
            "a\\u{1b}[31mb\\nc\\u{202e}"
        );
    }

    #[test]
    fn a_cause_is_said_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("cannot open the capture file x: {source}")]
        struct Open {
            source: std::io::Error,
        }
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = anyhow::Error::new(Open { source: io }).context("receiving");
        assert_eq!(
            error_text(&e),
            "receiving: cannot open the capture file x: no such file"
        );
    }
}

/// A writer for plain-text output that holds capture text (`calls`, `story`, `check`): each line
/// goes out through [`printable`], so whatever a capture's names hold, only the line breaks
/// this program writes act on the terminal. Lines are gathered whole, so a character split
/// across two writes is still seen whole.
pub struct Printable<W: std::io::Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: std::io::Write> Printable<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            line: Vec::with_capacity(256),
        }
    }

    fn emit_line(&mut self) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        self.inner.write_all(printable(&text).as_bytes())?;
        self.line.clear();
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = memchr::memchr(b'\n', rest) {
            self.line.extend_from_slice(&rest[..at]);
            self.emit_line()?;
            self.inner.write_all(b"\n")?;
            rest = &rest[at + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.line.is_empty() {
            self.emit_line()?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod writer_tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn printable_output_keeps_its_own_lines_and_escapes_the_captures() {
        let mut out = Printable::new(Vec::new());
        write!(out, "a \u{1b}[2J name\nnext ").unwrap();
        // A bidirectional override split across two writes is still caught.
        let rlo = "\u{202e}".as_bytes();
        out.write_all(&rlo[..1]).unwrap();
        out.write_all(&rlo[1..]).unwrap();
        out.write_all(b"end\n\ttab").unwrap();
        out.flush().unwrap();
        let text = String::from_utf8(out.inner).unwrap();
        assert_eq!(text, "a \\u{1b}[2J name\nnext \\u{202e}end\n\\ttab");
    }
}
