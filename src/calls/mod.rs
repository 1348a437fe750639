//! Rebuilds calls: a petgraph of telephony sessions and parties joined by peer links, split into
//! calls (connected groups of sessions), with each party's state history, labels people can read
//! and the path the caller took. Knows nothing of coordinates or drawing.

mod build;
mod connection_rules;
mod connection_story;
mod connection_sweep;
pub mod connections;
mod dialled;
mod directory;
mod evidence;
pub mod fanout;
pub mod flow;
mod flow_links;
mod flow_notes;
mod flow_steps;
mod flow_talk;
pub mod gaps;
mod group;
pub mod json;
mod json_edges;
mod json_write;
mod links;
mod moves;
mod parts;
mod path;
pub mod recordings;
mod ringout_leg;
pub mod roles;
mod scope;
mod story;
mod story_edges;
mod story_patterns;
mod summary;
#[cfg(test)]
mod test_events;
mod time_text;
mod unseen;

pub use connections::{Connection, ConnectionEvidence, ConnectionKind, Connections, Member, Role};
pub use directory::{
    Directory, Identity, Person, far_endpoint, format_number, is_extension_number, own_endpoint,
};
pub use evidence::{Answer, AnswerKind, AnswerWhy};
pub use fanout::{Rang, RangOutcome};
pub use json::{CallsJson, calls_json};
pub use moves::is_conference_leg;
pub use path::Hop;
pub use recordings::Recording;
pub use roles::RingOutRole;
pub use scope::{Scope, view_label, view_short};
pub use story::{Sentence, story};
pub use summary::summary;
pub use unseen::{Unseen, UnseenRole};

use crate::model::{Reason, StatusCode};
use crate::store::{EventId, Flags, SeqGap, Store, Sym};
use jiff::Timestamp;
use petgraph::graph::{EdgeIndex, Graph, NodeIndex};
use rustc_hash::FxHashMap as HashMap;

/// A telephony session.
#[derive(Debug, Clone)]
pub struct SessionNode {
    pub id: Sym,
    pub legacy: Option<Sym>,
    pub origin: Option<Sym>,
    /// A conference bridge: origin `Conference` or legacy `sessionId` "0".
    pub bridge: bool,
    /// Its events in platform order (empty for a session known only from a `peerId`).
    pub events: Vec<EventId>,
    pub first_at: Option<Timestamp>,
    pub last_at: Option<Timestamp>,
    /// Parties of this session, by first appearance.
    pub parties: Vec<NodeIndex>,
    /// Those parties themselves, in the same order (a session's parties are made together, on
    /// the worker that read its events; the graph's nodes only say where they are).
    members: Vec<PartyNode>,
    /// Where its sequence numbers jump: events missing from the capture ([`gaps`]).
    pub gaps: Vec<SeqGap>,
}

impl SessionNode {
    /// Seen in the capture, not only named by another session's `peerId`.
    pub fn seen(&self) -> bool {
        !self.events.is_empty()
    }
}

/// One entry of a party's state history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateChange {
    pub at: Timestamp,
    pub code: StatusCode,
    /// The code as written (keeps codes this build does not know).
    pub code_raw: Sym,
    pub reason: Option<Sym>,
    /// The reason, if it is one the engine knows.
    pub reason_kind: Reason,
    /// The event that reported it.
    pub event: EventId,
}

/// A party of a session.
#[derive(Debug, Clone)]
pub struct PartyNode {
    pub session: NodeIndex,
    pub session_id: Sym,
    pub id: Sym,
    /// All its events in platform order (repeats of the same state included).
    pub events: Vec<EventId>,
    /// Its state history, one entry per change of code or reason.
    pub states: Vec<StateChange>,
    /// Each flag that any of its events had.
    pub flags: Flags,
    pub identity: Identity,
    /// Its `ringOutRole`, if any event carried one.
    pub ring_out: RingOutRole,
    /// The creation number in its id (`p-…-3` → 3; 0 if the id has none): the caller's leg is
    /// normally 1, and a party made later has a larger one, whatever events were lost.
    pub ordinal: u32,
}

impl PartyNode {
    pub fn seen(&self) -> bool {
        !self.events.is_empty()
    }

    pub fn last_state(&self) -> Option<&StateChange> {
        self.states.last()
    }

    pub fn has_state(&self, code: StatusCode) -> bool {
        self.states.iter().any(|s| s.code == code)
    }

    pub fn first_at(&self) -> Option<Timestamp> {
        self.states.first().map(|s| s.at)
    }
}

/// What a graph node is: session `session` of the call set, or member `member` of that
/// session ([`CallSet::session`] and [`CallSet::party`] give them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Session { session: u32 },
    Party { session: u32, member: u32 },
}

/// Why two parties are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Evidence {
    /// A `peerId` in a `status` names the other party.
    PeerId,
    /// No `peerId`; the events imply it (e.g. a blind transfer followed by a new party).
    Inferred,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::PeerId => "peerId",
            Evidence::Inferred => "inferred",
        }
    }
}

/// A hand-over between two parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The reason as written (`AttendedTransfer`, `Conference`, `BlindTransfer`, …), or the code
    /// when there is no reason.
    pub kind: String,
    pub evidence: Evidence,
    pub at: Timestamp,
    /// The state change that shows the link (the `Gone` or `Disconnected` one).
    pub event: Option<EventId>,
}

#[derive(Debug, Clone)]
pub enum Edge {
    /// Session → party.
    Member,
    /// Party → party (boxed: most edges are memberships).
    Link(Box<Link>),
}

/// What kinds of things happened in a call, for badges and filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Badges {
    pub transfer: bool,
    pub conference: bool,
    pub supervise: bool,
    pub park: bool,
    pub voicemail: bool,
    pub missed: bool,
    pub queue: bool,
}

impl Badges {
    /// The names of the badges that are on, in a fixed order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        [
            (self.transfer, "transfer"),
            (self.conference, "conference"),
            (self.supervise, "supervise"),
            (self.park, "park"),
            (self.voicemail, "voicemail"),
            (self.missed, "missed"),
            (self.queue, "queue"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
    }
}

/// A call: sessions joined by links.
#[derive(Debug, Clone)]
pub struct Call {
    /// telephonySessionId of its earliest session.
    pub id: Sym,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Session nodes, earliest first.
    pub sessions: Vec<NodeIndex>,
    /// Party nodes, session by session.
    pub parties: Vec<NodeIndex>,
    /// Link edges, by time.
    pub links: Vec<EdgeIndex>,
    /// The party that placed the call, when the capture has it.
    pub caller: Option<NodeIndex>,
    pub caller_label: String,
    pub path: Vec<Hop>,
    /// The first stop of the caller's path that answered, if anyone did.
    pub answered: Option<NodeIndex>,
    pub badges: Badges,
    /// Sequence gaps inside the call's sessions (normal on extension-level subscriptions).
    pub sequence_gaps: u64,
    /// Whose view the capture is ([`Scope`]).
    pub view: Scope,
    /// Whether `answered` was seen, inferred, known not to have happened, or cannot be seen.
    pub answer: Answer,
    /// The call's start and end are in the capture, so `end - start` is its length (not only what the
    /// capture covers).
    pub length_known: bool,
    /// Participants named by `from`/`to` or `peerId` whose own legs are not in the capture.
    pub unseen: Vec<Unseen>,
    /// Who rang at once or in turn (queue, ring group, shared line, a ringing phone picked up
    /// elsewhere) and how each ringing ended: one fan-out, not stops of the path.
    pub rang: Vec<Rang>,
    /// The whole call in one line ([`summary`]).
    pub summary: String,
    /// Who was connected to whom, from when to when ([`connections`]).
    pub connections: Connections,
    /// Recordings of its parties' legs ([`recordings`]).
    pub recordings: Vec<Recording>,
}

/// All calls of a store.
#[derive(Debug, Default)]
pub struct CallSet {
    pub graph: Graph<Node, Edge>,
    /// The sessions, with their parties ([`Node`] says which is which).
    session_nodes: Vec<SessionNode>,
    pub calls: Vec<Call>,
    pub directory: Directory,
    pub sessions: HashMap<Sym, NodeIndex>,
    /// The store generation this was built from.
    pub generation: u64,
}

impl CallSet {
    /// Rebuilds everything from the store.
    pub fn build(store: &Store) -> Self {
        build::build(store)
    }

    pub fn session(&self, n: NodeIndex) -> Option<&SessionNode> {
        match self.graph.node_weight(n)? {
            Node::Session { session } => self.session_nodes.get(*session as usize),
            Node::Party { .. } => None,
        }
    }

    pub fn party(&self, n: NodeIndex) -> Option<&PartyNode> {
        match self.graph.node_weight(n)? {
            Node::Party { session, member } => self
                .session_nodes
                .get(*session as usize)?
                .members
                .get(*member as usize),
            Node::Session { .. } => None,
        }
    }

    pub(super) fn party_mut(&mut self, n: NodeIndex) -> Option<&mut PartyNode> {
        match self.graph.node_weight(n)? {
            Node::Party { session, member } => self
                .session_nodes
                .get_mut(*session as usize)?
                .members
                .get_mut(*member as usize),
            Node::Session { .. } => None,
        }
    }

    /// Every session, in node order.
    pub(super) fn all_sessions(&self) -> &[SessionNode] {
        &self.session_nodes
    }

    pub(super) fn session_mut(&mut self, n: NodeIndex) -> Option<&mut SessionNode> {
        match self.graph.node_weight(n)? {
            Node::Session { session } => self.session_nodes.get_mut(*session as usize),
            Node::Party { .. } => None,
        }
    }

    /// A link edge with its two ends.
    pub fn link(&self, e: EdgeIndex) -> Option<(NodeIndex, NodeIndex, &Link)> {
        let (a, b) = self.graph.edge_endpoints(e)?;
        match self.graph.edge_weight(e) {
            Some(Edge::Link(l)) => Some((a, b, &**l)),
            _ => None,
        }
    }

    /// The links of a party, in either direction: (edge, the party at the other end, link).
    pub fn links_of(&self, p: NodeIndex) -> impl Iterator<Item = (EdgeIndex, NodeIndex, &Link)> {
        use petgraph::Direction::{Incoming, Outgoing};
        use petgraph::visit::EdgeRef;
        let out = self
            .graph
            .edges_directed(p, Outgoing)
            .map(|e| (e, e.target()));
        let inc = self
            .graph
            .edges_directed(p, Incoming)
            .map(|e| (e, e.source()));
        out.chain(inc).filter_map(|(e, other)| match e.weight() {
            Edge::Link(l) => Some((e.id(), other, &**l)),
            Edge::Member => None,
        })
    }

    /// Finds a call by its id (a telephonySessionId), by any session id it contains, or by the
    /// id of one of its parties.
    pub fn find(&self, store: &Store, id: &str) -> Option<&Call> {
        self.calls.get(self.find_index(store, id)?)
    }

    /// [`CallSet::find`] as an index into `calls`.
    pub fn find_index(&self, store: &Store, id: &str) -> Option<usize> {
        let sym = store.lookup(id)?;
        let node = match self.sessions.get(&sym) {
            Some(n) => *n,
            None => self
                .party_nodes_named(sym)
                .next()
                .and_then(|p| Some(self.party(p)?.session))?,
        };
        self.calls.iter().position(|c| c.sessions.contains(&node))
    }

    /// The node of party `party` of session `session` (both telephony ids).
    pub fn party_node(&self, session: Sym, party: Sym) -> Option<NodeIndex> {
        let s = self.session(*self.sessions.get(&session)?)?;
        // Sessions have a handful of parties.
        s.members
            .iter()
            .zip(&s.parties)
            .find_map(|(p, &n)| (p.id == party).then_some(n))
    }

    /// Party nodes with this party id (in any session), in session order.
    fn party_nodes_named(&self, id: Sym) -> impl Iterator<Item = NodeIndex> + '_ {
        self.session_nodes.iter().flat_map(move |s| {
            s.members
                .iter()
                .zip(&s.parties)
                .filter_map(move |(p, &n)| (p.id == id).then_some(n))
        })
    }
}
