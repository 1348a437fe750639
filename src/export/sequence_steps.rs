//! What a sequence diagram of a call shows, in order, for both writers: the engine's flow
//! ([`crate::calls::flow`]) as arrows between people and notes on their lanes, each with its
//! words and its time (since the call's start and on the UTC wall clock), and the notes people
//! attached, over the people they are about.

use super::Prepared;
use crate::calls::flow::{Action, FlowStep, PersonKind, Shape};
use crate::timeline::{Layout, NoteMark, NotePlace};
use jiff::SignedDuration;

/// How a step is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// From one participant to another; dashed when inferred.
    Arrow {
        from: usize,
        to: usize,
        dashed: bool,
    },
    /// Over participants `from..=to` (as the writers order them).
    Note { from: usize, to: usize },
}

/// One step of the diagram.
pub(super) struct Step {
    t_ms: f64,
    /// At the same moment, the call's steps (0) come before people's notes (1).
    order: u8,
    pub mark: Mark,
    /// Lines of text (several only for people's notes).
    pub text: Vec<String>,
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
    let wall = l
        .start
        .saturating_add(SignedDuration::from_millis(ms))
        .map(|t| t.strftime("%H:%M:%S%.3f").to_string())
        .unwrap_or_default();
    format!("{} · {wall}", since(t_ms))
}

/// `a`, `a and b`, `a, b and c`.
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Every step of the call, by time: the flow, then people's notes among them.
pub(super) fn steps(p: &Prepared) -> Vec<Step> {
    let l = &p.layout;
    let mut out: Vec<Step> = p.flow.steps.iter().map(|s| flow_step(p, s)).collect();
    out.extend(l.notes.iter().map(|m| note_step(p, m)));
    // Stable: the flow's own order holds within a moment.
    out.sort_by(|a, b| a.t_ms.total_cmp(&b.t_ms).then(a.order.cmp(&b.order)));
    out
}

fn flow_step(p: &Prepared, s: &FlowStep) -> Step {
    let l = &p.layout;
    let t_ms = l.ms_of(s.at);
    let mut words = match s.action {
        Action::State => s.detail.clone().unwrap_or_default(),
        Action::Talking | Action::Conference => together(p, s),
        a => match &s.detail {
            Some(d) => format!("{} ({d})", a.words()),
            None => a.words().to_owned(),
        },
    };
    if s.inferred {
        words.push_str(" (inferred)");
    }
    let when = match s.action {
        Action::Talking | Action::Conference => format!("from {}", since(t_ms)),
        _ => stamp(l, t_ms),
    };
    let mark = match &s.shape {
        Shape::Arrow { from, to } => Mark::Arrow {
            from: *from,
            to: *to,
            dashed: s.inferred,
        },
        Shape::Note { over } => Mark::Note {
            from: over.iter().copied().min().unwrap_or(0),
            to: over.iter().copied().max().unwrap_or(0),
        },
    };
    Step {
        t_ms,
        order: 0,
        mark,
        text: vec![format!("{words} · {when}")],
    }
}

/// "A and B talk", "A, B and C in the conference (3 people)", named by the people it is over.
fn together(p: &Prepared, s: &FlowStep) -> String {
    let Shape::Note { over } = &s.shape else {
        return String::new();
    };
    let names: Vec<&str> = over
        .iter()
        .filter_map(|&i| p.flow.people.get(i))
        .filter(|x| x.kind != PersonKind::Bridge)
        .map(|x| x.label.as_str())
        .collect();
    let mut text = if s.action == Action::Conference {
        format!(
            "{} in the conference ({} people)",
            list(&names),
            names.len()
        )
    } else {
        format!("{} talk", list(&names))
    };
    if let Some(d) = &s.detail {
        text.push_str(&format!(" ({d})"));
    }
    text
}

/// A person's note over the people it is about: everyone for a call note, a session's people
/// for a session note, the lane's person otherwise.
fn note_step(p: &Prepared, m: &NoteMark) -> Step {
    let l = &p.layout;
    let all = (0, p.flow.people.len().saturating_sub(1));
    let person = |lane: usize| l.lanes.get(lane).and_then(|x| p.flow.person_of(x.party));
    let (from, to) = match m.place {
        NotePlace::Call => all,
        NotePlace::Session(i) => {
            let people: Vec<usize> = l
                .sessions
                .get(i)
                .map(|h| h.lanes.clone().filter_map(person).collect())
                .unwrap_or_default();
            match (people.iter().min(), people.iter().max()) {
                (Some(&a), Some(&b)) => (a, b),
                _ => all,
            }
        }
        NotePlace::Lane(i) => person(i).map_or(all, |x| (x, x)),
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
        order: 1,
        mark: Mark::Note { from, to },
        text,
    }
}
