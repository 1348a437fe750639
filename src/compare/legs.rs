//! A call as the diff reads it: each leg (party) with the part it plays in the call (the caller,
//! a stop of the caller's path, a party that only rang, a supervisor, a conference leg, another
//! leg) and its states as times since the call started. Reads `calls`; changes nothing there.

use crate::calls::{Call, CallSet, RangOutcome};
use crate::model::Reason;
use crate::store::{EventId, Store};
use petgraph::graph::NodeIndex;

/// One side of a comparison: a call of a capture.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub store: &'a Store,
    pub set: &'a CallSet,
    pub call: &'a Call,
}

/// The part a leg plays in its call; legs of two calls are matched on it first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LegRole {
    Caller,
    /// The n-th stop of the caller's path (1 = whoever the call reached first).
    Stop(usize),
    Supervisor,
    /// A party that rang as one of a fan-out and did not take the call.
    Rang,
    /// A party of a conference bridge session.
    ConferenceLeg,
    /// Any other leg (a transferring user's consultation leg, a queue's own party, …).
    Other,
}

impl LegRole {
    /// The role in words: "the caller", "stop 2 of the caller's path".
    pub fn text(self) -> String {
        match self {
            LegRole::Caller => "the caller".into(),
            LegRole::Stop(1) => "the first party the call reached".into(),
            LegRole::Stop(n) => format!("stop {n} of the caller's path"),
            LegRole::Supervisor => "the supervisor".into(),
            LegRole::Rang => "a party that only rang".into(),
            LegRole::ConferenceLeg => "a conference leg".into(),
            LegRole::Other => "another leg".into(),
        }
    }
}

/// A state change of a leg, as time since the call started.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The status code as written (`Answered`, `Gone`, …).
    pub code: String,
    pub reason: Option<String>,
    pub t_ms: f64,
    pub event: EventId,
}

impl Step {
    /// `Gone (AttendedTransfer)`, `Answered`.
    pub fn text(&self) -> String {
        match &self.reason {
            Some(r) => format!("{} ({r})", self.code),
            None => self.code.clone(),
        }
    }

    /// Same code and reason (spelling of the case aside).
    pub fn same_state(&self, other: &Step) -> bool {
        self.code.eq_ignore_ascii_case(&other.code)
            && match (&self.reason, &other.reason) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// A party of the call with what the diff compares.
#[derive(Debug, Clone)]
pub struct Leg {
    pub party: NodeIndex,
    /// Index of its session in the call's sessions (earliest first).
    pub session: usize,
    pub bridge: bool,
    pub role: LegRole,
    pub label: String,
    /// Extension number, else phone number.
    pub number: Option<String>,
    pub steps: Vec<Step>,
}

/// The call's legs, in the call's party order, each with its role.
pub fn legs(side: Side) -> Vec<Leg> {
    let Side { store, set, call } = side;
    let mut stops = Vec::new();
    for hop in &call.path {
        if let Some(p) = hop.party
            && Some(p) != call.caller
            && !stops.contains(&p)
        {
            stops.push(p);
        }
    }
    let only_rang = |n: NodeIndex| {
        call.rang
            .iter()
            .any(|r| r.party == n && r.outcome != RangOutcome::Answered)
    };
    let mut out = Vec::with_capacity(call.parties.len());
    for &n in &call.parties {
        let Some(p) = set.party(n) else { continue };
        if !p.seen() {
            continue;
        }
        let session = call
            .sessions
            .iter()
            .position(|&s| s == p.session)
            .unwrap_or(0);
        let bridge = set.session(p.session).is_some_and(|s| s.bridge);
        let role = if Some(n) == call.caller {
            LegRole::Caller
        } else if let Some(i) = stops.iter().position(|&s| s == n) {
            LegRole::Stop(i + 1)
        } else if p
            .states
            .iter()
            .any(|s| s.reason_kind == Reason::Supervising)
        {
            LegRole::Supervisor
        } else if only_rang(n) {
            LegRole::Rang
        } else if bridge {
            LegRole::ConferenceLeg
        } else {
            LegRole::Other
        };
        let steps = p
            .states
            .iter()
            .map(|s| Step {
                code: store.text(s.code_raw).to_owned(),
                reason: store.opt_text(s.reason).map(str::to_owned),
                t_ms: ms_since(call.start, s.at),
                event: s.event,
            })
            .collect();
        out.push(Leg {
            party: n,
            session,
            bridge,
            role,
            label: p.identity.label.clone(),
            number: store.opt_text(p.identity.number).map(str::to_owned),
            steps,
        });
    }
    out
}

/// Milliseconds from `from` to `to`.
pub fn ms_since(from: jiff::Timestamp, to: jiff::Timestamp) -> f64 {
    (to.as_millisecond() - from.as_millisecond()) as f64
}

/// `+1:42.0`, `+12.3 s`: time since the call started (or since the aligned step).
pub fn since_text(ms: f64) -> String {
    let sign = if ms < 0.0 { "-" } else { "+" };
    let secs = ms.abs() / 1000.0;
    if secs < 60.0 {
        format!("{sign}{secs:.1} s")
    } else {
        let whole = secs.floor();
        format!(
            "{sign}{}:{:04.1}",
            (whole / 60.0) as u64,
            secs - (whole / 60.0).floor() * 60.0
        )
    }
}

/// A length of time in words: `12.3 s`, `1:02.5`.
pub fn span_text(ms: f64) -> String {
    since_text(ms.abs()).trim_start_matches('+').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_write_them() {
        assert_eq!(since_text(12_345.0), "+12.3 s");
        assert_eq!(since_text(102_000.0), "+1:42.0");
        assert_eq!(since_text(-500.0), "-0.5 s");
        assert_eq!(span_text(-65_500.0), "1:05.5");
    }
}
