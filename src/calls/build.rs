//! Builds the graph: sessions and parties from the store's ordered events, links from `peerId`s
//! and from what the events imply, then calls as connected groups of sessions.
//!
//! The work that reads events is done per session on all cores ([`SessionParts`]), each session's
//! events read once; the graph is then filled in session order, so node numbers do not depend
//! on the number of cores. Calls are finished (ordered, labelled, their path found) on all cores
//! too.

use super::links::{self, PeerNamed};
use super::path;
use super::{
    Badges, Call, CallSet, Directory, Edge, Identity, Node, PartyNode, SessionNode, StateChange,
};
use crate::model::{Reason, StatusCode};
use crate::store::{EventId, Flags, SessionOrder, Store, Sym};
use jiff::Timestamp;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use std::cmp::Ordering;

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
    links::add_inferred_links(store, &mut set, &found.handing_over);
    group_calls(store, &mut set, &gaps);
    set
}

/// What a worker keeps from session to session.
#[derive(Default)]
struct Scratch {
    /// Each event's party (its index among the session's) and whether it changes its state.
    slots: Vec<(u32, bool)>,
    /// Reasons already looked at (a capture has a few dozen different ones).
    reasons: rustc_hash::FxHashMap<Sym, Reason>,
}

impl Scratch {
    fn reason(&mut self, store: &Store, reason: Option<Sym>) -> Reason {
        match reason {
            None => Reason::None,
            Some(r) => *self
                .reasons
                .entry(r)
                .or_insert_with(|| Reason::parse(Some(store.text(r)))),
        }
    }
}

/// What one session contributes to the graph, worked out from its events alone.
struct SessionParts {
    id: Sym,
    legacy: Option<Sym>,
    origin: Option<Sym>,
    bridge: bool,
    /// Its events in platform order.
    events: Vec<EventId>,
    first_at: Option<Timestamp>,
    last_at: Option<Timestamp>,
    gaps: u64,
    /// Its parties by first appearance (their session node is set when it is added).
    members: Vec<PartyNode>,
    /// The parties (by their place in `members`) whose states name another party by `peerId`.
    peers: Vec<(usize, Vec<PeerNamed>)>,
    /// A party left with a reason that hands the call to whoever comes next (an inferred link
    /// may start there).
    hands_over: bool,
}

impl SessionParts {
    /// `scratch` is room (and what is known of reasons) kept from session to session.
    fn new(
        store: &Store,
        directory: &Directory,
        id: Sym,
        ids: &[EventId],
        scratch: &mut Scratch,
    ) -> Self {
        let order = SessionOrder::new(store, ids);
        let mut legacy = None;
        let mut origin = None;
        let mut first_at: Option<Timestamp> = None;
        let mut last_at: Option<Timestamp> = None;
        // First pass: each event's party and whether it changes the party's state, so the
        // parties' lists are made at their exact size (no growing, no shrinking).
        struct Seen {
            id: Sym,
            events: usize,
            states: usize,
            last: (Sym, Option<Sym>),
        }
        let mut seen: Vec<Seen> = Vec::new();
        scratch.slots.clear();
        for &e in &order.events {
            let event = store.event(e);
            legacy = legacy.or(event.legacy_session);
            origin = origin.or(event.origin);
            first_at = Some(first_at.map_or(event.at, |t| t.min(event.at)));
            last_at = Some(last_at.map_or(event.at, |t| t.max(event.at)));
            let party = &event.party;
            let state = (party.code_raw, party.reason);
            // Sessions have a handful of parties.
            let (slot, changed) = match seen.iter().position(|p| p.id == party.id) {
                Some(i) => (i, seen[i].last != state),
                None => {
                    seen.push(Seen {
                        id: party.id,
                        events: 0,
                        states: 0,
                        last: state,
                    });
                    (seen.len() - 1, true)
                }
            };
            let p = &mut seen[slot];
            p.events += 1;
            p.states += usize::from(changed);
            p.last = state;
            scratch.slots.push((slot as u32, changed));
        }
        let mut parties: Vec<PartyNode> = seen
            .iter()
            .map(|p| PartyNode {
                session: NodeIndex::end(),
                session_id: id,
                id: p.id,
                events: Vec::with_capacity(p.events),
                states: Vec::with_capacity(p.states),
                flags: Flags::default(),
                identity: Identity::default(),
            })
            .collect();
        let mut peers: Vec<(usize, Vec<PeerNamed>)> = Vec::new();
        // The extension each party last named, and its last event.
        let mut ext_of: Vec<(Option<Sym>, EventId)> = vec![(None, 0); parties.len()];
        for (i, &e) in order.events.iter().enumerate() {
            let (slot, changed) = scratch.slots[i];
            let slot = slot as usize;
            let party = &store.event(e).party;
            let p = &mut parties[slot];
            p.events.push(e);
            p.flags = p.flags.union(party.flags);
            ext_of[slot] = (party.extension.or(ext_of[slot].0), e);
            if changed {
                if let Some(peer) = store.peer(party) {
                    let named = PeerNamed {
                        state: p.states.len(),
                        peer,
                    };
                    match peers.last_mut() {
                        Some((i, list)) if *i == slot => list.push(named),
                        _ => peers.push((slot, vec![named])),
                    }
                }
                p.states.push(StateChange {
                    at: store.event(e).at,
                    code: party.code,
                    code_raw: party.code_raw,
                    reason: party.reason,
                    reason_kind: scratch.reason(store, party.reason),
                    event: e,
                });
            }
        }
        let mut hands_over = false;
        for (p, &(ext, last)) in parties.iter_mut().zip(&ext_of) {
            // Labelled from its latest event (names are filled in as routing goes on), with the
            // extension it had in any of its events.
            p.identity = directory.identify(store, &store.event(last).party, ext);
            hands_over |= p.states.last().is_some_and(links::hands_over);
        }
        // Peers in party order (events of different parties interleave).
        peers.sort_by_key(|(i, _)| *i);
        let mut merged: Vec<(usize, Vec<PeerNamed>)> = Vec::with_capacity(peers.len());
        for (i, list) in peers {
            match merged.last_mut() {
                Some((j, l)) if *j == i => l.extend(list),
                _ => merged.push((i, list)),
            }
        }
        let bridge = origin.is_some_and(|o| store.text(o).eq_ignore_ascii_case("Conference"))
            || legacy.is_some_and(|l| store.text(l) == "0");
        Self {
            id,
            legacy,
            origin,
            bridge,
            events: order.events,
            first_at,
            last_at,
            gaps: order.gaps,
            members: parties,
            peers: merged,
            hands_over,
        }
    }

    /// Adds the session and its parties to the graph; collects the parties' `peerId`s and the
    /// parties that left with a hand-over reason.
    fn insert(self, set: &mut CallSet, found: &mut Found) -> NodeIndex {
        let session = u32::try_from(set.session_nodes.len()).unwrap_or(u32::MAX);
        let node = set.graph.add_node(Node::Session { session });
        set.sessions.insert(self.id, node);
        let members = self.members;
        let mut parties = Vec::with_capacity(members.len());
        for (member, p) in (0u32..).zip(&members) {
            debug_assert_eq!(p.session, node);
            let n = set.graph.add_node(Node::Party { session, member });
            set.graph.add_edge(node, n, Edge::Member);
            parties.push(n);
        }
        for (i, peers) in self.peers {
            found.named.push((parties[i], peers));
        }
        if self.hands_over {
            found.handing_over.push(node);
        }
        set.session_nodes.push(SessionNode {
            id: self.id,
            legacy: self.legacy,
            origin: self.origin,
            bridge: self.bridge,
            events: self.events,
            first_at: self.first_at,
            last_at: self.last_at,
            parties,
            members,
        });
        node
    }
}

/// What inserting the sessions found for the links.
#[derive(Default)]
struct Found {
    /// Parties whose states name a peer, in node order.
    named: Vec<(NodeIndex, Vec<PeerNamed>)>,
    /// Sessions with a party that left with a hand-over reason, in node order.
    handing_over: Vec<NodeIndex>,
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
        });
    }
    n
}

fn group_calls(store: &Store, set: &mut CallSet, gaps: &[u64]) {
    let graph = &set.graph;
    let mut uf = UnionFind::<u32>::new(graph.node_count());
    for e in graph.edge_references() {
        uf.union(e.source().index() as u32, e.target().index() as u32);
    }
    // Sessions by the root of their group, in node order within a group.
    let mut sessions: Vec<(u32, NodeIndex)> = graph
        .node_indices()
        .filter(|&n| matches!(graph[n], Node::Session { .. }))
        .map(|n| (uf.find(n.index() as u32), n))
        .collect();
    sessions.sort_unstable();
    let groups: Vec<&[(u32, NodeIndex)]> = sessions.chunk_by(|a, b| a.0 == b.0).collect();
    let set_ref = &*set;
    let mut calls: Vec<Call> = groups
        .par_iter()
        .filter_map(|group| make_call(store, set_ref, group.iter().map(|g| g.1), gaps))
        .collect();
    calls.par_sort_by(|a, b| (a.start, store.text(a.id)).cmp(&(b.start, store.text(b.id))));
    set.calls = calls;
}

fn make_call(
    store: &Store,
    set: &CallSet,
    group: impl Iterator<Item = NodeIndex>,
    gaps: &[u64],
) -> Option<Call> {
    let mut sessions: Vec<(&SessionNode, NodeIndex)> = Vec::with_capacity(group.size_hint().0);
    sessions.extend(group.filter_map(|n| Some((set.session(n)?, n))));
    sessions.sort_by(|(a, _), (b, _)| {
        (a.first_at.is_none(), a.first_at, store.text(a.id)).cmp(&(
            b.first_at.is_none(),
            b.first_at,
            store.text(b.id),
        ))
    });
    let &(first, _) = sessions.first()?;
    // Only sessions named by peerIds: nothing to show.
    let start = sessions.iter().filter_map(|(s, _)| s.first_at).min()?;
    let end = sessions.iter().filter_map(|(s, _)| s.last_at).max()?;
    let mut parties: Vec<NodeIndex> =
        Vec::with_capacity(sessions.iter().map(|(s, _)| s.parties.len()).sum());
    parties.extend(sessions.iter().flat_map(|(s, _)| s.parties.iter().copied()));
    let graph = &set.graph;
    let mut link_edges: Vec<EdgeIndex> = parties
        .iter()
        .flat_map(|p| graph.edges(*p))
        .filter(|e| matches!(e.weight(), Edge::Link(_)))
        .map(|e| e.id())
        .collect();
    link_edges.sort_unstable();
    link_edges.dedup();
    link_edges.sort_by(|&x, &y| compare_links(store, set, x, y, start));
    let mut call = Call {
        id: first.id,
        start,
        end,
        sequence_gaps: sessions
            .iter()
            .filter_map(|(_, n)| gaps.get(n.index()))
            .sum(),
        sessions: sessions.into_iter().map(|(_, n)| n).collect(),
        parties,
        links: link_edges,
        caller: None,
        caller_label: String::new(),
        path: Vec::new(),
        answered: None,
        badges: Badges::default(),
    };
    call.badges = badges(set, &call);
    path::fill_path(store, set, &mut call);
    // Twenty thousand calls: keep each one's lists at their exact size.
    call.links.shrink_to_fit();
    call.path.shrink_to_fit();
    Some(call)
}

/// Links by time, then by their ends' `session/party` keys.
fn compare_links(
    store: &Store,
    set: &CallSet,
    x: EdgeIndex,
    y: EdgeIndex,
    start: Timestamp,
) -> Ordering {
    let key = |e: EdgeIndex| match set.link(e) {
        Some((a, b, l)) => (l.at, Some((a, b))),
        None => (start, None),
    };
    let (at_x, ends_x) = key(x);
    let (at_y, ends_y) = key(y);
    at_x.cmp(&at_y).then_with(|| match (ends_x, ends_y) {
        (Some((a, b)), Some((c, d))) => {
            compare_party_keys(store, set, a, c).then_with(|| compare_party_keys(store, set, b, d))
        }
        (x, y) => x.is_some().cmp(&y.is_some()),
    })
}

/// Compares two parties' `session/party` keys as the texts they spell.
fn compare_party_keys(store: &Store, set: &CallSet, a: NodeIndex, b: NodeIndex) -> Ordering {
    let key = |p: NodeIndex| {
        set.party(p).map(|p| {
            store
                .text(p.session_id)
                .bytes()
                .chain(*b"/")
                .chain(store.text(p.id).bytes())
        })
    };
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

fn badges(set: &CallSet, call: &Call) -> Badges {
    let mut b = Badges::default();
    for &n in &call.sessions {
        b.conference |= set.session(n).is_some_and(|s| s.bridge);
    }
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        for s in &party.states {
            let reason = s.reason_kind;
            b.transfer |= reason.is_transfer();
            b.conference |= reason == Reason::Conference;
            b.supervise |= reason.is_supervise();
            b.park |= s.code == StatusCode::Parked || reason.is_park();
            b.voicemail |= matches!(
                s.code,
                StatusCode::VoiceMail | StatusCode::VoiceMailScreening
            );
        }
        b.missed |= party.flags.missed_call();
        b.queue |= party.flags.queue_call();
    }
    b
}
