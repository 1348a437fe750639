//! Small helpers for writing SVG text by hand: escaping, fixed number formatting (so the same
//! layout gives the same bytes) and a text width estimate for placing labels and badges.

/// Text escaped for XML content and attribute values, on one line: control characters and the
/// two non-characters XML 1.0 cannot hold become spaces.
pub fn esc(s: &str) -> String {
    escape(s, false)
}

/// [`esc`], but line breaks kept (as `&#10;`, which survives in attribute values too), for
/// reports whose messages span lines (the JUnit XML of `expect check`).
pub fn esc_lines(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, keep_lines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if keep_lines => out.push_str("&#10;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal, never `-0.0` or `NaN`.
pub fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 10.0).round() / 10.0 + 0.0;
    format!("{r:.1}")
}

/// Roughly how wide `s` is in DejaVu Sans at `size` (a little generous, to avoid overlaps).
pub fn text_w(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.6
}

/// `s` cut to at most `max` characters, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `s` broken into lines of at most `max` characters, at spaces where possible; line ends in
/// `s` are kept.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(8);
    let mut lines = Vec::new();
    for paragraph in s.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let mut word = word.to_owned();
            while word.chars().count() > max {
                let head: String = word.chars().take(max).collect();
                word = word.chars().skip(max).collect();
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                lines.push(head);
            }
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_and_escapes_complete() {
        assert_eq!(num(-0.01), "0.0");
        assert_eq!(num(12.349), "12.3");
        assert_eq!(num(f64::NAN), "0.0");
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_line_ends() {
        assert_eq!(
            wrap("the caller now talks to extension 106\nsee above", 16),
            ["the caller now", "talks to", "extension 106", "see above"]
        );
        assert_eq!(
            wrap("abcdefghijklmnopqrstu", 8),
            ["abcdefgh", "ijklmnop", "qrstu"]
        );
        assert_eq!(wrap("", 10), [""]);
    }
}
