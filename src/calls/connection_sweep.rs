//! The sweep over a call's stretches that finds its conversation segments: each party's state
//! from one state change to the next, sessions joined by links made by then, each group read by
//! [`super::connection_rules`], and equal neighbouring segments joined.

use super::connection_rules::{St, classify, read_group, system_destination};
use super::connections::{ConnectionEvidence, ConnectionKind, Connections, Member, NewSegment};
use super::{Call, CallSet, PartyNode};
use crate::store::Store;
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

/// Shorter stretches are steps of one action (see [`fill`]).
const MIN_SEGMENT_MS: i64 = 1000;

/// Room kept from call to call.
#[derive(Default)]
pub struct Scratch {
    /// The call's state-change and link times (milliseconds since 1970, and exactly), sorted:
    /// stretch `w` runs from `times[w]` to `times[w + 1]`.
    times: Vec<(i64, Timestamp)>,
    /// Every seen party's states, read once: when, and what it means for connections.
    states: Vec<(i64, St)>,
    /// The seen parties of the call.
    pub(super) parties: Vec<Entry>,
    /// Per session of the call: the group it is joined to, bridge or not, seen parties.
    pub(super) sessions: Vec<(u32, bool, u32)>,
    /// Links between sessions of the call: when, which two sessions.
    joins: Vec<(i64, u32, u32)>,
    /// Segments of the previous stretch that may go on.
    pub(super) open: Vec<usize>,
    pub(super) next_open: Vec<usize>,
    pub(super) members: Vec<Member>,
    /// The segments being found.
    pub(super) drafts: Drafts,
}

/// Segments as the sweep finds them, by stretch numbers.
#[derive(Default)]
pub(super) struct Drafts {
    segments: Vec<Draft>,
    members: Vec<Member>,
}

struct Draft {
    /// From the start of stretch `from` to the end of stretch `to - 1`.
    from: u32,
    to: u32,
    kind: ConnectionKind,
    evidence: ConnectionEvidence,
    far_end: Option<String>,
    members: std::ops::Range<u32>,
}

/// A seen party of the call, as the sweep goes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) node: NodeIndex,
    /// Its session's place in the call.
    pub(super) pos: u32,
    /// Its states in `Scratch::states`, and the next one.
    first: u32,
    end: u32,
    next: u32,
    /// Its state in the current stretch.
    pub(super) st: St,
    /// The group of joined sessions it is in, in the current stretch.
    pub(super) group: u32,
}

/// Works out `call.connections`.
pub(super) fn fill(store: &Store, set: &CallSet, call: &mut Call, scratch: &mut Scratch) {
    let s = scratch;
    let mut out = std::mem::take(&mut s.drafts);
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
    s.states.clear();
    for &p in &call.parties {
        let Some(party) = set.party(p).filter(|x| x.seen()) else {
            continue;
        };
        let Some(pos) = call.sessions.iter().position(|&n| n == party.session) else {
            continue;
        };
        s.sessions[pos].2 += 1;
        let system = system_destination(store, party);
        // A bridge's participant leg stands for a leg of another session.
        let leg = party.identity.label == "conference leg";
        let first = s.states.len() as u32;
        for state in &party.states {
            let ms = state.at.as_millisecond();
            s.times.push((ms, state.at));
            let st = if leg {
                St::Absent
            } else {
                classify(store, party, state, system)
            };
            s.states.push((ms, st));
        }
        s.parties.push(Entry {
            node: p,
            pos: pos as u32,
            first,
            end: s.states.len() as u32,
            next: first,
            st: St::Absent,
            group: pos as u32,
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
            let ms = link.at.as_millisecond();
            s.joins.push((ms, x as u32, y as u32));
            s.times.push((ms, link.at));
        }
    }
    s.times.push((call.end.as_millisecond(), call.end));
    s.times.sort_unstable_by_key(|t| t.0);
    s.times.dedup_by_key(|t| t.0);
    s.open.clear();
    let stretches = s.times.len().saturating_sub(1) as u32;
    for w in 0..stretches {
        let t0 = s.times[w as usize].0;
        // Each party's state from t0 on; the groups with someone on the call.
        let mut used = 0u64;
        let mut changed = w == 0;
        for e in &mut s.parties {
            while e.next < e.end && s.states[e.next as usize].0 <= t0 {
                e.next += 1;
            }
            let st = if e.next > e.first {
                s.states[e.next as usize - 1].1
            } else {
                St::Absent
            };
            changed |= st != e.st;
            e.st = st;
        }
        let joining = s.joins.iter().any(|j| j.0 == t0);
        if !changed && !joining {
            // Nothing that matters here changed (e.g. Setup to Proceeding): the same segments
            // go on.
            for &i in &s.open {
                out.segments[i].to = w + 1;
            }
            continue;
        }
        // Sessions joined by links made by then (most calls have none).
        if !s.joins.is_empty() {
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
            for e in &mut s.parties {
                e.group = root(&s.sessions, e.pos);
            }
        }
        let mut many = false;
        for e in &s.parties {
            if e.st != St::Absent {
                match 1u64.checked_shl(e.group) {
                    Some(bit) => used |= bit,
                    None => many = true,
                }
            }
        }
        s.next_open.clear();
        for g in 0..s.sessions.len() as u32 {
            let on = 1u64.checked_shl(g).map_or(many, |bit| used & bit != 0);
            if on && root(&s.sessions, g) == g {
                read_group(store, set, s, g, w, &mut out);
            }
        }
        std::mem::swap(&mut s.open, &mut s.next_open);
    }
    // One action is reported as several events a few milliseconds apart (a bridge's legs, a
    // queue's agents starting to ring): what lasts less than a second between them is a step of
    // that action, not a connection of its own.
    let times = &s.times;
    let ms = |w: u32| times[w as usize].0;
    out.segments
        .retain(|d| ms(d.to) - ms(d.from) >= MIN_SEGMENT_MS);
    out.segments.sort_by_key(|d| (d.from, d.kind, d.to));
    // Copied out at their exact size (twenty thousand calls); the room stays for the next call.
    let count: usize = out.segments.iter().map(|d| d.members.len()).sum();
    let mut members = Vec::with_capacity(count);
    let mut segments = Vec::with_capacity(out.segments.len());
    for d in &mut out.segments {
        let these = &out.members[d.members.start as usize..d.members.end as usize];
        let start = members.len() as u32;
        members.extend_from_slice(these);
        // It reaches the capture's end while a member is still on the call.
        let open_end = d.to == stretches
            && these.iter().filter_map(|m| m.party).any(|p| {
                set.party(p)
                    .and_then(PartyNode::last_state)
                    .is_some_and(|x| !x.code.is_final())
            });
        segments.push(NewSegment {
            start: times[d.from as usize].1,
            end: times[d.to as usize].1,
            kind: d.kind,
            evidence: d.evidence,
            open_end,
            far_end: d.far_end.take(),
            members: start..members.len() as u32,
        });
    }
    call.connections = Connections::new(call.start, segments, members);
    s.drafts = out;
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

/// Adds a segment for stretch `w`, or lengthens the same one of the stretch before.
#[allow(clippy::too_many_arguments)]
pub(super) fn push(
    out: &mut Drafts,
    open: &[usize],
    next_open: &mut Vec<usize>,
    members: &[Member],
    kind: ConnectionKind,
    evidence: ConnectionEvidence,
    far_end: Option<String>,
    w: u32,
) {
    if members.len() < 2 {
        return;
    }
    let same = open.iter().copied().find(|&i| {
        let d = &out.segments[i];
        d.to == w
            && d.kind == kind
            && d.evidence == evidence
            && d.far_end == far_end
            && out.members[d.members.start as usize..d.members.end as usize] == *members
    });
    if let Some(i) = same {
        out.segments[i].to = w + 1;
        next_open.push(i);
        return;
    }
    let start = u32::try_from(out.members.len()).unwrap_or(u32::MAX);
    out.members.extend_from_slice(members);
    let end = u32::try_from(out.members.len()).unwrap_or(u32::MAX);
    next_open.push(out.segments.len());
    out.segments.push(Draft {
        from: w,
        to: w + 1,
        kind,
        evidence,
        far_end,
        members: start..end,
    });
}
