//! The steps of a call's flow ([`super::flow`]): the links' hand-overs ([`super::flow_links`]),
//! then each conversation segment read as what started it (a dial, an answer, a hold, a
//! resume, a conference), then who hung up, then a note for every state change no step told.

use super::connections::{Connection, ConnectionEvidence, ConnectionKind, Member, Role};
use super::flow::{Action, FlowStep, People, Shape};
use super::{Call, CallSet, StateChange};
use crate::model::StatusCode;
use crate::store::{EventId, Store};
use jiff::{SignedDuration, Timestamp};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, BTreeSet};

/// How close two moments are to be one action (the platform reports one action's legs within
/// a few hundred milliseconds).
const NEAR: SignedDuration = SignedDuration::from_millis(2000);

pub(super) fn near(a: Timestamp, b: Timestamp) -> bool {
    a.duration_since(b).abs() <= NEAR
}

pub(super) struct Builder<'a> {
    pub store: &'a Store,
    pub set: &'a CallSet,
    pub call: &'a Call,
    pub people: People,
    /// States a step tells: (party, index into its states).
    pub told: BTreeSet<(NodeIndex, usize)>,
    /// People a hand-over arrow pointed at, and when: their ringing needs no arrow of its own.
    pub targeted: BTreeMap<usize, Timestamp>,
    /// Pairs an arrow joined directly (a pickup), and when: they need no "talking" note.
    pub joined: Vec<(usize, usize, Timestamp)>,
    /// People who joined a conference.
    pub in_conference: BTreeSet<usize>,
    pub out: Vec<FlowStep>,
}

impl Builder<'_> {
    pub fn arrow(
        &mut self,
        (from, to): (usize, usize),
        action: Action,
        at: Timestamp,
        detail: Option<String>,
        inferred: bool,
        (party, event): (Option<NodeIndex>, Option<EventId>),
    ) {
        let shape = if from == to {
            Shape::Note { over: vec![from] }
        } else {
            Shape::Arrow { from, to }
        };
        self.out.push(FlowStep {
            at,
            shape,
            action,
            detail,
            inferred,
            event,
            party,
        });
    }

    pub fn note(
        &mut self,
        over: Vec<usize>,
        action: Action,
        at: Timestamp,
        detail: Option<String>,
    ) {
        self.out.push(FlowStep {
            at,
            shape: Shape::Note { over },
            action,
            detail,
            inferred: false,
            event: None,
            party: None,
        });
    }

    /// Marks the first state of `p` that `pick` accepts as told; returns it.
    pub fn tell(
        &mut self,
        p: NodeIndex,
        pick: impl Fn(&StateChange) -> bool,
    ) -> Option<(Timestamp, EventId)> {
        let party = self.set.party(p)?;
        let (i, s) = party
            .states
            .iter()
            .enumerate()
            .find(|(i, s)| !self.told.contains(&(p, *i)) && pick(s))?;
        self.told.insert((p, i));
        Some((s.at, s.event))
    }

    /// Marks every state of `p` that `pick` accepts as told.
    pub fn tell_all(&mut self, p: NodeIndex, pick: impl Fn(&StateChange) -> bool) {
        while self.tell(p, &pick).is_some() {}
    }

    pub fn label(&self, p: NodeIndex) -> String {
        self.set
            .party(p)
            .map_or_else(|| "someone".into(), |x| x.identity.label.clone())
    }

    pub fn member_person(&mut self, seg: &Connection, m: &Member) -> Option<usize> {
        self.people.of_member(m.party, seg.far_end)
    }

    pub fn with_role(&mut self, seg: &Connection, members: &[Member], role: Role) -> Vec<usize> {
        members
            .iter()
            .filter(|m| m.role == role)
            .filter_map(|m| self.member_person(seg, m))
            .collect()
    }
}

/// Every step of the call, unsorted.
pub(super) fn steps(store: &Store, set: &CallSet, call: &Call) -> (People, Vec<FlowStep>) {
    let mut b = Builder {
        store,
        set,
        call,
        people: People::of(set, call),
        told: BTreeSet::new(),
        targeted: BTreeMap::new(),
        joined: Vec::new(),
        in_conference: BTreeSet::new(),
        out: Vec::new(),
    };
    super::flow_links::links(&mut b);
    bridge_legs(&mut b);
    // The segments are values made from the call's compact form ([`Connections::iter`]); the
    // steps look back at them by reference.
    let values: Vec<(Connection, &[Member])> = call.connections.iter().collect();
    let segments: Vec<(&Connection, &[Member])> = values.iter().map(|(s, m)| (s, *m)).collect();
    for (i, &(seg, members)) in segments.iter().enumerate() {
        segment(&mut b, &segments[..i], seg, members);
    }
    super::flow_talk::hang_ups(&mut b, &segments);
    super::flow_notes::state_notes(&mut b);
    (b.people, b.out)
}

/// A bridge's own legs that are not conference legs (the host's): opening the conference.
fn bridge_legs(b: &mut Builder) {
    let Some(bridge) = b.people.bridge() else {
        return;
    };
    let (set, call) = (b.set, b.call);
    let mut opened = false;
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        let in_bridge = set.session(party.session).is_some_and(|s| s.bridge);
        let Some(who) = b.people.of_party(p).filter(|&w| w != bridge) else {
            continue;
        };
        if !in_bridge {
            continue;
        }
        let Some((at, event)) = b.tell(p, |s| s.code == StatusCode::Setup) else {
            continue;
        };
        b.tell(p, |s| s.code == StatusCode::Answered && near(s.at, at));
        let action = if opened {
            Action::JoinsConference
        } else {
            Action::OpensConference
        };
        opened = true;
        b.in_conference.insert(who);
        b.arrow(
            (who, bridge),
            action,
            at,
            None,
            false,
            (Some(p), Some(event)),
        );
    }
}

fn segment(
    b: &mut Builder,
    before: &[(&Connection, &[Member])],
    seg: &Connection,
    members: &[Member],
) {
    let inferred = seg.evidence == ConnectionEvidence::Inferred;
    let first_party = |role: Role| {
        members
            .iter()
            .find(|m| m.role == role)
            .and_then(|m| m.party)
    };
    match seg.kind {
        ConnectionKind::Ringing | ConnectionKind::Queue => {
            let waiting = members.iter().find(|m| m.role == Role::Waiting).copied();
            let Some(w) = waiting.and_then(|m| b.member_person(seg, &m)) else {
                return;
            };
            let role = if seg.kind == ConnectionKind::Queue {
                Role::Queue
            } else {
                Role::Ringing
            };
            for m in members.iter().filter(|m| m.role == role) {
                ring(b, before, seg, waiting.and_then(|w| w.party), w, m);
            }
        }
        ConnectionKind::Talk | ConnectionKind::VoiceMail => {
            let people: Vec<usize> = members
                .iter()
                .filter_map(|m| b.member_person(seg, m))
                .collect();
            let (Some(&x), Some(&y)) = (people.first(), people.get(1)) else {
                return;
            };
            if x == y {
                return;
            }
            super::flow_talk::talk(b, before, seg, members, (x, y), inferred);
        }
        ConnectionKind::Hold | ConnectionKind::Parked => {
            let (holder_role, action, code) = if seg.kind == ConnectionKind::Hold {
                (Role::Holding, Action::Holds, StatusCode::Hold)
            } else {
                (Role::Parking, Action::Parks, StatusCode::Parked)
            };
            let holders = b.with_role(seg, members, holder_role);
            let waiters = b.with_role(seg, members, Role::Waiting);
            let (Some(&h), Some(&w)) = (holders.first(), waiters.first().or(holders.get(1))) else {
                return;
            };
            let p = first_party(holder_role);
            let told = p.and_then(|p| b.tell(p, |s| s.code == code && near(s.at, seg.start)));
            let park = p
                .zip(told)
                .and_then(|(_, (_, e))| {
                    b.store.opt_text(b.store.park_data(&b.store.event(e).party))
                })
                .map(|at| format!("at {at}"));
            let (at, event) = told.map_or((seg.start, None), |(t, e)| (t, Some(e)));
            b.arrow((h, w), action, at, park, inferred, (p, event));
        }
        ConnectionKind::Conference => super::flow_talk::conference(b, seg, members),
        ConnectionKind::Supervise => {
            let sup = b.with_role(seg, members, Role::Supervising);
            let p = first_party(Role::Supervising);
            // The one listened to: an agent rather than the caller, when there is one.
            let listened: Vec<(usize, bool)> = members
                .iter()
                .filter(|m| m.role == Role::Supervised)
                .filter_map(|m| Some((b.people.of_party(m.party?)?, m.party == b.call.caller)))
                .collect();
            let target = listened
                .iter()
                .find(|(_, caller)| !caller)
                .or(listened.first())
                .map(|(i, _)| *i);
            let (Some(&s), Some(t)) = (sup.first(), target) else {
                return;
            };
            let event = p.and_then(|p| {
                b.tell(p, |s| {
                    s.code == StatusCode::Answered
                        && s.reason_kind == crate::model::Reason::Supervising
                })
            });
            let at = event.map_or(seg.start, |(t, _)| t.max(seg.start));
            b.arrow(
                (s, t),
                Action::Supervises,
                at,
                None,
                inferred,
                (p, event.map(|e| e.1)),
            );
        }
    }
}

/// A ringing (or queue) segment's start for one ringing member: who dials or rings it.
fn ring(
    b: &mut Builder,
    before: &[(&Connection, &[Member])],
    seg: &Connection,
    wp: Option<NodeIndex>,
    w: usize,
    m: &Member,
) {
    let Some(r) = b.member_person(seg, m) else {
        return;
    };
    // Its ringing states are told by this step whoever made it ring.
    let end = seg.end;
    if let Some(p) = m.party {
        b.tell_all(p, |s| s.code.is_ringing() && s.at <= end);
    }
    if w == r {
        return;
    }
    if b.targeted.get(&r).is_some_and(|&t| near(t, seg.start)) {
        return;
    }
    let inferred = seg.evidence == ConnectionEvidence::Inferred;
    let party = (m.party, None);
    // A queue rings its agents; a menu that just let the call go passed it on.
    let queue = before.iter().find(|(s, _)| {
        s.kind == ConnectionKind::Queue && s.start <= seg.start && seg.start < s.end
    });
    if let Some((q, qm)) = queue
        && seg.kind == ConnectionKind::Ringing
        && let Some(qp) = qm.iter().find(|x| x.role == Role::Queue)
        && let Some(qi) = b.member_person(q, qp)
    {
        b.arrow((qi, r), Action::Rings, seg.start, None, inferred, party);
        return;
    }
    let left = before.iter().rev().find_map(|(s, sm)| {
        let gone = sm
            .iter()
            .find(|x| x.party != wp && x.party.is_some() && x.party != m.party)?;
        let ends_here = near(s.end, seg.start)
            && b.set
                .party(gone.party?)
                .and_then(|x| x.last_state())
                .is_some_and(|x| x.code.is_final() && near(x.at, s.end));
        let has_w = sm.iter().any(|x| x.party == wp);
        (ends_here && has_w).then_some(gone.party?)
    });
    if let Some(g) = left
        && let Some(gi) = b.people.of_party(g).filter(|&gi| gi != r && gi != w)
    {
        b.tell(g, |s| {
            s.code == StatusCode::Disconnected && s.reason.is_none()
        });
        b.arrow((gi, r), Action::PassesOn, seg.start, None, true, party);
        return;
    }
    dial(b, seg, (wp, w), (m.party, r));
}

/// `w` dials `r`: its own `Setup` (and hearing ringing) told with it when they are there.
pub(super) fn dial(
    b: &mut Builder,
    seg: &Connection,
    (wp, w): (Option<NodeIndex>, usize),
    (rp, r): (Option<NodeIndex>, usize),
) {
    let start = seg.start;
    let mut at = start;
    let mut event = None;
    if let Some(p) = wp {
        if let Some((t, e)) = b.tell(p, |s| s.code == StatusCode::Setup && near(s.at, start)) {
            (at, event) = (t, Some(e));
        }
        b.tell_all(p, |s| s.code == StatusCode::Proceeding && near(s.at, start));
    }
    if let Some(p) = rp {
        b.tell(p, |s| s.code == StatusCode::Setup && s.at <= seg.end);
    }
    // A leg in another session than the call's first says which.
    let session = wp.or(rp).and_then(|p| b.set.party(p)).map(|x| x.session);
    let ring_out = wp
        .and_then(|p| b.set.party(p))
        .is_some_and(|x| x.ring_out == super::RingOutRole::Initiator);
    let detail = session
        .filter(|s| b.call.sessions.first() != Some(s))
        .and_then(|s| b.set.session(s))
        .map(|s| format!("session {}", b.store.text(s.id)))
        .or_else(|| ring_out.then(|| "RingOut: the platform calls for them".to_owned()));
    // The dial is seen in the dialler's Setup; without one (lost, or a far end) it is read
    // from the leg's direction.
    let seen = wp
        .and_then(|p| b.set.party(p))
        .is_some_and(|x| x.has_state(StatusCode::Setup));
    b.arrow((w, r), Action::Dials, at, detail, !seen, (wp, event));
}
