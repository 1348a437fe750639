//! Links between parties. From `peerId` (one link per pair, however many sides name it) and, where
//! the platform gives no `peerId`, from what the events imply: a party that leaves with a
//! hand-over reason (blind transfer, pickup, switch, flip, queue answered elsewhere) is linked to
//! the party that took the call on in the same session. Inferred links say so.

use super::build::{party_node, session_node};
use super::{CallSet, Edge, Evidence, Link, PartyNode, StateChange};
use crate::model::{Reason, StatusCode};
use crate::store::{Peer, Store};
use petgraph::graph::NodeIndex;

/// The telephony session a party id belongs to: `p-<hex>-<n>` lives in `s-<hex>`.
fn session_of_party(id: &str) -> Option<String> {
    let rest = id.strip_prefix("p-")?;
    let (hex, n) = rest.rsplit_once('-')?;
    (!hex.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then(|| format!("s-{hex}"))
}

/// A state of a party whose event names another party by `peerId`.
pub struct PeerNamed {
    /// Index into the party's states.
    pub state: usize,
    pub peer: Peer,
}

/// Links from `peerId`s: `named` lists, party by party in node order, the states that name a
/// peer.
pub fn add_peer_links(store: &Store, set: &mut CallSet, named: Vec<(NodeIndex, Vec<PeerNamed>)>) {
    for (p, states) in named {
        let named = states.into_iter().filter_map(|s| {
            let target_party = s.peer.party?;
            let target_session = s.peer.session.or_else(|| {
                let guess = session_of_party(store.text(target_party))?;
                store.lookup(&guess)
            })?;
            Some((s.state, target_session, target_party, s.peer.legacy_session))
        });
        for (state_index, session, target_party, legacy) in named {
            let Some(party) = set.party(p) else { continue };
            let state = party.states[state_index].clone();
            if session == party.session_id && target_party == party.id {
                continue; // a party naming itself says nothing
            }
            let s = session_node(set, session);
            if let Some(sn) = set.session_mut(s)
                && !sn.seen()
            {
                // Known only from this peerId: a legacy id "0" still tells it is a bridge.
                sn.legacy = sn.legacy.or(legacy);
                sn.bridge |= legacy.is_some_and(|l| store.text(l) == "0");
            }
            let q = party_node(set, s, session, target_party);
            let kind = store
                .opt_text(state.reason)
                .unwrap_or(store.text(state.code_raw))
                .to_owned();
            let link = Link {
                kind,
                evidence: Evidence::PeerId,
                at: state.at,
                event: Some(state.event),
            };
            let existing = set
                .links_of(p)
                .find(|(_, other, _)| *other == q)
                .map(|(e, _, _)| e);
            if let Some(edge) = existing {
                // Both sides named each other: one link, from whichever spoke first.
                let earlier = match set.graph.edge_weight(edge) {
                    Some(Edge::Link(l)) => l.at <= link.at,
                    _ => true,
                };
                if !earlier {
                    set.graph.remove_edge(edge);
                    set.graph.add_edge(p, q, Edge::Link(Box::new(link)));
                }
                continue;
            }
            set.graph.add_edge(p, q, Edge::Link(Box::new(link)));
        }
    }
}

/// Whether a state ends its party handing the call to whoever comes next: `Disconnected` with
/// a reason like `BlindTransfer` or `Pickup` ([`Reason::hands_over_to_next`]).
pub fn hands_over(end: &StateChange) -> bool {
    end.code == StatusCode::Disconnected && end.reason_kind.hands_over_to_next()
}

/// Links the data implies: `sessions` are those (in node order) with a party that left with a
/// hand-over reason. A party that was itself handed the call (from a queue, a transfer, a
/// switch) hands it on again with a link of its own, however many come in a row. Returns the
/// switches and flips made (from, to, reason), for their labels.
pub fn add_inferred_links(
    store: &Store,
    set: &mut CallSet,
    sessions: &[NodeIndex],
) -> Vec<(NodeIndex, NodeIndex, Reason)> {
    let mut moved = Vec::new();
    for &s in sessions {
        let Some(session) = set.session(s) else {
            continue;
        };
        let parties = session.parties.clone();
        let mut taken: Vec<NodeIndex> = Vec::new();
        for &p in &parties {
            let Some(party) = set.party(p) else { continue };
            let Some(end) = party.last_state().filter(|end| hands_over(end)) else {
                continue;
            };
            let kind = end.reason_kind;
            let reason = store.opt_text(end.reason).unwrap_or("");
            // Already linked at this very end (a peerId in it). A link that brought the call
            // to this party, or one from an earlier state of it, does not count.
            let end_event = end.event;
            let has_link = set.links_of(p).any(|(_, _, l)| l.event == Some(end_event));
            if has_link {
                continue;
            }
            let end = end.clone();
            let target = pick_target(store, set, party, &end, &parties, &taken, kind);
            if let Some(q) = target {
                if kind != Reason::AgentAnswered {
                    taken.push(q);
                }
                if matches!(kind, Reason::CallSwitch | Reason::CallFlip) {
                    moved.push((p, q, kind));
                }
                set.graph.add_edge(
                    p,
                    q,
                    Edge::Link(Box::new(Link {
                        kind: reason.to_owned(),
                        evidence: Evidence::Inferred,
                        at: end.at,
                        event: Some(end.event),
                    })),
                );
            }
        }
    }
    moved
}

fn pick_target(
    store: &Store,
    set: &CallSet,
    from: &PartyNode,
    end: &super::StateChange,
    parties: &[NodeIndex],
    taken: &[NodeIndex],
    kind: Reason,
) -> Option<NodeIndex> {
    let seq_of = |e: u32| store.event(e).sequence();
    let end_seq = seq_of(end.event);
    let candidates = parties
        .iter()
        .copied()
        .filter(|q| !taken.contains(q))
        .filter_map(|q| {
            let other = set.party(q)?;
            (other.id != from.id && other.seen()).then_some((q, other))
        })
        // A party seen first leaving (its earlier events lost, §5) cannot have been handed
        // the call; nor can one made before the party that hands it over (party ids count
        // parties in creation order, §3) — the caller whose Setup was lost, say.
        .filter(|(_, o)| o.states.first().is_some_and(|s| !s.code.is_final()))
        .filter(|(_, o)| {
            kind == Reason::AgentAnswered
                || o.ordinal == 0
                || from.ordinal == 0
                || o.ordinal > from.ordinal
        });
    match kind {
        // The agent who answered: the party whose answer is closest to this one's drop.
        Reason::AgentAnswered => candidates
            .filter_map(|(q, o)| {
                // Another agent: not the caller's own (outbound) leg, answering around the drop.
                let first = store.event(*o.events.first()?);
                if first.party.direction == crate::model::Direction::Outbound {
                    return None;
                }
                let answered = o
                    .states
                    .iter()
                    .find(|s| s.code == StatusCode::Answered && (s.at - end.at).as_secs() >= -5)?;
                Some(((answered.at - end.at).as_millis().abs(), q))
            })
            .min()
            .map(|(_, q)| q),
        _ => {
            // A switch or flip may show the new device's party before the old one's drop, and a
            // pickup the picker's party (the order is not documented): one of the same person
            // (a picker: one that answered with Pickup) that appeared shortly before and is
            // still there counts too.
            let switch = matches!(kind, Reason::CallSwitch | Reason::CallFlip);
            let picker = |o: &PartyNode| {
                kind == Reason::Pickup
                    && o.states
                        .iter()
                        .any(|s| s.reason_kind == Reason::Pickup && s.at <= end.at)
            };
            let same_person = |o: &PartyNode| {
                o.identity.extension_id.is_some()
                    && o.identity.extension_id == from.identity.extension_id
            };
            let appeared = |o: &PartyNode| {
                let first = o.states.first()?;
                let after = match (seq_of(first.event), end_seq) {
                    (Some(a), Some(b)) => a > b,
                    _ => first.at >= end.at,
                };
                let before_ms = (end.at - first.at).as_millis();
                let alive_at_drop = o
                    .states
                    .iter()
                    .take_while(|s| s.at <= end.at)
                    .last()
                    .is_some_and(|s| {
                        !matches!(s.code, StatusCode::Disconnected | StatusCode::Gone)
                    });
                let just_before = ((switch && same_person(o)) || picker(o))
                    && alive_at_drop
                    && before_ms <= SWITCH_WINDOW_MS;
                (after || just_before).then(|| (first.at - end.at).as_millis().abs())
            };
            let mut best: Vec<(bool, i128, NodeIndex)> = candidates
                .filter_map(|(q, o)| {
                    let distance = appeared(o)?;
                    let pickup_hint = kind == Reason::Pickup
                        && o.states.iter().any(|s| s.reason_kind == Reason::Pickup);
                    let hint = pickup_hint || (kind == Reason::CallSwitch && same_person(o));
                    Some((!hint, distance, q))
                })
                .collect();
            best.sort();
            best.first().map(|b| b.2)
        }
    }
}

/// How long before a switch's drop the new device's party may appear.
const SWITCH_WINDOW_MS: i128 = 60_000;

#[cfg(test)]
mod tests {
    use super::session_of_party;

    #[test]
    fn party_ids_name_their_session() {
        assert_eq!(session_of_party("p-abc123-2").as_deref(), Some("s-abc123"));
        assert_eq!(session_of_party("cs171841903434018384-2"), None);
    }
}
