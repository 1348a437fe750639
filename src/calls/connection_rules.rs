//! How one group of joined sessions reads in one stretch: who talks, holds, parks, rings,
//! waits or listens in, and so which segments (talk, conference, hold, parked, queue, voicemail,
//! ringing, supervise, a far end not in the capture) it makes, with their evidence.

use super::connection_sweep::{Drafts, Scratch, push};
use super::connections::{ConnectionEvidence, ConnectionKind, Member, Role};
use super::{CallSet, PartyNode};
use crate::model::{Direction, Reason, StatusCode};
use crate::store::Store;
use petgraph::graph::NodeIndex;

/// A party's state in one stretch, as far as connections go (a byte: it is compared often).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
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
    /// A call queue's own leg while its call-handling rules run: `Setup` and nothing else
    /// until it leaves without a reason.
    Queue,
    /// The same for another destination (an IVR menu).
    Prompts,
}

/// The role of each state in a kind of segment (`None`: not in it), by `St as usize`.
type Roles = [Option<Role>; 10];

const fn roles(pairs: &[(St, Role)]) -> Roles {
    let mut table = [None; 10];
    let mut i = 0;
    while i < pairs.len() {
        table[pairs[i].0 as usize] = Some(pairs[i].1);
        i += 1;
    }
    table
}

const TALK: Roles = roles(&[(St::Talking, Role::Talking)]);
const HOLD: Roles = roles(&[(St::Hold, Role::Holding), (St::Talking, Role::Waiting)]);
const PARKED: Roles = roles(&[(St::Parked, Role::Parking), (St::Talking, Role::Waiting)]);
const VOICEMAIL: Roles = roles(&[
    (St::VoiceMail, Role::Voicemail),
    (St::Talking, Role::Talking),
]);
const QUEUE: Roles = roles(&[
    (St::Queue, Role::Queue),
    (St::Talking, Role::Waiting),
    (St::Dialling, Role::Waiting),
]);
const PROMPTS: Roles = roles(&[
    (St::Prompts, Role::Talking),
    (St::Queue, Role::Talking),
    (St::Talking, Role::Talking),
    (St::Dialling, Role::Talking),
]);
const RINGING: Roles = roles(&[
    (St::Ringing, Role::Ringing),
    (St::Talking, Role::Waiting),
    (St::Dialling, Role::Waiting),
]);
const SUPERVISE: Roles = roles(&[
    (St::Supervising, Role::Supervising),
    (St::Talking, Role::Supervised),
    (St::Hold, Role::Supervised),
]);

/// Whether a party is a destination that plays prompts and never rings or answers (an IVR
/// menu, a queue's own leg): inbound, `Setup`, then at most a plain `Disconnected`. `Some(queue)`
/// when it is.
pub(super) fn system_destination(store: &Store, p: &PartyNode) -> Option<bool> {
    let first = p.states.first()?;
    let only_setup = first.code == StatusCode::Setup
        && p.states[1..].iter().all(|s| {
            s.code == StatusCode::Setup
                || (s.code == StatusCode::Disconnected && s.reason_kind == Reason::None)
        });
    if !only_setup || p.states.len() > 2 {
        return None;
    }
    // The event is read last: the events lie far apart in the store, and most parties are
    // not such a destination.
    let inbound = store.event(first.event).party.direction == Direction::Inbound;
    inbound.then(|| p.flags.queue_call())
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
        StatusCode::Setup | StatusCode::Proceeding => match system {
            Some(true) => St::Queue,
            Some(false) => St::Prompts,
            None if event().direction == Direction::Outbound => St::Dialling,
            None => St::Ringing,
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
    for e in &s.parties {
        if e.group != group || e.st == St::Absent {
            continue;
        }
        count[e.st as usize] += 1;
        sessions_used |= 1u64 << (e.pos % 64);
        bridge |= s.sessions[e.pos as usize].1;
        only = Some((e.node, e.st, e.pos));
    }
    let n = |st: St| count[st as usize];
    let talking = n(St::Talking);
    let waiting_side = talking + n(St::Dialling);
    let several_sessions = sessions_used.count_ones() > 1;
    let evidence = if several_sessions {
        ConnectionEvidence::PeerId
    } else {
        ConnectionEvidence::Observed
    };
    use ConnectionKind as K;
    let mut emit = |kind: K, evidence: ConnectionEvidence, table: &Roles| {
        s.members.clear();
        for e in &s.parties {
            if e.group == group
                && let Some(r) = table[e.st as usize]
            {
                s.members.push(Member {
                    party: Some(e.node),
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
    if talking >= 3 || (talking == 2 && bridge) {
        emit(K::Conference, evidence, &TALK);
    } else if talking == 2 {
        emit(K::Talk, evidence, &TALK);
    } else if talking == 1 && n(St::Hold) > 0 || talking == 0 && n(St::Hold) >= 2 {
        emit(K::Hold, evidence, &HOLD);
    } else if talking == 1 && n(St::Parked) > 0 {
        emit(K::Parked, evidence, &PARKED);
    } else if talking == 1 && n(St::VoiceMail) > 0 {
        emit(K::VoiceMail, evidence, &VOICEMAIL);
    } else if waiting_side >= 1 && n(St::Queue) > 0 {
        emit(K::Queue, evidence, &QUEUE);
    } else if waiting_side >= 1 && n(St::Prompts) > 0 {
        // The destination never answers, yet the caller hears it: a guess, said so.
        emit(K::Talk, ConnectionEvidence::Inferred, &PROMPTS);
    }
    if talking <= 1 && waiting_side >= 1 && n(St::Ringing) > 0 {
        emit(K::Ringing, evidence, &RINGING);
    }
    if n(St::Supervising) > 0 && talking + n(St::Hold) > 0 {
        // Its link is the peerId evidence; a mute change makes it a guess.
        let (mut changed_mute, mut linked) = (false, false);
        for e in &s.parties {
            if e.st == St::Supervising && e.group == group {
                changed_mute |= set.party(e.node).is_some_and(|x| mute_changed(store, x));
                linked |= set.links_of(e.node).next().is_some();
            }
        }
        let supervise_evidence = match (changed_mute, linked) {
            (true, _) => ConnectionEvidence::Inferred,
            (false, true) => ConnectionEvidence::PeerId,
            (false, false) => evidence,
        };
        emit(K::Supervise, supervise_evidence, &SUPERVISE);
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
