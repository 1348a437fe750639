//! Text from a capture on its way to a terminal or a flat file: the characters that would act
//! rather than show (control characters, bidirectional overrides) written escaped (`\u{1b}`,
//! `\n`). Shared by the command line's output and the CSV call log.

use std::borrow::Cow;

/// Whether `c` would act on a terminal rather than show.
fn acts(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that would act escaped; line breaks too unless `keep_lines`
/// (for a writer that quotes them, like CSV's).
pub fn escape_acting(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let escaped = |c: char| acts(c) && !(keep_lines && c == '\n');
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !escaped(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}
