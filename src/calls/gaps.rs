//! Events missing from a capture, said where they fall: a session's sequence gaps with the time
//! they leave unknown ("events 4–7 of this session are not in the capture; what happened between
//! 07:18:54 and 07:46:05 is unknown"), and whether a party's state is only its last *seen* one
//! (a gap follows it, or the capture ends before it changed) rather than a known stretch.

use super::{Call, CallSet, PartyNode, SessionNode};
use crate::store::{SeqGap, Store};
use petgraph::graph::NodeIndex;

/// The gaps of a call's sessions, session by session in the call's order.
pub fn call_gaps<'a>(
    set: &'a CallSet,
    call: &'a Call,
) -> impl Iterator<Item = (NodeIndex, &'a SessionNode, &'a SeqGap)> + 'a {
    call.sessions
        .iter()
        .filter_map(|&n| Some((n, set.session(n)?)))
        .flat_map(|(n, s)| s.gaps.iter().map(move |g| (n, s, g)))
}

/// "events 4–7 of this session are not in the capture; what happened between 07:18:54 and
/// 07:46:05 is unknown", naming the session when the call has several, and saying gaps are
/// normal when the view is an extension's (a party outside its scope uses numbers too).
pub fn gap_text(store: &Store, call: &Call, session: &SessionNode, gap: &SeqGap) -> String {
    let (first, last) = (gap.first_missing(), gap.last_missing());
    let which = if call.sessions.len() > 1 {
        let id = store.text(session.id);
        match id.char_indices().nth(14) {
            Some((i, _)) => format!("session {}…", &id[..i]),
            None => format!("session {id}"),
        }
    } else {
        "this session".to_owned()
    };
    let events = if first == last {
        format!("event {first} of {which} is not in the capture")
    } else {
        format!("events {first}–{last} of {which} are not in the capture")
    };
    let from = gap.from.strftime("%H:%M:%S");
    let to = gap.to.strftime("%H:%M:%S");
    let unknown = if from.to_string() == to.to_string() {
        format!("what happened at {from} is unknown")
    } else {
        format!("what happened between {from} and {to} is unknown")
    };
    let normal = if call.view.partial() {
        " (normal for an extension-level subscription: parties outside its view use sequence numbers too)"
    } else {
        ""
    };
    format!("{events}; {unknown}{normal}")
}

/// "events 4–7" or "event 5": the numbers a gap leaves out.
pub fn gap_range(gap: &SeqGap) -> String {
    let (first, last) = (gap.first_missing(), gap.last_missing());
    if first == last {
        format!("event {first}")
    } else {
        format!("events {first}–{last}")
    }
}

/// The sequence number of a party's state `i`, if its event has one.
fn sequence_of(store: &Store, party: &PartyNode, i: usize) -> Option<i64> {
    store.event(party.states.get(i)?.event).sequence()
}

/// The gap that follows state `i` of `party` before its next state (or, for its last state,
/// anywhere after it): what the party did there is not in the capture.
pub fn gap_after_state<'a>(
    store: &Store,
    set: &'a CallSet,
    party: &PartyNode,
    i: usize,
) -> Option<&'a SeqGap> {
    let session = set.session(party.session)?;
    if session.gaps.is_empty() {
        return None;
    }
    let seq = sequence_of(store, party, i)?;
    let next = sequence_of(store, party, i + 1);
    session
        .gaps
        .iter()
        .find(|g| g.after >= seq && next.is_none_or(|n| g.before <= n))
}

/// Whether state `i` of `party` is only the last state seen before missing events or before the
/// capture ends, not a stretch the capture shows whole: drawn open, never as final.
pub fn state_uncertain(store: &Store, set: &CallSet, party: &PartyNode, i: usize) -> bool {
    let Some(state) = party.states.get(i) else {
        return false;
    };
    let last = i + 1 == party.states.len();
    (last && !state.code.is_final()) || gap_after_state(store, set, party, i).is_some()
}
