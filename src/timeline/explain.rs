//! Plain-language explanations for trainees: what a band, a marker or a link means. Built on the
//! engine's reason table; adds what the picture shows (why a lane goes on in another session, why
//! a Disconnected is not the end). Text only, no layout.

use super::{BandKind, MarkerKind};
use crate::model::reason_explanation;

fn reason_words(reason: &str) -> String {
    match reason_explanation(reason) {
        Some(text) => text.to_owned(),
        None => format!("the platform gave the reason \"{reason}\", which is not documented"),
    }
}

fn is(reason: Option<&str>, name: &str) -> bool {
    reason.is_some_and(|r| r.eq_ignore_ascii_case(name))
}

/// Added to a band that is only the last state seen (see `Band::uncertain`).
pub const UNCERTAIN: &str = " This is only the last state seen: events are missing after it or the capture ends, so how long it lasted and what came next are not known.";

/// What a state band means.
pub fn band(kind: BandKind, code: &str, reason: Option<&str>, open_end: bool) -> String {
    let mut text = match kind {
        BandKind::Ringing if code.eq_ignore_ascii_case("Setup") => {
            "Setting up: the platform has the call request and is routing it; nobody talks yet."
                .to_owned()
        }
        BandKind::Ringing => {
            "Ringing: a phone is ringing (or the caller hears ringing); nobody has answered yet."
                .to_owned()
        }
        BandKind::Talking if is(reason, "Supervising") => {
            "Supervising: a supervisor is connected to the call and can listen, whisper or barge in."
                .to_owned()
        }
        BandKind::Talking if is(reason, "Pickup") => {
            "Talking after a pickup: this person picked the call up from someone else's phone or a park spot."
                .to_owned()
        }
        BandKind::Talking => "Talking: this party is connected and can talk.".to_owned(),
        BandKind::Hold => {
            "On hold: this party pressed hold; the other side hears music or silence. Going back to Answered ends the hold."
                .to_owned()
        }
        BandKind::Parked => {
            "Parked: the call waits on a park spot until someone picks it up, usually from another phone."
                .to_owned()
        }
        BandKind::VoiceMail => {
            "Voicemail: the call went to this user's voicemail; the caller is leaving a message."
                .to_owned()
        }
        BandKind::Other => format!("State {code}: a state this tool does not draw specially."),
    };
    if let Some(r) = reason.filter(|_| !matches!(kind, BandKind::Talking)) {
        text.push_str(&format!(" Reason {r}: {}.", reason_words(r)));
    }
    if open_end {
        text.push_str(" The capture ends before this state changed.");
    }
    text
}

/// What a Gone or Disconnected marker means.
pub fn marker(kind: MarkerKind, reason: Option<&str>, ends_call: bool) -> String {
    match (kind, reason) {
        (MarkerKind::Gone, Some(r)) if is(Some(r), "Conference") => format!(
            "Gone (Conference): this leg was merged into a conference bridge, a session of its own. \
             The person did not hang up: they go on talking in the bridge session. {}.",
            capitalise(&reason_words(r))
        ),
        (MarkerKind::Gone, Some(r)) => format!(
            "Gone ({r}): this party left this session because the call moved to another session: {}. \
             It is not a hang-up: follow the arrow to where the call goes on.",
            reason_words(r)
        ),
        (MarkerKind::Gone, None) => {
            "Gone: this party was moved into another session (for example by a transfer or a conference). \
             It is not a hang-up: follow the arrow to where the call goes on."
                .to_owned()
        }
        (MarkerKind::Disconnected, None) => {
            "Disconnected: this party hung up or was hung up on; their part of the call ended here."
                .to_owned()
        }
        (MarkerKind::Disconnected, Some(r)) if !ends_call => format!(
            "Disconnected ({r}): {}. This is not the end of the call: only this leg stopped, \
             and the call goes on with another party or device.",
            reason_words(r)
        ),
        (MarkerKind::Disconnected, Some(r)) => format!(
            "Disconnected ({r}): {}. This party's part of the call ended here.",
            reason_words(r)
        ),
    }
}

/// What a link arrow means.
pub fn link(kind: &str, inferred: bool, from: &str, to: &str, to_bridge: bool) -> String {
    let k = Some(kind);
    let mut text = if is(k, "AttendedTransfer") {
        format!(
            "Warm transfer: {from} first talked to the target in a second call, then joined the two calls. \
             The call goes on with {to} in the other session, which is why the lanes continue there."
        )
    } else if is(k, "Conference") || to_bridge {
        format!(
            "Conference join: {from} was merged into the conference bridge as {to}. \
             A bridge is a session of its own (legacy session id \"0\"); everyone in the conference talks through it."
        )
    } else if is(k, "Supervising") || is(k, "TakeOver") {
        format!(
            "Supervision: {from} and {to} are linked because a supervisor listens to, whispers into or barges into the call."
        )
    } else if is(k, "Pickup") {
        format!("Pickup: {to} picked up the call that {from} had; the call goes on with {to}.")
    } else {
        format!(
            "{kind}: the call went from {from} to {to}. {}.",
            capitalise(&reason_words(kind))
        )
    };
    if inferred {
        text.push_str(
            " Inferred: the platform named no peer here; callflow linked these parties from the order of events.",
        );
    } else {
        text.push_str(" The platform named the other party (peerId).");
    }
    text
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_switch_is_explained_as_not_the_end() {
        let t = marker(MarkerKind::Disconnected, Some("CallSwitch"), false);
        assert!(t.contains("not the end"), "{t}");
        let t = marker(MarkerKind::Gone, Some("AttendedTransfer"), false);
        assert!(t.contains("not a hang-up"), "{t}");
        let t = link("Conference", false, "Ann", "bridge leg", true);
        assert!(t.starts_with("Conference join"), "{t}");
        assert!(link("BlindTransfer", true, "a", "b", false).contains("Inferred"));
    }
}
