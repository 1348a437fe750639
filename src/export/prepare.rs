//! Everything the writers need for one call, computed once: the timeline layout (built exactly as
//! the window builds it, notes placed), the call's JSON, a title, and with `redact` every person
//! replaced by an alias in all of them — notes included — so no writer can leak a name or number
//! by forgetting to redact.

use super::redact::Redaction;
use crate::calls::CallSet;
use crate::calls::flow::{Action, Flow, PersonKind, flow};
use crate::calls::json::{CallJson, call_json, time_text};
use crate::notes::Notebook;
use crate::store::Store;
use crate::timeline::{
    Layout, LayoutMode, TimelineRequest, layout, people_view_of, person_keys, place_notes,
};
use std::borrow::Cow;

/// One call ready to export.
#[derive(Debug)]
pub struct Prepared {
    /// Lane labels and explanations already redacted when asked (the session view: the
    /// sequence diagrams and JSON follow the platform's sessions).
    pub layout: Layout,
    /// The people view of the same call, when the diagram is drawn that way (redacted alike).
    pub people: Option<Layout>,
    /// The call as `calls --json` gives it (redacted when asked).
    pub json: CallJson<'static>,
    /// The call as a flow between people, for the sequence diagrams (redacted when asked).
    pub flow: Flow,
    /// The caller's path: `caller → agent → (AttendedTransfer) agent`.
    pub title: String,
    /// Call id, start (UTC), duration, sessions, badges.
    pub subtitle: String,
    pub redacted: bool,
}

impl Prepared {
    /// The layout the diagram (SVG, PNG, PDF) is drawn from: the people view when asked for.
    pub fn diagram(&self) -> &Layout {
        self.people.as_ref().unwrap_or(&self.layout)
    }
}

/// Prepares call `index` of `set` with its diagram in the session view (see [`prepare_view`]).
pub fn prepare(
    store: &Store,
    set: &CallSet,
    index: usize,
    redact: bool,
    notes: Option<&Notebook>,
) -> Option<Prepared> {
    prepare_view(store, set, index, redact, notes, LayoutMode::Sessions)
}

/// Prepares call `index` of `set`, with the notes of `notes` placed on it and its diagram drawn
/// in `view`; `None` when there is no such call.
pub fn prepare_view(
    store: &Store,
    set: &CallSet,
    index: usize,
    redact: bool,
    notes: Option<&Notebook>,
    view: LayoutMode,
) -> Option<Prepared> {
    let call = set.calls.get(index)?;
    let request = TimelineRequest {
        call: index,
        generation: store.generation(),
    };
    let mut layout = layout(store, set, request)?;
    if let Some(n) = notes {
        place_notes(&mut layout, store, set, &n.sidecar.notes, &n.resolved);
    }
    let mut json = call_json(store, set, call).into_owned();
    let keys = (view == LayoutMode::People).then(|| person_keys(store, set, &layout));
    let mut flow = flow(store, set, call);
    if redact {
        let r = Redaction::for_call(store, set, call).with_capture_people(store, set);
        redact_recording_ids(&mut layout, &mut json);
        redact_layout(&r, &mut layout);
        redact_json(&r, &mut json);
        redact_flow(&r, &mut flow);
    }
    // Made from the redacted session layout, so it shows the same aliases; who is who was read
    // before the names were replaced.
    let people = keys.map(|k| people_view_of(&k, layout.clone()));
    let title = path_title(&json);
    let subtitle = subtitle(&json, &layout, redact);
    Some(Prepared {
        layout,
        people,
        json,
        flow,
        title,
        subtitle,
        redacted: redact,
    })
}

/// Recording ids become `R1`, `R2`, … (an id is enough to ask the platform for the audio).
fn redact_recording_ids(l: &mut Layout, j: &mut CallJson) {
    let mut ids: Vec<String> = Vec::new();
    let mut alias = |id: &str| -> String {
        let n = match ids.iter().position(|x| x == id) {
            Some(n) => n,
            None => {
                ids.push(id.to_owned());
                ids.len() - 1
            }
        };
        format!("R{}", n + 1)
    };
    for rec in &mut j.recordings {
        rec.id = alias(&rec.id).into();
    }
    for rec in &mut l.recordings {
        let a = alias(&rec.id);
        // Only where the sentence names it (a short id could be part of a time).
        rec.explanation = rec
            .explanation
            .replace(&format!("ecording {} ", rec.id), &format!("ecording {a} "));
        rec.id = a;
    }
}

fn redact_layout(r: &Redaction, l: &mut Layout) {
    for lane in &mut l.lanes {
        lane.label = match r.party(lane.party) {
            Some(alias) if !lane.seen => format!("{alias} (not in this capture)"),
            Some(alias) => alias.to_owned(),
            None => r.text(&lane.label),
        };
    }
    for b in &mut l.bands {
        b.explanation = r.text(&b.explanation);
    }
    for m in &mut l.markers {
        m.explanation = r.text(&m.explanation);
    }
    for a in &mut l.links {
        a.explanation = r.text(&a.explanation);
    }
    for n in &mut l.notes {
        n.text = r.free_text(&n.text);
        n.anchor = r.text(&n.anchor);
    }
    if let Some(v) = &mut l.view_note {
        *v = r.text(v);
    }
    for u in &mut l.unseen {
        u.label = r.text(&u.label);
        u.explanation = r.text(&u.explanation);
    }
    for rec in &mut l.recordings {
        rec.explanation = r.text(&rec.explanation);
    }
    // Connection labels are made from the lane labels above; only what has no lane is kept here.
    for c in &mut l.connections {
        c.far_end = r.opt(c.far_end.take());
        for m in &mut c.members {
            m.name = match m.party.and_then(|p| r.party(p)) {
                Some(alias) => alias.to_owned(),
                None => r.text(&m.name),
            };
        }
    }
}

/// People by their alias (a person's first leg's), far ends and every detail through the text
/// replacements.
fn redact_flow(r: &Redaction, f: &mut Flow) {
    for person in &mut f.people {
        let alias = person.parties.first().and_then(|&p| r.party(p));
        person.label = match (person.kind, alias) {
            (PersonKind::Person, Some(a)) => a.to_owned(),
            _ => r.text(&person.label),
        };
    }
    for s in &mut f.steps {
        // A park location is a number people dial.
        if s.action == Action::Parks {
            s.detail = None;
        }
        if let Some(d) = &mut s.detail {
            *d = r.text(d);
        }
    }
}

fn redact_json(r: &Redaction, j: &mut CallJson) {
    let opt = |s: &mut Option<Cow<str>>| {
        *s = r.opt(s.take().map(Cow::into_owned)).map(Cow::Owned);
    };
    j.caller = r.text(&j.caller).into();
    j.summary = r.text(&j.summary).into();
    opt(&mut j.answered);
    for rang in &mut j.rang {
        rang.label = r.text(&rang.label).into();
    }
    for hop in &mut j.path {
        hop.label = r.text(&hop.label).into();
    }
    for p in &mut j.parties {
        p.label = r.text(&p.label).into();
        opt(&mut p.name);
        opt(&mut p.number);
        opt(&mut p.extension_id);
    }
    opt(&mut j.view.label);
    opt(&mut j.view.extension_id);
    for u in &mut j.unseen {
        u.label = r.text(&u.label).into();
        u.text = r.text(&u.text).into();
        opt(&mut u.number);
        opt(&mut u.extension_id);
    }
    for c in &mut j.connections {
        if let Some(far) = &mut c.far_end {
            *far = r.text(far).into();
        }
    }
}

/// The caller's path as `calls` prints it.
fn path_title(j: &CallJson) -> String {
    let mut title = j.caller.to_string();
    for hop in &j.path {
        if hop.via == "call" || hop.via == "routed" {
            title.push_str(&format!(" → {}", hop.label));
        } else {
            title.push_str(&format!(" → ({}) {}", hop.via, hop.label));
        }
    }
    title
}

fn subtitle(j: &CallJson, l: &Layout, redacted: bool) -> String {
    let secs = (j.duration_ms.max(0) + 500) / 1000;
    let mut s = format!(
        "Call {} · started {} UTC · {}:{:02} · {} session{}",
        j.id,
        time_text(l.start).trim_end_matches('Z').replace('T', " "),
        secs / 60,
        secs % 60,
        j.sessions.len(),
        if j.sessions.len() == 1 { "" } else { "s" },
    );
    if !j.badges.is_empty() {
        s.push_str(&format!(" · {}", j.badges.join(", ")));
    }
    if let Some(v) = &l.view_note {
        s.push_str(&format!(" · {v}"));
    }
    if redacted {
        s.push_str(" · names and numbers redacted");
    }
    s
}
