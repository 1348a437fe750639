//! The path the caller took: who the caller was connected to, one after the other, and how each
//! hand-over happened (routed, BlindTransfer, AttendedTransfer, Conference, Pickup, …). Follows
//! the caller's session and, through `Gone` links, the sessions the call moved on to.

use super::{Call, CallSet, PartyNode, format_number};
use crate::model::{Reason, StatusCode};
use crate::store::Store;
use petgraph::graph::NodeIndex;
use std::borrow::Cow;

/// One step of the caller's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// Who the caller reached.
    pub label: String,
    /// The party node (none for a conference bridge as a whole).
    pub party: Option<NodeIndex>,
    pub session: NodeIndex,
    /// How the call got here: `call` for the first hop, `routed` for a plain hand-over inside a
    /// session, otherwise the link kind (e.g. `AttendedTransfer`).
    pub via: Cow<'static, str>,
}

/// Parties that are not stops on the caller's path: supervisors, bridge legs, and ringing-only
/// parties that lost the call to someone else (queue agents, picked-up phones) or only rang as
/// one of a fan-out (`rang`).
fn is_side_party(n: NodeIndex, p: &PartyNode, rang: &[super::Rang]) -> bool {
    if rang
        .iter()
        .any(|r| r.party == n && r.outcome != super::RangOutcome::Answered)
    {
        return true;
    }
    let reason_is = |r: Reason| p.states.iter().any(|s| s.reason_kind == r);
    let answered = p.states.iter().any(|s| {
        matches!(
            s.code,
            StatusCode::Answered | StatusCode::Hold | StatusCode::Parked | StatusCode::VoiceMail
        )
    });
    let lost = !answered && (reason_is(Reason::AgentAnswered) || reason_is(Reason::Pickup));
    reason_is(Reason::Supervising)
        || super::moves::is_conference_leg(&p.identity.label)
        || lost
        || !p.seen()
}

/// A reason as written: the spec's own spelling needs no copy (nearly all of them).
fn as_written(reason: &str) -> Cow<'static, str> {
    match Reason::parse(Some(reason)).as_str() {
        Some(known) if known == reason => Cow::Borrowed(known),
        _ => Cow::Owned(reason.to_owned()),
    }
}

pub fn fill_path(store: &Store, set: &CallSet, call: &mut Call) {
    let Some(&first_session) = call.sessions.first() else {
        return;
    };
    let Some(session) = set.session(first_session) else {
        return;
    };
    // The caller: a RingOut's initiator, else the first party of the earliest session: the
    // first made (party ids count parties, §3, whatever events were lost), then the one whose
    // first event has the lowest sequence.
    let seen = || {
        session
            .parties
            .iter()
            .copied()
            .filter(|p| set.party(*p).is_some_and(|x| x.seen()))
    };
    let initiator = seen().find(|p| {
        set.party(*p)
            .is_some_and(|x| x.ring_out == super::RingOutRole::Initiator)
    });
    let caller = initiator.or_else(|| {
        seen().min_by_key(|p| {
            let party = set.party(*p);
            let ordinal = party.map_or(0, |x| x.ordinal);
            let first = party
                .and_then(|x| x.events.first())
                .map(|&e| store.event(e));
            (
                ordinal == 0,
                ordinal,
                first.and_then(|e| e.sequence()),
                first.map(|e| e.at),
            )
        })
    });
    // The caller's own leg is the platform's `Outbound` one (read with its RingOut role); an
    // `Inbound` first party means the capture only has the callee's side.
    let seen_parties = session
        .parties
        .iter()
        .filter(|p| set.party(**p).is_some_and(|x| x.seen()))
        .count();
    let caller = caller.filter(|c| {
        match set
            .party(*c)
            .map(|x| super::roles::direction(store, set, *c, x))
        {
            Some(crate::model::Direction::Inbound) => false,
            // No direction (RingCentral's call-time metrics example): a party alone in its
            // session is read as the one reached, not as the caller.
            Some(crate::model::Direction::Unknown) => seen_parties > 1,
            _ => true,
        }
    });
    call.caller = caller;
    call.rang = super::fanout::rang(store, set, call, caller);
    let first_party = session
        .parties
        .iter()
        .find_map(|p| set.party(*p).filter(|x| x.seen()));
    call.caller_label = match caller.and_then(|c| set.party(c)).or(first_party) {
        Some(p) if Some(p.id) == caller.and_then(|c| set.party(c)).map(|c| c.id) => {
            p.identity.label.clone()
        }
        // Only the callee's leg is in the capture: the caller is known from its `from`.
        Some(p) => p
            .events
            .first()
            .and_then(|&e| {
                store.opt_text(super::roles::far_end(&store.event(e).party, p.ring_out).number)
            })
            .map(format_number)
            .unwrap_or_else(|| "an unknown caller".into()),
        None => "unknown caller".into(),
    };
    let mut hops: Vec<Hop> = Vec::with_capacity(4);
    let mut visited = Vec::with_capacity(call.sessions.len());
    visited.push(first_session);
    let mut parties: Vec<NodeIndex> = Vec::with_capacity(session.parties.len());
    let mut current = first_session;
    let mut via: Cow<'static, str> = "call".into();
    let mut skip_person: Option<Option<crate::store::Sym>> = None;
    'sessions: while let Some(session) = set.session(current) {
        parties.clear();
        parties.extend(
            session
                .parties
                .iter()
                .copied()
                .filter(|p| Some(*p) != caller)
                .filter(|p| {
                    set.party(*p)
                        .is_some_and(|x| !is_side_party(*p, x, &call.rang))
                }),
        );
        parties.sort_by_key(|p| set.party(*p).and_then(PartyNode::first_at));
        for &p in &parties {
            let Some(party) = set.party(p) else { continue };
            if skip_person
                .as_ref()
                .is_some_and(|x| *x == party.identity.extension_id)
            {
                continue;
            }
            if hops.last().is_none_or(|h| h.label != party.identity.label) {
                hops.push(Hop {
                    label: party.identity.label.clone(),
                    party: Some(p),
                    session: current,
                    via: std::mem::replace(&mut via, "routed".into()),
                });
            }
            let last = party.last_state();
            if let Some(reason) = last.and_then(|s| store.opt_text(s.reason)) {
                via = as_written(reason);
            }
            // Gone with a link: the call moved to another session.
            if last.is_some_and(|s| s.code == StatusCode::Gone) {
                for (_, other, link) in set.links_of(p) {
                    let Some(peer) = set.party(other) else {
                        continue;
                    };
                    if visited.contains(&peer.session) {
                        continue;
                    }
                    visited.push(peer.session);
                    current = peer.session;
                    via = as_written(&link.kind);
                    if set.session(current).is_some_and(|s| s.bridge) {
                        hops.push(Hop {
                            label: "conference bridge".into(),
                            party: None,
                            session: current,
                            via,
                        });
                        break 'sessions;
                    }
                    // The same person's other leg (warm transfer): the caller now talks to
                    // whoever else is in that session.
                    let same = peer.identity.extension_id.is_some()
                        && peer.identity.extension_id == party.identity.extension_id;
                    skip_person = same.then_some(peer.identity.extension_id);
                    continue 'sessions;
                }
            }
        }
        break;
    }
    super::dialled::first_stop(store, set, call, &mut hops);
    call.answered = hops.iter().filter_map(|h| h.party).find(|p| {
        set.party(*p)
            .is_some_and(|x| x.has_state(StatusCode::Answered))
    });
    call.path = hops;
}

/// Unseen participants the evidence puts on the caller's path (a separate step after
/// [`fill_path`]): where an attended transfer handed the call, and whom a call whose callee
/// never appears dialled. Such a stop has no party node.
pub(super) fn add_unseen_stops(call: &mut Call) {
    use super::UnseenRole;
    for u in &call.unseen {
        let via: Cow<'static, str> = match u.role {
            UnseenRole::AttendedTransferTarget => "AttendedTransfer".into(),
            UnseenRole::Callee if call.path.is_empty() => "call".into(),
            _ => continue,
        };
        let label = format!("{} (not in this capture)", u.label);
        if call.path.iter().all(|h| h.label != label) {
            call.path.push(Hop {
                label,
                party: None,
                session: u.session,
                via,
            });
        }
    }
}
