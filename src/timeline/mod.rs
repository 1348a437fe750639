//! Swimlane layout of one call as plain data: session headers, one lane per party, state bands,
//! Gone/Disconnected markers, link arrows, note callouts, axis ticks, playback helpers and the
//! call graph's geometry. Times are milliseconds since the call's start; the painter (window or SVG export)
//! turns them into coordinates. No egui, no files, no colours here.

mod axis;
mod build;
mod busy;
mod callouts;
mod connections;
pub mod explain;
mod graph;
mod labels;
mod labels_connections;
mod notes;
mod people;
mod playback;
mod recordings;
mod text;
mod unknowns;

pub use axis::{Tick, call_ticks, format_since, ticks};
pub use build::{layout, layout_view};
pub use busy::busy_span;
pub use callouts::{NoteMark, NotePlace, clock, place_notes};
pub use connections::{
    connection_explanation, connection_label, connection_short, kind_word, member_name,
};
pub use graph::{GraphEdge, GraphLayout, GraphNode, GraphNodeKind, graph_layout};
pub use labels::{
    CHIP_PAD, CONNECTOR_R, ConnectionPlace, LABEL_FONT, LINE_H, LabelGeo, LabelPlan, Placed, Rect,
    band_label, curve_at, link_label, link_path, marker_label, place_labels,
};
pub use notes::event_notes;
pub use people::{LegMark, people_view, people_view_of, person_keys};
pub use playback::LaneState;
pub use text::{elide, text_width};

use crate::calls::{ConnectionEvidence, ConnectionKind, Role};
use crate::store::EventId;
use jiff::Timestamp;
use petgraph::graph::{EdgeIndex, NodeIndex};
use std::ops::Range;

/// What to lay out: one call of a [`crate::calls::CallSet`], built from a store generation.
/// A view keeps the last request and recomputes the layout only when it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineRequest {
    /// Index into `CallSet::calls`.
    pub call: usize,
    /// The store generation the call set was built from.
    pub generation: u64,
}

/// A telephony session's header row, above its lanes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionHeader {
    pub node: NodeIndex,
    /// telephonySessionId.
    pub id: String,
    /// `origin.type` (Call, RingOut, Conference, …).
    pub origin: Option<String>,
    /// The legacy `sessionId` ("0" for a conference bridge).
    pub legacy: Option<String>,
    /// A conference bridge session.
    pub bridge: bool,
    /// Seen in the capture (not only named by another session's `peerId`).
    pub seen: bool,
    /// Its lanes, as indices into `Layout::lanes`.
    pub lanes: Range<usize>,
}

/// One party's lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// Index into `Layout::sessions`.
    pub session: usize,
    pub party: NodeIndex,
    /// The party id (`p-…-2`).
    pub party_id: String,
    /// Who it is, as people read it.
    pub label: String,
    /// The party that placed the call.
    pub caller: bool,
    /// Has events in the capture.
    pub seen: bool,
    /// Every party drawn on it: one in the session view, a person's legs in the people view.
    pub parties: Vec<NodeIndex>,
}

/// How lanes are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum LayoutMode {
    /// One lane per person or endpoint, their legs in different sessions joined on it.
    #[default]
    People,
    /// One lane per party, grouped by telephony session (the platform's own view).
    Sessions,
}

impl LayoutMode {
    pub fn as_str(self) -> &'static str {
        match self {
            LayoutMode::People => "people",
            LayoutMode::Sessions => "sessions",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "people" => Some(LayoutMode::People),
            "sessions" => Some(LayoutMode::Sessions),
            _ => None,
        }
    }
}

/// What a band shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BandKind {
    Ringing,
    Talking,
    Hold,
    Parked,
    VoiceMail,
    Other,
}

impl BandKind {
    pub const ALL: [BandKind; 6] = [
        BandKind::Ringing,
        BandKind::Talking,
        BandKind::Hold,
        BandKind::Parked,
        BandKind::VoiceMail,
        BandKind::Other,
    ];

    /// Sentence-case name for legends and tooltips.
    pub fn name(self) -> &'static str {
        match self {
            BandKind::Ringing => "Ringing",
            BandKind::Talking => "Talking",
            BandKind::Hold => "On hold",
            BandKind::Parked => "Parked",
            BandKind::VoiceMail => "Voicemail",
            BandKind::Other => "Other state",
        }
    }
}

/// A stretch of time a party spent in one state.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub lane: usize,
    pub t0_ms: f64,
    pub t1_ms: f64,
    pub kind: BandKind,
    /// Index into the party's `states`.
    pub state: usize,
    /// The event that started it.
    pub event: EventId,
    /// The status code as written.
    pub code: String,
    pub reason: Option<String>,
    /// The capture ends before the party left this state.
    pub open_end: bool,
    pub explanation: String,
    /// Only the last state seen: events are missing after it, or the capture ends before the
    /// party left it. Drawn open (hatched), never as a known stretch.
    pub uncertain: bool,
}

/// Kinds of end markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// The party moved into another session.
    Gone,
    /// The party left.
    Disconnected,
}

impl MarkerKind {
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Gone => "Gone",
            MarkerKind::Disconnected => "Disconnected",
        }
    }
}

/// The moment a party left its session.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub lane: usize,
    pub t_ms: f64,
    pub kind: MarkerKind,
    pub reason: Option<String>,
    pub event: EventId,
    /// Whether this ends the call for everyone (false for transfers, switches, pickups…).
    pub ends_call: bool,
    pub explanation: String,
}

/// A hand-over between two lanes (possibly in different sessions).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArrow {
    pub edge: EdgeIndex,
    pub from_lane: usize,
    pub to_lane: usize,
    pub from_ms: f64,
    pub to_ms: f64,
    /// The reason as written (`AttendedTransfer`, `Conference`, …).
    pub kind: String,
    /// No `peerId`: the engine inferred it from the order of events.
    pub inferred: bool,
    pub event: Option<EventId>,
    pub explanation: String,
}

/// One state change, for stepping and the story.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment {
    pub t_ms: f64,
    pub lane: usize,
    pub event: EventId,
}

/// The swimlane layout of one call.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub request: TimelineRequest,
    pub call_id: String,
    pub start: Timestamp,
    pub duration_ms: f64,
    pub sessions: Vec<SessionHeader>,
    pub lanes: Vec<Lane>,
    pub bands: Vec<Band>,
    pub markers: Vec<Marker>,
    pub links: Vec<LinkArrow>,
    /// Every state change of the call, by time.
    pub moments: Vec<Moment>,
    /// Notes people attached, numbered by time (empty until [`place_notes`]).
    pub notes: Vec<NoteMark>,
    /// What the diagram's title must add when the capture shows only part of the call (whose
    /// view it is, that its length is not known); `None` when it shows it whole.
    pub view_note: Option<String>,
    /// Participants named but not in the capture, each drawn as a dashed marker on the lane of
    /// the party that names them.
    pub unseen: Vec<UnseenMark>,
    /// Stretches of a session whose events are missing (sequence gaps), drawn over its lanes.
    pub gaps: Vec<GapMark>,
    /// Recordings of the lanes' legs, a thin strip under each lane's bands.
    pub recordings: Vec<RecordingMark>,
    /// Who is connected to whom, from when to when: one connector per conversation segment
    /// (ringing is left to the bands).
    pub connections: Vec<ConnectionBand>,
    /// How the lanes are grouped; in the people view `sessions` holds one group of all lanes.
    pub mode: LayoutMode,
    /// The people view's legs: which session each stretch of a lane belongs to (empty in the
    /// session view, where the headers say it).
    pub legs: Vec<LegMark>,
}

/// A conversation segment drawn across the lanes of its members: a connector bar joining them
/// and a tint on each member's lane for the segment's time.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionBand {
    pub t0_ms: f64,
    pub t1_ms: f64,
    pub kind: ConnectionKind,
    pub evidence: ConnectionEvidence,
    /// The capture ends while it lasts.
    pub open_end: bool,
    /// Who the far end is, for a member not in the capture.
    pub far_end: Option<String>,
    pub members: Vec<ConnectionMember>,
}

impl ConnectionBand {
    /// The lanes its members are on, top to bottom, without repeats.
    pub fn lanes(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.members.iter().filter_map(|m| m.lane).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Waiting rather than talking (hold, park, queue, ringing), or inferred: drawn dashed.
    pub fn dashed(&self) -> bool {
        matches!(
            self.kind,
            ConnectionKind::Hold
                | ConnectionKind::Parked
                | ConnectionKind::Queue
                | ConnectionKind::Ringing
        ) || self.evidence == ConnectionEvidence::Inferred
    }

    /// A member is the far end of a leg, not in the capture (drawn as a named stub).
    pub fn has_far_end(&self) -> bool {
        self.members.iter().any(|m| m.party.is_none())
    }
}

/// One member of a [`ConnectionBand`].
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionMember {
    /// `None`: the far end of a leg whose other side is not in the capture.
    pub party: Option<NodeIndex>,
    /// Its lane; `None` when it has none in this layout.
    pub lane: Option<usize>,
    pub role: Role,
    /// Who it is when it has no lane (its engine label, or the far end's).
    pub name: String,
}

/// Missing sequence numbers of a session: what happened from `t0_ms` to `t1_ms` is unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct GapMark {
    /// Index into `Layout::sessions`.
    pub session: usize,
    pub t0_ms: f64,
    pub t1_ms: f64,
    /// "events 4–7 of this session are not in the capture; …".
    pub text: String,
}

/// Someone the capture names (in a `from`/`to` or a `peerId`) but does not show.
#[derive(Debug, Clone, PartialEq)]
pub struct UnseenMark {
    /// The lane of the party whose evidence names it.
    pub lane: usize,
    pub t_ms: f64,
    /// Who, with "not in this capture".
    pub label: String,
    pub explanation: String,
}

/// A recording of one lane's leg: when it recorded and when it was paused.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordingMark {
    pub lane: usize,
    pub t0_ms: f64,
    pub t1_ms: f64,
    /// Paused stretches (start, end), in order, inside `t0_ms..t1_ms`.
    pub paused: Vec<(f64, f64)>,
    /// The recording's id as written.
    pub id: String,
    /// The capture ends while it records.
    pub open_end: bool,
    pub explanation: String,
}

impl Layout {
    /// Milliseconds since the call's start of a timestamp.
    pub fn ms_of(&self, at: Timestamp) -> f64 {
        ms_between(self.start, at)
    }

    /// The lane of a party node.
    pub fn lane_of(&self, party: NodeIndex) -> Option<usize> {
        self.lanes.iter().position(|l| l.parties.contains(&party))
    }

    /// The band or marker behind an event, as a time and lane.
    pub fn moment_of(&self, event: EventId) -> Option<Moment> {
        self.moments.iter().copied().find(|m| m.event == event)
    }
}

pub(crate) fn ms_between(from: Timestamp, to: Timestamp) -> f64 {
    (to.as_millisecond() - from.as_millisecond()) as f64
}
