//! Who is connected to whom, from when to when: a call's conversation segments (two-party talk,
//! conference, supervisor listening, on hold, parked, ringing, waiting in a queue, voicemail),
//! read from the parties' state histories and the links between sessions. Answers "who was the
//! caller talking to at 2:10?"; the story, `calls --json` and the diagram take them from here.
//!
//! How: the call's state-change times cut it into stretches; in each stretch every party has one
//! state, the parties of a session share its voice (sessions joined by a link from its time on,
//! e.g. after a warm transfer's bridge or a conference merge), and each group of joined sessions
//! is read as one or two segments ([`super::connection_rules`]). Equal neighbouring stretches are
//! one segment ([`super::connection_sweep`]). Work per call is a few small lists reused from call
//! to call (no maps).

use jiff::Timestamp;
use petgraph::graph::NodeIndex;

pub(super) use super::connection_sweep::{Scratch, fill};

/// What kind of connection a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConnectionKind {
    /// Two parties talk.
    Talk,
    /// Three or more talk, or parties talk through a conference bridge.
    Conference,
    /// A supervisor listens to the parties it monitors.
    Supervise,
    /// One side put the call on hold; the other waits.
    Hold,
    /// One side parked the call; the other waits.
    Parked,
    /// Someone rings; the caller side waits (hears ringing).
    Ringing,
    /// The caller waits in a call queue.
    Queue,
    /// The caller is with a voicemail box.
    VoiceMail,
}

impl ConnectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionKind::Talk => "talk",
            ConnectionKind::Conference => "conference",
            ConnectionKind::Supervise => "supervise",
            ConnectionKind::Hold => "hold",
            ConnectionKind::Parked => "parked",
            ConnectionKind::Ringing => "ringing",
            ConnectionKind::Queue => "queue",
            ConnectionKind::VoiceMail => "voicemail",
        }
    }
}

/// What a party does in a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Talking,
    /// Put the call on hold.
    Holding,
    /// Parked the call (its leg is reported `Parked`).
    Parking,
    /// Waits: on hold, parked, hearing ringing or queue music.
    Waiting,
    Ringing,
    Supervising,
    /// Listened to by a supervisor.
    Supervised,
    /// The call queue the caller waits in.
    Queue,
    Voicemail,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Talking => "talking",
            Role::Holding => "holding",
            Role::Parking => "parking",
            Role::Waiting => "waiting",
            Role::Ringing => "ringing",
            Role::Supervising => "supervising",
            Role::Supervised => "supervised",
            Role::Queue => "queue",
            Role::Voicemail => "voicemail",
        }
    }
}

/// How a segment is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConnectionEvidence {
    /// The parties' states in one session say it.
    Observed,
    /// Parties of different sessions, joined by a `peerId` link.
    PeerId,
    /// A reading the events do not state (a destination that never answers but plays prompts,
    /// a far end not in the capture, a supervisor whose mute state changed).
    Inferred,
}

impl ConnectionEvidence {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionEvidence::Observed => "observed",
            ConnectionEvidence::PeerId => "peerId",
            ConnectionEvidence::Inferred => "inferred",
        }
    }
}

/// One party of a segment: a party node, or (`None`) the far end of a leg whose other side is
/// not in the capture ([`Connection::far_end`] names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub party: Option<NodeIndex>,
    pub role: Role,
}

/// A conversation segment, as [`Connections::iter`] and [`Connections::at`] give it: a value
/// made from the compact form the call keeps ([`Connections`]), with its members beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection<'a> {
    pub start: Timestamp,
    pub end: Timestamp,
    /// `start` and `end` in milliseconds after the call's start (as `calls --json` writes them).
    pub start_ms: i64,
    pub end_ms: i64,
    pub kind: ConnectionKind,
    pub evidence: ConnectionEvidence,
    /// The capture ends while it lasts.
    pub open_end: bool,
    /// Who the far end is, for a member without a party (number or name as the leg gave it).
    pub far_end: Option<&'a str>,
    members: &'a [Member],
}

impl<'a> Connection<'a> {
    /// Its members (the same list [`Connections::iter`] gives beside it).
    pub fn members(&self) -> &'a [Member] {
        self.members
    }
}

/// A call's segments, by start time; their members in one list.
///
/// Twenty thousand calls hold about ninety thousand segments, so each is kept in 24 bytes: its
/// times as milliseconds after the call's start, its far end as a place in a side list that
/// exists only when a segment has one. Times that are not whole milliseconds after the start
/// (no capture seen so far has them) are kept exactly in that side list too. Read them through
/// [`Connections::iter`], [`Connections::at`] or [`Connections::get`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connections {
    /// The call's start: what the segments' times count from.
    base: Timestamp,
    segments: Box<[Segment]>,
    members: Box<[Member]>,
    /// Far ends and exact times, for the few calls that have them.
    rare: Option<Box<Rare>>,
}

/// A segment as a call keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Segment {
    /// Milliseconds after the call's start (unused when [`Rare::exact`] has the times).
    start_ms: u32,
    end_ms: u32,
    /// Its members in [`Connections::members`].
    members: (u32, u32),
    /// Its far end in [`Rare::far_ends`], plus one (0: none).
    far_end: u32,
    kind: ConnectionKind,
    evidence: ConnectionEvidence,
    open_end: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rare {
    far_ends: Vec<Box<str>>,
    /// Each segment's start and end, when one of them is not a whole number of milliseconds
    /// after the call's start (or is before it, or more than 49 days after it).
    exact: Vec<(Timestamp, Timestamp)>,
}

/// A segment as [`super::connection_sweep`] hands it over.
pub(super) struct NewSegment {
    pub(super) start: Timestamp,
    pub(super) end: Timestamp,
    pub(super) kind: ConnectionKind,
    pub(super) evidence: ConnectionEvidence,
    pub(super) open_end: bool,
    pub(super) far_end: Option<String>,
    pub(super) members: std::ops::Range<u32>,
}

/// `t` as whole milliseconds after `base`, if it is one that fits.
fn offset(base: Timestamp, t: Timestamp) -> Option<u32> {
    let whole = |t: Timestamp| t.subsec_nanosecond() % 1_000_000 == 0;
    if !whole(base) || !whole(t) {
        return None;
    }
    u32::try_from(t.as_millisecond().checked_sub(base.as_millisecond())?).ok()
}

impl Connections {
    /// The compact form of `segments` (by start time) of a call that starts at `base`.
    pub(super) fn new(
        base: Timestamp,
        mut segments: Vec<NewSegment>,
        members: Vec<Member>,
    ) -> Self {
        let mut whole = true;
        let mut far_ends: Vec<Box<str>> = Vec::new();
        let mut kept: Vec<Segment> = Vec::with_capacity(segments.len());
        for s in &mut segments {
            let (start_ms, end_ms) = (offset(base, s.start), offset(base, s.end));
            whole &= start_ms.is_some() && end_ms.is_some();
            let far_end = match s.far_end.take() {
                Some(f) => {
                    far_ends.push(f.into_boxed_str());
                    u32::try_from(far_ends.len()).unwrap_or(0)
                }
                None => 0,
            };
            kept.push(Segment {
                start_ms: start_ms.unwrap_or(0),
                end_ms: end_ms.unwrap_or(0),
                members: (s.members.start, s.members.end),
                far_end,
                kind: s.kind,
                evidence: s.evidence,
                open_end: s.open_end,
            });
        }
        let exact = if whole {
            Vec::new()
        } else {
            segments.iter().map(|s| (s.start, s.end)).collect()
        };
        let rare =
            (!far_ends.is_empty() || !exact.is_empty()).then(|| Box::new(Rare { far_ends, exact }));
        Self {
            base,
            segments: kept.into_boxed_slice(),
            members: members.into_boxed_slice(),
            rare,
        }
    }

    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Segment `i` (by start time).
    pub fn get(&self, i: usize) -> Option<Connection<'_>> {
        Some(self.view(i, self.segments.get(i)?))
    }

    /// Each segment with its members, by start time.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Connection<'_>, &[Member])> + '_ {
        self.segments.iter().enumerate().map(|(i, s)| {
            let c = self.view(i, s);
            (c, c.members)
        })
    }

    /// The members of `s` (also [`Connection::members`]).
    pub fn members_of<'a>(&self, s: &Connection<'a>) -> &'a [Member] {
        s.members
    }

    /// The segments going on at `at` (start ≤ at < end).
    pub fn at(&self, at: Timestamp) -> impl Iterator<Item = (Connection<'_>, &[Member])> + '_ {
        self.iter()
            .filter(move |(s, _)| s.start <= at && at < s.end)
    }

    fn view(&self, i: usize, s: &Segment) -> Connection<'_> {
        let members = self
            .members
            .get(s.members.0 as usize..s.members.1 as usize)
            .unwrap_or_default();
        let far_end = s.far_end.checked_sub(1).and_then(|f| {
            let rare = self.rare.as_deref()?;
            rare.far_ends.get(f as usize).map(|f| &**f)
        });
        let exact = self.rare.as_deref().and_then(|r| r.exact.get(i));
        let (start, end, start_ms, end_ms) = match exact {
            Some(&(start, end)) => {
                let since = |t: Timestamp| i64::try_from((t - self.base).as_millis()).unwrap_or(0);
                (start, end, since(start), since(end))
            }
            None => {
                let base = self.base.as_millisecond();
                let at = |ms: u32| {
                    Timestamp::from_millisecond(base + i64::from(ms)).unwrap_or(self.base)
                };
                (
                    at(s.start_ms),
                    at(s.end_ms),
                    i64::from(s.start_ms),
                    i64::from(s.end_ms),
                )
            }
        };
        Connection {
            start,
            end,
            start_ms,
            end_ms,
            kind: s.kind,
            evidence: s.evidence,
            open_end: s.open_end,
            far_end,
            members,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_events::{Capture, clock};
    use super::*;

    /// Each segment as `kind evidence HH:MM:SS-HH:MM:SS role,role`.
    fn read(c: &Capture) -> Vec<String> {
        let (_, set) = c.build();
        let call = &set.calls[0];
        call.connections
            .iter()
            .map(|(s, m)| {
                let roles: Vec<&str> = m.iter().map(|m| m.role.as_str()).collect();
                format!(
                    "{} {} {}-{} {}",
                    s.kind.as_str(),
                    s.evidence.as_str(),
                    clock(s.start),
                    clock(s.end),
                    roles.join(",")
                )
            })
            .collect()
    }

    #[test]
    fn a_party_alone_in_its_session_talks_to_a_far_end_known_from_its_leg() {
        // An extension-level view: only the callee's leg.
        let mut c = Capture::default();
        c.ev("aa", 2, 0, "Inbound", "Proceeding", None, "")
            .ev("aa", 2, 5, "Inbound", "Answered", None, "")
            .ev("aa", 2, 65, "Inbound", "Disconnected", None, "");
        assert_eq!(
            read(&c),
            [
                "ringing inferred 10:00:00-10:00:05 ringing,waiting",
                "talk inferred 10:00:05-10:01:05 talking,talking"
            ]
        );
        let (_, set) = c.build();
        let (seg, members) = set.calls[0].connections.iter().nth(1).unwrap();
        assert_eq!(members[1].party, None);
        assert_eq!(seg.far_end, Some("Pat Doe (+1 650-555-0111)"));
    }

    #[test]
    fn a_stand_alone_party_is_not_in_the_sessions_voice() {
        let mut c = Capture::default();
        c.ev("bb", 1, 0, "Outbound", "Answered", None, "")
            .ev("bb", 2, 0, "Inbound", "Answered", None, "")
            .ev(
                "bb",
                3,
                10,
                "Inbound",
                "Answered",
                None,
                r#","standAlone":true"#,
            )
            .ev("bb", 2, 30, "Inbound", "Disconnected", None, "")
            .ev("bb", 1, 30, "Outbound", "Disconnected", None, "")
            .ev("bb", 3, 30, "Inbound", "Disconnected", None, "");
        assert_eq!(
            read(&c),
            ["talk observed 10:00:00-10:00:30 talking,talking"]
        );
    }

    #[test]
    fn a_supervisor_whose_mute_changes_is_a_labelled_guess() {
        // Barge or whisper may show as the supervising party's `muted` changing; the reference
        // does not say, so both readings are kept: still "supervise", evidence inferred.
        let mut c = Capture::default();
        c.ev("cc", 1, 0, "Outbound", "Answered", None, "")
            .ev("cc", 2, 0, "Inbound", "Answered", None, "")
            .ev(
                "cc",
                3,
                10,
                "Outbound",
                "Answered",
                Some("Supervising"),
                r#","muted":true"#,
            )
            .ev(
                "cc",
                3,
                20,
                "Outbound",
                "Answered",
                Some("Supervising"),
                r#","muted":false"#,
            )
            .ev("cc", 3, 30, "Outbound", "Disconnected", None, "")
            .ev("cc", 2, 40, "Inbound", "Disconnected", None, "")
            .ev("cc", 1, 40, "Outbound", "Disconnected", None, "");
        let got = read(&c);
        assert_eq!(
            got,
            [
                "talk observed 10:00:00-10:00:40 talking,talking",
                "supervise inferred 10:00:10-10:00:30 supervised,supervised,supervising"
            ]
        );
        // Without the change: the documented reading (listening), from the states themselves.
        let mut quiet = Capture::default();
        quiet
            .ev("cd", 1, 0, "Outbound", "Answered", None, "")
            .ev("cd", 2, 0, "Inbound", "Answered", None, "")
            .ev(
                "cd",
                3,
                10,
                "Outbound",
                "Answered",
                Some("Supervising"),
                r#","muted":true"#,
            )
            .ev("cd", 3, 30, "Outbound", "Disconnected", None, "");
        let got = read(&quiet);
        assert!(
            got[1].starts_with("supervise observed 10:00:10-10:00:30"),
            "{got:?}"
        );
    }

    #[test]
    fn steps_of_one_action_under_a_second_are_not_segments_and_open_ends_are_said() {
        let mut c = Capture::default();
        // The callee answers and the capture ends while they talk.
        c.ev("dd", 1, 0, "Outbound", "Setup", None, "")
            .ev("dd", 2, 0, "Inbound", "Proceeding", None, "")
            .ev("dd", 2, 8, "Inbound", "Answered", None, "")
            .ev("dd", 1, 8, "Outbound", "Answered", None, "")
            .ev("dd", 1, 50, "Outbound", "Hold", None, "");
        let (_, set) = c.build();
        let segs: Vec<_> = set.calls[0].connections.iter().collect();
        assert_eq!(segs.len(), 2, "{segs:?}");
        assert_eq!(segs[0].0.kind, ConnectionKind::Ringing);
        assert!(!segs[0].0.open_end);
        // Hold begins at the last event: nothing after it, so the talk is the last segment and
        // the capture ends while its parties are still on the call.
        assert_eq!(segs[1].0.kind, ConnectionKind::Talk);
        assert!(segs[1].0.open_end);
    }
}
