//! Mermaid and PlantUML sequence diagrams of a call, read as a call flow: one participant per
//! person (the caller drawn as an actor, a conference bridge in a box of its own), arrows
//! between the people connected (dials, answers, puts on hold, transfers, joins the conference,
//! hangs up; dashed and said when inferred), states no arrow tells as notes on their person's
//! lane, who talks with whom as notes over them, people's notes over the people they are
//! about. Both writers read the same steps ([`super::sequence_steps`]).

use super::sequence_steps::{Mark, steps};
use super::sequence_text::{mermaid_box_text, mermaid_text, mermaid_title, plantuml_text};
use super::style::BOX_BRIDGE;
use super::{ExportError, Prepared};
use crate::calls::flow::{FlowPerson, PersonKind};
use std::fmt::Write;

/// The bridge box's words: `Conference bridge s-… (Conference)`.
fn bridge_box(p: &Prepared, person: &FlowPerson) -> String {
    let header = p
        .layout
        .sessions
        .iter()
        .find(|h| Some(h.node) == person.session);
    match header {
        Some(h) => format!(
            "Conference bridge {} ({})",
            h.id,
            h.origin.as_deref().unwrap_or("unknown origin")
        ),
        None => "Conference bridge".to_owned(),
    }
}

/// A Mermaid `sequenceDiagram` of the call.
pub fn mermaid(p: &Prepared) -> Result<String, ExportError> {
    let mut s = String::new();
    let title = mermaid_title(&p.title);
    writeln!(s, "---\ntitle: \"{title}\"\n---\nsequenceDiagram")?;
    for (i, person) in p.flow.people.iter().enumerate() {
        let label = mermaid_text(&person.label);
        if person.kind == PersonKind::Bridge {
            let [r, g, b] = BOX_BRIDGE;
            let what = mermaid_box_text(&bridge_box(p, person));
            writeln!(s, "    box rgb({r},{g},{b}) {what}")?;
            writeln!(s, "        participant P{i} as {label}")?;
            writeln!(s, "    end")?;
        } else if person.caller {
            writeln!(s, "    actor P{i} as {label}")?;
        } else {
            writeln!(s, "    participant P{i} as {label}")?;
        }
    }
    if let Some(last) = p.flow.people.len().checked_sub(1) {
        writeln!(s, "    Note over P0,P{last}: {}", mermaid_text(&p.subtitle))?;
    }
    for step in steps(p) {
        let text: Vec<String> = step.text.iter().map(|t| mermaid_text(t)).collect();
        match step.mark {
            Mark::Arrow { from, to, dashed } => {
                let arrow = if dashed { "-->>" } else { "->>" };
                writeln!(s, "    P{from}{arrow}P{to}: {}", text.join(" "))?;
            }
            Mark::Note { from, to } => {
                let over = if from == to {
                    format!("P{from}")
                } else {
                    format!("P{from},P{to}")
                };
                writeln!(s, "    Note over {over}: {}", text.join("<br/>"))?;
            }
        }
    }
    Ok(s)
}

/// A PlantUML sequence diagram of the call.
pub fn plantuml(p: &Prepared) -> Result<String, ExportError> {
    let mut s = String::new();
    writeln!(s, "@startuml")?;
    writeln!(s, "title {}", plantuml_text(&p.title))?;
    writeln!(s, "hide footbox")?;
    for (i, person) in p.flow.people.iter().enumerate() {
        let label = plantuml_text(&person.label);
        if person.kind == PersonKind::Bridge {
            let [r, g, b] = BOX_BRIDGE;
            let what = plantuml_text(&bridge_box(p, person));
            writeln!(s, "box \"{what}\" #{r:02X}{g:02X}{b:02X}")?;
            writeln!(s, "participant \"{label}\" as P{i}")?;
            writeln!(s, "end box")?;
        } else if person.caller {
            writeln!(s, "actor \"{label}\" as P{i}")?;
        } else {
            writeln!(s, "participant \"{label}\" as P{i}")?;
        }
    }
    if let Some(last) = p.flow.people.len().checked_sub(1) {
        writeln!(s, "note over P0, P{last} : {}", plantuml_text(&p.subtitle))?;
    }
    for step in steps(p) {
        let text: Vec<String> = step.text.iter().map(|t| plantuml_text(t)).collect();
        match step.mark {
            Mark::Arrow { from, to, dashed } => {
                let arrow = if dashed { "-->" } else { "->" };
                writeln!(s, "P{from} {arrow} P{to} : {}", text.join(" "))?;
            }
            Mark::Note { from, to } => {
                let over = if from == to {
                    format!("P{from}")
                } else {
                    format!("P{from}, P{to}")
                };
                writeln!(s, "note over {over} : {}", text.join("\\n"))?;
            }
        }
    }
    writeln!(s, "@enduml")?;
    Ok(s)
}
