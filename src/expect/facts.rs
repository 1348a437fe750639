//! The steps a rebuilt call went through, in time order: who placed it, who rang, who answered,
//! hold and resume, each hand-over of the caller's path with its kind and target, conference
//! joins, park, pickup, voicemail and who hung up. Read from the engine's facts (party states,
//! the caller's path, links, the call's caller); nothing here reads notifications again.

use super::person::Person;
use crate::calls::{Call, CallSet, is_conference_leg};
use crate::model::{Direction, Reason, StatusCode, reason_is_call_end};
use crate::store::{EventId, Store};
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

/// What a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Call,
    Ring,
    Answer,
    Hold,
    Resume,
    Transfer,
    Conference,
    Park,
    Pickup,
    Voicemail,
    Hangup,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::Call,
        Action::Ring,
        Action::Answer,
        Action::Hold,
        Action::Resume,
        Action::Transfer,
        Action::Conference,
        Action::Park,
        Action::Pickup,
        Action::Voicemail,
        Action::Hangup,
    ];

    /// Its key in a flow file.
    pub fn key(self) -> &'static str {
        match self {
            Action::Call => "call",
            Action::Ring => "ring",
            Action::Answer => "answer",
            Action::Hold => "hold",
            Action::Resume => "resume",
            Action::Transfer => "transfer",
            Action::Conference => "conference",
            Action::Park => "park",
            Action::Pickup => "pickup",
            Action::Voicemail => "voicemail",
            Action::Hangup => "hangup",
        }
    }
}

/// The kind of a hand-over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TransferKind {
    Attended,
    Blind,
    /// A call switch to another device of the same user.
    Switch,
    /// A call flip to another number of the same user.
    Flip,
    /// Redirected (by the caller's input, DTMF, Call Control, a rule).
    Redirect,
}

impl TransferKind {
    pub const ALL: [TransferKind; 5] = [
        TransferKind::Attended,
        TransferKind::Blind,
        TransferKind::Switch,
        TransferKind::Flip,
        TransferKind::Redirect,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TransferKind::Attended => "attended",
            TransferKind::Blind => "blind",
            TransferKind::Switch => "switch",
            TransferKind::Flip => "flip",
            TransferKind::Redirect => "redirect",
        }
    }

    /// `an attended transfer`, `a call switch`.
    pub fn said(self) -> &'static str {
        match self {
            TransferKind::Attended => "an attended transfer",
            TransferKind::Blind => "a blind transfer",
            TransferKind::Switch => "a call switch",
            TransferKind::Flip => "a call flip",
            TransferKind::Redirect => "a redirect",
        }
    }

    /// The kind of a path hop's `via` (a link kind), if it is a hand-over.
    fn of_via(via: &str) -> Option<Self> {
        Some(match Reason::parse(Some(via)) {
            Reason::AttendedTransfer => TransferKind::Attended,
            Reason::BlindTransfer => TransferKind::Blind,
            Reason::CallSwitch => TransferKind::Switch,
            Reason::CallFlip => TransferKind::Flip,
            _ if matches!(
                via,
                "CallRedirected" | "CallerInputRedirect" | "DtmfTransfer" | "RccTransfer"
            ) =>
            {
                TransferKind::Redirect
            }
            _ => return None,
        })
    }
}

/// One step of a rebuilt call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub action: Action,
    /// For a transfer.
    pub kind: Option<TransferKind>,
    /// Who did it (who rang, answered, held, transferred, joined, parked, hung up).
    pub who: Option<Person>,
    /// For a transfer: to whom.
    pub to: Option<Person>,
    pub at: Timestamp,
    /// The event that shows it, to select that moment.
    pub event: Option<EventId>,
    pub party: Option<NodeIndex>,
}

/// The steps of `call`, in time order.
pub fn facts(store: &Store, set: &CallSet, call: &Call) -> Vec<Fact> {
    let person = |p: Option<NodeIndex>| p.and_then(|p| Person::of(store, set, p));
    let mut out = Vec::new();
    let caller_key = person(call.caller).map(|p| p.key);
    out.push(Fact {
        action: Action::Call,
        kind: None,
        who: person(call.caller),
        to: None,
        at: call.start,
        event: call
            .caller
            .and_then(|c| set.party(c))
            .and_then(|c| c.states.first())
            .map(|s| s.event),
        party: call.caller,
    });
    for &p in &call.parties {
        party_facts(store, set, call, p, caller_key.as_deref(), &mut out);
    }
    conference_joins(store, set, call, &mut out);
    transfers(store, set, call, &mut out);
    out.sort_by(|a, b| {
        (a.at, a.action, a.who.as_ref().map(|w| &w.key)).cmp(&(
            b.at,
            b.action,
            b.who.as_ref().map(|w| &w.key),
        ))
    });
    // Both legs of one person merged into the conference are one join (the first).
    let mut joined: Vec<String> = Vec::new();
    out.retain(|f| match (&f.action, &f.who) {
        (Action::Conference, Some(p)) if joined.contains(&p.key) => false,
        (Action::Conference, Some(p)) => {
            joined.push(p.key.clone());
            true
        }
        _ => true,
    });
    // The call step opens the call even when an event of the same millisecond sorts first.
    if let Some(i) = out.iter().position(|f| f.action == Action::Call) {
        let call_step = out.remove(i);
        out.insert(0, call_step);
    }
    out
}

/// The steps of one party's state history.
fn party_facts(
    store: &Store,
    set: &CallSet,
    call: &Call,
    p: NodeIndex,
    caller_key: Option<&str>,
    out: &mut Vec<Fact>,
) {
    let Some(party) = set.party(p) else { return };
    if !party.seen() || is_conference_leg(&party.identity.label) {
        return;
    }
    let Some(who) = Person::of(store, set, p) else {
        return;
    };
    let in_bridge = set.session(party.session).is_some_and(|s| s.bridge);
    let is_caller = Some(p) == call.caller || caller_key == Some(who.key.as_str());
    let outbound = crate::calls::roles::direction(store, set, p, party) == Direction::Outbound;
    let mut answered = false;
    let mut connected = false;
    let mut previous: Option<StatusCode> = None;
    for s in &party.states {
        let reason = store.opt_text(s.reason);
        let is = |r: &str| reason.is_some_and(|x| x.eq_ignore_ascii_case(r));
        let action = match s.code {
            StatusCode::Proceeding
                if !outbound && !is_caller && !in_bridge && previous != Some(s.code) =>
            {
                Some(Action::Ring)
            }
            StatusCode::Answered if is("Supervising") => None,
            StatusCode::Answered if is("Pickup") => Some(Action::Pickup),
            StatusCode::Answered if previous == Some(StatusCode::Hold) => Some(Action::Resume),
            StatusCode::Answered
                if !answered
                    && !outbound
                    && !is_caller
                    && !in_bridge
                    && previous != Some(StatusCode::Parked) =>
            {
                Some(Action::Answer)
            }
            StatusCode::Hold => Some(Action::Hold),
            StatusCode::Parked => Some(Action::Park),
            StatusCode::VoiceMail => Some(Action::Voicemail),
            StatusCode::Gone if is("Conference") => Some(Action::Conference),
            StatusCode::Disconnected
                if (connected || is_caller)
                    && !in_bridge
                    && reason_is_call_end(reason)
                    && (is_caller || !is("Cancelled")) =>
            {
                Some(Action::Hangup)
            }
            _ => None,
        };
        if matches!(
            s.code,
            StatusCode::Answered | StatusCode::Hold | StatusCode::Parked | StatusCode::VoiceMail
        ) {
            connected = true;
        }
        if s.code == StatusCode::Answered {
            answered = true;
        }
        previous = Some(s.code);
        let Some(action) = action else { continue };
        out.push(Fact {
            action,
            kind: None,
            who: Some(who.clone()),
            to: None,
            at: s.at,
            event: Some(s.event),
            party: Some(p),
        });
    }
}

/// Whether a party is on the call at `at`: answered (or holding, parked) by then and not gone.
fn connected_at(set: &CallSet, q: NodeIndex, at: Timestamp) -> bool {
    let Some(party) = set.party(q) else {
        return false;
    };
    party
        .states
        .iter()
        .take_while(|s| s.at <= at)
        .last()
        .is_some_and(|s| matches!(s.code, StatusCode::Answered | StatusCode::Hold))
}

/// Who else joins a conference when a leg is merged into the bridge: the people still on the
/// call in that leg's session (the caller on hold, the colleague consulted), once each.
fn conference_joins(store: &Store, set: &CallSet, call: &Call, out: &mut Vec<Fact>) {
    let merges: Vec<(NodeIndex, Timestamp, Option<EventId>)> = out
        .iter()
        .filter(|f| f.action == Action::Conference)
        .filter_map(|f| Some((f.party?, f.at, f.event)))
        .collect();
    for (p, at, event) in merges {
        let Some(session) = set.party(p).and_then(|x| set.session(x.session)) else {
            continue;
        };
        for &q in &session.parties {
            let Some(party) = set.party(q) else { continue };
            if q == p
                || !call.parties.contains(&q)
                || is_conference_leg(&party.identity.label)
                || !connected_at(set, q, at)
            {
                continue;
            }
            let Some(who) = Person::of(store, set, q) else {
                continue;
            };
            let known = out
                .iter()
                .any(|f| f.action == Action::Conference && f.who.as_ref() == Some(&who));
            if !known {
                out.push(Fact {
                    action: Action::Conference,
                    kind: None,
                    who: Some(who),
                    to: None,
                    at,
                    event,
                    party: Some(q),
                });
            }
        }
    }
}

/// The hand-overs of the caller's path: by whom (the stop before), to whom, of which kind, when
/// (the link that shows it).
fn transfers(store: &Store, set: &CallSet, call: &Call, out: &mut Vec<Fact>) {
    let mut used = Vec::new();
    let mut before: Option<NodeIndex> = None;
    for hop in &call.path {
        let Some(kind) = TransferKind::of_via(&hop.via) else {
            before = hop.party.or(before);
            continue;
        };
        let link = call.links.iter().find_map(|&e| {
            let (a, b, l) = set.link(e)?;
            (l.kind == hop.via && !used.contains(&e)).then_some((e, a, b, l))
        });
        let (at, event) = match link {
            Some((e, _, _, l)) => {
                used.push(e);
                (l.at, l.event)
            }
            None => (
                hop.party
                    .and_then(|p| set.party(p)?.first_at())
                    .unwrap_or(call.start),
                None,
            ),
        };
        let by = before.or_else(|| link.map(|(_, a, _, _)| a));
        out.push(Fact {
            action: Action::Transfer,
            kind: Some(kind),
            who: by.and_then(|p| Person::of(store, set, p)),
            to: hop.party.and_then(|p| Person::of(store, set, p)),
            at,
            event,
            party: by,
        });
        before = hop.party.or(before);
    }
}
