//! Notes as numbered callouts of a call's layout: where each sits (the call's axis, a session's
//! header, a party's lane), at what time, numbered 1, 2, 3… by time, with what it is attached to
//! in words. Reading and resolving the notes themselves is `notes`' business.

use super::Layout;
use crate::calls::CallSet;
use crate::calls::json::time_text;
use crate::notes::{Note, Resolved, Target};
use crate::store::{EventId, Store};
use jiff::Timestamp;

/// Where a callout sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotePlace {
    /// The whole call: on the time axis.
    Call,
    /// A session's header row (index into `Layout::sessions`).
    Session(usize),
    /// A party's lane (index into `Layout::lanes`).
    Lane(usize),
}

/// One note on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteMark {
    /// 1, 2, 3… within the call, by time.
    pub number: usize,
    /// The note's id in its sidecar.
    pub note_id: u32,
    pub place: NotePlace,
    pub t_ms: f64,
    /// Attached to a moment (an event or a time), not to a whole call, session or party.
    pub timed: bool,
    /// 0 for the first callout at this place and time, 1 for the next…: painters shift each
    /// one over so none hides another.
    pub stack: usize,
    pub text: String,
    /// The event it is attached to, if any.
    pub event: Option<EventId>,
    /// What it is attached to, in words (`extension 104 · Answered at 20:26:42.044`).
    pub anchor: String,
}

/// Adds the call's placed notes to its layout, numbered by time (then by id).
pub fn place_notes(
    layout: &mut Layout,
    store: &Store,
    set: &CallSet,
    notes: &[Note],
    resolved: &Resolved,
) {
    let mut marks: Vec<NoteMark> = resolved
        .of_call(layout.request.call)
        .filter_map(|p| {
            let note = notes.get(p.note)?;
            let (place, at, event, anchor) = where_is(layout, store, set, p.target);
            let t_ms = at.map_or(0.0, |t| layout.ms_of(t).clamp(0.0, layout.duration_ms));
            Some(NoteMark {
                number: 0,
                note_id: note.id,
                place,
                t_ms,
                timed: matches!(p.target, Target::Event(_) | Target::Moment { .. }),
                stack: 0,
                text: note.text.clone(),
                event,
                anchor,
            })
        })
        .collect();
    marks.sort_by(|a, b| a.t_ms.total_cmp(&b.t_ms).then(a.note_id.cmp(&b.note_id)));
    for i in 0..marks.len() {
        let stack = marks[..i]
            .iter()
            .filter(|o| o.place == marks[i].place && (o.t_ms - marks[i].t_ms).abs() < 1.0)
            .count();
        marks[i].number = i + 1;
        marks[i].stack = stack;
    }
    layout.notes = marks;
}

/// The UTC time of day with milliseconds: `20:26:42.044`.
pub fn clock(t: Timestamp) -> String {
    time_text(t)
        .split_once('T')
        .map(|(_, time)| time.trim_end_matches('Z').to_owned())
        .unwrap_or_default()
}

fn where_is(
    layout: &Layout,
    store: &Store,
    set: &CallSet,
    target: Target,
) -> (NotePlace, Option<Timestamp>, Option<EventId>, String) {
    let lane_label = |lane: Option<usize>| {
        lane.and_then(|l| layout.lanes.get(l))
            .map(|l| l.label.clone())
    };
    let session_of = |node| layout.sessions.iter().position(|s| s.node == node);
    let session_label = |i: Option<usize>| match i.and_then(|i| layout.sessions.get(i)) {
        Some(s) if s.bridge => format!("conference bridge {}", s.id),
        Some(s) => format!("session {}", s.id),
        None => "a session".to_owned(),
    };
    match target {
        Target::Call => (NotePlace::Call, None, None, "the call".to_owned()),
        Target::Session(node) => {
            let i = session_of(node);
            let at = set.session(node).and_then(|s| s.first_at);
            let place = i.map_or(NotePlace::Call, NotePlace::Session);
            (place, at, None, session_label(i))
        }
        Target::Party(node) => {
            let lane = layout.lane_of(node);
            let at = set.party(node).and_then(|p| p.first_at());
            let label = lane_label(lane).unwrap_or_else(|| "a party".to_owned());
            (
                lane.map_or(NotePlace::Call, NotePlace::Lane),
                at,
                None,
                label,
            )
        }
        Target::Event(id) => {
            let e = store.event(id);
            let lane = set
                .party_node(e.session, e.party.id)
                .and_then(|p| layout.lane_of(p));
            let mut what = store.text(e.party.code_raw).to_owned();
            if let Some(r) = e.party.reason {
                what.push_str(&format!(" ({})", store.text(r)));
            }
            let anchor = format!(
                "{} · {what} at {}",
                lane_label(lane).unwrap_or_else(|| "a party".to_owned()),
                clock(e.at)
            );
            let place = lane.map_or(NotePlace::Call, NotePlace::Lane);
            (place, Some(e.at), Some(id), anchor)
        }
        Target::Moment { session, party, at } => {
            let lane = party.and_then(|p| layout.lane_of(p));
            let i = session_of(session);
            let (place, who) = match lane {
                Some(l) => (NotePlace::Lane(l), lane_label(Some(l)).unwrap_or_default()),
                None => (
                    i.map_or(NotePlace::Call, NotePlace::Session),
                    session_label(i),
                ),
            };
            (place, Some(at), None, format!("{who} at {}", clock(at)))
        }
    }
}
