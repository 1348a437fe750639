//! Text from a capture on its way to a terminal: control characters (escape sequences, line
//! breaks, carriage returns) and the bidirectional overrides are shown escaped (`\u{1b}`, `\n`),
//! so a hostile party name or file name cannot move the cursor, recolour the terminal or fake
//! a line. Also the one way an error is printed: its causes each once.

use std::borrow::Cow;

/// Whether `c` would act on a terminal rather than show.
fn acts(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that would act on a terminal escaped.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if acts(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
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
