//! Mermaid and PlantUML sequence diagrams of a call: one participant per lane named as people
//! read it (grouped in a box per session, the bridge marked), every state change as a message to
//! itself and every link as a message between lanes (dashed when inferred), each stamped with
//! the time since the start and the UTC wall clock; notes as notes over the lanes they are
//! about, numbered as on the timeline. Both read the same list of steps.

use super::style::{BOX_BRIDGE, BOX_SESSION};
use super::{ExportError, Prepared};
use crate::timeline::{Layout, NoteMark, NotePlace};
use jiff::SignedDuration;
use std::fmt::Write;

/// One message of the diagram, or a note over lanes `from..=to`.
struct Step {
    t_ms: f64,
    /// At the same moment, state changes (0) come before links (1), then notes (2).
    order: u8,
    from: usize,
    to: usize,
    /// Lines of text (several only for notes).
    text: Vec<String>,
    dashed: bool,
    note: bool,
}

/// `+1:42.9`: time since the call's start.
fn since(t_ms: f64) -> String {
    let ms = t_ms.round().max(0.0) as i64;
    format!(
        "+{}:{:02}.{}",
        ms / 60_000,
        (ms / 1000) % 60,
        (ms % 1000) / 100
    )
}

/// `+1:42.9 · 20:28:24.729`
fn stamp(l: &Layout, t_ms: f64) -> String {
    let ms = t_ms.round().max(0.0) as i64;
    let since = since(t_ms);
    let wall = l
        .start
        .saturating_add(SignedDuration::from_millis(ms))
        .map(|t| t.strftime("%H:%M:%S%.3f").to_string())
        .unwrap_or_default();
    format!("{since} · {wall}")
}

fn with_reason(what: &str, reason: Option<&str>) -> String {
    match reason {
        Some(r) => format!("{what} ({r})"),
        None => what.to_owned(),
    }
}

/// Every state change and link, by time.
fn steps(l: &Layout) -> Vec<Step> {
    let state = |lane: usize, t_ms: f64, what: String| Step {
        t_ms,
        order: 0,
        from: lane,
        to: lane,
        text: vec![format!("{} {what}", stamp(l, t_ms))],
        dashed: false,
        note: false,
    };
    let mut out: Vec<Step> = l
        .bands
        .iter()
        .map(|b| state(b.lane, b.t0_ms, with_reason(&b.code, b.reason.as_deref())))
        .chain(l.markers.iter().map(|m| {
            state(
                m.lane,
                m.t_ms,
                with_reason(m.kind.name(), m.reason.as_deref()),
            )
        }))
        .collect();
    out.extend(l.links.iter().map(|k| {
        let evidence = if k.inferred { "inferred" } else { "peerId" };
        Step {
            t_ms: k.from_ms,
            order: 1,
            from: k.from_lane,
            to: k.to_lane,
            text: vec![format!(
                "{} {} ({evidence} link)",
                stamp(l, k.from_ms),
                k.kind
            )],
            dashed: k.inferred,
            note: false,
        }
    }));
    out.extend(l.notes.iter().map(|m| note_step(l, m)));
    out.sort_by(|a, b| {
        a.t_ms
            .total_cmp(&b.t_ms)
            .then(a.order.cmp(&b.order))
            .then(a.from.cmp(&b.from))
            .then(a.to.cmp(&b.to))
    });
    out
}

impl Step {
    /// The lanes a note is over: `L2`, or `L0<sep>L3`.
    fn over(&self, sep: &str) -> String {
        if self.from == self.to {
            format!("L{}", self.from)
        } else {
            format!("L{}{sep}L{}", self.from, self.to)
        }
    }
}

/// A note over the lanes it is about: all of them for a call note, a session's for a session
/// note, its own lane otherwise.
fn note_step(l: &Layout, m: &NoteMark) -> Step {
    let all = (0, l.lanes.len().saturating_sub(1));
    let (from, to) = match m.place {
        NotePlace::Call => all,
        NotePlace::Session(i) => l
            .sessions
            .get(i)
            .filter(|h| !h.lanes.is_empty())
            .map_or(all, |h| (h.lanes.start, h.lanes.end - 1)),
        NotePlace::Lane(i) => (i, i),
    };
    // The anchor's words already give the wall clock.
    let when = match m.place {
        NotePlace::Lane(_) => format!(" · {}", since(m.t_ms)),
        _ => String::new(),
    };
    let mut text = vec![format!("Note {}{when} · {}", m.number, m.anchor)];
    text.extend(m.text.lines().map(str::to_owned));
    Step {
        t_ms: if m.place == NotePlace::Call {
            -1.0
        } else {
            m.t_ms
        },
        order: 2,
        from,
        to,
        text,
        dashed: false,
        note: true,
    }
}

/// Whether `c` could end a line for some reader of the text (YAML, Mermaid's and PlantUML's
/// parsers, an editor): every control character and Unicode's line and paragraph separators.
/// Text from a capture is untrusted: each becomes a space, so a name stays on its line.
fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Mermaid text: `#`, `;`, `<` and `>` as entity codes, no line breaks.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c if breaks_line(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The title in Mermaid's front matter: a YAML string in double quotes, on one line.
fn mermaid_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if breaks_line(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid `sequenceDiagram` of the call.
pub fn mermaid(p: &Prepared) -> Result<String, ExportError> {
    let l = &p.layout;
    let mut s = String::new();
    let title = mermaid_title(&p.title);
    writeln!(s, "---\ntitle: \"{title}\"\n---\nsequenceDiagram")?;
    for h in &l.sessions {
        let (colour, what) = if h.bridge {
            (BOX_BRIDGE, "Conference bridge")
        } else {
            (BOX_SESSION, "Session")
        };
        let colour = format!("rgb({},{},{})", colour[0], colour[1], colour[2]);
        let origin = mermaid_text(h.origin.as_deref().unwrap_or("unknown origin"));
        writeln!(
            s,
            "    box {colour} {what} {} ({origin})",
            mermaid_text(&h.id)
        )?;
        for lane in h.lanes.clone() {
            if let Some(info) = l.lanes.get(lane) {
                writeln!(
                    s,
                    "        participant L{lane} as {}",
                    mermaid_text(&info.label)
                )?;
            }
        }
        writeln!(s, "    end")?;
    }
    if !l.lanes.is_empty() {
        let last = l.lanes.len() - 1;
        writeln!(s, "    Note over L0,L{last}: {}", mermaid_text(&p.subtitle))?;
    }
    for step in steps(l) {
        let text: Vec<String> = step.text.iter().map(|t| mermaid_text(t)).collect();
        if step.note {
            let over = step.over(",");
            writeln!(s, "    Note over {over}: {}", text.join("<br/>"))?;
            continue;
        }
        let arrow = if step.dashed { "-->>" } else { "->>" };
        writeln!(
            s,
            "    L{}{arrow}L{}: {}",
            step.from,
            step.to,
            text.join(" ")
        )?;
    }
    Ok(s)
}

/// PlantUML text: no double quotes inside quoted names, no backslash escapes, one line each,
/// and what PlantUML would read as markup (`<color:…>`, `**bold**`, `--strike--`, `[[link]]`…)
/// escaped with its `~`, so a note reads as typed.
fn plantuml_text(s: &str) -> String {
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

/// A PlantUML sequence diagram of the call.
pub fn plantuml(p: &Prepared) -> Result<String, ExportError> {
    let l = &p.layout;
    let mut s = String::new();
    writeln!(s, "@startuml")?;
    writeln!(s, "title {}", plantuml_text(&p.title))?;
    writeln!(s, "hide footbox")?;
    for h in &l.sessions {
        let (colour, what) = if h.bridge {
            (BOX_BRIDGE, "Conference bridge")
        } else {
            (BOX_SESSION, "Session")
        };
        let colour = format!("#{:02X}{:02X}{:02X}", colour[0], colour[1], colour[2]);
        let origin = plantuml_text(h.origin.as_deref().unwrap_or("unknown origin"));
        writeln!(
            s,
            "box \"{what} {} ({origin})\" {colour}",
            plantuml_text(&h.id)
        )?;
        for lane in h.lanes.clone() {
            if let Some(info) = l.lanes.get(lane) {
                writeln!(
                    s,
                    "participant \"{}\" as L{lane}",
                    plantuml_text(&info.label)
                )?;
            }
        }
        writeln!(s, "end box")?;
    }
    if !l.lanes.is_empty() {
        let last = l.lanes.len() - 1;
        writeln!(s, "note over L0, L{last} : {}", plantuml_text(&p.subtitle))?;
    }
    for step in steps(l) {
        let text: Vec<String> = step.text.iter().map(|t| plantuml_text(t)).collect();
        if step.note {
            let over = step.over(", ");
            writeln!(s, "note over {over} : {}", text.join("\\n"))?;
            continue;
        }
        let arrow = if step.dashed { "-->" } else { "->" };
        writeln!(
            s,
            "L{} {arrow} L{} : {}",
            step.from,
            step.to,
            text.join(" ")
        )?;
    }
    writeln!(s, "@enduml")?;
    Ok(s)
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
        assert_eq!(plantuml_text("[[http://x]]"), "~[[http:~//x]]");
    }
}
