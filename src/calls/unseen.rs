//! Participants the capture names but does not show: a far end known only from a party's
//! `from`/`to` (the consult target of a warm transfer seen from the transferring agent's side,
//! the caller of an extension-level capture, the callee of a call that stops at Setup) and
//! parties of sessions known only from a `peerId`. Each is kept with where the evidence puts it,
//! never dropped.

use super::{Call, CallSet, Directory, PartyNode, far_endpoint, format_number, own_endpoint};
use crate::model::{Direction, Reason, StatusCode};
use crate::store::{Endpoint, Store, Sym};
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

/// Where the evidence puts an unseen participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnseenRole {
    /// The caller of a leg seen only from the callee's side (its `from`).
    Caller,
    /// Whom a seen party called (its `to`).
    Callee,
    /// Where an attended transfer handed the call (the `to` of the transferring consult leg).
    AttendedTransferTarget,
    /// A party of a session known only from a `peerId`.
    PeerSession,
}

impl UnseenRole {
    pub fn as_str(self) -> &'static str {
        match self {
            UnseenRole::Caller => "caller",
            UnseenRole::Callee => "callee",
            UnseenRole::AttendedTransferTarget => "attended_transfer_target",
            UnseenRole::PeerSession => "peer_session",
        }
    }
}

/// Someone on the call that the capture names but does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unseen {
    /// Who it is, as people read it.
    pub label: String,
    pub role: UnseenRole,
    /// The seen party whose `from`/`to` (or `peerId`) names it.
    pub named_by: NodeIndex,
    /// The session it belongs to, as far as the evidence goes.
    pub session: NodeIndex,
    /// When the evidence names it (the naming party's last event).
    pub at: Timestamp,
    pub extension_id: Option<Sym>,
    pub number: Option<Sym>,
    pub name: Option<Sym>,
}

impl Unseen {
    /// Where the evidence puts it, in a phrase: "transferred (attended) to Agent 120 (ext 120),
    /// not seen in this capture".
    pub fn text(&self, named_by: &str) -> String {
        let who = &self.label;
        match self.role {
            UnseenRole::Caller => {
                format!(
                    "the caller, {who}, is known only from the `from` of {named_by}'s leg; their own leg is not in this capture"
                )
            }
            UnseenRole::Callee => {
                format!("{named_by} called {who}, whose leg is not in this capture")
            }
            UnseenRole::AttendedTransferTarget => {
                format!("transferred (attended) by {named_by} to {who}, not seen in this capture")
            }
            UnseenRole::PeerSession => {
                format!(
                    "{named_by}'s leg is linked (peerId) to {who}, in a session not in this capture"
                )
            }
        }
    }
}

/// How an endpoint is named: the directory's name and extension number for an extension, else
/// its own name and number.
fn endpoint_label(store: &Store, dir: &Directory, e: &Endpoint) -> Option<String> {
    if let Some(ext) = e.extension {
        let person = dir.person(ext).copied().unwrap_or_default();
        let name = store.opt_text(person.name.or(e.name));
        let number = store.opt_text(person.number);
        return Some(match (name, number) {
            (Some(n), Some(x)) => format!("{n} (ext {x})"),
            (Some(n), None) => n.to_owned(),
            (None, Some(x)) => format!("ext {x}"),
            (None, None) => format!("extension (id {})", store.text(ext)),
        });
    }
    let number = store
        .opt_text(e.number)
        .filter(|n| !n.eq_ignore_ascii_case("conference"));
    match (store.opt_text(e.name), number) {
        (Some(n), Some(x)) => Some(format!("{n} ({})", format_number(x))),
        (Some(n), None) => Some(n.to_owned()),
        (None, Some(x)) => Some(format_number(x)),
        (None, None) => None,
    }
}

/// Whether seen party `q` is the endpoint `e`.
fn is_endpoint(store: &Store, q: &PartyNode, e: &Endpoint) -> bool {
    if let (Some(x), Some(y)) = (e.extension, q.identity.extension_id) {
        return x == y;
    }
    // The party's own number is read from its last event only when the cheaper checks leave
    // it open (the events lie far apart in the store; each party is compared with every other).
    let own = || {
        q.events
            .last()
            .and_then(|&ev| own_endpoint(&store.event(ev).party).number)
    };
    e.number.is_some() && (q.identity.number == e.number || own() == e.number)
}

/// The unseen participants of `call`, in the order their evidence appears.
pub(super) fn find_unseen(store: &Store, set: &CallSet, call: &Call) -> Vec<Unseen> {
    let mut out: Vec<Unseen> = Vec::new();
    let seen = || {
        call.parties
            .iter()
            .filter_map(|&n| Some((n, set.party(n)?)))
            .filter(|(_, p)| p.seen())
    };
    for (n, p) in seen() {
        let bridge = set.session(p.session).is_some_and(|s| s.bridge);
        if bridge || super::moves::is_conference_leg(&p.identity.label) {
            continue;
        }
        let Some(&last) = p.events.last() else {
            continue;
        };
        let event = store.event(last);
        let far = far_endpoint(&event.party);
        // A feature code (`*801` picks up a park location) names no one.
        let code = store
            .opt_text(far.number)
            .is_some_and(|n| n.starts_with('*') || n.starts_with('#'));
        // A leg that moved into a seen session (supervise, pickup, conference) is with whoever
        // is there; only an attended transfer's consult leg names someone of its own.
        let moved_to_seen = p.last_state().is_some_and(|s| {
            s.code == StatusCode::Gone && s.reason_kind != Reason::AttendedTransfer
        }) && set
            .links_of(n)
            .any(|(_, q, _)| set.party(q).is_some_and(PartyNode::seen));
        if code || moved_to_seen {
            continue;
        }
        // Someone else of the call is that end, or is on the other end of the same session.
        let someone = seen().any(|(m, q)| {
            m != n
                && (is_endpoint(store, q, far)
                    || (far.extension.is_none()
                        && q.session == p.session
                        && (p.identity.extension_id.is_none()
                            || q.identity.extension_id != p.identity.extension_id)))
        });
        if someone {
            continue;
        }
        let Some(label) = endpoint_label(store, &set.directory, far) else {
            continue;
        };
        let gone_attended = p.last_state().is_some_and(|s| {
            s.code == StatusCode::Gone && s.reason_kind == Reason::AttendedTransfer
        });
        let role = match event.party.direction {
            Direction::Inbound => UnseenRole::Caller,
            _ if gone_attended => UnseenRole::AttendedTransferTarget,
            _ => UnseenRole::Callee,
        };
        // A caller is named from the first event on; others where the evidence last names them.
        let at = match role {
            UnseenRole::Caller => p.first_at().unwrap_or(event.at),
            _ => event.at,
        };
        let same = |u: &Unseen| match (u.extension_id, far.extension) {
            (Some(a), Some(b)) => a == b,
            _ => u.number.is_some() && u.number == far.number,
        };
        match out.iter_mut().find(|u| same(u)) {
            // The strongest evidence of the same person wins (a transfer target over a callee).
            Some(u) if role == UnseenRole::AttendedTransferTarget => {
                u.role = role;
                u.named_by = n;
                u.session = p.session;
                u.at = at;
            }
            Some(_) => {}
            None => out.push(Unseen {
                label,
                role,
                named_by: n,
                session: p.session,
                at,
                extension_id: far.extension,
                number: far.number,
                name: far.name,
            }),
        }
    }
    // Parties of sessions known only from a peerId (their own events are not in the capture).
    for &q in &call.parties {
        let Some(party) = set.party(q) else { continue };
        if party.seen() {
            continue;
        }
        let Some((named_by, at)) = set.links_of(q).find_map(|(_, other, link)| {
            set.party(other)
                .filter(|o| o.seen())
                .map(|_| (other, link.at))
        }) else {
            continue;
        };
        let session = set
            .session(party.session)
            .map(|s| store.text(s.id))
            .unwrap_or_default();
        out.push(Unseen {
            label: format!("party {} of session {session}", store.text(party.id)),
            role: UnseenRole::PeerSession,
            named_by,
            session: party.session,
            at,
            extension_id: None,
            number: None,
            name: None,
        });
    }
    out.sort_by_key(|u| u.at);
    out
}
