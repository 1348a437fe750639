//! What one session contributes to the graph ([`SessionParts`]), worked out from its events
//! alone on any core, then added to the graph in session order.

use super::links::{self, PeerNamed};
use super::roles::RingOutRole;
use super::{CallSet, Directory, Edge, Identity, Node, PartyNode, SessionNode, StateChange};
use crate::model::Reason;
use crate::store::{EventId, Flags, SessionOrder, Store, Sym};
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

/// What a worker keeps from session to session.
#[derive(Default)]
pub(super) struct Scratch {
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
pub(super) struct SessionParts {
    pub(super) id: Sym,
    legacy: Option<Sym>,
    origin: Option<Sym>,
    bridge: bool,
    /// Its events in platform order.
    events: Vec<EventId>,
    pub(super) first_at: Option<Timestamp>,
    last_at: Option<Timestamp>,
    pub(super) gaps: u64,
    /// Where the gaps are.
    missing: Vec<crate::store::SeqGap>,
    /// Its parties by first appearance (their session node is set when it is added).
    pub(super) members: Vec<PartyNode>,
    /// The parties (by their place in `members`) whose states name another party by `peerId`.
    peers: Vec<(usize, Vec<PeerNamed>)>,
    /// A party left with a reason that hands the call to whoever comes next (an inferred link
    /// may start there).
    hands_over: bool,
}

impl SessionParts {
    /// `scratch` is room (and what is known of reasons) kept from session to session.
    pub(super) fn new(
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
                ring_out: RingOutRole::None,
                ordinal: super::roles::ordinal(store.text(p.id)),
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
            if p.ring_out == RingOutRole::None && party.extra.is_some() {
                p.ring_out = RingOutRole::of(store, party);
            }
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
        // A RingOut session whose events carry no roles: the roles are inferred (§6.11).
        if origin.is_some() && parties.iter().all(|p| p.ring_out == RingOutRole::None) {
            super::roles::infer_ring_out(store, origin, &mut parties, &ext_of);
        }
        let mut hands_over = false;
        for (p, &(ext, last)) in parties.iter_mut().zip(&ext_of) {
            // Labelled from its latest event (names are filled in as routing goes on), with the
            // extension it had in any of its events.
            let state = &store.event(last).party;
            let read = super::roles::normalised(state, p.ring_out);
            p.identity = directory.identify(store, read.as_ref().unwrap_or(state), ext);
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
            missing: order.missing,
            members: parties,
            peers: merged,
            hands_over,
        }
    }

    /// Adds the session and its parties to the graph; collects the parties' `peerId`s and the
    /// parties that left with a hand-over reason.
    pub(super) fn insert(self, set: &mut CallSet, found: &mut Found) -> NodeIndex {
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
            gaps: self.missing,
        });
        node
    }
}

/// What inserting the sessions found for the links.
#[derive(Default)]
pub(super) struct Found {
    /// Parties whose states name a peer, in node order.
    pub(super) named: Vec<(NodeIndex, Vec<PeerNamed>)>,
    /// Sessions with a party that left with a hand-over reason, in node order.
    pub(super) handing_over: Vec<NodeIndex>,
}
