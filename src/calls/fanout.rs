//! Simultaneous and serial ringing (§6.9 call queues, ring groups, shared lines; §6.7 a ringing
//! phone picked up elsewhere): who rang, from when to when, and how each ringing ended. The
//! parties that only rang are not stops of the caller's path; they are one fan-out.
//!
//! A party belongs to a fan-out when it rang (`Proceeding`) and came through a queue
//! (`queueCall`), or left because another agent answered or someone picked the call up, or rang
//! at the same time as another callee of its session. The queue's own party, which does not
//! ring, is not one of them.

use super::{Call, CallSet, PartyNode};
use crate::model::{Direction, Reason, StatusCode};
use crate::store::Store;
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

/// How one party's ringing ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangOutcome {
    Answered,
    /// Another agent answered (`AgentAnswered`, or someone else of the fan-out answered).
    AnsweredElsewhere,
    /// Someone else picked the call up (`Pickup`).
    PickedUp,
    /// The caller hung up while it rang (`Cancelled`).
    CallerHungUp,
    /// It rang until the platform gave up (`NoAnswer`, `Timeout`).
    NoAnswer,
    /// Declined or busy (`Rejected`, `TargetBusy`).
    Declined,
    Voicemail,
    /// Left while ringing for another reason, or none.
    Ended,
    /// The capture shows no end of its ringing.
    NotSeenToEnd,
}

impl RangOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            RangOutcome::Answered => "answered",
            RangOutcome::AnsweredElsewhere => "answered elsewhere",
            RangOutcome::PickedUp => "picked up elsewhere",
            RangOutcome::CallerHungUp => "caller hung up",
            RangOutcome::NoAnswer => "no answer",
            RangOutcome::Declined => "declined",
            RangOutcome::Voicemail => "voicemail",
            RangOutcome::Ended => "ended",
            RangOutcome::NotSeenToEnd => "not seen to end",
        }
    }
}

/// One party that rang.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rang {
    pub party: NodeIndex,
    pub from: Timestamp,
    pub to: Timestamp,
    pub outcome: RangOutcome,
}

impl Rang {
    pub fn ring_ms(&self) -> i64 {
        i64::try_from((self.to - self.from).as_millis()).unwrap_or(0)
    }
}

/// When a party rang and how it ended, if it rang at all.
fn ringing(store: &Store, p: &PartyNode) -> Option<(Timestamp, Timestamp, RangOutcome, bool)> {
    let start = p
        .states
        .iter()
        .position(|s| s.code == StatusCode::Proceeding);
    let leaves_for_fanout = p.last_state().is_some_and(|s| {
        s.code == StatusCode::Disconnected
            && (matches!(s.reason_kind, Reason::AgentAnswered | Reason::Pickup)
                || store
                    .opt_text(s.reason)
                    .is_some_and(|r| r.eq_ignore_ascii_case("AgentDropped")))
    });
    let start = match start {
        Some(i) => i,
        None if leaves_for_fanout => 0,
        None => return None,
    };
    let from = p.states[start].at;
    let end = p.states[start..].iter().find(|s| !s.code.is_ringing());
    let Some(end) = end else {
        let to = p.last_state().map_or(from, |s| s.at);
        return Some((from, to, RangOutcome::NotSeenToEnd, leaves_for_fanout));
    };
    let reason = store.opt_text(end.reason).unwrap_or("");
    let is = |r: &str| reason.eq_ignore_ascii_case(r);
    let outcome = match end.code {
        StatusCode::Answered | StatusCode::Hold | StatusCode::Parked => RangOutcome::Answered,
        StatusCode::VoiceMail | StatusCode::VoiceMailScreening => RangOutcome::Voicemail,
        _ if end.reason_kind == Reason::AgentAnswered || is("AgentDropped") => {
            RangOutcome::AnsweredElsewhere
        }
        _ if end.reason_kind == Reason::Pickup => RangOutcome::PickedUp,
        _ if end.reason_kind == Reason::Cancelled => RangOutcome::CallerHungUp,
        _ if is("NoAnswer") || is("Timeout") => RangOutcome::NoAnswer,
        _ if is("Rejected") || is("TargetBusy") => RangOutcome::Declined,
        _ => RangOutcome::Ended,
    };
    Some((from, end.at, outcome, leaves_for_fanout))
}

/// The fan-outs of a call: everyone who rang as one of several, in the order they started.
pub fn rang(store: &Store, set: &CallSet, call: &Call, caller: Option<NodeIndex>) -> Vec<Rang> {
    let mut out: Vec<Rang> = Vec::new();
    for &s in &call.sessions {
        let Some(session) = set.session(s) else {
            continue;
        };
        let first = out.len();
        // (rang, came through a queue or left for another's answer)
        let mut found: Vec<(Rang, bool)> = Vec::new();
        for &p in &session.parties {
            if Some(p) == caller {
                continue;
            }
            let Some(party) = set.party(p) else { continue };
            if !party.seen() || super::moves::is_conference_leg(&party.identity.label) {
                continue;
            }
            // Its states first, then its direction (read from its first event: the events lie
            // far apart in the store, and many parties never rang).
            let Some((from, to, outcome, leaves)) = ringing(store, party) else {
                continue;
            };
            if super::roles::direction(store, set, p, party) == Direction::Outbound {
                continue;
            }
            // The queue's own party is the stop the agents were rung from, not one of them.
            if party.flags.queue_call() && !leaves && is_the_queue(store, set, session, party) {
                continue;
            }
            let flagged = leaves || party.flags.queue_call();
            found.push((
                Rang {
                    party: p,
                    from,
                    to,
                    outcome,
                },
                flagged,
            ));
        }
        if found.is_empty() {
            continue;
        }
        // Unflagged callees count when they rang at the same time as another callee.
        let overlaps = |a: &Rang, b: &Rang| a.from < b.to && b.from < a.to;
        for (i, (r, flagged)) in found.iter().enumerate() {
            let keep = *flagged
                || found
                    .iter()
                    .enumerate()
                    .any(|(j, (o, _))| j != i && overlaps(r, o));
            if keep {
                out.push(r.clone());
            }
        }
        // Agents were told another answered, but the one who answered never rang (an
        // auto-answer, or its ringing lost): it is still the fan-out's answer.
        let elsewhere = out[first..]
            .iter()
            .filter(|r| r.outcome == RangOutcome::AnsweredElsewhere)
            .map(|r| r.to)
            .min();
        if let Some(at) = elsewhere
            && !out[first..]
                .iter()
                .any(|r| r.outcome == RangOutcome::Answered)
            && let Some(r) = answerer(store, set, session, caller, at, &out[first..])
        {
            out.push(r);
        }
        out[first..].sort_by_key(|r| (r.from, r.party));
    }
    out
}

/// Whether a `queueCall` party is the queue itself: it bears the name the agents' parties give
/// as their queue (`uiCallInfo.primary`, type `QueueName`).
pub(super) fn is_the_queue(
    store: &Store,
    set: &CallSet,
    session: &super::SessionNode,
    p: &PartyNode,
) -> bool {
    let Some(name) = store.opt_text(p.identity.name) else {
        return false;
    };
    session
        .parties
        .iter()
        .filter_map(|q| set.party(*q))
        .filter(|q| q.id != p.id)
        .filter_map(|q| q.events.last())
        .filter_map(|&e| store.extra(&store.event(e).party)?.queue_name)
        .any(|q| store.text(q).eq_ignore_ascii_case(name))
}

/// The callee of the session who answered closest to `at` (the losers' drop), not yet listed.
fn answerer(
    store: &Store,
    set: &CallSet,
    session: &super::SessionNode,
    caller: Option<NodeIndex>,
    at: Timestamp,
    listed: &[Rang],
) -> Option<Rang> {
    session
        .parties
        .iter()
        .copied()
        .filter(|&q| Some(q) != caller && !listed.iter().any(|r| r.party == q))
        .filter_map(|q| {
            let party = set.party(q)?;
            if super::roles::direction(store, set, q, party) == Direction::Outbound {
                return None;
            }
            let answer = party
                .states
                .iter()
                .find(|s| s.code == StatusCode::Answered)?;
            let gap = (answer.at - at).as_millis().abs();
            (gap <= 5_000).then_some((gap, q, party.states.first()?.at, answer.at))
        })
        .min()
        .map(|(_, party, from, to)| Rang {
            party,
            from,
            to,
            outcome: RangOutcome::Answered,
        })
}

/// The rang list cut into waves: entries whose ringing overlaps (or that come through the same
/// queue one after another without anyone answering in between) ring as one.
pub fn waves(rang: &[Rang]) -> Vec<&[Rang]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut until: Option<Timestamp> = None;
    for (i, r) in rang.iter().enumerate() {
        if let Some(t) = until
            && r.from > t
            && rang[start..i]
                .iter()
                .any(|x| x.outcome == RangOutcome::Answered)
        {
            out.push(&rang[start..i]);
            start = i;
            until = None;
        }
        until = Some(until.map_or(r.to, |t| t.max(r.to)));
    }
    if start < rang.len() {
        out.push(&rang[start..]);
    }
    out
}
