//! The hand-overs of a call's flow, from its links: attended and blind transfers, pickups (from
//! park or of a phone ringing for someone else), switches and flips, conference merges. A
//! queue's "another agent answered" and a supervisor's move need no step: the answer and the
//! supervising segment tell them.

use super::flow::Action;
use super::flow_steps::{Builder, near};
use super::{Evidence, StateChange};
use crate::model::{Reason, StatusCode};
use petgraph::graph::NodeIndex;

pub(super) fn links(b: &mut Builder) {
    let (set, call) = (b.set, b.call);
    for &e in &call.links {
        let Some((a, c, link)) = set.link(e) else {
            continue;
        };
        let (Some(pa), Some(pc)) = (b.people.of_party(a), b.people.of_party(c)) else {
            continue;
        };
        let inferred = link.evidence == Evidence::Inferred;
        let at = link.at;
        // The end that left with the link's state, and the other.
        let left_by = |p: NodeIndex| {
            set.party(p).is_some_and(|x| {
                x.states
                    .iter()
                    .any(|s| Some(s.event) == link.event && s.code.is_final())
            })
        };
        let (gone, other) = if left_by(a) || !left_by(c) {
            (a, c)
        } else {
            (c, a)
        };
        let (pg, po) = if gone == a { (pa, pc) } else { (pc, pa) };
        let is = |r: Reason| move |s: &StateChange| s.code.is_final() && s.reason_kind == r;
        let ids = (Some(gone), link.event);
        match Reason::parse(Some(&link.kind)) {
            Reason::AttendedTransfer => {
                // Whom the caller talks to once the transferring person's legs are joined.
                let caller = call.caller.and_then(|p| b.people.of_party(p));
                let target = call.connections.iter().find_map(|(s, m)| {
                    let starts = s.start >= at && near(s.start, at);
                    let people: Vec<usize> = m
                        .iter()
                        .filter_map(|x| b.people.of_party(x.party?))
                        .collect();
                    (starts && caller.is_some_and(|c| people.contains(&c)))
                        .then(|| people.into_iter().find(|&x| Some(x) != caller && x != pg))
                        .flatten()
                });
                let Some(t) = target else { continue };
                b.tell(a, is(Reason::AttendedTransfer));
                b.tell(c, is(Reason::AttendedTransfer));
                b.targeted.insert(t, at);
                b.arrow((pg, t), Action::TransfersAttended, at, None, inferred, ids);
            }
            Reason::BlindTransfer
            | Reason::CallRedirected
            | Reason::CallerInputRedirect
            | Reason::DtmfTransfer
            | Reason::RccTransfer => {
                let kind = Reason::parse(Some(&link.kind));
                b.tell(gone, is(kind));
                b.targeted.insert(po, at);
                let (action, detail) = if kind == Reason::BlindTransfer {
                    (Action::TransfersBlind, None)
                } else {
                    (Action::HandsOn, Some(link.kind.clone()))
                };
                b.arrow((pg, po), action, at, detail, inferred, ids);
            }
            Reason::Pickup => {
                let parked = set
                    .party(gone)
                    .is_some_and(|x| x.has_state(StatusCode::Parked));
                let Some(caller) = call.caller.and_then(|p| b.people.of_party(p)) else {
                    continue;
                };
                if caller == po {
                    continue;
                }
                b.tell(gone, is(Reason::Pickup));
                b.tell(other, |s| {
                    s.code == StatusCode::Answered && s.reason_kind == Reason::Pickup
                });
                b.joined.push((po, caller, at));
                let (action, detail) = if parked {
                    (Action::PicksUpFromPark, None)
                } else {
                    (
                        Action::PicksUp,
                        Some(format!("ringing for {}", b.label(gone))),
                    )
                };
                b.arrow(
                    (po, caller),
                    action,
                    at,
                    detail,
                    inferred,
                    (Some(other), link.event),
                );
            }
            Reason::CallSwitch | Reason::CallFlip => {
                let kind = Reason::parse(Some(&link.kind));
                b.tell(gone, is(kind));
                if kind == Reason::CallSwitch {
                    b.tell(other, |s| s.code == StatusCode::Answered);
                }
                let words = if kind == Reason::CallSwitch {
                    "switches the call to another device"
                } else {
                    "flips the call to another number"
                };
                let detail = format!("{words}: {}", b.label(other));
                b.targeted.insert(po, at);
                if pg == po {
                    b.note(vec![pg], Action::State, at, Some(detail));
                } else {
                    b.arrow((pg, po), Action::HandsOn, at, Some(detail), inferred, ids);
                }
            }
            Reason::Conference => conference_merge(b, (a, c), (pa, pc), link.event, at),
            _ => {}
        }
    }
}

/// A conference leg joined to someone's leg: the people that leg was talking with join the
/// conference, merged by its owner.
fn conference_merge(
    b: &mut Builder,
    (a, c): (NodeIndex, NodeIndex),
    (pa, pc): (usize, usize),
    event: Option<crate::store::EventId>,
    at: jiff::Timestamp,
) {
    let Some(bridge) = b.people.bridge() else {
        return;
    };
    let (leg, x, px) = match (pa == bridge, pc == bridge) {
        (true, false) => (a, c, pc),
        (false, true) => (c, a, pa),
        _ => return,
    };
    b.tell_all(leg, |_| true);
    b.tell(x, |s| {
        s.code.is_final() && s.reason_kind == Reason::Conference
    });
    // Who was with `x` just before: the people its leg brings into the bridge.
    let brought: Vec<usize> = b
        .call
        .connections
        .iter()
        .filter(|(s, _)| s.start < at && near(s.end, at))
        .filter(|(_, m)| m.iter().any(|y| y.party == Some(x)))
        .flat_map(|(_, m)| m.iter().filter_map(|y| y.party))
        .filter_map(|p| b.people.of_party(p))
        .filter(|&p| p != px && p != bridge)
        .collect();
    let merged_by = b.people.list.get(px).map(|p| p.label.clone());
    let mut any = false;
    for who in brought {
        if b.in_conference.insert(who) {
            any = true;
            let detail = merged_by.clone().map(|m| format!("merged by {m}"));
            b.arrow(
                (who, bridge),
                Action::JoinsConference,
                at,
                detail,
                false,
                (Some(x), event),
            );
        }
    }
    if !any && b.in_conference.insert(px) {
        b.arrow(
            (px, bridge),
            Action::JoinsConference,
            at,
            None,
            false,
            (Some(x), event),
        );
    }
}
