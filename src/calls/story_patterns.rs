//! Story sentences for the call patterns whose raw events mislead a reader: the legs of a
//! RingOut (§6.11), the party a call switch or flip moved the call to (§6.8, reported as if it
//! dialled), a queue that hands the call to its agent (§6.9), and the transferring agent's leg
//! connecting once the consulted colleague answers. Anything else is told by `story`.

use super::{Call, CallSet, PartyNode, RingOutRole, StateChange};
use crate::model::{Reason, StatusCode};
use crate::store::Store;
use petgraph::graph::NodeIndex;

/// The label of the party of `call` with this RingOut role.
fn with_role<'a>(set: &'a CallSet, call: &Call, role: RingOutRole) -> Option<&'a str> {
    call.parties
        .iter()
        .filter_map(|q| set.party(*q))
        .find(|q| q.ring_out == role)
        .map(|q| q.identity.label.as_str())
}

/// Who else is connected in `party`'s session at `at` (answered, not left, not the same
/// extension, not a conference leg).
fn connected_with<'a>(set: &'a CallSet, party: &PartyNode, at: jiff::Timestamp) -> Vec<&'a str> {
    set.session(party.session)
        .map(|s| s.parties.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|q| set.party(*q))
        .filter(|q| q.id != party.id && !super::moves::is_conference_leg(&q.identity.label))
        .filter(|q| {
            party.identity.extension_id.is_none()
                || q.identity.extension_id != party.identity.extension_id
        })
        .filter(|q| {
            let now = q.states.iter().take_while(|s| s.at <= at).last();
            now.is_some_and(|s| matches!(s.code, StatusCode::Answered | StatusCode::Hold))
        })
        .map(|q| q.identity.label.as_str())
        .collect()
}

/// A sentence for this state change, when it is one of the patterns above.
pub(super) fn describe(
    store: &Store,
    set: &CallSet,
    call: &Call,
    p: NodeIndex,
    party: &PartyNode,
    s: &StateChange,
    previous: Option<&StateChange>,
) -> Option<String> {
    let who = &party.identity.label;
    let first = previous.is_none();
    match party.ring_out {
        RingOutRole::Initiator => {
            let target =
                with_role(set, call, RingOutRole::Target).unwrap_or("the number asked for");
            match s.code {
                StatusCode::Setup if first => {
                    return Some(format!(
                        "{who} placed a RingOut to {target}; the platform rings {who}'s own phone first"
                    ));
                }
                StatusCode::Proceeding => {
                    return Some(format!(
                        "{who}'s phone is ringing (the RingOut's first leg)"
                    ));
                }
                StatusCode::Answered if previous.is_none_or(|x| x.code.is_ringing()) => {
                    return Some(format!("{who} answered; the platform now calls {target}"));
                }
                _ => {}
            }
        }
        RingOutRole::Target if s.code == StatusCode::Setup && first => {
            let initiator = with_role(set, call, RingOutRole::Initiator).unwrap_or("the caller");
            return Some(format!(
                "the platform calls {who} for {initiator}'s RingOut"
            ));
        }
        _ => {}
    }
    if first && let Some((from, link)) = super::moves::moved_from(set, p) {
        let person = set
            .party(from)
            .map_or("the user", |f| f.identity.label.as_str());
        let ringing = if s.code.is_ringing() {
            "; it rings there"
        } else {
            ""
        };
        return Some(if Reason::parse(Some(&link.kind)) == Reason::CallFlip {
            format!("{person} flipped the call to {who}{ringing}")
        } else {
            format!(
                "the call moved to {who} (a call switch to another of the user's devices; nobody dialled){ringing}"
            )
        });
    }
    // A queue's own party leaves once it has handed the call over (or the caller gave up).
    let queue = || {
        !call.rang.iter().any(|r| r.party == p)
            && (party.flags.queue_call()
                || set
                    .session(party.session)
                    .is_some_and(|session| super::fanout::is_the_queue(store, set, session, party)))
    };
    if s.code == StatusCode::Disconnected && s.reason.is_none() && queue() {
        let agent = call
            .rang
            .iter()
            .filter(|r| r.outcome == super::RangOutcome::Answered && r.to <= s.at)
            .max_by_key(|r| r.to)
            .and_then(|r| set.party(r.party));
        if let Some(agent) = agent {
            return Some(format!("{who} handed the call to {}", agent.identity.label));
        }
        let caller_left = call
            .caller
            .and_then(|c| set.party(c))
            .and_then(|c| c.last_state())
            .is_some_and(|c| c.code.is_final() && c.at <= s.at);
        if caller_left {
            return Some(format!("{who} let the call go: the caller had hung up"));
        }
    }
    // The transferring agent's consult leg connects once the colleague answers.
    let outbound =
        super::roles::direction(store, set, p, party) == crate::model::Direction::Outbound;
    if outbound && s.code == StatusCode::Answered && previous.is_none_or(|x| x.code.is_ringing()) {
        let with = connected_with(set, party, s.at);
        if !with.is_empty() {
            return Some(format!("{who} is connected to {}", with.join(" and ")));
        }
    }
    None
}
