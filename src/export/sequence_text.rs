//! Text inside Mermaid and PlantUML diagrams: capture text is untrusted, so every character
//! that could end a line or start markup is replaced or escaped, and a name stays its own.

/// Whether `c` could end a line for some reader of the text (YAML, Mermaid's and PlantUML's
/// parsers, an editor): every control character and Unicode's line and paragraph separators.
/// Text from a capture is untrusted: each becomes a space, so a name stays on its line.
pub(super) fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Mermaid text: `#`, `;`, `%` (a `%%{init}%%` directive anywhere would configure the
/// diagram), `<` and `>` as entity codes, no line breaks.
pub(super) fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '%' => out.push_str("#37;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c if breaks_line(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid `box` title: also no parentheses, which Mermaid would read as part of the box's
/// `rgb(…)` colour.
pub(super) fn mermaid_box_text(s: &str) -> String {
    mermaid_text(s).replace('(', "#40;").replace(')', "#41;")
}

/// The title in Mermaid's front matter: a YAML string in double quotes, on one line, its `%`
/// as YAML's `\x25` (Mermaid looks for `%%{init}%%` directives in the raw text).
pub(super) fn mermaid_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '%' => out.push_str("\\x25"),
            '"' => out.push_str("\\\""),
            c if breaks_line(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// PlantUML text: no double quotes inside quoted names, no backslash escapes, one line each,
/// and what PlantUML would read as markup (`<color:…>`, `**bold**`, `--strike--`, `[[link]]`…)
/// escaped with its `~`, so a note reads as typed.
pub(super) fn plantuml_text(s: &str) -> String {
    let plain: String = s
        .replace('"', "'")
        .replace('\\', "/")
        .chars()
        .map(|c| if breaks_line(c) { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(plain.len());
    let mut chars = plain.chars().peekable();
    while let Some(c) = chars.next() {
        let doubled =
            matches!(c, '*' | '/' | '_' | '-' | '~' | '"' | '[') && chars.peek() == Some(&c);
        if c == '<' || doubled {
            out.push('~');
        }
        out.push(c);
        if doubled && let Some(next) = chars.next() {
            out.push(next);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plantuml_text_reads_as_typed() {
        assert_eq!(
            plantuml_text("<color:red>x</color> **b** a--b C:\\t \"q\""),
            "~<color:red>x~</color> ~**b~** a~--b C:/t 'q'"
        );
    }

    #[test]
    fn mermaid_text_escapes_in_one_pass() {
        assert_eq!(mermaid_text("a#b;c<d>\ne"), "a#35;b#59;c#lt;d#gt; e");
        assert_eq!(mermaid_text("%%{init}%%"), "#37;#37;{init}#37;#37;");
        assert_eq!(
            mermaid_box_text("bridge (Conference)"),
            "bridge #40;Conference#41;"
        );
    }

    #[test]
    fn no_line_break_of_any_kind_survives() {
        let hostile = "a\n---\r\nconfig:\u{2028}b\u{85}c\u{b}d\u{c}e\u{2029}f";
        for text in [
            mermaid_text(hostile),
            mermaid_title(hostile),
            plantuml_text(hostile),
        ] {
            assert_eq!(text.lines().count(), 1, "{text:?}");
            assert!(!text.chars().any(breaks_line), "{text:?}");
        }
        assert_eq!(mermaid_title("say \"hi\" \\o/"), "say \\\"hi\\\" \\\\o/");
        assert_eq!(mermaid_title("50%%"), "50\\x25\\x25");
        assert_eq!(plantuml_text("[[http://x]]"), "~[[http:~//x]]");
    }
}
