//! Finding each note's place in a built call set: the call, and the session, party or event its
//! anchor names. An event is found by uuid, else by sequence, else by time (a reordered or
//! re-delivered capture may keep another copy of it). A note whose anchor matches nothing is
//! reported as lost with the reason — never dropped.

use super::{AnchorKind, Note};
use crate::calls::CallSet;
use crate::store::{EventId, Store, uuid_key};
use jiff::Timestamp;
use petgraph::graph::NodeIndex;
use std::collections::HashMap;

/// Where a note landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Call,
    Session(NodeIndex),
    Party(NodeIndex),
    Event(EventId),
    /// A time, on a party's lane or (without one) on its session.
    Moment {
        session: NodeIndex,
        party: Option<NodeIndex>,
        at: Timestamp,
    },
}

/// A note that found its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index into the notes given to [`resolve`].
    pub note: usize,
    /// Index into `CallSet::calls`.
    pub call: usize,
    pub target: Target,
}

/// A note whose anchor no longer matches the capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    pub note: usize,
    pub why: String,
}

/// Every note, placed or lost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub placed: Vec<Placed>,
    pub lost: Vec<Lost>,
}

impl Resolved {
    /// The placed notes of one call.
    pub fn of_call(&self, call: usize) -> impl Iterator<Item = &Placed> {
        self.placed.iter().filter(move |p| p.call == call)
    }

    /// How many notes one call has.
    pub fn count(&self, call: usize) -> usize {
        self.of_call(call).count()
    }
}

/// Places every note in `set`.
pub fn resolve(store: &Store, set: &CallSet, notes: &[Note]) -> Resolved {
    let call_of: HashMap<NodeIndex, usize> = set
        .calls
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.sessions.iter().map(move |s| (*s, i)))
        .collect();
    let mut out = Resolved::default();
    for (i, note) in notes.iter().enumerate() {
        match place(store, set, note) {
            Ok((session, target)) => match call_of.get(&session) {
                Some(&call) => out.placed.push(Placed {
                    note: i,
                    call,
                    target,
                }),
                None => out.lost.push(Lost {
                    note: i,
                    why: "its session belongs to no call".into(),
                }),
            },
            Err(why) => out.lost.push(Lost { note: i, why }),
        }
    }
    out
}

/// The session node and target of one note, or why there is none.
fn place(store: &Store, set: &CallSet, note: &Note) -> Result<(NodeIndex, Target), String> {
    let a = &note.anchor;
    let tsid = &a.telephony_session_id;
    let session = store
        .lookup(tsid)
        .and_then(|s| set.sessions.get(&s).copied())
        .ok_or_else(|| format!("session {tsid} is not in this capture"))?;
    let party = match &a.party_id {
        Some(pid) => Some(
            store
                .lookup(pid)
                .and_then(|p| set.party_node(store.lookup(tsid)?, p))
                .ok_or_else(|| format!("party {pid} is not in session {tsid}"))?,
        ),
        None => None,
    };
    let time = || {
        a.time()
            .ok_or_else(|| format!("its time {:?} is not a time", a.at.as_deref().unwrap_or("")))
    };
    let target = match a.on {
        AnchorKind::Call => Target::Call,
        AnchorKind::Session => Target::Session(session),
        AnchorKind::Party => Target::Party(party.ok_or("a party note names no party")?),
        AnchorKind::Moment => Target::Moment {
            session,
            party,
            at: time()?,
        },
        AnchorKind::Event => {
            let party = party.ok_or("an event note names no party")?;
            Target::Event(find_event(store, set, party, note)?)
        }
    };
    Ok((session, target))
}

/// The event of `party` a note names: same uuid, else same sequence, else same time.
fn find_event(
    store: &Store,
    set: &CallSet,
    party: NodeIndex,
    note: &Note,
) -> Result<EventId, String> {
    let a = &note.anchor;
    let events = set.party(party).map(|p| p.events.as_slice()).unwrap_or(&[]);
    let key = a.uuid.as_deref().and_then(uuid_key);
    let at = a.time();
    let by = |f: &dyn Fn(EventId) -> bool| events.iter().copied().find(|e| f(*e));
    key.and_then(|k| by(&|e| store.event(e).uuid == Some(k)))
        .or_else(|| {
            a.sequence
                .and_then(|s| by(&|e| store.event(e).sequence() == Some(s)))
        })
        .or_else(|| at.and_then(|t| by(&|e| store.event(e).at == t)))
        .ok_or_else(|| {
            let mut what = Vec::new();
            if let Some(u) = &a.uuid {
                what.push(format!("uuid {u}"));
            }
            if let Some(s) = a.sequence {
                what.push(format!("sequence {s}"));
            }
            if let Some(t) = &a.at {
                what.push(format!("time {t}"));
            }
            format!(
                "no event of party {} has {}",
                a.party_id.as_deref().unwrap_or("?"),
                if what.is_empty() {
                    "its ids".to_owned()
                } else {
                    what.join(" or ")
                }
            )
        })
}
