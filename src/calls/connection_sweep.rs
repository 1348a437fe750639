//! The sweep over a call's stretches that finds its conversation segments: each party's state
//! from one state change to the next, sessions joined by links made by then, each group read by
//! [`super::connection_rules`], and equal neighbouring segments joined.

use super::connection_rules::{St, classify, read_group, system_destination};
use super::connections::{Connection, ConnectionEvidence, ConnectionKind, Connections, Member};
use super::{Call, CallSet, PartyNode};
use crate::store::Store;
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

/// Shorter stretches are steps of one action (see [`fill`]).
const MIN_SEGMENT_MS: i128 = 1000;

/// Room kept from call to call.
#[derive(Default)]
pub struct Scratch {
    pub(super) times: Vec<Timestamp>,
    /// The seen parties of the call.
    pub(super) parties: Vec<Entry>,
    /// Per session of the call: the group it is joined to, bridge or not, seen parties.
    pub(super) sessions: Vec<(u32, bool, u32)>,
    /// Links between sessions of the call: when, which two sessions.
    pub(super) joins: Vec<(Timestamp, u32, u32)>,
    /// Segments of the previous stretch that may go on.
    pub(super) open: Vec<usize>,
    pub(super) next_open: Vec<usize>,
    pub(super) members: Vec<Member>,
    /// The segments being found (copied out at their exact size at the end).
    pub(super) out: Connections,
}

/// A seen party of the call, as the sweep goes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) node: NodeIndex,
    /// Its session's place in the call.
    pub(super) pos: u32,
    /// Its next state.
    next: usize,
    /// Whether it is only ever a prompt-playing destination (`Some(queue)`).
    system: Option<bool>,
    /// A bridge's participant leg, which stands for a leg of another session.
    leg: bool,
    /// Its state in the current stretch.
    pub(super) st: St,
}

/// Works out `call.connections`.
pub(super) fn fill(store: &Store, set: &CallSet, call: &mut Call, scratch: &mut Scratch) {
    let s = scratch;
    let mut out = std::mem::take(&mut s.out);
    out.segments.clear();
    out.members.clear();
    s.sessions.clear();
    s.sessions.extend(
        (0u32..)
            .zip(&call.sessions)
            .map(|(i, &n)| (i, set.session(n).is_some_and(|x| x.bridge), 0)),
    );
    s.parties.clear();
    s.times.clear();
    for &p in &call.parties {
        let Some(party) = set.party(p).filter(|x| x.seen()) else {
            continue;
        };
        let Some(pos) = call.sessions.iter().position(|&n| n == party.session) else {
            continue;
        };
        s.times.extend(party.states.iter().map(|x| x.at));
        s.sessions[pos].2 += 1;
        s.parties.push(Entry {
            node: p,
            pos: pos as u32,
            next: 0,
            system: system_destination(store, party),
            leg: party.identity.label == "conference leg",
            st: St::Absent,
        });
    }
    s.joins.clear();
    for &e in &call.links {
        let Some((a, b, link)) = set.link(e) else {
            continue;
        };
        let pos = |n: NodeIndex| {
            let session = set.party(n)?.session;
            call.sessions.iter().position(|&x| x == session)
        };
        if let (Some(x), Some(y)) = (pos(a), pos(b))
            && x != y
        {
            s.joins.push((link.at, x as u32, y as u32));
            s.times.push(link.at);
        }
    }
    s.times.push(call.end);
    s.times.sort_unstable();
    s.times.dedup();
    s.open.clear();
    for w in 0..s.times.len().saturating_sub(1) {
        let (t0, t1) = (s.times[w], s.times[w + 1]);
        // Each party's state from t0 on (read again only when it changed).
        for entry in &mut s.parties {
            let Some(party) = set.party(entry.node) else {
                continue;
            };
            let before = entry.next;
            while party.states.get(entry.next).is_some_and(|x| x.at <= t0) {
                entry.next += 1;
            }
            if entry.next != before {
                entry.st = match entry.next.checked_sub(1).and_then(|i| party.states.get(i)) {
                    Some(state) if !entry.leg => classify(store, party, state, entry.system),
                    _ => St::Absent,
                };
            }
        }
        // Sessions joined by links made by then.
        for i in 0..s.sessions.len() {
            s.sessions[i].0 = i as u32;
        }
        for &(at, a, b) in &s.joins {
            if at <= t0 {
                let (ra, rb) = (root(&s.sessions, a), root(&s.sessions, b));
                if ra != rb {
                    s.sessions[ra.max(rb) as usize].0 = ra.min(rb);
                }
            }
        }
        s.next_open.clear();
        for g in 0..s.sessions.len() as u32 {
            if root(&s.sessions, g) != g {
                continue;
            }
            read_group(store, set, s, g, t0, t1, &mut out);
        }
        std::mem::swap(&mut s.open, &mut s.next_open);
    }
    // Segments that reach the capture's end while a member is still on the call.
    for seg in &mut out.segments {
        if seg.end == call.end {
            let members = &out.members[seg.members.start as usize..seg.members.end as usize];
            seg.open_end = members.iter().filter_map(|m| m.party).any(|p| {
                set.party(p)
                    .and_then(PartyNode::last_state)
                    .is_some_and(|x| !x.code.is_final())
            });
        }
    }
    // One action is reported as several events a few milliseconds apart (a bridge's legs, a
    // queue's agents starting to ring): what lasts less than a second between them is a step of
    // that action, not a connection of its own.
    out.segments
        .retain(|x| (x.end - x.start).as_millis() >= MIN_SEGMENT_MS);
    out.segments.sort_by_key(|a| (a.start, a.kind, a.end));
    // Copied out at their exact size (twenty thousand calls); the room stays for the next call.
    call.connections = Connections {
        segments: out.segments.iter().cloned().collect(),
        members: out.members.clone(),
    };
    s.out = out;
}

pub(super) fn root(sessions: &[(u32, bool, u32)], mut i: u32) -> u32 {
    while let Some(&(up, _, _)) = sessions.get(i as usize) {
        if up == i {
            break;
        }
        i = up;
    }
    i
}

/// Adds a segment for the stretch `t0..t1`, or lengthens the same one of the stretch before.
#[allow(clippy::too_many_arguments)]
pub(super) fn push(
    out: &mut Connections,
    open: &[usize],
    next_open: &mut Vec<usize>,
    members: &[Member],
    kind: ConnectionKind,
    evidence: ConnectionEvidence,
    far_end: Option<String>,
    t0: Timestamp,
    t1: Timestamp,
) {
    if members.len() < 2 {
        return;
    }
    let same = open.iter().copied().find(|&i| {
        let seg = &out.segments[i];
        seg.end == t0
            && seg.kind == kind
            && seg.evidence == evidence
            && seg.far_end == far_end
            && out.members[seg.members.start as usize..seg.members.end as usize] == *members
    });
    if let Some(i) = same {
        out.segments[i].end = t1;
        next_open.push(i);
        return;
    }
    let start = u32::try_from(out.members.len()).unwrap_or(u32::MAX);
    out.members.extend_from_slice(members);
    let end = u32::try_from(out.members.len()).unwrap_or(u32::MAX);
    next_open.push(out.segments.len());
    out.segments.push(Connection {
        start: t0,
        end: t1,
        kind,
        evidence,
        open_end: false,
        far_end,
        members: start..end,
    });
}
