//! Builds the graph: sessions and parties from the store's ordered events, links from `peerId`s
//! and from what the events imply, then calls as connected groups of sessions.

use super::links;
use super::path;
use super::{Badges, Call, CallSet, Directory, Edge, Node, PartyNode, SessionNode, StateChange};
use crate::model::StatusCode;
use crate::store::{SessionOrder, Store, Sym};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;

pub fn build(store: &Store) -> CallSet {
    let mut set = CallSet {
        directory: Directory::learn(store),
        generation: store.generation(),
        ..CallSet::default()
    };
    // At most one node per session and per event; capacity never written costs no memory, and
    // reserving it spares copying a big node list as it grows.
    let sessions_count = store.sessions().count();
    set.graph
        .reserve_nodes(sessions_count + store.events().len());
    set.graph
        .reserve_edges(store.events().len() + store.events().len() / 8);
    // Sessions in id order so node numbering does not depend on delivery order.
    let mut sessions: Vec<(Sym, &[u32])> = store.sessions().collect();
    sessions.sort_by(|a, b| store.text(a.0).cmp(store.text(b.0)));
    let mut gaps: BTreeMap<NodeIndex, u64> = BTreeMap::new();
    for (sym, ids) in sessions {
        let order = SessionOrder::new(store, ids);
        let node = add_session(store, &mut set, sym, order.events);
        gaps.insert(node, order.gaps);
    }
    links::add_peer_links(store, &mut set);
    links::add_inferred_links(store, &mut set);
    group_calls(store, &mut set, &gaps);
    set
}

pub(super) fn session_node(set: &mut CallSet, id: Sym) -> NodeIndex {
    if let Some(&n) = set.sessions.get(&id) {
        return n;
    }
    let n = set.graph.add_node(Node::Session(SessionNode {
        id,
        legacy: None,
        origin: None,
        bridge: false,
        events: Vec::new(),
        first_at: None,
        last_at: None,
        parties: Vec::new(),
    }));
    set.sessions.insert(id, n);
    n
}

pub(super) fn party_node(
    set: &mut CallSet,
    session: NodeIndex,
    session_id: Sym,
    id: Sym,
) -> NodeIndex {
    if let Some(&n) = set.parties.get(&(session_id, id)) {
        return n;
    }
    let n = set.graph.add_node(Node::Party(PartyNode {
        session,
        session_id,
        id,
        events: Vec::new(),
        states: Vec::new(),
        identity: super::Identity {
            label: "party not in this capture".into(),
            ..Default::default()
        },
    }));
    set.parties.insert((session_id, id), n);
    set.graph.add_edge(session, n, Edge::Member);
    if let Some(Node::Session(s)) = set.graph.node_weight_mut(session) {
        s.parties.push(n);
    }
    n
}

fn add_session(store: &Store, set: &mut CallSet, sym: Sym, events: Vec<u32>) -> NodeIndex {
    let node = session_node(set, sym);
    let mut legacy = None;
    let mut origin = None;
    for &id in &events {
        let e = store.event(id);
        legacy = legacy.or(e.legacy_session);
        origin = origin.or(e.origin);
        let p = party_node(set, node, sym, e.party.id);
        if let Some(Node::Party(party)) = set.graph.node_weight_mut(p) {
            party.events.push(id);
            let changed = party.states.last().is_none_or(|last| {
                last.code_raw != e.party.code_raw || last.reason != e.party.reason
            });
            if changed {
                party.states.push(StateChange {
                    at: e.at,
                    code: e.party.code,
                    code_raw: e.party.code_raw,
                    reason: e.party.reason,
                    event: id,
                });
            }
        }
    }
    let bridge = origin.is_some_and(|o| store.text(o).eq_ignore_ascii_case("Conference"))
        || legacy.is_some_and(|l| store.text(l) == "0");
    let first_at = events.iter().map(|&i| store.event(i).at).min();
    let last_at = events.iter().map(|&i| store.event(i).at).max();
    let parties: Vec<NodeIndex> = match set.graph.node_weight(node) {
        Some(Node::Session(s)) => s.parties.clone(),
        _ => Vec::new(),
    };
    for p in parties {
        identify_party(store, set, p);
        if let Some(Node::Party(party)) = set.graph.node_weight_mut(p) {
            party.events.shrink_to_fit();
            party.states.shrink_to_fit();
        }
    }
    if let Some(Node::Session(s)) = set.graph.node_weight_mut(node) {
        s.legacy = legacy;
        s.origin = origin;
        s.bridge = bridge;
        s.events = events;
        s.first_at = first_at;
        s.last_at = last_at;
    }
    node
}

/// Labels a party from its latest event (names are filled in as routing goes on), with the
/// extension it had in any of its events.
fn identify_party(store: &Store, set: &mut CallSet, p: NodeIndex) {
    let Some(Node::Party(party)) = set.graph.node_weight(p) else {
        return;
    };
    let Some(&last) = party.events.last() else {
        return;
    };
    let ext = party
        .events
        .iter()
        .rev()
        .find_map(|&i| store.event(i).party.extension);
    let identity = set.directory.identify(store, &store.event(last).party, ext);
    if let Some(Node::Party(party)) = set.graph.node_weight_mut(p) {
        party.identity = identity;
    }
}

fn group_calls(store: &Store, set: &mut CallSet, gaps: &BTreeMap<NodeIndex, u64>) {
    let graph = &set.graph;
    let mut uf = UnionFind::<u32>::new(graph.node_count());
    for e in graph.edge_references() {
        uf.union(e.source().index() as u32, e.target().index() as u32);
    }
    let mut groups: BTreeMap<u32, Vec<NodeIndex>> = BTreeMap::new();
    for n in graph.node_indices() {
        if matches!(graph[n], Node::Session(_)) {
            groups.entry(uf.find(n.index() as u32)).or_default().push(n);
        }
    }
    let mut calls = Vec::with_capacity(groups.len());
    for (_, mut sessions) in groups {
        sessions.shrink_to_fit();
        let key = |n: &NodeIndex| match &graph[*n] {
            Node::Session(s) => (
                s.first_at.is_none(),
                s.first_at,
                store.text(s.id).to_owned(),
            ),
            Node::Party(_) => (true, None, String::new()),
        };
        sessions.sort_by_cached_key(key);
        let Some(Node::Session(first)) = sessions.first().map(|n| &graph[*n]) else {
            continue;
        };
        let (Some(start), Some(end)) = (
            sessions
                .iter()
                .filter_map(|n| set.session(*n)?.first_at)
                .min(),
            sessions
                .iter()
                .filter_map(|n| set.session(*n)?.last_at)
                .max(),
        ) else {
            continue; // only sessions named by peerIds: nothing to show
        };
        let parties: Vec<NodeIndex> = sessions
            .iter()
            .filter_map(|n| set.session(*n))
            .flat_map(|s| s.parties.iter().copied())
            .collect();
        let mut link_edges: Vec<EdgeIndex> = parties
            .iter()
            .flat_map(|p| graph.edges(*p))
            .filter(|e| matches!(e.weight(), Edge::Link(_)))
            .map(|e| e.id())
            .collect();
        link_edges.sort();
        link_edges.dedup();
        link_edges.sort_by_cached_key(|e| match set.link(*e) {
            Some((a, b, l)) => (l.at, party_key(store, set, a), party_key(store, set, b)),
            None => (start, String::new(), String::new()),
        });
        let mut call = Call {
            id: first.id,
            start,
            end,
            sequence_gaps: sessions.iter().filter_map(|n| gaps.get(n)).sum(),
            sessions,
            parties,
            links: link_edges,
            caller: None,
            caller_label: String::new(),
            path: Vec::new(),
            answered: None,
            badges: Badges::default(),
        };
        call.badges = badges(store, set, &call);
        path::fill_path(store, set, &mut call);
        // Twenty thousand calls: keep each one's lists at their exact size.
        call.parties.shrink_to_fit();
        call.links.shrink_to_fit();
        call.path.shrink_to_fit();
        calls.push(call);
    }
    calls.sort_by(|a, b| (a.start, store.text(a.id)).cmp(&(b.start, store.text(b.id))));
    set.calls = calls;
}

/// A stable text key of a party: `session/party`.
pub(super) fn party_key(store: &Store, set: &CallSet, p: NodeIndex) -> String {
    match set.party(p) {
        Some(p) => format!("{}/{}", store.text(p.session_id), store.text(p.id)),
        None => String::new(),
    }
}

fn badges(store: &Store, set: &CallSet, call: &Call) -> Badges {
    let mut b = Badges::default();
    for &n in &call.sessions {
        b.conference |= set.session(n).is_some_and(|s| s.bridge);
    }
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        for s in &party.states {
            let reason = store.opt_text(s.reason).unwrap_or("");
            let is = |r: &str| reason.eq_ignore_ascii_case(r);
            b.transfer |= is("AttendedTransfer") || is("BlindTransfer") || is("DtmfTransfer");
            b.conference |= is("Conference");
            b.supervise |= is("Supervising") || is("TakeOver");
            b.park |= s.code == StatusCode::Parked || is("CallPark") || is("ParkLocation");
            b.voicemail |= matches!(
                s.code,
                StatusCode::VoiceMail | StatusCode::VoiceMailScreening
            );
        }
        for &e in &party.events {
            let flags = store.event(e).party.flags;
            b.missed |= flags.missed_call;
            b.queue |= flags.queue_call;
        }
    }
    b
}
