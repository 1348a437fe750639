//! Builds the graph: sessions and parties from the store's ordered events, links from `peerId`s
//! and from what the events imply, then calls as connected groups of sessions.
//!
//! The work that reads events is done per session on all cores ([`SessionParts`]), each session's
//! events read once; the graph is then filled in session order, so node numbers do not depend
//! on the number of cores. Calls are finished (ordered, labelled, their path found) on all cores
//! too.

use super::group::group_calls;
use super::links;
use super::parts::{Found, Scratch, SessionParts};
use super::{CallSet, Directory, Edge, Identity, Node, PartyNode, SessionNode};
use crate::store::{EventId, Flags, Store, Sym};
use petgraph::graph::NodeIndex;
use rayon::prelude::*;

pub fn build(store: &Store) -> CallSet {
    let directory = Directory::learn(store);
    // Sessions are worked on in the order they arrived, so each core reads the store's events
    // more or less front to back, not all over it.
    let mut sessions: Vec<(Sym, &[EventId])> = store.sessions().collect();
    sessions.par_sort_unstable_by_key(|(_, ids)| ids.first().copied());
    let mut parts: Vec<SessionParts> = sessions
        .par_iter()
        .map_init(Scratch::default, |scratch, &(sym, ids)| {
            SessionParts::new(store, &directory, sym, ids, scratch)
        })
        .collect();
    drop(sessions);
    // Nodes by the sessions' start, then id: independent of delivery order, and a call's
    // sessions (and the calls of a stretch of time) lie close together in the graph.
    parts.par_sort_unstable_by(|a, b| {
        (a.first_at, store.text(a.id)).cmp(&(b.first_at, store.text(b.id)))
    });
    store.remember_sequence_gaps(parts.iter().map(|p| p.gaps).sum());
    let mut set = CallSet {
        directory,
        generation: store.generation(),
        ..CallSet::default()
    };
    // Room for every session and party (and for links, about one per six parties), so big
    // lists are not copied as they grow.
    let parties: usize = parts.iter().map(|p| p.members.len()).sum();
    set.graph.reserve_nodes(parts.len() + parties);
    set.graph.reserve_edges(parties + parties / 4);
    set.session_nodes.reserve(parts.len());
    set.sessions.reserve(parts.len());
    // Each session's node comes right before its parties': the parties learn their session's
    // node number on all cores, before the graph is filled.
    let mut next = 0;
    let firsts: Vec<usize> = parts
        .iter()
        .map(|p| {
            let first = next;
            next += 1 + p.members.len();
            first
        })
        .collect();
    parts.par_iter_mut().zip(&firsts).for_each(|(p, &first)| {
        for m in &mut p.members {
            m.session = NodeIndex::new(first);
        }
    });
    let mut found = Found::default();
    let session_gaps: Vec<(NodeIndex, u64)> = parts
        .into_iter()
        .map(|part| {
            let gaps = part.gaps;
            (part.insert(&mut set, &mut found), gaps)
        })
        .collect();
    // Sequence gaps by node index (sessions only named by a peerId have none).
    let mut gaps = vec![0u64; set.graph.node_count()];
    for (node, g) in session_gaps {
        gaps[node.index()] = g;
    }
    links::add_peer_links(store, &mut set, found.named);
    let moved = links::add_inferred_links(store, &mut set, &found.handing_over);
    super::moves::relabel(store, &mut set, &moved);
    group_calls(store, &mut set, &gaps);
    set
}

/// The node of a session, added (as one not in the capture) if it has none yet.
pub(super) fn session_node(set: &mut CallSet, id: Sym) -> NodeIndex {
    if let Some(&n) = set.sessions.get(&id) {
        return n;
    }
    let session = u32::try_from(set.session_nodes.len()).unwrap_or(u32::MAX);
    let n = set.graph.add_node(Node::Session { session });
    set.session_nodes.push(SessionNode {
        id,
        legacy: None,
        origin: None,
        bridge: false,
        events: Vec::new(),
        first_at: None,
        last_at: None,
        parties: Vec::new(),
        members: Vec::new(),
        gaps: Vec::new(),
    });
    set.sessions.insert(id, n);
    n
}

/// The node of a party, added (as one not in the capture) if it has none yet.
pub(super) fn party_node(
    set: &mut CallSet,
    session: NodeIndex,
    session_id: Sym,
    id: Sym,
) -> NodeIndex {
    if let Some(n) = set.party_node(session_id, id) {
        return n;
    }
    let Some(Node::Session { session: index }) = set.graph.node_weight(session).copied() else {
        return NodeIndex::end();
    };
    let Some(member) = set
        .session_nodes
        .get(index as usize)
        .and_then(|s| u32::try_from(s.members.len()).ok())
    else {
        return NodeIndex::end();
    };
    let n = set.graph.add_node(Node::Party {
        session: index,
        member,
    });
    set.graph.add_edge(session, n, Edge::Member);
    if let Some(s) = set.session_nodes.get_mut(index as usize) {
        s.parties.push(n);
        s.members.push(PartyNode {
            session,
            session_id,
            id,
            events: Vec::new(),
            states: Vec::new(),
            flags: Flags::default(),
            identity: Identity {
                label: "party not in this capture".into(),
                ..Default::default()
            },
            ring_out: super::RingOutRole::None,
            ordinal: 0,
        });
    }
    n
}
