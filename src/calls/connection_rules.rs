//! How one group of joined sessions reads in one stretch: who talks, holds, parks, rings,
//! waits or listens in, and so which segments (talk, conference, hold, parked, queue, voicemail,
//! ringing, supervise, a far end not in the capture) it makes, with their evidence.

use super::connection_sweep::{Drafts, Entry, Scratch, push};
use super::connections::{ConnectionEvidence, ConnectionKind, Member, Role};
use super::{CallSet, PartyNode};
use crate::model::{Direction, Reason, StatusCode};
use crate::store::Store;
use petgraph::graph::NodeIndex;

/// A party's state in one stretch, as far as connections go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum St {
    Absent,
    Talking,
    Supervising,
    Hold,
    Parked,
    VoiceMail,
    /// Being rung (inbound `Setup`/`Proceeding`).
    Ringing,
    /// Placing the call, hearing ringing (outbound `Setup`/`Proceeding`).
    Dialling,
    /// A destination whose call-handling rules run (IVR menu, queue): `Setup` and nothing
    /// else until it leaves without a reason.
    System {
        queue: bool,
    },
}

/// Whether a party is a destination that plays prompts and never rings or answers (an IVR
/// menu, a queue's own leg): inbound, `Setup`, then at most a plain `Disconnected`. `Some(queue)`
/// when it is.
pub(super) fn system_destination(store: &Store, p: &PartyNode) -> Option<bool> {
    let first = p.states.first()?;
    let inbound = store.event(first.event).party.direction == Direction::Inbound;
    let only_setup = first.code == StatusCode::Setup
        && p.states[1..].iter().all(|s| {
            s.code == StatusCode::Setup
                || (s.code == StatusCode::Disconnected && s.reason_kind == Reason::None)
        });
    (inbound && only_setup && p.states.len() <= 2).then(|| p.flags.queue_call())
}

pub(super) fn classify(
    store: &Store,
    party: &PartyNode,
    state: &super::StateChange,
    system: Option<bool>,
) -> St {
    // The event is read only when it can matter (most parties never stand alone).
    let event = || &store.event(state.event).party;
    if party.flags.stand_alone() && event().flags.stand_alone() {
        return St::Absent;
    }
    match state.code {
        StatusCode::Answered if state.reason_kind == Reason::Supervising => St::Supervising,
        StatusCode::Answered => St::Talking,
        StatusCode::Hold => St::Hold,
        StatusCode::Parked => St::Parked,
        StatusCode::VoiceMail | StatusCode::VoiceMailScreening => St::VoiceMail,
        StatusCode::Setup | StatusCode::Proceeding => match (system, event().direction) {
            (Some(queue), _) => St::System { queue },
            (None, Direction::Outbound) => St::Dialling,
            (None, _) => St::Ringing,
        },
        _ => St::Absent,
    }
}

/// Reads one group of joined sessions in stretch `w` into segments.
pub(super) fn read_group(
    store: &Store,
    set: &CallSet,
    s: &mut Scratch,
    group: u32,
    w: u32,
    out: &mut Drafts,
) {
    let mut count = [0u32; 10];
    let mut sessions_used = 0u64;
    let mut bridge = false;
    let mut only: Option<(NodeIndex, St, u32)> = None;
    for &Entry {
        group: e_group,
        node: p,
        pos,
        st,
        ..
    } in &s.parties
    {
        if e_group != group || st == St::Absent {
            continue;
        }
        count[index(st)] += 1;
        sessions_used |= 1u64 << (pos % 64);
        bridge |= s.sessions[pos as usize].1;
        only = Some((p, st, pos));
    }
    let n = |st: St| count[index(st)];
    let talking = n(St::Talking);
    let waiting_side = talking + n(St::Dialling);
    let queue = n(St::System { queue: true });
    let prompts = n(St::System { queue: false });
    let several_sessions = sessions_used.count_ones() > 1;
    let evidence = if several_sessions {
        ConnectionEvidence::PeerId
    } else {
        ConnectionEvidence::Observed
    };
    // A supervisor's segment: its link is the peerId evidence; a mute change makes it a guess.
    let (mut changed_mute, mut linked) = (false, false);
    for &Entry {
        group: e_group,
        node: p,
        st,
        ..
    } in &s.parties
    {
        if st == St::Supervising && e_group == group {
            changed_mute |= set.party(p).is_some_and(|x| mute_changed(store, x));
            linked |= set.links_of(p).next().is_some();
        }
    }
    let supervise_evidence = match (changed_mute, linked) {
        (true, _) => ConnectionEvidence::Inferred,
        (false, true) => ConnectionEvidence::PeerId,
        (false, false) => evidence,
    };
    use ConnectionKind as K;
    let mut emit = |kind: K, evidence: ConnectionEvidence, role: &dyn Fn(St) -> Option<Role>| {
        s.members.clear();
        for &Entry {
            group: e_group,
            node: p,
            st,
            ..
        } in &s.parties
        {
            if e_group == group
                && let Some(r) = role(st)
            {
                s.members.push(Member {
                    party: Some(p),
                    role: r,
                });
            }
        }
        push(
            out,
            &s.open,
            &mut s.next_open,
            &s.members,
            kind,
            evidence,
            None,
            w,
        );
    };
    let talk_roles = |st: St| (st == St::Talking).then_some(Role::Talking);
    if talking >= 3 || (talking == 2 && bridge) {
        emit(K::Conference, evidence, &talk_roles);
    } else if talking == 2 {
        emit(K::Talk, evidence, &talk_roles);
    } else if talking == 1 && n(St::Hold) > 0 || talking == 0 && n(St::Hold) >= 2 {
        emit(K::Hold, evidence, &|st| match st {
            St::Hold => Some(Role::Holding),
            St::Talking => Some(Role::Waiting),
            _ => None,
        });
    } else if talking == 1 && n(St::Parked) > 0 {
        emit(K::Parked, evidence, &|st| match st {
            St::Parked => Some(Role::Parking),
            St::Talking => Some(Role::Waiting),
            _ => None,
        });
    } else if talking == 1 && n(St::VoiceMail) > 0 {
        emit(K::VoiceMail, evidence, &|st| match st {
            St::VoiceMail => Some(Role::Voicemail),
            St::Talking => Some(Role::Talking),
            _ => None,
        });
    } else if waiting_side >= 1 && queue > 0 {
        emit(K::Queue, evidence, &|st| match st {
            St::System { queue: true } => Some(Role::Queue),
            St::Talking | St::Dialling => Some(Role::Waiting),
            _ => None,
        });
    } else if waiting_side >= 1 && prompts > 0 {
        // The destination never answers, yet the caller hears it: a guess, said so.
        emit(K::Talk, ConnectionEvidence::Inferred, &|st| match st {
            St::System { .. } | St::Talking | St::Dialling => Some(Role::Talking),
            _ => None,
        });
    }
    if talking <= 1 && waiting_side >= 1 && n(St::Ringing) > 0 {
        emit(K::Ringing, evidence, &|st| match st {
            St::Ringing => Some(Role::Ringing),
            St::Talking | St::Dialling => Some(Role::Waiting),
            _ => None,
        });
    }
    if n(St::Supervising) > 0 && talking + n(St::Hold) > 0 {
        emit(K::Supervise, supervise_evidence, &|st| match st {
            St::Supervising => Some(Role::Supervising),
            St::Talking | St::Hold => Some(Role::Supervised),
            _ => None,
        });
    }
    // One party alone in a session nobody else of the capture is in: the far end is known only
    // from the leg's from/to.
    if let Some((p, st, pos)) = only
        && count.iter().sum::<u32>() == 1
        && !bridge
        && s.sessions[pos as usize].2 == 1
    {
        let (kind, mine, far) = match st {
            St::Talking => (K::Talk, Role::Talking, Role::Talking),
            St::Hold => (K::Hold, Role::Holding, Role::Waiting),
            St::Ringing => (K::Ringing, Role::Ringing, Role::Waiting),
            St::Dialling => (K::Ringing, Role::Waiting, Role::Ringing),
            _ => return,
        };
        s.members.clear();
        s.members.push(Member {
            party: Some(p),
            role: mine,
        });
        s.members.push(Member {
            party: None,
            role: far,
        });
        let far_end = far_label(store, set, p);
        push(
            out,
            &s.open,
            &mut s.next_open,
            &s.members,
            kind,
            ConnectionEvidence::Inferred,
            Some(far_end),
            w,
        );
    }
}

fn index(st: St) -> usize {
    match st {
        St::Absent => 0,
        St::Talking => 1,
        St::Supervising => 2,
        St::Hold => 3,
        St::Parked => 4,
        St::VoiceMail => 5,
        St::Ringing => 6,
        St::Dialling => 7,
        St::System { queue: true } => 8,
        St::System { queue: false } => 9,
    }
}

/// Whether a supervisor's `muted` changed during its leg: the reference does not say whether
/// barge or whisper shows that way, so a segment with it is labelled inferred.
fn mute_changed(store: &Store, p: &PartyNode) -> bool {
    // While on the call: the leaving event's flags say nothing about barge.
    let mut muted = p
        .events
        .iter()
        .map(|&e| &store.event(e).party)
        .filter(|x| !x.code.is_final())
        .map(|x| x.flags.muted());
    muted.next().is_some_and(|first| muted.any(|m| m != first))
}

/// The far end of a party's leg, as its latest event names it.
fn far_label(store: &Store, set: &CallSet, p: NodeIndex) -> String {
    let far = set
        .party(p)
        .and_then(|x| x.events.last())
        .map(|&e| *super::far_endpoint(&store.event(e).party));
    let number = far.and_then(|f| store.opt_text(f.number));
    let name = far.and_then(|f| store.opt_text(f.name));
    match (name, number) {
        (Some(name), Some(number)) => format!("{name} ({})", super::format_number(number)),
        (None, Some(number)) => super::format_number(number),
        (Some(name), None) => name.to_owned(),
        (None, None) => "the other end (not in this capture)".to_owned(),
    }
}
